import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareGrades, RISK_GRADES, type RiskGrade } from '../risk/grades.ts';
import type { Answers, AnswerValue } from '../risk/instrument.ts';
import { DARA_2022, DASH_2009 } from '../risk/instruments.ts';
import { dashAnswers } from '../risk/testAnswers.ts';
import { decideFinalGrade, suggestedBandOf } from './finalGrade.ts';

const bandCases: { yes: number; dontKnow?: number; band: RiskGrade; reason: string }[] = [
  { yes: 0, band: 'standard', reason: '0 questions answered "yes": 0 to 9 suggests standard risk' },
  { yes: 1, band: 'standard', reason: '1 question answered "yes": 0 to 9 suggests standard risk' },
  { yes: 9, dontKnow: 5, band: 'standard', reason: '9 questions answered "yes": 0 to 9 suggests standard risk' },
  { yes: 10, band: 'medium', reason: '10 questions answered "yes": 10 to 13 suggests medium risk' },
  { yes: 13, band: 'medium', reason: '13 questions answered "yes": 10 to 13 suggests medium risk' },
  { yes: 14, band: 'high', reason: '14 questions answered "yes": 14 or more suggests high risk' },
  { yes: 27, band: 'high', reason: '27 questions answered "yes": 14 or more suggests high risk' },
];
for (const c of bandCases) {
  test(`suggested band for ${c.yes} yes${c.dontKnow ? ` and ${c.dontKnow} don't know` : ''} is ${c.band}`, () => {
    const suggested = suggestedBandOf({ instrument: DASH_2009, answers: dashAnswers({ yes: c.yes, dontKnow: c.dontKnow }) });
    assert.equal(suggested.band, c.band);
    assert.equal(suggested.reason, c.reason);
  });
}

test('DARA suggests no band: the grade is judgement', () => {
  const suggested = suggestedBandOf({ instrument: DARA_2022, answers: { '1': { value: 'yes' } } });
  assert.equal(suggested.band, undefined);
  assert.match(suggested.reason, /no "yes" threshold/);
});

const decisionCases: {
  name: string;
  grade: RiskGrade;
  yes: number;
  officer: RiskGrade;
  rationale?: string;
  ok: boolean;
  review?: boolean;
}[] = [
  { name: 'agreeing with band and officer needs no rationale', grade: 'medium', yes: 11, officer: 'medium', ok: true, review: false },
  { name: 'raising above the band needs a rationale', grade: 'high', yes: 11, officer: 'medium', ok: false },
  {
    name: 'raising above the band with a rationale',
    grade: 'high',
    yes: 11,
    officer: 'medium',
    rationale: 'Strangulation',
    ok: true,
    review: false,
  },
  { name: 'below the band without a rationale is refused', grade: 'standard', yes: 14, officer: 'high', ok: false },
  { name: 'below the band with only spaces is refused', grade: 'standard', yes: 14, officer: 'high', rationale: '   ', ok: false },
  {
    name: 'below the band with a rationale needs review',
    grade: 'medium',
    yes: 14,
    officer: 'high',
    rationale: 'Retracted',
    ok: true,
    review: true,
  },
  { name: 'matching the band but not the officer needs a rationale', grade: 'standard', yes: 2, officer: 'medium', ok: false },
];
for (const c of decisionCases) {
  test(`final grade: ${c.name}`, () => {
    const outcome = decideFinalGrade(c.grade, c.rationale, {
      instrument: DASH_2009,
      answers: dashAnswers({ yes: c.yes }),
      officerGrade: c.officer,
    });
    assert.equal(outcome.ok, c.ok);
    if (outcome.ok) assert.equal(outcome.record.needsSupervisorReview, c.review);
    else assert.equal(outcome.errors[0].field, 'rationale');
  });
}

const answerValue = fc.constantFrom<AnswerValue>('yes', 'no', 'dont-know');
const answersArb = fc
  .array(answerValue, { minLength: 27, maxLength: 27 })
  .map((values): Answers => Object.fromEntries(values.map((value, i) => [String(i + 1), { value }])));
const grade = fc.constantFrom(...RISK_GRADES);
const rationale = fc.option(fc.oneof(fc.string(), fc.constantFrom('', ' ', '\n\t', 'Victim retracted; no injury seen')), {
  nil: undefined,
});

test('property: a final grade is never stored below the band without a recorded reason and a supervisor review', () => {
  fc.assert(
    fc.property(answersArb, grade, grade, rationale, (answers, officerGrade, finalGrade, given) => {
      const outcome = decideFinalGrade(finalGrade, given, { instrument: DASH_2009, answers, officerGrade });
      if (!outcome.ok) return true;
      const { record } = outcome;
      assert.ok(record.band);
      if (compareGrades(record.finalGrade, record.band) < 0) {
        assert.ok(record.rationale !== null && record.rationale.trim() !== '', 'a reason is recorded');
        assert.equal(record.needsSupervisorReview, true);
      }
      return true;
    }),
    { numRuns: 2000 },
  );
});

test('property: whenever a stored grade differs from the band or the officer, its reason is recorded', () => {
  fc.assert(
    fc.property(answersArb, grade, grade, rationale, (answers, officerGrade, finalGrade, given) => {
      const outcome = decideFinalGrade(finalGrade, given, { instrument: DASH_2009, answers, officerGrade });
      if (outcome.ok && (outcome.record.finalGrade !== outcome.record.band || finalGrade !== officerGrade)) {
        assert.ok(outcome.record.rationale);
      }
    }),
    { numRuns: 1000 },
  );
});
