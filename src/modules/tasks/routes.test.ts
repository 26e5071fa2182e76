import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { sql } from 'kysely';
import { createTestApp, csrfFor, signIn, type TestApp } from '../../testing/app.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { paths } from '../../paths.ts';
import { aTask } from '../../testing/personFixtures.ts';

let t: TestApp;
let token: string;
before(async () => {
  t = await createTestApp();
  token = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
});
after(() => t.close());

const allNo = Object.fromEntries(Array.from({ length: 27 }, (_, i) => [String(i + 1), 'no']));

/** An incident with a child who goes to school, sent as the force's systems send it. */
async function anIncidentWithAChild(reference: string): Promise<string> {
  const res = await request(t.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'niche-rms',
      sourceReference: reference,
      reportedAt: '2026-03-09T21:15:00Z',
      occurredAt: '2026-03-09T20:40:00Z',
      classification: 'Domestic abuse - assault',
      narrative: 'Synthetic narrative that must never reach a school.',
      location: { address: '14 Alder Close, Barnsley', postcode: 'S70 4QT' },
      parties: [
        { role: 'victim', person: { givenName: 'Margaret', familyName: 'Ellison', dateOfBirth: '1986-04-12', sex: 'female' } },
        { role: 'suspect', person: { givenName: 'Robert', familyName: 'Ellison', dateOfBirth: '1983-11-02', sex: 'male' } },
        {
          role: 'child',
          present: true,
          school: 'Oakwell Primary School',
          person: { givenName: 'Lily', familyName: 'Ellison', dateOfBirth: '2016-09-03', sex: 'female' },
        },
      ],
      riskAssessment: { instrument: 'dash-2009', answers: allNo, officerGrade: 'standard' },
    })
    .expect(201);
  const task = (res.body.tasks as { id?: string; type: string }[]).find((x) => x.type === 'operation-encompass');
  assert.ok(task, 'an Operation Encompass task is raised');
  const row = await t.services.db
    .selectFrom('task')
    .innerJoin('incident', 'incident.id', 'task.incident_id')
    .select('task.id')
    .where('incident.source_reference', '=', reference)
    .where('task.type', '=', 'operation-encompass')
    .executeTakeFirstOrThrow();
  return row.id;
}

