import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGLAND_AND_WALES } from './bankHolidays.ts';
import {
  VICTIMS_CODE_DEFAULTS,
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
