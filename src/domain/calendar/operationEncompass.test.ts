import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGLAND_AND_WALES } from './bankHolidays.ts';
import { operationEncompassDueAt } from './operationEncompass.ts';

const cases: { name: string; recordedAt: string; schoolDayStart?: string; dueAt: string }[] = [
  { name: 'recorded on a Friday evening: Monday 08:30', recordedAt: '2026-03-06T19:00:00Z', dueAt: '2026-03-09T08:30:00.000Z' },
  {
    name: 'recorded on the Friday before a bank-holiday Monday: Tuesday 08:30 BST',
    recordedAt: '2026-05-01T21:00:00Z',
    dueAt: '2026-05-05T07:30:00.000Z',
  },
  {
    name: 'recorded on the Sunday before a bank-holiday Monday: Tuesday 08:30 BST',
    recordedAt: '2026-05-03T12:00:00Z',
    dueAt: '2026-05-05T07:30:00.000Z',
  },
  { name: 'recorded on Christmas Eve: Monday 29 December 08:30', recordedAt: '2025-12-24T21:00:00Z', dueAt: '2025-12-29T08:30:00.000Z' },
  {
    name: 'recorded early on a Tuesday: the first school day after that day, Wednesday',
    recordedAt: '2026-03-10T02:00:00Z',
    dueAt: '2026-03-11T08:30:00.000Z',
  },
  {
    name: 'recorded on the Friday before the clocks go forward: Monday 08:30 BST',
    recordedAt: '2026-03-27T20:00:00Z',
    dueAt: '2026-03-30T07:30:00.000Z',
  },
  {
    name: 'recorded 23:30 BST on a Thursday (22:30 UTC): Friday 08:30',
    recordedAt: '2026-06-04T22:30:00Z',
    dueAt: '2026-06-05T07:30:00.000Z',
  },
  {
    name: 'a force whose schools start at 08:45',
    recordedAt: '2026-03-06T19:00:00Z',
    schoolDayStart: '08:45',
    dueAt: '2026-03-09T08:45:00.000Z',
  },
];

for (const { name, recordedAt, schoolDayStart, dueAt } of cases) {
  test(`Operation Encompass notification — ${name}`, () => {
    assert.equal(operationEncompassDueAt(new Date(recordedAt), ENGLAND_AND_WALES, schoolDayStart).toISOString(), dueAt);
  });
}

test('a school-day start must be a time of day', () => {
  assert.throws(() => operationEncompassDueAt(new Date('2026-03-06T19:00:00Z'), ENGLAND_AND_WALES, '8.30'), RangeError);
});
