import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateInstrumentDefinition, type InstrumentDefinition } from './instrument.ts';
import { DARA_2022, DASH_2009, HBA_SCREEN, S_DASH } from './instruments.ts';

test('DASH 2009 has questions "1" to "27", answered yes / no / don’t know with a comment', () => {
  assert.deepEqual(
    DASH_2009.questions.map((q) => q.id),
    Array.from({ length: 27 }, (_, i) => String(i + 1)),
  );
  assert.deepEqual(DASH_2009.answerOptions, ['yes', 'no', 'dont-know']);
  assert.equal(DASH_2009.commentAllowed, true);
  assert.equal(DASH_2009.questions[0].label, 'Current incident caused injury');
  assert.equal(DASH_2009.questions[26].label, 'Trouble with police or criminal history');
});

test('DASH Q4 prompts the HBA screen and Q8 the stalking screen', () => {
  const prompts = (id: string) => DASH_2009.questions.find((q) => q.id === id)?.prompts;
  assert.deepEqual(prompts('4'), [HBA_SCREEN.id]);
  assert.deepEqual(prompts('8'), [S_DASH.id]);
});

test('DARA is graded by officer judgement with a mandatory rationale and no threshold', () => {
  assert.deepEqual(DARA_2022.grading, { method: 'officer-judgement' });
  assert.equal(DARA_2022.officerRationaleRequired, true);
  assert.equal(DARA_2022.questions.length, 20);
});

test('S-DASH has 11 yes/no items with no cut-off; the HBA screen escalates on any yes', () => {
  assert.equal(S_DASH.questions.length, 11);
  assert.deepEqual(S_DASH.answerOptions, ['yes', 'no']);
  assert.deepEqual(S_DASH.grading, { method: 'yes-count-no-cutoff' });
  assert.deepEqual(HBA_SCREEN.grading, { method: 'any-yes-escalates' });
});

const valid: InstrumentDefinition = {
  id: 'dash-force-variant',
  version: '2026-1',
  title: 'A force variant',
  description: 'For the validator tests',
  answerOptions: ['yes', 'no', 'dont-know'],
  commentAllowed: true,
  officerRationaleRequired: false,
  grading: {
    method: 'yes-count-bands',
    bands: [
      { grade: 'standard', fromYesCount: 0 },
      { grade: 'high', fromYesCount: 12 },
    ],
  },
  questions: [{ id: '1', label: 'Injury', text: 'Was anyone injured?' }],
};

test('a well-formed force variant is accepted', () => {
  assert.deepEqual(validateInstrumentDefinition(valid), { ok: true, instrument: valid });
});

const faults: { name: string; change: Record<string, unknown>; errors: { path: string; message: string }[] }[] = [
  {
    name: 'an id with capitals',
    change: { id: 'DASH' },
    errors: [{ path: 'id', message: 'must be lower-case letters, digits and hyphens' }],
  },
  { name: 'no version', change: { version: ' ' }, errors: [{ path: 'version', message: 'must be given' }] },
  {
    name: 'an unknown answer',
    change: { answerOptions: ['yes', 'maybe'] },
    errors: [{ path: 'answerOptions[1]', message: 'must be one of yes, no, dont-know, not "maybe"' }],
  },
  {
    name: 'no "yes" answer',
    change: { answerOptions: ['no', 'dont-know'] },
    errors: [{ path: 'answerOptions', message: 'must include "yes"' }],
  },
  {
    name: 'bands not starting at 0',
    change: { grading: { method: 'yes-count-bands', bands: [{ grade: 'standard', fromYesCount: 1 }] } },
    errors: [{ path: 'grading.bands[0].fromYesCount', message: 'the first band must start at 0 "yes" answers' }],
  },
  {
    name: 'bands out of order',
    change: {
      grading: {
        method: 'yes-count-bands',
        bands: [
          { grade: 'standard', fromYesCount: 0 },
          { grade: 'high', fromYesCount: 14 },
          { grade: 'medium', fromYesCount: 10 },
        ],
      },
    },
    errors: [
      { path: 'grading.bands[2].fromYesCount', message: 'must be higher than the band before' },
      { path: 'grading.bands[2].grade', message: 'must be a higher grade than the band before' },
    ],
  },
  {
    name: 'an unknown grade',
    change: { grading: { method: 'yes-count-bands', bands: [{ grade: 'very high', fromYesCount: 0 }] } },
    errors: [{ path: 'grading.bands[0].grade', message: 'must be standard, medium or high' }],
  },
  {
    name: 'officer judgement without a mandatory rationale',
    change: { grading: { method: 'officer-judgement' } },
    errors: [{ path: 'officerRationaleRequired', message: 'must be true when the grade is set by officer judgement' }],
  },
  {
    name: 'an unknown grading method',
    change: { grading: { method: 'vibes' } },
    errors: [{ path: 'grading.method', message: 'must be yes-count-bands, officer-judgement, yes-count-no-cutoff or any-yes-escalates' }],
  },
  {
    name: 'a repeated question id and a missing text',
    change: {
      questions: [
        { id: '1', label: 'A', text: 'A?' },
        { id: '1', label: 'B' },
      ],
    },
    errors: [
      { path: 'questions[1].id', message: '"1" is used by another question' },
      { path: 'questions[1].text', message: 'must be given' },
    ],
  },
  {
    name: 'prompts that are not a list',
    change: { questions: [{ id: '1', label: 'A', text: 'A?', prompts: 's-dash' }] },
    errors: [{ path: 'questions[0].prompts', message: 'must be a list of screen ids' }],
  },
  { name: 'no questions', change: { questions: [] }, errors: [{ path: 'questions', message: 'must list at least one question' }] },
];

for (const { name, change, errors } of faults) {
  test(`an uploaded definition is refused, saying where: ${name}`, () => {
    assert.deepEqual(validateInstrumentDefinition({ ...valid, ...change }), { ok: false, errors });
  });
}

test('something that is not an object is refused', () => {
  assert.deepEqual(validateInstrumentDefinition([]), { ok: false, errors: [{ path: '', message: 'must be a JSON object' }] });
});
