import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, signIn, type TestApp } from '../../testing/app.ts';
import { loadDemoIncidents } from './load.ts';

/** The demo force's Victims' Code work, made through the Victims' Code service: the victim care officer signs in to it. */
let t: TestApp;
before(async () => {
  t = await createTestApp();
  await loadDemoIncidents(t.services, { incidents: 150 });
});
after(() => t.close());

const count = async (query: ReturnType<typeof sql<{ n: string }>>) => Number((await query.execute(t.services.db)).rows[0].n);

test('demo victims have cases with events over the years: updates met on time and late, due today and overdue', async () => {
  const cases = await count(sql`select count(distinct case_id) as n from victim_update_obligation`);
  assert.ok(cases >= 30, `${cases} cases with Victims' Code work`);
  const onTime = await count(sql`select count(*) as n from victim_update_obligation where state = 'met' and not late`);
  const late = await count(sql`select count(*) as n from victim_update_obligation where state = 'met' and late`);
  assert.ok(onTime > late && late > 0, `${onTime} on time, ${late} late`);
  const years = await count(sql`select count(distinct extract(year from occurred_at)) as n from case_event`);
  assert.ok(years >= 2, `events in ${years} years`);
  // Every event recorded is audited, as the service does it.
  assert.equal(
    await count(sql`select count(*) as n from audit_event where action = 'case-event-recorded'`),
    await count(sql`select count(*) as n from case_event`),
  );
  assert.equal(await count(sql`select count(*) as n from audit_event where action = 'victim-update-given'`), onTime + late);
  const vco = await t.services.users.findByUsername('victimcare');
  const home = await (await signIn(t.app, 'victimcare')).get('/').expect(200);
  const overdue = Number(/data-qa="home-overdue-count">(\d+)</.exec(home.text)![1]);
  const dueToday = Number(/data-qa="home-due-today-count">(\d+)</.exec(home.text)![1]);
  assert.ok(overdue > 0 && dueToday > 0, `home: ${overdue} overdue, ${dueToday} due today`);
  assert.ok((await count(sql`select count(*) as n from victim_update_obligation where officer_id = ${vco!.id}`)) > 0, 'her own caseload');
});