const versionOf = async (id: string) =>
  (await t.services.db.selectFrom('task').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

describe('Operation Encompass task', () => {
  let taskId: string;
  before(async () => {
    taskId = await anIncidentWithAChild('ENC-1');
  });

  test('appears on the home page of a DA team member with its description, due time and link', async () => {
    const agent = await signIn(t.app, 'support');
    const home = await agent.get('/').expect(200);
    assert.match(home.text, /data-qa="your-tasks"/);
    assert.match(home.text, /Tell the child&#39;s school before the next school day/);
    assert.ok(home.text.includes(`href="${paths.tasks.show({ id: taskId })}"`));
    // Reported Monday 21:15 UTC; due Tuesday 08:30 London; the test clock is Tuesday 10:00 UTC.
    assert.match(home.text, /10 March 2026 at 8:30am/);
    assert.match(home.text, /data-qa="task-overdue"[^>]*>\s*overdue by 1 h 30 min/);
    const consulted = await sql<{ n: string }>`
      select count(*) as n from audit_event where actor_label = 'support' and action = 'tasks-viewed'`.execute(t.services.db);
    assert.equal(Number(consulted.rows[0].n), 1);
  });

  test('its page shows the school notice generated from the incident, without the narrative', async () => {
    const agent = await signIn(t.app, 'assessor');
    const page = await agent.get(paths.tasks.show({ id: taskId })).expect(200);
    const notice = page.text.slice(page.text.indexOf('data-qa="encompass-notice"'));
    for (const expected of [
      'Lily ELLISON',
      '3 September 2016',
      'Oakwell Primary School',
      '9 March 2026 at 8:40pm',
      'Yes, the child was present',
      'Domestic abuse - assault',
    ])
      assert.ok(notice.includes(expected), expected);
    assert.match(page.text, /data-qa="encompass-text"/);
    assert.doesNotMatch(page.text, /Synthetic narrative/);
    assert.match(page.text, /data-qa="incident-link"/);
  });

  test('a stale version is a friendly 409 and changes nothing', async () => {
    const agent = await signIn(t.app, 'support');
    const version = await versionOf(taskId);
    await agent
      .post(paths.tasks.claim({ id: taskId }))
      .type('form')
      .send({ _csrf: await csrfFor(agent), version })
      .expect(303);
    const stale = await agent
      .post(paths.tasks.sentToSchool({ id: taskId }))
      .type('form')
      .send({ _csrf: await csrfFor(agent), version })
      .expect(409);
    assert.match(stale.text, /Someone else changed this/);
    const row = await t.services.db.selectFrom('task').select('state').where('id', '=', taskId).executeTakeFirstOrThrow();
    assert.equal(row.state, 'open');
  });

  test('marking it sent to the school completes it and records the disclosure to the school', async () => {
    const agent = await signIn(t.app, 'support');
    await agent
      .post(paths.tasks.sentToSchool({ id: taskId }))
      .type('form')
      .send({ _csrf: await csrfFor(agent), version: await versionOf(taskId) })
      .expect(303);
    const row = await t.services.db.selectFrom('task').select(['state', 'completed_at']).where('id', '=', taskId).executeTakeFirstOrThrow();
    assert.equal(row.state, 'done');
    assert.ok(row.completed_at);
    const events = await sql<{ recipient: string; action: string }>`
      select recipient, action from audit_event where category = 'disclosure' and actor_label = 'support'`.execute(t.services.db);
    assert.deepEqual(events.rows, [{ recipient: 'Oakwell Primary School', action: 'operation-encompass-notice-sent' }]);
    const home = await agent.get('/').expect(200);
    assert.ok(!home.text.includes(paths.tasks.show({ id: taskId })), 'a done task leaves the home page');
  });
});

describe('marking a task as done', () => {
  const markDone = async (user: string, id: string) => {
    const agent = await signIn(t.app, user);
    return agent
      .post(paths.tasks.complete({ id }))
      .type('form')
      .send({ _csrf: await csrfFor(agent), version: await versionOf(id) });
  };
  const stateOf = async (id: string) =>
    (await t.services.db.selectFrom('task').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;

  test('an Operation Encompass task claimed by an assessor is not closed by a victim care officer, nor by the assessor', async () => {
    const taskId = await anIncidentWithAChild('ENC-DONE-1');
    const assessor = await signIn(t.app, 'assessor');
    await assessor
      .post(paths.tasks.claim({ id: taskId }))
      .type('form')
      .send({ _csrf: await csrfFor(assessor), version: await versionOf(taskId) })
      .expect(303);
    for (const user of ['victimcare', 'assessor', 'supervisor']) assert.equal((await markDone(user, taskId)).status, 403, user);
    assert.equal(await stateOf(taskId), 'open', 'no notice sent, so the task stays open');
    const refused = await sql<{ actor_label: string; subject_person_ids: string[] }>`
      select actor_label, subject_person_ids from audit_event
      where action = 'task:mark-done' and outcome = 'refused' and details->>'path' = ${paths.tasks.complete({ id: taskId })}
      order by id`.execute(t.services.db);
    const child = await t.services.db.selectFrom('task').select('subject_person_id').where('id', '=', taskId).executeTakeFirstOrThrow();
    assert.deepEqual(
      refused.rows,
      ['victimcare', 'assessor', 'supervisor'].map((actor_label) => ({ actor_label, subject_person_ids: [child.subject_person_id] })),
      'each refusal is audited, naming the child',
    );
    const notices =
      await sql`select id from audit_event where action = 'operation-encompass-notice-sent' and details->>'taskId' = ${taskId}`.execute(
        t.services.db,
      );
    assert.equal(notices.rows.length, 0);
  });

  test('a generic task is marked as done by its assignee, their team or a supervisor, and no one else', async () => {
    const incidentId = (await t.services.db.selectFrom('incident').select('id').executeTakeFirstOrThrow()).id;
    const north = await t.services.db.selectFrom('team').select('id').where('code', '=', 'da-north').executeTakeFirstOrThrow();
    const aGenericTask = (assignee: string | null) =>
      aTask(t.services.db, { type: 'investigation-escalation', incidentId, teamId: north.id, assignee: assignee ?? undefined });
    // North's, unclaimed: the Central assessor and South's victim care officer are refused; North's support officer closes it.
    const unclaimed = await aGenericTask(null);
    assert.equal((await markDone('assessor', unclaimed)).status, 403);
    assert.equal((await markDone('victimcare', unclaimed)).status, 403);
    assert.equal((await markDone('support', unclaimed)).status, 303);
    assert.equal(await stateOf(unclaimed), 'done');
    // Claimed by the Central assessor: theirs and their team's (the coordinator), not North's any more.
    const claimed = await aGenericTask('assessor');
    const page = await (await signIn(t.app, 'support')).get(paths.tasks.show({ id: claimed })).expect(200);
    assert.doesNotMatch(page.text, /data-qa="complete"/);
    assert.match(page.text, /data-qa="mark-done-by"/);
    assert.equal((await markDone('support', claimed)).status, 403);
    assert.equal((await markDone('coordinator', claimed)).status, 303);
    // A supervisor closes anyone's.
    const someoneElses = await aGenericTask('victimcare');
    assert.equal((await markDone('supervisor', someoneElses)).status, 303);
  });
});

describe('who may work tasks', () => {
  let taskId: string;
  before(async () => {
    taskId = await anIncidentWithAChild('ENC-2');
  });
  for (const user of ['idva', 'auditor', 'admin']) {
    test(`${user} may not open tasks`, async () => {
      const agent = await signIn(t.app, user);
      await agent.get(paths.tasks.list).expect(403);
      await agent.get(paths.tasks.show({ id: taskId })).expect(403);
      await agent
        .post(paths.tasks.claim({ id: taskId }))
        .type('form')
        .send({ _csrf: await csrfFor(agent), version: 1 })
        .expect(403);
    });
  }
  test('the full list filters to my tasks', async () => {
    const agent = await signIn(t.app, 'researcher');
    const mine = await agent.get(`${paths.tasks.list}?scope=mine`).expect(200);
    assert.match(mine.text, /data-qa="no-tasks"/);
    const team = await agent.get(`${paths.tasks.list}?scope=team`).expect(200);
    assert.ok(team.text.includes(paths.tasks.show({ id: taskId })));
  });
});
