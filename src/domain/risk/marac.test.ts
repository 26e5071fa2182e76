import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MARAC_CRITERION_NAMES, maracCriteria, maracCriterionName, type MaracCriteriaInput, type MaracCriterion } from './marac.ts';
import { DARA_2022, DASH_2009 } from './instruments.ts';
import type { Answers } from './instrument.ts';
import { forceVariant } from './variant.ts';
import { dashAnswers } from './testAnswers.ts';

const onDash = (answers: Answers) => ({ instrument: DASH_2009, answers });

const DAY_MS = 86_400_000;
const currentAt = new Date('2026-03-10T14:00:00Z');
const daysBefore = (days: number, at: Date = currentAt) => new Date(at.getTime() - days * DAY_MS);

function aCase(overrides: Partial<MaracCriteriaInput> = {}): MaracCriteriaInput {
  return {
    current: { incidentId: 'INC-NOW', occurredAt: currentAt, victimId: 'victim-1', suspectIds: ['suspect-1'] },
    victimIncidents: [],
    maracReferrals: [],
    ...overrides,
  };
}
const criteriaMet = (input: MaracCriteriaInput): MaracCriterion[] => maracCriteria(input).map((met) => met.criterion);

test('no criterion met: an empty list', () => {
  assert.deepEqual(maracCriteria(aCase({ questionnaire: onDash(dashAnswers({ yes: 5 })) })), []);
});

const visible: [string, Answers | undefined, boolean][] = [
  ['13 "yes"', dashAnswers({ yes: 13 }), false],
  ['14 "yes"', dashAnswers({ yes: 14 }), true],
  ['13 "yes" and a "don’t know"', dashAnswers({ yes: 13, dontKnow: 1 }), false],
  ['no DASH', undefined, false],
];
for (const [name, dash, met] of visible) {
  test(`visible high risk ${met ? 'met' : 'not met'}: ${name}`, () => {
    assert.deepEqual(criteriaMet(aCase({ questionnaire: dash && onDash(dash) })), met ? ['visible-high-risk'] : []);
  });
}

test('visible high risk gives the count as its reason', () => {
  const [met] = maracCriteria(aCase({ questionnaire: onDash(dashAnswers({ yes: 15 })) }));
  assert.deepEqual(met, {
    criterion: 'visible-high-risk',
    reason: '15 DASH questions answered "yes" (14 or more is visible high risk)',
    yesCount: 15,
  });
});

test('DARA has no tick threshold: however many "yes", visible high risk is not met by the count', () => {
  const answers = Object.fromEntries(DARA_2022.questions.map((q) => [q.id, { value: 'yes' as const }]));
  assert.deepEqual(criteriaMet(aCase({ questionnaire: { instrument: DARA_2022, answers } })), []);
});

function thamesVariant(high: number, addedCounts = false) {
  const variant = forceVariant(DASH_2009, {
    code: 'dash-2009-thames',
    version: '1',
    title: 'Thames DASH',
    questions: Object.fromEntries(DASH_2009.questions.map((q) => [q.id, { text: q.text }])),
    thresholds: { medium: 8, high },
    addedQuestion: { label: 'Firearms licence', text: 'Does the suspect hold a firearms licence?', countsTowardBand: addedCounts },
  });
  assert.ok(variant.ok);
  return variant.definition;
}

test('a force variant’s own high threshold is its visible high risk, with its name in the reason', () => {
  const instrument = thamesVariant(12);
  assert.deepEqual(criteriaMet(aCase({ questionnaire: { instrument, answers: dashAnswers({ yes: 11 }) } })), []);
  const [met] = maracCriteria(aCase({ questionnaire: { instrument, answers: dashAnswers({ yes: 12 }) } }));
  assert.deepEqual(met, {
    criterion: 'visible-high-risk',
    reason: '12 questions answered "yes" on Thames DASH (version 1) (12 or more is visible high risk)',
    yesCount: 12,
  });
});

test('a question added for information only does not count toward visible high risk', () => {
  const answers = dashAnswers({ yes: 11, questionIds: ['28'] });
  assert.deepEqual(criteriaMet(aCase({ questionnaire: { instrument: thamesVariant(12), answers } })), []);
  assert.deepEqual(criteriaMet(aCase({ questionnaire: { instrument: thamesVariant(12, true), answers } })), ['visible-high-risk']);
});

test('professional judgement needs at least one recorded reason', () => {
  assert.deepEqual(maracCriteria(aCase({ professionalJudgementReasons: ['non-fatal strangulation', ' '] })), [
    {
      criterion: 'professional-judgement',
      reason: "Assessor's professional judgement: non-fatal strangulation",
      reasons: ['non-fatal strangulation'],
    },
  ]);
  assert.deepEqual(criteriaMet(aCase({ professionalJudgementReasons: [] })), []);
  assert.deepEqual(criteriaMet(aCase({ professionalJudgementReasons: ['  '] })), []);
});

// Two earlier incidents plus the current one make three, so only the boundary incident decides.
const escalation: [string, number, boolean][] = [
  ['the earliest incident 364 days before the current date', 364, true],
  ['the earliest incident 365 days before (outside the 365 days ending today)', 365, false],
  ['the earliest incident 366 days before', 366, false],
  ['all on the same day as the current incident', 0, true],
];
for (const [name, days, met] of escalation) {
  test(`potential escalation ${met ? 'met' : 'not met'}: ${name}`, () => {
    const victimIncidents = [
      { incidentId: 'INC-A', occurredAt: daysBefore(days) },
      { incidentId: 'INC-B', occurredAt: daysBefore(30) },
    ];
    assert.deepEqual(criteriaMet(aCase({ victimIncidents })), met ? ['potential-escalation'] : []);
  });
}

