import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alarmDateProblems, alarmState, reviewDaysProblem, reviewDueOn, taskKindFor, type AlarmFacts } from './alarmRules.ts';

const out: AlarmFacts = { reviewDueOn: '2026-06-01', returnedOn: null, caseOpen: true, caseClosed: false };

describe('panic alarm state', () => {
  const rows: [string, Partial<AlarmFacts>, string, string, string | null][] = [
    ['in use before its review date', {}, '2026-05-31', 'in-use', null],
    ['review due on its review date', {}, '2026-06-01', 'review-due', 'alarm-review'],
    ['review due after it', {}, '2026-07-01', 'review-due', 'alarm-review'],
    ['not returned once her case closed', { caseOpen: false, caseClosed: true }, '2026-05-01', 'unreturned', 'alarm-return'],
    ['not returned beats review due', { caseOpen: false, caseClosed: true }, '2026-07-01', 'unreturned', 'alarm-return'],
    ['a new case open again: back to review', { caseOpen: true, caseClosed: true }, '2026-07-01', 'review-due', 'alarm-review'],
    ['never had a case: only the review', { caseOpen: null, caseClosed: false }, '2026-05-01', 'in-use', null],
    ['returned asks nothing', { returnedOn: '2026-05-01', caseOpen: false, caseClosed: true }, '2026-07-01', 'returned', null],
  ];
  for (const [name, facts, today, state, task] of rows)
    test(name, () => {
      const s = alarmState({ ...out, ...facts }, today);
      assert.equal(s, state);
      assert.equal(taskKindFor(s), task);
    });
});

test('review due date: days after, across month and year ends', () => {
  assert.equal(reviewDueOn('2026-03-27', 90), '2026-06-25');
  assert.equal(reviewDueOn('2026-12-15', 30), '2027-01-14');
  assert.equal(reviewDueOn('2028-02-28', 1), '2028-02-29');
});

test('review days: a whole number from 1 to 365', () => {
  for (const ok of [1, 90, 365]) assert.equal(reviewDaysProblem(ok), null);
  for (const bad of [0, -1, 366, 1.5, Number.NaN]) assert.match(reviewDaysProblem(bad)!, /whole number from 1 to 365/);
});

test('issue and return dates', () => {
  assert.deepEqual(alarmDateProblems({ issuedOn: '2026-03-27', today: '2026-03-27' }), {});
  assert.deepEqual(alarmDateProblems({ issuedOn: '2026-03-28', today: '2026-03-27' }), {
    issuedOn: 'The date issued must be today or in the past',
  });
  assert.deepEqual(alarmDateProblems({ returnedOn: '2026-03-01', issuedBefore: '2026-03-02', today: '2026-03-27' }), {
    returnedOn: 'The date returned must be on or after the date the alarm was issued',
  });
  assert.deepEqual(alarmDateProblems({ returnedOn: '2026-03-02', issuedBefore: '2026-03-02', today: '2026-03-27' }), {});
});
