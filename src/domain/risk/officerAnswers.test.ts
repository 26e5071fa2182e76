import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DARA_2022, DASH_2009 } from './instruments.ts';
import type { InstrumentDefinition } from './instrument.ts';
import { answersOf, officerAnswerProblems } from './officerAnswers.ts';

const allAnswered = (instrument: InstrumentDefinition, value = 'no') => Object.fromEntries(instrument.questions.map((q) => [q.id, value]));

test('a complete DASH 2009 questionnaire has no problems', () => {
  assert.deepEqual(
    officerAnswerProblems(DASH_2009, { answers: allAnswered(DASH_2009), comments: { '3': 'He said he would find her' } }),
    [],
  );
});

test('a question the version does not ask is named by its field', () => {
  assert.deepEqual(officerAnswerProblems(DASH_2009, { answers: { '1': 'yes', '28': 'yes' } }), [
    {
      field: 'answers.28',
      message: 'DASH risk identification checklist (police version) (version 2009) has no question "28" (its questions are 1 to 27)',
    },
  ]);
});

test('DASH question 21 is not a DARA question', () => {
  const problems = officerAnswerProblems(DARA_2022, { answers: { '21': 'no' }, officerRationale: 'Controlling; she fears him' });
  assert.deepEqual(
    problems.map((p) => p.field),
    ['answers.21'],
  );
});

test('an answer the version does not offer is refused', () => {
  const yesNoOnly: InstrumentDefinition = { ...DASH_2009, answerOptions: ['yes', 'no'] };
  const [problem] = officerAnswerProblems(yesNoOnly, { answers: { '4': 'dont-know' } });
  assert.equal(problem.field, 'answers.4');
  assert.match(problem.message, /answers are yes, no, not "dont-know"/);
});

test('a comment on an unknown question, or where the version takes none, is refused', () => {
  assert.deepEqual(
    officerAnswerProblems(DASH_2009, { answers: {}, comments: { '99': 'note' } }).map((p) => p.field),
    ['comments.99'],
  );
  const noComments: InstrumentDefinition = { ...DASH_2009, commentAllowed: false };
  assert.deepEqual(
    officerAnswerProblems(noComments, { answers: { '1': 'yes' }, comments: { '1': 'Bruised arm', '2': ' ' } }).map((p) => p.field),
    ['comments.1'],
  );
});

test('DARA needs the officer’s rationale; DASH does not', () => {
  assert.deepEqual(
    officerAnswerProblems(DARA_2022, { answers: allAnswered(DARA_2022), officerRationale: '  ' }).map((p) => p.field),
    ['officerRationale'],
  );
  assert.deepEqual(officerAnswerProblems(DARA_2022, { answers: allAnswered(DARA_2022), officerRationale: 'Tracks her phone' }), []);
  assert.deepEqual(officerAnswerProblems(DASH_2009, { answers: allAnswered(DASH_2009) }), []);
});

test('answers are read with their comments', () => {
  assert.deepEqual(answersOf({ answers: { '1': 'yes', '2': 'no' }, comments: { '1': 'Cut lip' } }), {
    '1': { value: 'yes', comment: 'Cut lip' },
    '2': { value: 'no', comment: undefined },
  });
});
