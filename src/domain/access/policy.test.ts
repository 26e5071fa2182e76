import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMPLETING_STEP, TASK_TYPES, type TaskType } from '../triage/tasks.ts';
import { can, relationshipToTask } from './policy.ts';

const me = { userId: 'u-me', teamId: 'team-north' };
const task = (assigneeId: string | null, assigneeTeamId: string | null, owningTeamId: string | null) => ({
  assigneeId,
  assigneeTeamId,
  owningTeamId,
});

test("a task is mine when assigned to me, my team's when assigned to a teammate or unclaimed in my team", () => {
  assert.equal(relationshipToTask(me, task('u-me', 'team-north', 'team-south')), 'own');
  assert.equal(relationshipToTask(me, task('u-other', 'team-north', 'team-south')), 'team');
  assert.equal(relationshipToTask(me, task('u-other', 'team-south', 'team-north')), 'force', 'claimed away from my team');
  assert.equal(relationshipToTask(me, task(null, null, 'team-north')), 'team');
  assert.equal(relationshipToTask(me, task(null, null, 'team-south')), 'force');
  assert.equal(relationshipToTask(me, task(null, null, null)), 'team', 'an unclaimed task of no team is the whole unit’s');
  assert.equal(relationshipToTask({ userId: 'u-me', teamId: null }, task('u-other', null, null)), 'force');
});

test('a generic task is marked as done by its assignee or their team, and by a supervisor whoever holds it', () => {
  const generic = 'investigation-escalation';
  for (const role of ['assessor', 'coordinator', 'researcher', 'support', 'victimcare'] as const) {
    assert.equal(can({ role }, 'task:mark-done', { relationship: 'own', taskType: generic }), true, role);
    assert.equal(can({ role }, 'task:mark-done', { relationship: 'team', taskType: generic }), true, role);
    assert.equal(can({ role }, 'task:mark-done', { relationship: 'force', taskType: generic }), false, role);
  }
  assert.equal(can({ role: 'supervisor' }, 'task:mark-done', { relationship: 'force', taskType: generic }), true);
  for (const role of ['partner', 'auditor', 'admin', 'integration'] as const)
    assert.equal(can({ role }, 'task:mark-done', { relationship: 'own', taskType: generic }), false, role);
});

test('a task with a completing step of its own is never marked as done, not even by a supervisor or its assignee', () => {
  const ownStep = (Object.keys(TASK_TYPES) as TaskType[]).filter((k) => COMPLETING_STEP[k] !== null);
  assert.deepEqual(ownStep.sort(), [
    'alarm-return',
    'alarm-review',
    'court-application',
    'marac-referral',
    'operation-encompass',
    'triage',
  ]);
  for (const taskType of ownStep)
    for (const role of ['supervisor', 'coordinator', 'assessor'] as const)
      assert.equal(can({ role }, 'task:mark-done', { relationship: 'own', taskType }), false, `${role} ${taskType}`);
  assert.equal(can({ role: 'supervisor' }, 'task:mark-done', { relationship: 'own' }), false, 'no kind named: refused');
  assert.equal(can({ role: 'supervisor' }, 'task:mark-done', { relationship: 'own', taskType: 'something-new' }), false, 'unknown kind');
});
