import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { leadDaysProblem, releaseDateProblems, releaseState, reviewDueBy, reviewOpensAt } from './releaseRules.ts';

describe('when the risk review of a release opens (London midnight, lead days before)', () => {
  const cases: [string, number, string, string][] = [
    // release date, lead days, opens (UTC instant), why
    ['2026-06-20', 14, '2026-06-05T23:00:00.000Z', 'BST: 6 June 00:00 BST is 5 June 23:00 UTC'],
    ['2026-01-20', 14, '2026-01-06T00:00:00.000Z', 'GMT: midnight London is midnight UTC'],
    ['2026-04-05', 14, '2026-03-22T00:00:00.000Z', 'the review opens in GMT though the release is in BST'],
    ['2026-11-05', 14, '2026-10-21T23:00:00.000Z', 'the review opens in BST though the release is in GMT'],
    ['2026-03-30', 1, '2026-03-29T00:00:00.000Z', 'the day the clocks go forward begins in GMT'],
    ['2026-10-26', 1, '2026-10-24T23:00:00.000Z', 'the day the clocks go back begins in BST'],
    ['2027-01-03', 7, '2026-12-27T00:00:00.000Z', 'across the new year'],
    ['2028-03-14', 14, '2028-02-29T00:00:00.000Z', 'a leap day'],
  ];
  for (const [releaseOn, days, opens, why] of cases) {
    test(`${releaseOn}, ${days} days before → ${opens} (${why})`, () => {
      assert.equal(reviewOpensAt(releaseOn, days).toISOString(), opens);
    });
  }
  test('the default lead is 14 days', () => {
    assert.equal(reviewOpensAt('2026-01-20').toISOString(), '2026-01-06T00:00:00.000Z');
  });
});

describe('when the risk review is due', () => {
  const cases: [string, string, string, string][] = [
    // release date, recorded at, due by, why
    ['2026-06-20', '2026-06-01T10:00:00Z', '2026-06-19T22:59:59.000Z', 'end of the day before, BST'],
    ['2026-01-20', '2026-01-02T10:00:00Z', '2026-01-19T23:59:59.000Z', 'end of the day before, GMT'],
    ['2026-03-30', '2026-03-01T10:00:00Z', '2026-03-29T22:59:59.000Z', 'the day before is the day the clocks go forward'],
    ['2026-10-26', '2026-10-01T10:00:00Z', '2026-10-25T23:59:59.000Z', 'the day before is the day the clocks go back'],
    ['2026-06-20', '2026-06-19T22:59:59Z', '2026-06-19T22:59:59.000Z', 'recorded in the last second of the day before'],
    ['2026-06-20', '2026-06-19T23:00:00Z', '2026-06-20T22:59:59.000Z', 'recorded at midnight BST on release day: due that day'],
    ['2026-01-20', '2026-01-20T09:00:00Z', '2026-01-20T23:59:59.000Z', 'notified on the release day: due that day'],
    ['2026-01-20', '2026-01-25T15:00:00Z', '2026-01-25T23:59:59.000Z', 'notified after the release: due the day it is recorded'],
  ];
  for (const [releaseOn, recordedAt, due, why] of cases) {
    test(`${releaseOn} recorded ${recordedAt} → ${due} (${why})`, () => {
      assert.equal(reviewDueBy(releaseOn, new Date(recordedAt)).toISOString(), due);
    });
  }
});

describe('whether a release is upcoming, today or past (London date)', () => {
  const cases: [string, string, string][] = [
    ['2026-06-20', '2026-06-19T22:59:00Z', 'upcoming'],
    ['2026-06-20', '2026-06-19T23:00:00Z', 'today'],
    ['2026-06-20', '2026-06-20T22:59:00Z', 'today'],
    ['2026-06-20', '2026-06-20T23:00:00Z', 'released'],
    ['2026-01-20', '2026-01-20T00:00:00Z', 'today'],
    ['2026-01-20', '2026-01-19T23:59:59Z', 'upcoming'],
  ];
  for (const [releaseOn, now, state] of cases) {
    test(`${releaseOn} at ${now}: ${state}`, () => assert.equal(releaseState(releaseOn, new Date(now)), state));
  }
});

describe('checks on what is recorded', () => {
  test('lead days from 1 to 90 only', () => {
    assert.equal(leadDaysProblem(14), null);
    assert.equal(leadDaysProblem(1), null);
    assert.equal(leadDaysProblem(90), null);
    assert.match(leadDaysProblem(0)!, /1 to 90/);
    assert.match(leadDaysProblem(91)!, /1 to 90/);
    assert.match(leadDaysProblem(2.5)!, /whole number/);
  });
  test('custody before release, licence after, notification not in the future', () => {
    assert.deepEqual(
      releaseDateProblems({
        releaseOn: '2026-06-20',
        custodyFrom: '2026-07-01',
        licenceEndsOn: '2026-06-20',
        notifiedOn: '2026-06-02',
        today: '2026-06-01',
      }),
      {
        custodyFrom: 'The date taken into custody must be before the release date',
        licenceEndsOn: 'The licence end date must be after the release date',
        notifiedOn: 'The date of the notification must not be in the future',
      },
    );
    assert.deepEqual(
      releaseDateProblems({
        releaseOn: '2026-06-20',
        custodyFrom: '2025-01-01',
        licenceEndsOn: '2027-06-20',
        notifiedOn: '2026-06-01',
        today: '2026-06-01',
      }),
      {},
    );
  });
});
