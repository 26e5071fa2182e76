import { test } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, TEST_NOW } from '../../testing/app.ts';
import { asOwner } from '../../testing/database.ts';
import * as repo from './triageQueueRepository.ts';

// Not part of the suite: 1M incidents each with a triage task, then the queue's queries timed.
test('triage queue at 1M incidents', { timeout: 590_000 }, async () => {
  const t = await createTestApp();
  const db = t.services.db;
  let started = Date.now();
  await sql`insert into incident (reference, source_system, source_reference, reported_at, classification, created_at)
    select 'P-' || g, 'perf', g::text, ${TEST_NOW}::timestamptz - (g || ' minutes')::interval, 'Domestic abuse', ${TEST_NOW}
    from generate_series(1, 1000000) g`.execute(db);
  await sql`insert into task (type, incident_id, reported_at, due_at, source_rule, details, created_at, priority, flags, state)
    select 'triage', id, reported_at, reported_at + interval '24 hours', 'perf', jsonb_build_object('officerGrade', (array['high','medium','standard'])[1 + (hashtext(id::text) & 3) % 3]),
      reported_at, (hashtext(id::text) & 127), case when hashtext(id::text) % 50 = 0 then array['hba'] else '{}' end,
      case when reported_at > ${TEST_NOW}::timestamptz - interval '30 days' then 'open' else 'done' end
    from incident`.execute(db);
  // As the owner: the app's role does not own the tables, so its analyze skips them and the plans run without statistics.
  await asOwner(t.database.ownerUrl, 'analyze');
  console.log(`load ${Date.now() - started} ms`);
  const filter = (f: Partial<repo.QueueFilter>): repo.QueueFilter => ({ grades: [], flags: [], overdue: false, assigned: 'anyone', ...f });
  const time = async (name: string, fn: () => Promise<unknown>) => {
    await fn();
    const runs: number[] = [];
    for (let i = 0; i < 10; i++) {
      started = performance.now();
      await fn();
      runs.push(performance.now() - started);
    }
    runs.sort((a, b) => a - b);
    console.log(`${name}: p50 ${runs[5].toFixed(1)} ms, max ${runs[9].toFixed(1)} ms`);
  };
  const page = (sort: repo.QueueSort, direction: repo.SortDirection, offset = 0) => ({ sort, direction, limit: 25, offset });
  const { rows } = await sql<{ n: string }>`select count(*) n from task where state = 'open'`.execute(db);
  console.log(`open triage tasks: ${rows[0].n}`);
  await time('page 1, priority', () => repo.queuePage(db, filter({}), null, TEST_NOW, page('priority', 'desc')));
  await time('page 100, priority', () => repo.queuePage(db, filter({}), null, TEST_NOW, page('priority', 'desc', 2475)));
  await time('sort due', () => repo.queuePage(db, filter({}), null, TEST_NOW, page('due', 'asc')));
  await time('sort reported desc', () => repo.queuePage(db, filter({}), null, TEST_NOW, page('reported', 'desc')));
  await time('sort reported asc', () => repo.queuePage(db, filter({}), null, TEST_NOW, page('reported', 'asc')));
  await time('sort reported asc, page 100', () => repo.queuePage(db, filter({}), null, TEST_NOW, page('reported', 'asc', 2475)));
  await time('sort reported desc, hba', () => repo.queuePage(db, filter({ flags: ['hba'] }), null, TEST_NOW, page('reported', 'desc')));
  await time('filter high + hba', () =>
    repo.queuePage(db, filter({ grades: ['high'], flags: ['hba'] }), null, TEST_NOW, page('priority', 'desc')),
  );
  await time('filter overdue', () => repo.queuePage(db, filter({ overdue: true }), null, TEST_NOW, page('priority', 'desc')));
  await time('count matching (hba)', () => repo.countMatching(db, filter({ flags: ['hba'] }), null, TEST_NOW));
  await time('counts', () => repo.queueCounts(db, null, TEST_NOW));
  await t.close();
});
