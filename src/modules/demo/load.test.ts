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
  // The order register has work in it, recorded through the order service (each audited).
  const orders = await count(sql`select count(*) as n from protective_order`);
  assert.ok(orders > 0, 'the demo force has protective orders');
  assert.equal(await count(sql`select count(*) as n from audit_event where action = 'order-recorded'`), orders);
  // Clare's Law applications through the DVDS service: some disclosed, some not, some still open.
  const applications = await count(sql`select count(*) as n from dvds_application`);
  assert.ok(applications >= 8, `the demo force has Clare's Law applications (${applications})`);
  assert.equal(await count(sql`select count(*) as n from audit_event where action = 'dvds-application-recorded'`), applications);
  assert.ok((await count(sql`select count(*) as n from dvds_application where stage = 'disclosed'`)) > 0, 'some were disclosed');
  assert.ok((await count(sql`select count(*) as n from dvds_application where closed_at is null`)) > 0, 'some are open');

  // One truth for "awaiting triage": an incident's status moves with its triage task, because the past was graded.
  assert.equal(
    await count(sql`select count(*) as n from incident where status = 'awaiting-triage'`),
    recent,
    'only the incidents still to triage are awaiting triage',
  );
  const old = await count(sql`select count(*) as n from incident where reported_at < ${cutoff}`);
  assert.ok(old > 0);
  assert.equal(
    await count(sql`select count(*) as n from risk_assessment a join app_user u on u.id = a.assessed_by
      where u.role = 'assessor' and a.rationale is not null and a.rationale <> ''`),
    old,
    'every past incident was graded by an assessor, with a rationale',
  );
  assert.equal(
    await count(sql`select count(*) as n from task t join risk_assessment a on a.incident_id = t.incident_id and a.assessed_by is not null
      where t.type = 'triage' and a.submitted_at > t.due_at`),
    0,
    'graded inside the force SLA',
  );
  assert.equal(
    await count(
      sql`select count(*) as n from task where state = 'open' and incident_id in (select id from incident where reported_at < ${cutoff})`,
    ),
    0,
  );

  // Every role's home page gives the assessor's queue count, not a status nothing kept in step.
  const queued = await count(sql`select count(*) as n from task where type = 'triage' and state = 'open'`);
  for (const role of ['support', 'victimcare', 'assessor'] as const) {
    const actor = { userId: null, username: role, displayName: role, role, teamId: null, agencyId: null, via: 'web' as const };
    const item = (await t.services.home.workSummary(actor)).find((i) => i.qa === 'awaiting-triage');
    assert.equal(item?.count, queued, `${role}'s home page counts the triage queue`);
  }

  // Past Operation Encompass work closed as a team closes it: each with an outcome, inside the deadline, and the
  // outcomes a real unit has (a school told; a child not of school age, with who checked what and when).
  const encompass = sql`select * from task where type = 'operation-encompass' and state = 'done'`;
  const outcomes = (
    await sql<{
      outcome: string | null;
      n: string;
    }>`select details->>'outcome' as outcome, count(*) as n from (${encompass}) t group by 1`.execute(t.services.db)
  ).rows;
  assert.ok(outcomes.length > 0, 'the demo has past Operation Encompass work');
  assert.ok(
    outcomes.every((o) => o.outcome !== null),
    `every closed Encompass task says how it ended: ${JSON.stringify(outcomes)}`,
  );
  assert.ok(outcomes.some((o) => o.outcome === 'notified'));
  assert.ok(outcomes.some((o) => o.outcome === 'not-school-age'));
  assert.equal(
    await count(
      sql`select count(*) as n from (${encompass}) t where details->>'outcome' = 'notified' and coalesce(details->>'sentTo', '') = ''`,
    ),
    0,
  );
  assert.equal(
    await count(sql`select count(*) as n from (${encompass}) t where details->>'outcome' <> 'notified'
      and (details->'checks'->>'checkedBy' is null or jsonb_array_length(details->'checks'->'sources') = 0 or details->'checks'->>'checkedAt' is null)`),
    0,
    'who checked, what and when',
  );
  assert.equal(await count(sql`select count(*) as n from task where state = 'done' and completed_at > due_at`), 0, 'done in time');
  assert.ok((await count(sql`select count(*) as n from school where key_adult_email is not null`)) > 0, 'a school list with key adults');

  // The registers, through their services: a directory of local services, enquiries (each disclosure audited) and
  // advice to attending officers on recent incidents.
  assert.equal(await count(sql`select count(*) as n from directory_service`), 21);
  assert.ok((await count(sql`select count(*) as n from enquiry`)) > 0, 'enquiries for the research assistant');
  assert.equal(
    await count(sql`select count(*) as n from audit_event where action = 'enquiry-disclosure'`),
    await count(sql`select count(*) as n from enquiry where decision in ('disclose', 'partly')`),
  );
  // Safeguarding cases (issue 17): opened after grading, worked with contacts; old ones closed, recent ones open.
  const cases = await count(sql`select count(*) as n from safeguarding_case`);
  assert.ok(cases > 0, 'the demo has safeguarding cases');
  // The Victims' Code work opens cases of its own for victims who had none; those carry case events, not contacts.
  assert.ok((await count(sql`select count(distinct case_id) as n from case_contact`)) > 0, 'the case work recorded contacts');
  assert.ok((await count(sql`select count(*) as n from safeguarding_case where status = 'closed'`)) > 0, 'older cases were closed');
  assert.ok(
    (await count(
      sql`select count(*) as n from safeguarding_case c join app_user u on u.id = c.owner_id where c.status = 'open' and u.username in ('victimcare', 'coordinator')`,
    )) > 0,
    'the victim care officer and the coordinator hold open cases',
  );
  assert.equal(
    await count(
      sql`select count(*) as n from safeguarding_case c join case_contact k on k.case_id = c.id where k.occurred_at < c.opened_at`,
    ),
    0,
    "no contact before its case's opening",
  );

  await loadDemoIncidents(t.services, { incidents: 120 });
  assert.equal(await count(sql`select count(*) as n from incident`), 120, 'intake is idempotent: nothing is loaded twice');
  assert.equal(await count(sql`select count(*) as n from directory_service`), 21, 'the registers are loaded once');
  assert.equal(await count(sql`select count(*) as n from safeguarding_case`), cases, 'cases are loaded once');
});

