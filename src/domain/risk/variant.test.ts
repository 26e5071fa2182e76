import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateInstrumentDefinition } from './instrument.ts';
import { DARA_2022, DASH_2009 } from './instruments.ts';
import { countYes, suggestedBand } from './scoring.ts';
import { builtInInstrument, forceVariant, type VariantChanges } from './variant.ts';

const sameWording = (base = DASH_2009) => Object.fromEntries(base.questions.map((q) => [q.id, { text: q.text }]));
const changes = (over: Partial<VariantChanges> = {}): VariantChanges => ({
  code: 'dash-2009-west-mercia',
  version: '1',
  title: 'DASH (West Mercia wording)',
  questions: sameWording(),
  ...over,
});

test('a variant rewords a question, adds guidance and keeps every question id of the base', () => {
  const result = forceVariant(
    DASH_2009,
    changes({ questions: { ...sameWording(), '2': { text: 'Is the victim very scared?', guidance: 'Use their words.' } } }),
  );
  assert.ok(result.ok);
  const q2 = result.definition.questions.find((q) => q.id === '2');
  assert.equal(q2?.text, 'Is the victim very scared?');
  assert.equal(q2?.guidance, 'Use their words.');
  assert.deepEqual(q2?.prompts, ['s-dash']);
  assert.deepEqual(
    result.definition.questions.map((q) => q.id),
    DASH_2009.questions.map((q) => q.id),
  );
  assert.equal(result.definition.id, 'dash-2009-west-mercia');
  assert.equal(result.definition.version, '1');
  assert.equal(validateInstrumentDefinition(result.definition).ok, true);
});

test('the built-in definition is never changed by making a variant', () => {
  const before = JSON.stringify(DASH_2009);
  forceVariant(DASH_2009, changes({ questions: { ...sameWording(), '1': { text: 'Changed' } }, thresholds: { medium: 8, high: 12 } }));
  assert.equal(JSON.stringify(DASH_2009), before);
});

test('changed thresholds move the suggested band', () => {
  const result = forceVariant(DASH_2009, changes({ thresholds: { medium: 8, high: 12 } }));
  assert.ok(result.ok);
  assert.equal(suggestedBand(8, result.definition), 'medium');
  assert.equal(suggestedBand(12, result.definition), 'high');
  assert.equal(suggestedBand(8, DASH_2009), 'standard');
});

test('an added information-only question does not count toward the band', () => {
  const result = forceVariant(
    DASH_2009,
    changes({ addedQuestion: { label: 'Pets', text: 'Are there pets at risk?', countsTowardBand: false } }),
  );
  assert.ok(result.ok);
  const added = result.definition.questions.at(-1);
  assert.equal(added?.id, '28');
  assert.equal(countYes({ '1': { value: 'yes' }, '28': { value: 'yes' } }, result.definition), 1);
  assert.equal(countYes({ '1': { value: 'yes' }, '28': { value: 'yes' } }), 2);
});

test('a variant may not take a built-in code, nor have blank wording, nor thresholds out of order', () => {
  const result = forceVariant(
    DASH_2009,
    changes({ code: 'dash-2009', version: '', questions: { ...sameWording(), '5': { text: '  ' } }, thresholds: { medium: 10, high: 10 } }),
  );
  assert.equal(result.ok, false);
  assert.deepEqual(!result.ok && result.errors.map((e) => e.field), ['code', 'version', 'question-5', 'band-high']);
});

test('thresholds must lie within the questions that count', () => {
  const result = forceVariant(DASH_2009, changes({ thresholds: { medium: 0, high: 5 } }));
  assert.deepEqual(!result.ok && result.errors.map((e) => e.field), ['band-medium']);
  const tooHigh = forceVariant(DASH_2009, changes({ thresholds: { medium: 10, high: 28 } }));
  assert.deepEqual(!tooHigh.ok && tooHigh.errors.map((e) => e.field), ['band-high']);
});

test('an added question needs both a label and wording', () => {
  const result = forceVariant(DASH_2009, changes({ addedQuestion: { label: '', text: 'Wording', countsTowardBand: true } }));
  assert.deepEqual(!result.ok && result.errors.map((e) => e.field), ['added-label']);
});

test('a DARA variant keeps officer judgement and ignores thresholds', () => {
  const result = forceVariant(
    DARA_2022,
    changes({ code: 'dara-2022-force', questions: sameWording(DARA_2022), thresholds: { medium: 1, high: 2 } }),
  );
  assert.ok(result.ok);
  assert.deepEqual(result.definition.grading, { method: 'officer-judgement' });
});

test('built-in instruments are found by their stored code or by id and version', () => {
  assert.equal(builtInInstrument('dash-2009'), DASH_2009);
  assert.equal(builtInInstrument('dash', '2009'), DASH_2009);
  assert.equal(builtInInstrument('dash', '2030'), undefined);
  assert.equal(builtInInstrument('dash-2009-west-mercia', '1'), undefined);
});

test('the validator rejects guidance that is not text and a non-boolean countsTowardBand', () => {
  const bad = { ...DASH_2009, questions: [{ id: '1', label: 'L', text: 'T', guidance: 3, countsTowardBand: 'no' }] };
  const result = validateInstrumentDefinition(bad);
  assert.deepEqual(!result.ok && result.errors.map((e) => e.path), ['questions[0].guidance', 'questions[0].countsTowardBand']);
});
