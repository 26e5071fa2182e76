import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGLAND_AND_WALES } from '../calendar/bankHolidays.ts';
import { needsReminder, referralProblems, responseDueBy, statusAfter, stepsOpen, type ReferralDecision } from './referral.ts';

const ok: ReferralDecision = {
  agency: 'idva',
  lawfulBasis: 'safeguarding-individuals-at-risk',
  consent: 'given',
  sharedFields: ['victim-name', 'safe-contact'],
};

const consentCases: { name: string; change: Partial<ReferralDecision>; refused: string[] }[] = [
  { name: 'consent given: sent', change: {}, refused: [] },
  { name: 'no consent decision: refused', change: { consent: '' }, refused: ['consent'] },
  { name: 'consent missing altogether: refused', change: { consent: undefined }, refused: ['consent'] },
  { name: 'consent refused, no override: refused', change: { consent: 'refused' }, refused: ['consent'] },
  {
    name: 'consent refused, even with a reason: refused (override it instead)',
    change: { consent: 'refused', overrideReason: 'Children at immediate risk of harm' },
    refused: ['consent'],
  },
  { name: 'consent overridden without a reason: refused', change: { consent: 'overridden' }, refused: ['overrideReason'] },
  {
    name: 'consent overridden with a blank reason: refused',
    change: { consent: 'overridden', overrideReason: '   ' },
    refused: ['overrideReason'],
  },
  {
    name: 'consent overridden with a token reason: refused',
    change: { consent: 'overridden', overrideReason: 'n/a' },
    refused: ['overrideReason'],
  },
  {
    name: 'consent overridden with a reason: sent',
    change: { consent: 'overridden', overrideReason: 'Children at immediate risk of harm' },
    refused: [],
  },
  { name: 'an unknown consent state: refused', change: { consent: 'maybe' }, refused: ['consent'] },
  {
    name: 'consent as the basis but overridden: refused',
    change: { lawfulBasis: 'consent', consent: 'overridden', overrideReason: 'Children at immediate risk of harm' },
    refused: ['lawfulBasis'],
  },
  { name: 'consent as the basis, given: sent', change: { lawfulBasis: 'consent' }, refused: [] },
  { name: 'no lawful basis: refused', change: { lawfulBasis: '' }, refused: ['lawfulBasis'] },
  { name: 'an unknown lawful basis: refused', change: { lawfulBasis: 'because' }, refused: ['lawfulBasis'] },
  { name: 'no agency: refused', change: { agency: '' }, refused: ['agency'] },
  { name: 'nothing to share: refused', change: { sharedFields: [] }, refused: ['sharedFields'] },
  { name: 'a field that cannot be shared: refused', change: { sharedFields: ['victim-name', 'force-notes'] }, refused: ['sharedFields'] },
  {
    name: 'everything wrong: every field named',
    change: { agency: null, lawfulBasis: null, consent: null, sharedFields: null },
    refused: ['agency', 'lawfulBasis', 'consent', 'sharedFields'],
  },
];

for (const c of consentCases) {
  test(`referral rule: ${c.name}`, () => {
    const problems = referralProblems({ ...ok, ...c.change });
    assert.deepEqual(
      problems.map((p) => p.field),
      c.refused,
      JSON.stringify(problems),
    );
  });
}

const stepCases: [string, Parameters<typeof statusAfter>[1], string | undefined][] = [
  ['draft', 'send', 'sent'],
  ['sent', 'send', undefined],
  ['sent', 'accept', 'accepted'],
  ['sent', 'reject', 'rejected'],
  ['accepted', 'accept', undefined],
  ['rejected', 'accept', undefined],
  ['draft', 'accept', undefined],
  ['sent', 'withdraw', 'withdrawn'],
  ['accepted', 'withdraw', 'withdrawn'],
  ['rejected', 'withdraw', undefined],
  ['closed', 'withdraw', undefined],
  ['accepted', 'close', 'closed'],
  ['rejected', 'close', 'closed'],
  ['sent', 'close', undefined],
  ['withdrawn', 'close', undefined],
];
for (const [from, step, to] of stepCases) {
  test(`status: ${step} from ${from} → ${to ?? 'not open'}`, () => assert.equal(statusAfter(from, step), to));
}

test('the partner answers a sent referral; the force withdraws or closes', () => {
  assert.deepEqual(stepsOpen('sent', 'partner'), ['accept', 'reject']);
  assert.deepEqual(stepsOpen('accepted', 'partner'), []);
  assert.deepEqual(stepsOpen('sent', 'force'), ['withdraw']);
  assert.deepEqual(stepsOpen('accepted', 'force'), ['withdraw', 'close']);
});

const dueCases: { name: string; sentAt: string; days?: number; dueBy: string }[] = [
  { name: 'sent Monday: by the end of Thursday', sentAt: '2026-03-09T10:00:00Z', dueBy: '2026-03-12T23:59:59.000Z' },
  { name: 'sent Friday: by the end of Wednesday', sentAt: '2026-03-13T15:00:00Z', dueBy: '2026-03-18T23:59:59.000Z' },
  {
    name: 'sent Thursday before Easter: by the end of the Thursday after',
    sentAt: '2026-04-02T10:00:00Z',
    dueBy: '2026-04-09T22:59:59.000Z',
  },
  {
    name: 'sent on Christmas Eve 2026: Boxing Day substitute Monday 28th skipped',
    sentAt: '2026-12-24T10:00:00Z',
    dueBy: '2026-12-31T23:59:59.000Z',
  },
  {
    name: 'one working day, sent on Saturday: by the end of Monday',
    sentAt: '2026-03-07T10:00:00Z',
    days: 1,
    dueBy: '2026-03-09T23:59:59.000Z',
  },
];
for (const c of dueCases) {
  test(`partner response due: ${c.name}`, () =>
    assert.equal(responseDueBy(new Date(c.sentAt), ENGLAND_AND_WALES, c.days).toISOString(), c.dueBy));
}

test('a reminder is due once, for a sent referral past its response time', () => {
  const due = new Date('2026-03-12T23:59:59Z');
  const after = new Date('2026-03-13T09:00:00Z');
  assert.equal(needsReminder({ status: 'sent', responseDueAt: due, remindedAt: null }, after), true);
  assert.equal(needsReminder({ status: 'sent', responseDueAt: due, remindedAt: null }, new Date('2026-03-12T12:00:00Z')), false);
  assert.equal(needsReminder({ status: 'sent', responseDueAt: due, remindedAt: after }, after), false);
  assert.equal(needsReminder({ status: 'accepted', responseDueAt: due, remindedAt: null }, after), false);
});
