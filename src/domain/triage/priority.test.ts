import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnswerValue, Answers } from '../risk/instrument.ts';
import {
  compareQueueItems,
  hbaIndicated,
  slaClock,
  triageFlags,
  triagePriority,
  type IncidentSignals,
  type TriageFacts,
} from './priority.ts';
import { slaOrderProblem, triageSlaFrom } from './sla.ts';

const dash = (yes: string[], value: AnswerValue = 'yes'): Answers => Object.fromEntries(yes.map((id) => [id, { value }]));

const signals = (s: Partial<IncidentSignals> = {}): IncidentSignals => ({
  classification: 'Domestic abuse - verbal argument',
  childParties: 0,
  suspectMostVictims: 1,
  maracCriteria: [],
  ...s,
});

describe('triage flags from the incident', () => {
  const cases: [string, Partial<IncidentSignals>, string[]][] = [
    ['nothing notable', {}, []],
    ['DASH Q4 (isolation) alone only prompts the HBA screen: no flag', { dash: dash(['4']) }, []],
    ['a "yes" on the HBA screen (forced marriage)', { dash: dash(['4']), hbaScreen: dash(['4']) }, ['hba']],
    ['a "yes" on the HBA screen without DASH Q4', { hbaScreen: dash(['9']) }, ['hba']],
    [
      'the HBA screen answered with no "yes"',
      { dash: dash(['4']), hbaScreen: { ...dash(['1', '2'], 'no'), ...dash(['3'], 'dont-know') } },
      [],
    ],
    ['FGM named in the classification', { classification: 'FGM concern' }, ['hba']],
    ['a classification naming honour-based abuse', { classification: 'Honour based abuse - threats' }, ['hba']],
    ['forced marriage', { classification: 'Forced marriage protection concern' }, ['hba']],
    ['MARAC criteria stored at intake', { maracCriteria: ['visible-high-risk'] }, ['marac']],
    ['a child party', { childParties: 1 }, ['children']],
    ['DASH Q10 children in the household', { dash: dash(['10']) }, ['children']],
    ['DASH Q9 pregnant or a baby', { dash: dash(['9']) }, ['children']],
    ['DASH Q8 stalking', { dash: dash(['8']) }, ['stalking']],
    ['DASH Q2 alone (very frightened) is not stalking', { dash: dash(['2']) }, []],
    ['classification naming harassment', { classification: 'Harassment - unwanted messages' }, ['stalking']],
    ['a suspect with one victim is not serial', { suspectMostVictims: 1 }, []],
    ['a suspect with two distinct victims is serial', { suspectMostVictims: 2 }, ['serial-suspect']],
    ['classification naming a breach', { classification: 'Breach of non-molestation order' }, ['breach']],
    ['DASH Q26 breached bail or an injunction', { dash: dash(['26']) }, ['breach']],
    ['an order breach recorded against the incident', { orderBreaches: 1 }, ['order-breach']],
    ['no order breach recorded', { orderBreaches: 0 }, []],
    [
      'a breach classification and a recorded order breach',
      { classification: 'Breach of DVPO', orderBreaches: 2 },
      ['breach', 'order-breach'],
    ],
    [
      'everything at once, in a fixed order',
      {
        classification: 'Breach of bail - stalking',
        hbaScreen: dash(['1']),
        childParties: 2,
        suspectMostVictims: 3,
        maracCriteria: ['repeat-marac'],
      },
      ['hba', 'marac', 'children', 'stalking', 'serial-suspect', 'breach'],
    ],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => assert.deepEqual(triageFlags(signals(input)), expected));
  }
});

describe('triage priority score and reasons', () => {
  const facts = (f: Partial<TriageFacts>): TriageFacts => ({ officerGrade: null, flags: [], maracCriteria: [], ...f });
  const cases: [string, Partial<TriageFacts>, number, string[]][] = [
    ['ungraded and nothing else scores 0 with no reasons', {}, 0, []],
    ['standard grade scores 0', { officerGrade: 'standard' }, 0, []],
    ['medium grade 20', { officerGrade: 'medium' }, 20, ['grade']],
    ['high grade 40', { officerGrade: 'high' }, 40, ['grade']],
    ['HBA 30, even on a standard grade', { officerGrade: 'standard', flags: ['hba'] }, 30, ['hba']],
    ['MARAC 30', { flags: ['marac'], maracCriteria: ['potential-escalation'] }, 30, ['marac']],
    ['children 15', { flags: ['children'] }, 15, ['children']],
    ['stalking 15', { flags: ['stalking'] }, 15, ['stalking']],
    ['serial suspect 15', { flags: ['serial-suspect'] }, 15, ['serial-suspect']],
    ['breach 10', { flags: ['breach'] }, 10, ['breach']],
    ['order breach recorded 25', { flags: ['order-breach'] }, 25, ['order-breach']],
    ['a breach claimed and recorded 35', { flags: ['breach', 'order-breach'] }, 35, ['order-breach', 'breach']],
    [
      'points add up; reasons heaviest first',
      { officerGrade: 'medium', flags: ['breach', 'children', 'hba'] },
      75,
      ['hba', 'grade', 'children', 'breach'],
    ],
    [
      'the maximum',
      { officerGrade: 'high', flags: ['hba', 'marac', 'children', 'stalking', 'serial-suspect', 'breach'] },
      155,
      ['grade', 'hba', 'marac', 'children', 'stalking', 'serial-suspect', 'breach'],
    ],
  ];
  for (const [name, input, score, codes] of cases) {
    test(name, () => {
      const p = triagePriority(facts(input));
      assert.equal(p.score, score);
      assert.deepEqual(
        p.reasons.map((r) => r.code),
        codes,
      );
      assert.equal(
        p.reasons.reduce((s, r) => s + r.points, 0),
        score,
        'the reasons account for every point',
      );
    });
  }

  test('a medium-graded incident with MARAC criteria outranks a bare high one', () => {
    assert.ok(
      triagePriority(facts({ officerGrade: 'medium', flags: ['marac'] })).score > triagePriority(facts({ officerGrade: 'high' })).score,
    );
  });

  test('the MARAC reason names the criteria met', () => {
    const p = triagePriority(facts({ flags: ['marac'], maracCriteria: ['visible-high-risk', 'repeat-marac'] }));
    assert.equal(p.reasons[0].text, 'MARAC criteria met: Visible high risk, Repeat MARAC');
  });
});