test('the demo force has referrals in every state, made through the referral service; the IDVA has new ones to answer', async () => {
  const byStatus = new Map(
    (await sql<{ status: string; n: string }>`select status, count(*) as n from referral group by status`.execute(t.services.db)).rows.map(
      (r) => [r.status, Number(r.n)],
    ),
  );
  for (const status of ['sent', 'accepted', 'rejected'])
    assert.ok((byStatus.get(status) ?? 0) > 0, `some ${status}: ${JSON.stringify([...byStatus])}`);
  assert.equal(
    await count(
      sql`select count(*) as n from referral r where not exists (select 1 from audit_event e where e.action = 'referral-sent' and r.id::text = any(e.record_ids))`,
    ),
    0,
    'every referral is a disclosure in the audit trail',
  );
  const idvaNew = await count(
    sql`select count(*) as n from referral r join agency a on a.id = r.agency_id where a.code = 'idva' and r.status = 'sent'`,
  );
  assert.ok(idvaNew > 0, 'the IDVA signs in to new referrals');
  const chased = await count(sql`select count(*) as n from task where type = 'referral-chase' and state = 'open'`);
  const overdue = await count(sql`select count(*) as n from referral where status = 'sent' and response_due_at < ${t.clock.now()}`);
  assert.ok(overdue > 0, 'some referrals await an answer past the response time');
  assert.equal(chased, overdue, 'each unanswered referral past its response time is a task for its referrer');
});
