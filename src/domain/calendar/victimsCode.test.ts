import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGLAND_AND_WALES } from './bankHolidays.ts';
import {
  CASE_EVENT_TYPES,
  VICTIMS_CODE_DEFAULTS,
  obligationStanding,
  rightToReviewApplies,
  rightToReviewRequestBy,
  updateWasLate,
  updateWorkingDays,
  validTimeLimits,
  rightToReviewAcknowledgementDueBy,
  rightToReviewDecisionDueBy,
  victimsCodeUpdateDueBy,
} from './victimsCode.ts';

const { enhancedRightsWorkingDays: enhanced, standardWorkingDays: standard } = VICTIMS_CODE_DEFAULTS;

const cases: { name: string; eventAt: string; workingDays: number; dueBy: string }[] = [
  {
    name: 'arrest on Friday 17:00, enhanced rights: by the end of Monday',
    eventAt: '2026-03-06T17:00:00Z',
    workingDays: enhanced,
    dueBy: '2026-03-09T23:59:59.000Z',
  },
  {
    name: 'arrest on Friday 17:00 before the Early May bank holiday: by the end of Tuesday (BST)',
    eventAt: '2026-05-01T16:00:00Z',
    workingDays: enhanced,
    dueBy: '2026-05-05T22:59:59.000Z',
  },
  {
    name: 'standard rights: 5 working days, by the end of the next Friday',
    eventAt: '2026-03-06T17:00:00Z',
    workingDays: standard,
    dueBy: '2026-03-13T23:59:59.000Z',
  },
  {
    name: 'an event on a Saturday: the first working day after it is Monday',
    eventAt: '2026-03-07T10:00:00Z',
    workingDays: enhanced,
    dueBy: '2026-03-09T23:59:59.000Z',
  },
  {
    name: 'the day of the event is the London date: 00:30 BST Friday is Friday, not Thursday',
    eventAt: '2026-06-04T23:30:00Z',
    workingDays: enhanced,
    dueBy: '2026-06-08T22:59:59.000Z',
  },
  {
    name: 'Thursday before Easter: Good Friday and Easter Monday do not count',
    eventAt: '2026-04-02T13:00:00Z',
    workingDays: enhanced,
    dueBy: '2026-04-07T22:59:59.000Z',
  },
  {
    name: 'Christmas Eve 2025: Christmas Day, Boxing Day and the weekend do not count',
    eventAt: '2025-12-24T15:00:00Z',
    workingDays: enhanced,
    dueBy: '2025-12-29T23:59:59.000Z',
  },
  {
    name: 'over the weekend the clocks go forward: 23:59:59 BST on Monday',
    eventAt: '2026-03-27T17:00:00Z',
    workingDays: enhanced,
    dueBy: '2026-03-30T22:59:59.000Z',
  },
  {
    name: 'over the weekend the clocks go back: 23:59:59 GMT on Monday',
    eventAt: '2026-10-23T16:00:00Z',
    workingDays: enhanced,
    dueBy: '2026-10-26T23:59:59.000Z',
  },
  {
    name: 'Christmas Eve 2021 (Christmas and Boxing Day on the weekend): both substitute Mondays and Tuesdays skipped',
    eventAt: '2021-12-24T10:00:00Z',
    workingDays: enhanced,
    dueBy: '2021-12-29T23:59:59.000Z',
  },
  {
    name: 'Friday 23 December 2022 (Christmas on a Sunday): Boxing Day and the substitute Tuesday skipped',
    eventAt: '2022-12-23T16:00:00Z',
    workingDays: enhanced,
    dueBy: '2022-12-28T23:59:59.000Z',
  },
  {
    name: 'standard rights from Christmas Eve 2021: the New Year substitute Monday 3 January does not count',
    eventAt: '2021-12-24T10:00:00Z',
    workingDays: standard,
    dueBy: '2022-01-05T23:59:59.000Z',
  },
  {
    name: 'standard rights from the Thursday before Easter 2026: five working days after Easter Monday',
    eventAt: '2026-04-02T13:00:00Z',
    workingDays: standard,
    dueBy: '2026-04-13T22:59:59.000Z',
  },
];

for (const { name, eventAt, workingDays, dueBy } of cases) {
  test(`Victims' Code update — ${name}`, () => {
    assert.equal(victimsCodeUpdateDueBy(new Date(eventAt), workingDays, ENGLAND_AND_WALES).toISOString(), dueBy);
  });
}