describe('queue order', () => {
  const now = new Date('2026-03-10T10:00:00Z');
  const at = (h: number) => new Date(now.getTime() + h * 3_600_000);
  test('score first; within a score the longest overdue first, then the nearest deadline, then a fixed tie-break', () => {
    const items = [
      { id: 'b-due-later', score: 40, dueAt: at(5) },
      { id: 'low', score: 0, dueAt: at(-50) },
      { id: 'overdue', score: 40, dueAt: at(-1) },
      { id: 'top', score: 70, dueAt: at(20) },
      { id: 'longer-overdue', score: 40, dueAt: at(-4) },
      { id: 'a-due-later', score: 40, dueAt: at(5) },
    ];
    assert.deepEqual(
      [...items].sort(compareQueueItems).map((i) => i.id),
      ['top', 'longer-overdue', 'overdue', 'a-due-later', 'b-due-later', 'low'],
    );
  });
});

describe('SLA clock', () => {
  const now = new Date('2026-03-10T10:00:00Z');
  const cases: [string, number, string, boolean][] = [
    ['1 h 20 min left', 80, 'due in 1 h 20 min', false],
    ['exactly 2 h left', 120, 'due in 2 h', false],
    ['45 min left', 45, 'due in 45 min', false],
    ['3 days left', 72 * 60, 'due in 3 days', false],
    ['1 day 4 h left', 28 * 60, 'due in 1 day 4 h', false],
    ['due this minute', 0, 'due now', false],
    ['30 seconds late', -0.5, 'overdue by 1 min', true],
    ['3 h late', -180, 'overdue by 3 h', true],
    ['2 days 5 h late', -(53 * 60), 'overdue by 2 days 5 h', true],
  ];
  for (const [name, minutes, text, overdue] of cases) {
    test(name, () => {
      const clock = slaClock(new Date(now.getTime() + minutes * 60_000), now);
      assert.equal(clock.text, text);
      assert.equal(clock.overdue, overdue);
    });
  }
});

describe('SLA setting', () => {
  test('missing or invalid values fall back to the defaults per grade', () => {
    assert.deepEqual(triageSlaFrom(undefined), { high: 2, medium: 24, standard: 72 });
    assert.deepEqual(triageSlaFrom({ high: 1, medium: 'x', standard: 0 }), { high: 1, medium: 24, standard: 72 });
    assert.deepEqual(triageSlaFrom({ high: 4, medium: 12, standard: 48 }), { high: 4, medium: 12, standard: 48 });
    assert.deepEqual(triageSlaFrom({ high: 1.5, medium: 24, standard: 721 }), { high: 2, medium: 24, standard: 72 });
  });
  test('a higher grade may not wait longer than a lower one', () => {
    assert.equal(slaOrderProblem({ high: 2, medium: 24, standard: 72 }), undefined);
    assert.equal(slaOrderProblem({ high: 24, medium: 24, standard: 24 }), undefined);
    assert.match(slaOrderProblem({ high: 25, medium: 24, standard: 72 }) ?? '', /High/);
    assert.match(slaOrderProblem({ high: 2, medium: 80, standard: 72 }) ?? '', /Medium/);
  });
});

test('the HBA flag that stands at grading: a screen "yes" or an HBA classification', () => {
  const cases: [string, string, Answers | undefined, boolean][] = [
    ['no screen, ordinary classification', 'Domestic abuse - assault', undefined, false],
    ['screen all "no"', 'Domestic abuse - assault', dash(['1', '2'], 'no'), false],
    ['screen "yes"', 'Domestic abuse - assault', dash(['6']), true],
    ['honour-based abuse classification, no screen', 'Honour-based abuse - threats', undefined, true],
    ['forced marriage classification, screen all "no"', 'Forced marriage protection concern', dash(['1'], 'no'), true],
  ];
  for (const [name, classification, screen, expected] of cases) assert.equal(hbaIndicated(classification, screen), expected, name);
});
