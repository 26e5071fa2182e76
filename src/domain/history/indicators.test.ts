import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { escalationOf, historyIndicators, type HistoryIncident } from './indicators.ts';

const NOW = new Date('2026-03-10T12:00:00Z');
const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

function incident(
  id: string,
  occurred: string,
  role: HistoryIncident['role'],
  others: HistoryIncident['otherParties'] = [],
  grade: HistoryIncident['grade'] = null,
): HistoryIncident {
  return { incidentId: id, occurredAt: day(occurred), role, grade, otherParties: others };
}

describe('history indicators', () => {
  test('a suspect with three victims over time is a serial perpetrator, counting each victim once', () => {
    const history = [
      incident('a', '2020-05-01', 'suspect', [{ personId: 'v1', role: 'victim' }]),
      incident('b', '2021-05-01', 'suspect', [{ personId: 'v1', role: 'victim' }]),
      incident('c', '2023-05-01', 'suspect', [
        { personId: 'v2', role: 'victim' },
        { personId: 'k1', role: 'child' },
      ]),
      incident('d', '2026-01-01', 'suspect', [
        { personId: 'v3', role: 'victim' },
        { personId: 'k1', role: 'child' },
      ]),
    ];
    const indicators = historyIndicators(history, [], NOW);
    assert.equal(indicators.distinctVictims, 3);
    assert.equal(indicators.serialPerpetrator, true);
    assert.equal(indicators.childrenLinked, 1);
    assert.equal(indicators.asSuspect, 4);
    assert.equal(indicators.asVictim, 0);
  });

  test("one victim is not a serial perpetrator; a victim's own suspects are not counted as victims", () => {
    const history = [
      incident('a', '2025-05-01', 'victim', [{ personId: 's1', role: 'suspect' }]),
      incident('b', '2025-06-01', 'suspect', [{ personId: 'v1', role: 'victim' }]),
    ];
    const indicators = historyIndicators(history, [], NOW);
    assert.equal(indicators.distinctVictims, 1);
    assert.equal(indicators.serialPerpetrator, false);
  });

  test('incidents in the last 12 months: the 365 London dates ending today (364 days ago in, 365 out)', () => {
    const history = [
      incident('in', '2025-03-11', 'victim'),
      incident('out', '2025-03-10', 'victim'),
      incident('today', '2026-03-10', 'victim'),
    ];
    assert.equal(historyIndicators(history, [], NOW).incidentsLast12Months, 2);
  });

  test('highest and listed grades, newest first; last MARAC referral', () => {
    const history = [
      incident('a', '2024-01-01', 'victim', [], 'high'),
      incident('b', '2025-01-01', 'victim', [], 'medium'),
      incident('c', '2025-06-01', 'victim'),
    ];
    const referrals = [day('2024-01-05'), day('2025-01-10')];
    const indicators = historyIndicators(history, referrals, NOW);
    assert.equal(indicators.highestGrade, 'high');
    assert.deepEqual(
      indicators.grades.map((g) => g.incidentId),
      ['b', 'a'],
    );
    assert.deepEqual(indicators.lastMaracReferralAt, day('2025-01-10'));
  });

  test('no history: nothing escalates, no grade, no referral', () => {
    const indicators = historyIndicators([], [], NOW);
    assert.equal(indicators.escalation.escalating, false);
    assert.equal(indicators.highestGrade, null);
    assert.equal(indicators.lastMaracReferralAt, null);
    assert.equal(indicators.incidentsLast12Months, 0);
  });
});

describe('escalating frequency', () => {
  test('more incidents in the latest 6 months than the 6 before, with at least 3 in the year', () => {
    const result = escalationOf([day('2025-06-01'), day('2025-11-01'), day('2026-01-15'), day('2026-03-01')], NOW);
    assert.equal(result.escalating, true);
    assert.match(result.reason, /3 incidents in the last 6 months against 1/);
  });

  test('steady incidents are not escalating', () => {
    const result = escalationOf([day('2025-04-01'), day('2025-07-01'), day('2025-10-01'), day('2026-01-01')], NOW);
    assert.equal(result.escalating, false);
  });

  test('shrinking gaps over years escalate even when the last year is quiet', () => {
    const result = escalationOf([day('2020-01-01'), day('2022-01-01'), day('2023-01-01'), day('2023-06-01')], NOW);
    assert.equal(result.escalating, true);
    assert.match(result.reason, /shrinking/);
  });

  test('two incidents are never enough to call escalation', () => {
    assert.equal(escalationOf([day('2026-03-01'), day('2026-03-05')], NOW).escalating, false);
  });

  test('the reason counts the incidents of the last 12 months in words that agree with the number', () => {
    assert.equal(escalationOf([day('2026-03-01')], NOW).reason, '1 incident in the last 12 months, not increasing');
    assert.equal(escalationOf([day('2026-03-01'), day('2026-03-05')], NOW).reason, '2 incidents in the last 12 months, not increasing');
    assert.equal(escalationOf([day('2020-03-01')], NOW).reason, 'no incidents in the last 12 months');
  });
});
