import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGLAND_AND_WALES } from '../calendar/bankHolidays.ts';
import {
  authorisationProblem,
  durationProblem,
  hearingDueBy,
  isDueExpiryReview,
  notificationDueBy,
  regimeProblem,
  type OrderRegime,
  type OrderType,
  type PoliceRank,
} from './orderRules.ts';

describe('who may authorise a notice', () => {
  const cases: [OrderType, PoliceRank | null, boolean][] = [
    ['DVPN', 'superintendent', true],
    ['DVPN', 'chief-superintendent', true],
    ['DVPN', 'chief-constable', true],
    ['DVPN', 'chief-inspector', false],
    ['DVPN', 'inspector', false],
    ['DVPN', null, false],
    ['DAPN', 'inspector', true],
    ['DAPN', 'chief-inspector', true],
    ['DAPN', 'superintendent', true],
    ['DAPN', 'sergeant', false],
    ['DAPN', 'constable', false],
    ['DVPO', null, true],
    ['restraining-order', null, true],
    ['bail-conditions', 'constable', true],
  ];
  for (const [type, rank, allowed] of cases) {
    test(`${type} authorised by ${rank ?? 'no rank'}: ${allowed ? 'allowed' : 'refused'}`, () => {
      assert.equal(authorisationProblem(type, rank) === null, allowed);
    });
  }
  test('the refusal names the rank the law requires and the rank given', () => {
    assert.equal(authorisationProblem('DVPN', 'inspector'), 'A DVPN must be authorised by a superintendent or above, not an inspector');
  });
});

describe('a DVPN or DAPN hearing is due 48 hours after service, not counting excluded days', () => {
  // DOMAIN.md: served Saturday 18:00 (ordinary weekend) → hearing due by Tuesday 18:00.
  const cases: [string, string, string][] = [
    ['Saturday 18:00, ordinary weekend', '2026-03-14T18:00:00Z', '2026-03-17T18:00:00.000Z'],
    ['Tuesday 09:00', '2026-03-10T09:00:00Z', '2026-03-12T09:00:00.000Z'],
    ['Thursday before Good Friday and Easter Monday', '2026-04-02T12:00:00Z', '2026-04-07T12:00:00.000Z'],
    ['Christmas Eve 10:00 (Christmas and Boxing Day substitute)', '2026-12-24T10:00:00Z', '2026-12-29T10:00:00.000Z'],
  ];
  for (const [name, servedAt, due] of cases) {
    test(name, () => {
      assert.equal(hearingDueBy('DVPN', new Date(servedAt), ENGLAND_AND_WALES)?.toISOString(), due);
      assert.equal(hearingDueBy('DAPN', new Date(servedAt), ENGLAND_AND_WALES)?.toISOString(), due);
    });
  }
  test('orders have no hearing clock', () => {
    assert.equal(hearingDueBy('DVPO', new Date('2026-03-14T18:00:00Z'), ENGLAND_AND_WALES), null);
    assert.equal(hearingDueBy('restraining-order', new Date('2026-03-14T18:00:00Z'), ENGLAND_AND_WALES), null);
  });
});

describe('how long an order runs', () => {
  const made = new Date('2026-03-10T14:00:00Z');
  const days = (n: number) => new Date(made.getTime() + n * 86_400_000);
  const cases: [OrderType, Date | null, boolean][] = [
    ['DVPO', days(14), true],
    ['DVPO', days(28), true],
    ['DVPO', days(21), true],
    ['DVPO', days(13), false],
    ['DVPO', days(29), false],
    ['DVPO', null, false],
    ['DAPO', null, true],
    ['DAPO', days(400), true],
    ['DAPO', days(-1), false],
    ['restraining-order', null, true],
    ['non-molestation-order', days(180), true],
  ];
  for (const [type, ends, ok] of cases) {
    test(`${type} ending ${ends ? ends.toISOString().slice(0, 10) : 'never'}: ${ok ? 'accepted' : 'refused'}`, () => {
      assert.equal(durationProblem(type, made, ends) === null, ok);
    });
  }
  test('a DVPO across the clock change counts London days, not 24-hour periods', () => {
    // Made Friday 20 March 2026 23:30 GMT; ends Friday 3 April 2026 (14 London days, with BST from 29 March).
    assert.equal(durationProblem('DVPO', new Date('2026-03-20T23:30:00Z'), new Date('2026-04-03T22:30:00Z')), null);
  });
  test('the refusal says how long it would last', () => {
    assert.equal(durationProblem('DVPO', made, days(30)), 'A DVPO lasts 14 to 28 days: this one would last 30 days');
  });
});

describe('DAPO notification duty: name and address within 3 days', () => {
  test('by the end of the third London day after the day it was made', () => {
    assert.equal(notificationDueBy('DAPO', new Date('2026-03-10T14:00:00Z'))?.toISOString(), '2026-03-13T23:59:59.000Z');
    // BST: the end of 16 July 2026 London time is 22:59:59 UTC.
    assert.equal(notificationDueBy('DAPO', new Date('2026-07-13T08:00:00Z'))?.toISOString(), '2026-07-16T22:59:59.000Z');
  });
  test('no other order carries the duty', () => {
    assert.equal(notificationDueBy('DVPO', new Date('2026-03-10T14:00:00Z')), null);
  });
});

describe('which regime the force uses', () => {
  const cases: [OrderType, OrderRegime, boolean][] = [
    ['DVPN', 'dvpn-dvpo', true],
    ['DVPO', 'dvpn-dvpo', true],
    ['DAPN', 'dvpn-dvpo', false],
    ['DAPO', 'dvpn-dvpo', false],
    ['DAPN', 'dapn-dapo', true],
    ['DVPN', 'dapn-dapo', false],
    ['DVPN', 'both', true],
    ['DAPO', 'both', true],
    ['restraining-order', 'dapn-dapo', true],
  ];
  for (const [type, regime, ok] of cases) {
    test(`${type} under ${regime}: ${ok ? 'recorded' : 'refused'}`, () => assert.equal(regimeProblem(type, regime) === null, ok));
  }
});

describe('orders ending within 7 days are due for review', () => {
  const now = new Date('2026-03-10T10:00:00Z');
  const cases: [string, Date | null, boolean][] = [
    ['ends in 3 days', new Date('2026-03-13T10:00:00Z'), true],
    ['ends in exactly 7 days', new Date('2026-03-17T10:00:00Z'), true],
    ['ends in 8 days', new Date('2026-03-18T10:00:00Z'), false],
    ['already ended', new Date('2026-03-09T10:00:00Z'), false],
    ['no end date', null, false],
  ];
  for (const [name, ends, due] of cases) test(name, () => assert.equal(isDueExpiryReview(ends, now), due));
});
