import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { completionDaysProblem, daysRemaining, daysTaken, dvdsDueBy } from './clock.ts';

/** DOMAIN.md: the end (23:59:59 Europe/London) of the 28th calendar day after the day the application was received. */
describe('the DVDS 28-day clock', () => {
  const cases: [string, string, number, string][] = [
    // received (UTC instant), why, days, due by (UTC instant)
    ['2026-01-31T10:00:00Z', 'a January month end runs into the short February', 28, '2026-02-28T23:59:59.000Z'],
    ['2028-02-01T09:00:00Z', 'a leap February keeps its 29th', 28, '2028-02-29T23:59:59.000Z'],
    [
      '2026-03-10T14:00:00Z',
      'received in GMT, due in BST (clocks forward 29 March): 23:59:59 BST is 22:59:59 UTC',
      28,
      '2026-04-07T22:59:59.000Z',
    ],
    ['2026-10-01T09:00:00Z', 'received in BST, due in GMT (clocks back 25 October)', 28, '2026-10-29T23:59:59.000Z'],
    ['2026-05-31T23:30:00Z', '00:30 BST on 1 June is a June application', 28, '2026-06-29T22:59:59.000Z'],
    ['2026-03-28T23:30:00Z', '23:30 GMT the night before the change is still 28 March', 28, '2026-04-25T22:59:59.000Z'],
    ['2026-12-15T12:00:00Z', 'across the year end', 28, '2027-01-12T23:59:59.000Z'],
    ['2026-01-31T10:00:00Z', 'a force still allowing the old 35 days', 35, '2026-03-07T23:59:59.000Z'],
  ];
  for (const [received, why, days, due] of cases) {
    test(`${received} + ${days} days → ${due} (${why})`, () => {
      assert.equal(dvdsDueBy(new Date(received), days).toISOString(), due);
    });
  }

  test('28 days is the default', () => {
    assert.equal(dvdsDueBy(new Date('2026-01-31T10:00:00Z')).toISOString(), '2026-02-28T23:59:59.000Z');
  });

  test('a period outside 1–90 whole days is refused', () => {
    assert.throws(() => dvdsDueBy(new Date(), 0), RangeError);
    assert.throws(() => dvdsDueBy(new Date(), 28.5), RangeError);
    assert.equal(completionDaysProblem(91), 'The completion period must be between 1 and 90 days');
    assert.equal(completionDaysProblem(2.5), 'Enter the completion period as a whole number of days');
    assert.equal(completionDaysProblem(28), null);
  });

  const remaining: [string, string, number][] = [
    ['2026-04-07T22:59:59.000Z', '2026-04-07T08:00:00Z', 0],
    ['2026-04-07T22:59:59.000Z', '2026-04-06T23:30:00Z', 0], // 00:30 BST on the 7th is the due day
    ['2026-04-07T22:59:59.000Z', '2026-04-06T22:30:00Z', 1],
    ['2026-04-07T22:59:59.000Z', '2026-04-07T23:00:00Z', -1], // midnight BST: the day after
    ['2026-02-28T23:59:59.000Z', '2026-02-01T12:00:00Z', 27],
  ];
  for (const [due, now, days] of remaining) {
    test(`due ${due}, now ${now}: ${days} days remaining`, () => {
      assert.equal(daysRemaining(new Date(due), new Date(now)), days);
    });
  }

  test('days taken counts London calendar days, across the clock change', () => {
    assert.equal(daysTaken(new Date('2026-03-10T14:00:00Z'), new Date('2026-04-07T22:00:00Z')), 28);
    assert.equal(daysTaken(new Date('2026-03-10T14:00:00Z'), new Date('2026-04-07T23:30:00Z')), 29);
  });
});
