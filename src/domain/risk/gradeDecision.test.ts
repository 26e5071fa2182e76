import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareGrades, RISK_GRADES } from './grades.ts';
import { gradeDecision, type GradeDecisionInput } from './gradeDecision.ts';

const cases: { name: string; input: GradeDecisionInput; ok: boolean; needsSupervisorReview: boolean }[] = [
  {
    name: 'final grade agrees with band and officer: no rationale needed',
    input: { band: 'medium', officerGrade: 'medium', finalGrade: 'medium' },
    ok: true,
    needsSupervisorReview: false,
  },
  {
    name: 'raised above the band without a rationale',
    input: { band: 'medium', finalGrade: 'high' },
    ok: false,
    needsSupervisorReview: false,
  },
  {
    name: 'raised above the band with a rationale',
    input: { band: 'medium', finalGrade: 'high', rationale: 'Strangulation last week' },
    ok: true,
    needsSupervisorReview: false,
  },
  {
    name: 'lowered below the band with a rationale: accepted, for supervisor review',
    input: { band: 'high', finalGrade: 'medium', rationale: 'Perpetrator in custody until 2027' },
    ok: true,
    needsSupervisorReview: true,
  },
  {
    name: 'lowered below the band without a rationale',
    input: { band: 'high', finalGrade: 'medium' },
    ok: false,
    needsSupervisorReview: true,
  },
  {
    name: 'a blank rationale is no rationale',
    input: { band: 'high', finalGrade: 'standard', rationale: '   ' },
    ok: false,
    needsSupervisorReview: true,
  },
  {
    name: 'differs from the officer’s grade but matches the band, without a rationale',
    input: { band: 'standard', officerGrade: 'medium', finalGrade: 'standard' },
    ok: false,
    needsSupervisorReview: false,
  },
  {
    name: 'DARA (no band): agrees with the officer',
    input: { officerGrade: 'high', finalGrade: 'high' },
    ok: true,
    needsSupervisorReview: false,
  },
  {
    name: 'DARA (no band): lowered from the officer’s grade without a rationale',
    input: { officerGrade: 'high', finalGrade: 'medium' },
    ok: false,
    needsSupervisorReview: false,
  },
];

for (const { name, input, ok, needsSupervisorReview } of cases) {
  test(`grade decision: ${name}`, () => {
    const decision = gradeDecision(input);
    assert.equal(decision.ok, ok);
    assert.equal(decision.needsSupervisorReview, needsSupervisorReview);
    assert.equal(decision.errors.length, ok ? 0 : 1);
  });
}

test('the error names the field and says what to do', () => {
  assert.deepEqual(gradeDecision({ band: 'high', finalGrade: 'medium' }).errors, [
    { field: 'rationale', message: 'Give a rationale for a final grade of medium when the DASH band is high' },
  ]);
  assert.deepEqual(gradeDecision({ officerGrade: 'high', finalGrade: 'standard' }).errors, [
    { field: 'rationale', message: 'Give a rationale for a final grade of standard when the officer graded high' },
  ]);
});

const aGrade = fc.constantFrom(...RISK_GRADES);

test('property: a final grade is never accepted below the band without a recorded rationale', () => {
  fc.assert(
    fc.property(
      aGrade,
      aGrade,
      fc.option(aGrade, { nil: undefined }),
      fc.constantFrom(undefined, '', ' ', '\n\t'),
      (band, finalGrade, officerGrade, rationale) => {
        fc.pre(compareGrades(finalGrade, band) < 0);
        const decision = gradeDecision({ band, finalGrade, officerGrade, rationale });
        assert.equal(decision.ok, false);
        assert.equal(decision.needsSupervisorReview, true);
      },
    ),
  );
});

test('property: below the band always needs supervisor review, rationale or not', () => {
  fc.assert(
    fc.property(
      aGrade,
      aGrade,
      fc.option(aGrade, { nil: undefined }),
      fc.option(fc.string(), { nil: undefined }),
      (band, finalGrade, officerGrade, rationale) => {
        const decision = gradeDecision({ band, finalGrade, officerGrade, rationale });
        assert.equal(decision.needsSupervisorReview, compareGrades(finalGrade, band) < 0);
      },
    ),
  );
});
