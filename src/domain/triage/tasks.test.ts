import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TASK_TYPES, taskTypeName, tasksRaisedText, triageDueAt } from './tasks.ts';

test('triage is due 2 hours after a high-risk report, 24 after medium and 72 after standard or ungraded', () => {
  const reported = new Date('2026-03-06T22:30:00Z');
  assert.equal(triageDueAt(reported, 'high').toISOString(), '2026-03-07T00:30:00.000Z');
  assert.equal(triageDueAt(reported, 'medium').toISOString(), '2026-03-07T22:30:00.000Z');
  assert.equal(triageDueAt(reported, 'standard').toISOString(), '2026-03-09T22:30:00.000Z');
  assert.equal(triageDueAt(reported, undefined).toISOString(), '2026-03-09T22:30:00.000Z');
  assert.equal(triageDueAt(reported, 'high', { high: 1, medium: 12, standard: 48 }).toISOString(), '2026-03-06T23:30:00.000Z');
});

test('the tasks-raised sentence names each task as the task list does, acronyms in capitals', () => {
  const cases: { types: string[]; text: string }[] = [
    { types: [], text: 'No follow-on tasks were needed.' },
    { types: ['marac-referral'], text: 'Task raised: Draft the MARAC referral.' },
    {
      types: ['notify-high-risk', 'marac-referral'],
      text: 'Tasks raised: Tell the district DA team supervisor about a high-risk case; Draft the MARAC referral.',
    },
    { types: ['hba-escalation'], text: 'Task raised: Escalate honour-based abuse indicators to the supervisor at once.' },
    { types: ['something-new'], text: 'Task raised: something-new.' },
  ];
  for (const { types, text } of cases) assert.equal(tasksRaisedText(types), text, types.join(','));
});

test('every task type has a name that keeps its acronyms in capitals', () => {
  for (const type of Object.keys(TASK_TYPES)) {
    const name = taskTypeName(type);
    assert.notEqual(name, type);
    assert.doesNotMatch(name, /\b(da|marac|hba|dash)\b/, `${type}: ${name}`);
  }
});