test('potential escalation counts London dates: 00:30 BST is the next day, though still the previous day in UTC', () => {
  const occurredAt = new Date('2026-07-01T10:00:00Z');
  const current = { incidentId: 'INC-NOW', occurredAt, victimId: 'victim-1', suspectIds: ['suspect-1'] };
  const victimIncidents = [
    { incidentId: 'INC-A', occurredAt: new Date('2025-07-01T23:30:00Z') }, // 2 July 2025 in London: 364 days before
    { incidentId: 'INC-B', occurredAt: new Date('2026-05-01T10:00:00Z') },
  ];
  assert.deepEqual(maracCriteria(aCase({ current, victimIncidents })), [
    {
      criterion: 'potential-escalation',
      reason: '3 police-reported incidents with this victim from 2 July 2025 to 1 July 2026',
      incidentIds: ['INC-NOW', 'INC-A', 'INC-B'],
    },
  ]);
});

test('potential escalation: the current incident counts once, whether or not it is listed', () => {
  const listed = [
    { incidentId: 'INC-NOW', occurredAt: currentAt },
    { incidentId: 'INC-A', occurredAt: daysBefore(10) },
  ];
  assert.deepEqual(criteriaMet(aCase({ victimIncidents: listed })), []);
  assert.deepEqual(criteriaMet(aCase({ victimIncidents: [...listed, { incidentId: 'INC-B', occurredAt: daysBefore(20) }] })), [
    'potential-escalation',
  ]);
});

test('potential escalation: incidents after the current incident’s date do not count', () => {
  const victimIncidents = [
    { incidentId: 'INC-A', occurredAt: daysBefore(10) },
    { incidentId: 'INC-LATER', occurredAt: daysBefore(-1) },
  ];
  assert.deepEqual(criteriaMet(aCase({ victimIncidents })), []);
});

const referral = (days: number, victimId = 'victim-1', perpetratorId = 'suspect-1') => ({
  victimId,
  perpetratorId,
  referredAt: daysBefore(days),
});
const repeat: [string, MaracCriteriaInput['maracReferrals'], boolean][] = [
  ['same victim and perpetrator, referred the day before', [referral(1)], true],
  ['same victim and perpetrator, referred 364 days before', [referral(364)], true],
  ['same victim and perpetrator, referred 365 days before', [referral(365)], true],
  ['same victim and perpetrator, referred 366 days before', [referral(366)], false],
  ['same victim with another perpetrator', [referral(30, 'victim-1', 'someone-else')], false],
  ['another victim with the same perpetrator', [referral(30, 'victim-2', 'suspect-1')], false],
  ['a referral after the current incident', [referral(-2)], false],
];
for (const [name, maracReferrals, met] of repeat) {
  test(`repeat MARAC ${met ? 'met' : 'not met'}: ${name}`, () => {
    assert.deepEqual(criteriaMet(aCase({ maracReferrals })), met ? ['repeat-marac'] : []);
  });
}

test('repeat MARAC: a referral earlier on the same day counts; one later that day (this incident’s own) does not', () => {
  const at = (iso: string) => [{ victimId: 'victim-1', perpetratorId: 'suspect-1', referredAt: new Date(iso) }];
  assert.deepEqual(criteriaMet(aCase({ maracReferrals: at('2026-03-10T09:00:00Z') })), ['repeat-marac']);
  assert.deepEqual(criteriaMet(aCase({ maracReferrals: at('2026-03-10T16:00:00Z') })), []);
});

test('repeat MARAC: any of the current incident’s suspects, and the latest referral is cited', () => {
  const current = { incidentId: 'INC-NOW', occurredAt: currentAt, victimId: 'victim-1', suspectIds: ['suspect-2', 'suspect-1'] };
  const [met] = maracCriteria(aCase({ current, maracReferrals: [referral(200), referral(40), referral(100)] }));
  assert.equal(met.criterion, 'repeat-marac');
  assert.deepEqual(met.criterion === 'repeat-marac' && met.referral, referral(40));
  assert.equal(met.reason, 'Same victim and perpetrator as the MARAC referral of 29 January 2026, within 12 months');
});

test('every criterion met is listed, in the order of the referral form', () => {
  const input = aCase({
    questionnaire: onDash(dashAnswers({ yes: 20 })),
    professionalJudgementReasons: ['threats to kill'],
    victimIncidents: [
      { incidentId: 'INC-A', occurredAt: daysBefore(10) },
      { incidentId: 'INC-B', occurredAt: daysBefore(20) },
    ],
    maracReferrals: [referral(100)],
  });
  assert.deepEqual(criteriaMet(input), ['visible-high-risk', 'professional-judgement', 'potential-escalation', 'repeat-marac']);
});

test('each criterion has its referral-form name; an unknown stored code is shown as stored', () => {
  const cases: [string, string][] = [
    ['visible-high-risk', 'Visible high risk'],
    ['professional-judgement', 'Professional judgement'],
    ['potential-escalation', 'Potential escalation'],
    ['repeat-marac', 'Repeat MARAC'],
    ['some-future-criterion', 'some-future-criterion'],
  ];
  for (const [code, name] of cases) assert.equal(maracCriterionName(code), name);
  assert.equal(Object.keys(MARAC_CRITERION_NAMES).length, 4);
});
