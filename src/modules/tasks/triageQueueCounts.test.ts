import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, TEST_NOW, type TestApp } from '../../testing/app.ts';
import type { OfficerGrade } from '../../domain/triage/tasks.ts';
import * as repo from './triageQueueRepository.ts';

/**
 * The queue's counts come from triage_tally (kept by triggers on task) and the items not yet due; whatever happens
 * to the tasks, they must say exactly what a count over task says.
 */
let t: TestApp;
let users: string[];
const HOUR = 3_600_000;
const at = (h: number) => new Date(TEST_NOW.getTime() + h * HOUR);

type Filter = repo.QueueFilter;
const FILTERS: Filter[] = [];
for (const grades of [[], ['high'], ['standard'], ['medium', 'standard']] as OfficerGrade[][])
  for (const overdue of [false, true])
    for (const assigned of ['anyone', 'me', 'unassigned'] as const)
      for (const flags of [[], ['hba']] as Filter['flags'][]) FILTERS.push({ grades, overdue, assigned, flags });

/** The count the tally must agree with, straight from task. */
async function counted(filter: Filter, userId: string | null) {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from task
    where state = 'open' and type = 'triage'
      and (${filter.grades.length === 0} or coalesce(details->>'officerGrade', 'standard') = any(${filter.grades}::text[]))
      and (${!filter.overdue} or due_at < ${TEST_NOW})
      and (${filter.assigned !== 'unassigned'} or assignee_id is null)
      and (${filter.assigned !== 'me'} or assignee_id = ${userId})
      and flags @> ${filter.flags}::text[]`.execute(t.services.db);
  return Number(rows[0].n);
}

async function assertExact(label: string) {
  const db = t.services.db;
  for (const userId of [users[0], users[1], null]) {
    const counts = await repo.queueCounts(db, userId, TEST_NOW);
    const anyone: Filter = { grades: [], overdue: false, assigned: 'anyone', flags: [] };
    assert.deepEqual(
      counts,
      {
        total: await counted(anyone, userId),
        overdue: await counted({ ...anyone, overdue: true }, userId),
        unassigned: await counted({ ...anyone, assigned: 'unassigned' }, userId),
        mine: await counted({ ...anyone, assigned: 'me' }, userId),
      },
      label,
    );
    for (const filter of FILTERS) {
      assert.equal(
        await repo.countMatching(db, filter, userId, TEST_NOW),
        await counted(filter, userId),
        `${label}: ${JSON.stringify(filter)}`,
      );
    }
  }
}

async function addTasks(n: number, type = 'triage') {
  // Grades high/medium/standard/none, due from 40 hours ago to 40 hours ahead, every tenth flagged.
  await sql`insert into task (type, due_at, reported_at, source_rule, details, created_at, flags)
    select ${type}, ${TEST_NOW}::timestamptz + ((g % 81) - 40) * interval '1 hour', ${TEST_NOW}::timestamptz, 'test',
      case g % 4 when 0 then '{}'::jsonb else jsonb_build_object('officerGrade', (array['high','medium','standard'])[g % 4]) end,
      ${TEST_NOW}, case when g % 10 = 0 then array['hba'] else '{}' end
    from generate_series(1, ${n}) g`.execute(t.services.db);
}

describe('triage queue counts', () => {
  before(async () => {
    t = await createTestApp();
    const rows = await t.services.db.selectFrom('app_user').select('id').orderBy('username').limit(2).execute();
    users = rows.map((r) => r.id);
  });
  after(async () => t.close());

  test('agree with a count over task through inserts, claims, grading, closing and deletes', async () => {
    const db = t.services.db;
    await assertExact('empty');
    await addTasks(300);
    await addTasks(50, 'operation-encompass');
    await assertExact('after intake');
    // Claims and assignments, one by one and in bulk.
    const some = await db.selectFrom('task').select('id').where('type', '=', 'triage').orderBy('id').limit(60).execute();
    for (const { id } of some.slice(0, 10)) await db.updateTable('task').set({ assignee_id: users[0] }).where('id', '=', id).execute();
    await db
      .updateTable('task')
      .set({ assignee_id: users[1] })
      .where(
        'id',
        'in',
        some.slice(10, 40).map((r) => r.id),
      )
      .execute();
    await assertExact('after claims');
    // A release, a reassignment, a change of grade, items triaged (done), an item deleted.
    await db.updateTable('task').set({ assignee_id: null }).where('id', '=', some[0].id).execute();
    await db.updateTable('task').set({ assignee_id: users[0] }).where('assignee_id', '=', users[1]).where('id', '=', some[12].id).execute();
    await db
      .updateTable('task')
      .set({ details: JSON.stringify({ officerGrade: 'high' }) })
      .where('id', 'in', [some[40].id, some[41].id])
      .execute();
    await db
      .updateTable('task')
      .set({ state: 'done', completed_at: at(0) })
      .where(
        'id',
        'in',
        some.slice(5, 25).map((r) => r.id),
      )
      .execute();
    await db.deleteFrom('task').where('id', '=', some[50].id).execute();
    // An update that changes nothing the tally keeps.
    await db.updateTable('task').set({ priority: 7 }).where('type', '=', 'triage').execute();
    await assertExact('after changes');
    // Time moves on: items fall due without any change to task.
    for (const h of [-50, -1, 0, 1, 39, 41]) {
      const counts = await repo.queueCounts(db, null, at(h));
      const { rows } = await sql<{ n: string }>`
        select count(*) as n from task where state = 'open' and type = 'triage' and due_at < ${at(h)}`.execute(db);
      assert.equal(counts.overdue, Number(rows[0].n), `overdue at ${h} hours`);
    }
  });

  test('folding the tally together keeps every count', async () => {
    const db = t.services.db;
    // Claimed and released again and again: every change adds tally rows.
    const task = await db
      .selectFrom('task')
      .select('id')
      .where('type', '=', 'triage')
      .where('state', '=', 'open')
      .limit(1)
      .executeTakeFirstOrThrow();
    for (let i = 0; i < 40; i++) {
      await db
        .updateTable('task')
        .set({ assignee_id: i % 2 ? null : users[0] })
        .where('id', '=', task.id)
        .execute();
    }
    const before = await sql<{ n: string }>`select count(*) as n from triage_tally`.execute(db);
    assert.ok(Number(before.rows[0].n) > 64, 'the changes above left many tally rows');
    await repo.compactTally(db);
    const { rows } = await sql<{ n: string }>`select count(*) as n from triage_tally`.execute(db);
    assert.ok(Number(rows[0].n) <= 3 * 4, `one row per assignee and grade, not ${rows[0].n}`);
    await assertExact('after folding');
    await addTasks(5);
    await assertExact('after folding and more intake');
  });
});
