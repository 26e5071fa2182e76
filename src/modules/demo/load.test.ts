import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { demoForceIncomplete, loadDemoIncidents, OPEN_WORK_DAYS } from './load.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const count = async (query: ReturnType<typeof sql<{ n: string }>>) => Number((await query.execute(t.services.db)).rows[0].n);

test('the demo force goes through intake; only the last week is left to triage; a second run changes nothing', async () => {
  await loadDemoIncidents(t.services, { incidents: 120 });
  assert.equal(await count(sql`select count(*) as n from incident`), 120);
  assert.equal(await count(sql`select count(*) as n from incident_party where person_id is null`), 0);
  assert.equal(await count(sql`select count(*) as n from task where type = 'triage'`), 120);
  const cutoff = new Date(t.clock.now().getTime() - OPEN_WORK_DAYS * 86_400_000);
  const openOld = await count(
    sql`select count(*) as n from task join incident i on i.id = task.incident_id where task.state = 'open' and task.type = 'triage' and i.reported_at < ${cutoff}`,
  );
  assert.equal(openOld, 0, 'older incidents were triaged long ago');
  const openRecent = await count(
    sql`select count(*) as n from task join incident i on i.id = task.incident_id where task.state = 'open' and task.type = 'triage' and i.reported_at >= ${cutoff}`,
  );
  const recent = await count(sql`select count(*) as n from incident where reported_at >= ${cutoff}`);
  assert.equal(openRecent, recent);
  assert.equal(await demoForceIncomplete(t.services), false);

  await loadDemoIncidents(t.services, { incidents: 120 });
  assert.equal(await count(sql`select count(*) as n from incident`), 120, 'intake is idempotent: nothing is loaded twice');
});
