import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGLAND_AND_WALES, calendarFromBankHolidays } from './bankHolidays.ts';
import { protectiveNoticeHearingDueBy } from './protectiveNotice.ts';

const cases: { name: string; servedAt: string; dueBy: string }[] = [
  {
    name: 'served Saturday 18:00 on an ordinary weekend: Tuesday 18:00',
    servedAt: '2026-03-07T18:00:00Z',
    dueBy: '2026-03-10T18:00:00.000Z',
  },
  { name: 'served Wednesday 09:00: Friday 09:00', servedAt: '2026-03-04T09:00:00Z', dueBy: '2026-03-06T09:00:00.000Z' },
  {
    name: 'served on a Sunday: the 48 hours start at midnight, Wednesday 00:00',
    servedAt: '2026-03-08T10:00:00Z',
    dueBy: '2026-03-11T00:00:00.000Z',
  },
  {
    name: 'served Friday 00:00: the 48th hour ends as Saturday does (Sunday 00:00)',
    servedAt: '2026-03-06T00:00:00Z',
    dueBy: '2026-03-08T00:00:00.000Z',
  },
  {
    name: 'served Christmas Eve 20:00, Christmas and Boxing Day on Thursday and Friday: Monday 29th 20:00',
    servedAt: '2025-12-24T20:00:00Z',
    dueBy: '2025-12-29T20:00:00.000Z',
  },
  {
    name: 'served Christmas Eve 20:00, Christmas and Boxing Day on Wednesday and Thursday: Saturday 28th 20:00',
    servedAt: '2024-12-24T20:00:00Z',
    dueBy: '2024-12-28T20:00:00.000Z',
  },
  {
    name: 'Christmas Day is excluded even on a Saturday, when it is not itself a bank holiday',
    servedAt: '2021-12-24T20:00:00Z',
    dueBy: '2021-12-30T20:00:00.000Z',
  },
  {
    name: 'served the Thursday before Easter at noon: Good Friday, Sunday and Easter Monday excluded, Tuesday noon',
    servedAt: '2026-04-02T11:00:00Z',
    dueBy: '2026-04-07T11:00:00.000Z',
  },
  {
    name: 'served Saturday 18:00 GMT as the clocks go forward: Tuesday 18:00 BST',
    servedAt: '2026-03-28T18:00:00Z',
    dueBy: '2026-03-31T17:00:00.000Z',
  },
  {
    name: 'served Saturday 18:00 BST as the clocks go back: Tuesday 18:00 GMT',
    servedAt: '2026-10-24T17:00:00Z',
    dueBy: '2026-10-27T18:00:00.000Z',
  },
  {
    name: 'served Friday 22:30 BST (21:30 UTC): the Friday hours are London hours',
    servedAt: '2026-06-05T21:30:00Z',
    dueBy: '2026-06-08T21:30:00.000Z',
  },
];

for (const { name, servedAt, dueBy } of cases) {
  test(`DVPN/DAPN hearing — ${name}`, () => {
    assert.equal(protectiveNoticeHearingDueBy(new Date(servedAt), ENGLAND_AND_WALES).toISOString(), dueBy);
  });
}

test('Good Friday and Christmas Day are excluded even if a loaded bank holiday list left them out', () => {
  const incomplete = calendarFromBankHolidays({
    division: 'england-and-wales',
    coversFrom: '2026-01-01',
    coversTo: '2026-12-31',
    events: [],
  });
  assert.equal(protectiveNoticeHearingDueBy(new Date('2026-04-02T11:00:00Z'), incomplete).toISOString(), '2026-04-06T11:00:00.000Z');
});
