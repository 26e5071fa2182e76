import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dvdsDueBy } from './disclosureScheme.ts';

const cases: { name: string; receivedAt: string; days?: number; dueBy: string }[] = [
  { name: 'received in winter: the end of the 28th day after, GMT', receivedAt: '2026-01-05T10:00:00Z', dueBy: '2026-02-02T23:59:59.000Z' },
  { name: 'received before the clocks go forward: 23:59:59 BST', receivedAt: '2026-03-01T10:00:00Z', dueBy: '2026-03-29T22:59:59.000Z' },
  {
    name: 'received at 00:30 BST on 1 July: day 0 is 1 July, not 30 June',
    receivedAt: '2026-06-30T23:30:00Z',
    dueBy: '2026-07-29T22:59:59.000Z',
  },
  { name: 'across the end of February in a leap year', receivedAt: '2028-02-10T12:00:00Z', dueBy: '2028-03-09T23:59:59.000Z' },
  { name: 'configured to the old 35 days', receivedAt: '2026-01-05T10:00:00Z', days: 35, dueBy: '2026-02-09T23:59:59.000Z' },
];

for (const { name, receivedAt, days, dueBy } of cases) {
  test(`DVDS application — ${name}`, () => {
    assert.equal(dvdsDueBy(new Date(receivedAt), days).toISOString(), dueBy);
  });
}

test('a DVDS time limit must be a whole number of days', () => {
  assert.throws(() => dvdsDueBy(new Date('2026-01-05T10:00:00Z'), 0), RangeError);
});