test("Victims' Code time limits must be whole numbers of working days", () => {
  assert.throws(() => victimsCodeUpdateDueBy(new Date('2026-03-06T17:00:00Z'), 0, ENGLAND_AND_WALES), RangeError);
  assert.throws(() => victimsCodeUpdateDueBy(new Date('2026-03-06T17:00:00Z'), 1.5, ENGLAND_AND_WALES), RangeError);
});

test('Right to Review: acknowledged within 10 and decided within 30 working days (Easter does not count)', () => {
  const requestedAt = new Date('2026-03-02T11:00:00Z');
  assert.equal(rightToReviewAcknowledgementDueBy(requestedAt, ENGLAND_AND_WALES).toISOString(), '2026-03-16T23:59:59.000Z');
  assert.equal(rightToReviewDecisionDueBy(requestedAt, ENGLAND_AND_WALES).toISOString(), '2026-04-15T22:59:59.000Z');
});

test('Enhanced Rights gives 1 working day, standard 5, and a force may change either', () => {
  assert.equal(updateWorkingDays(true), 1);
  assert.equal(updateWorkingDays(false), 5);
  assert.equal(updateWorkingDays(true, { enhancedRightsWorkingDays: 2, standardWorkingDays: 10 }), 2);
  assert.equal(updateWorkingDays(false, { enhancedRightsWorkingDays: 2, standardWorkingDays: 10 }), 10);
});

const late: { name: string; toldAt: string; late: boolean }[] = [
  { name: 'told during the due day', toldAt: '2026-03-09T15:00:00Z', late: false },
  { name: 'told at the last second of the due day', toldAt: '2026-03-09T23:59:59Z', late: false },
  { name: 'told the next morning', toldAt: '2026-03-10T00:00:01Z', late: true },
];
for (const c of late) {
  test(`an update due by the end of Monday ${c.name} is ${c.late ? 'late' : 'on time'}`, () => {
    assert.equal(updateWasLate(new Date('2026-03-09T23:59:59Z'), new Date(c.toldAt)), c.late);
  });
}

const standing: { now: string; standing: ReturnType<typeof obligationStanding> }[] = [
  { now: '2026-03-08T12:00:00Z', standing: 'due-later' },
  { now: '2026-03-09T00:00:00Z', standing: 'due-today' },
  { now: '2026-03-09T23:59:59Z', standing: 'due-today' },
  { now: '2026-03-10T00:00:00Z', standing: 'overdue' },
];
for (const c of standing) {
  test(`an update due by the end of Monday 9 March, not yet given, at ${c.now} is ${c.standing}`, () => {
    assert.equal(obligationStanding(new Date('2026-03-09T23:59:59Z'), new Date(c.now)), c.standing);
  });
}

test("Right to Review applies to a decision not to charge, not to the Code's other events", () => {
  assert.deepEqual(
    CASE_EVENT_TYPES.filter((t) => rightToReviewApplies(t)),
    ['nfa'],
  );
});

const requestBy: { name: string; decisionAt: string; by: string }[] = [
  { name: 'a decision on 15 January: by the end of 15 April (BST)', decisionAt: '2026-01-15T11:00:00Z', by: '2026-04-15T22:59:59.000Z' },
  {
    name: 'a decision on 30 November: by the end of 28 February (no 30th)',
    decisionAt: '2026-11-30T11:00:00Z',
    by: '2027-02-28T23:59:59.000Z',
  },
  { name: 'a decision at 00:30 BST on 1 June is a 1 June decision', decisionAt: '2026-05-31T23:30:00Z', by: '2026-09-01T22:59:59.000Z' },
];
for (const c of requestBy) {
  test(`Right to Review request within 3 months — ${c.name}`, () => {
    assert.equal(rightToReviewRequestBy(new Date(c.decisionAt)).toISOString(), c.by);
  });
}

test('a stored time limit must be a whole number of working days from 1 to 30', () => {
  assert.equal(validTimeLimits({ enhancedRightsWorkingDays: 1, standardWorkingDays: 5 }), true);
  assert.equal(validTimeLimits({ enhancedRightsWorkingDays: 0, standardWorkingDays: 5 }), false);
  assert.equal(validTimeLimits({ enhancedRightsWorkingDays: 1, standardWorkingDays: 2.5 }), false);
  assert.equal(validTimeLimits({ enhancedRightsWorkingDays: 1 }), false);
  assert.equal(validTimeLimits(null), false);
});
