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

/** An incident with a child who goes to school (or, given `child`, the child described), sent as the force's systems send it. */
async function anIncidentWithAChild(
  reference: string,
  child: { school?: string; dateOfBirth?: string; givenName?: string } = {},
): Promise<string> {
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
          ...('school' in child ? (child.school ? { school: child.school } : {}) : { school: 'Oakwell Primary School' }),
          person: {
            givenName: child.givenName ?? 'Lily',
            familyName: 'Ellison',
            dateOfBirth: child.dateOfBirth ?? '2016-09-03',
            sex: 'female',
          },
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

describe('an Operation Encompass task with no school recorded can always be closed', () => {
  const post = async (agent: ReturnType<typeof request.agent>, path: string, body: Record<string, unknown>) =>
    agent
      .post(path)
      .type('form')
      .send({ _csrf: await csrfFor(agent), ...body });
  // The test clock is Tuesday 10 March 2026, 10:00 UTC; the incidents were reported on Monday evening.
  const checkedAt = { 'checked-day': '10', 'checked-month': '3', 'checked-year': '2026', 'checked-time': '09:30' };
  const auditOf = async (action: string, taskId: string) =>
    (
      await sql<{ category: string; subject_person_ids: string[]; recipient: string | null; reason: string | null }>`
        select category, subject_person_ids, recipient, reason from audit_event
        where action = ${action} and (details->>'taskId' = ${taskId} or ${taskId} = any(record_ids))`.execute(t.services.db)
    ).rows;
  const childOf = async (taskId: string) =>
    (await t.services.db.selectFrom('task').select('subject_person_id').where('id', '=', taskId).executeTakeFirstOrThrow())
      .subject_person_id;
  const detailsOf = async (taskId: string) =>
    (await t.services.db.selectFrom('task').select(['state', 'details']).where('id', '=', taskId).executeTakeFirstOrThrow()) as {
      state: string;
      details: Record<string, unknown>;
    };
  const incidentOf = async (taskId: string) =>
    (await t.services.db.selectFrom('task').select('incident_id').where('id', '=', taskId).executeTakeFirstOrThrow()).incident_id!;

  test('its page says the school is missing and offers both ways to close it, with the deadline', async () => {
    const taskId = await anIncidentWithAChild('ENC-NS-0', { school: '' });
    const page = await (await signIn(t.app, 'support')).get(paths.tasks.show({ id: taskId })).expect(200);
    assert.match(page.text, /data-qa="no-school-warning"/);
    assert.ok(page.text.includes(`href="${paths.tasks.school({ id: taskId })}"`), 'a way to find the school');
    assert.match(page.text, /data-qa="no-school-form"/);
    assert.doesNotMatch(page.text, /data-qa="sent-to-school"/);
    assert.match(page.text, /10 March 2026 at 8:30am/, 'the Encompass deadline is shown');
    assert.match(page.text, /Aged 9 when the incident was reported: of school age/);
  });

  test('school found in the list: the notice names it and its key adult, is sent, and the disclosure is audited', async () => {
    const school = await t.services.db.transaction().execute((trx) =>
      t.services.schools.register(trx, systemActor('test'), {
        name: 'Kestrel Lane Primary School',
        town: 'Barnsley',
        keyAdultName: 'Helen Carter',
        keyAdultEmail: 'dsl@kestrel-lane.example',
        keyAdultPhone: null,
      }),
    );
    const taskId = await anIncidentWithAChild('ENC-NS-1', { school: '' });
    const agent = await signIn(t.app, 'support');
    const picker = await agent
      .get(paths.tasks.school({ id: taskId }))
      .query({ q: 'kestrel' })
      .expect(200);
    assert.match(picker.text, /Kestrel Lane Primary School, Barnsley/);
    assert.match(picker.text, /Helen Carter/);
    await post(agent, paths.tasks.school({ id: taskId }), { version: await versionOf(taskId), school: school.id }).then((r) =>
      assert.equal(r.status, 303),
    );
    const page = await agent.get(paths.tasks.show({ id: taskId })).expect(200);
    assert.match(page.text, /data-qa="key-adult"/);
    assert.match(page.text, /dsl@kestrel-lane.example/);
    assert.ok(page.text.slice(page.text.indexOf('data-qa="encompass-notice"')).includes('Kestrel Lane Primary School, Barnsley'));
    assert.deepEqual(
      (await auditOf('encompass-school-recorded', taskId)).map((e) => e.subject_person_ids),
      [[await childOf(taskId)]],
    );
    await post(agent, paths.tasks.sentToSchool({ id: taskId }), { version: await versionOf(taskId) }).then((r) =>
      assert.equal(r.status, 303),
    );
    const { state, details } = await detailsOf(taskId);
    assert.equal(state, 'done');
    assert.equal(details.outcome, 'notified');
    const [disclosure] = await auditOf('operation-encompass-notice-sent', taskId);
    assert.equal(disclosure.category, 'disclosure');
    assert.equal(disclosure.recipient, 'Kestrel Lane Primary School, Barnsley');
    const done = await agent.get(paths.tasks.list).query({ scope: 'done' }).expect(200);
    assert.match(done.text, /Notice sent to Kestrel Lane Primary School, Barnsley/);
    const incident = await agent.get(paths.incidents.show({ id: await incidentOf(taskId) })).expect(200);
    assert.match(incident.text, /data-qa="incident-encompass"/);
    assert.match(incident.text, /Notice sent to Kestrel Lane Primary School, Barnsley/);
  });

  test("the attending officer's school is matched to the list for whom to tell, unless two schools share its name", async () => {
    const register = (town: string, keyAdultName: string) =>
      t.services.db.transaction().execute((trx) =>
        t.services.schools.register(trx, systemActor('test'), {
          name: 'Linnet Primary School',
          town,
          keyAdultName,
          keyAdultEmail: `dsl@linnet-${town.toLowerCase()}.example`,
          keyAdultPhone: null,
        }),
      );
    await register('Wombwell', 'Joanne Pike');
    const taskId = await anIncidentWithAChild('ENC-NS-MATCH', { school: 'Linnet Primary School' });
    const agent = await signIn(t.app, 'support');
    const matched = await agent.get(paths.tasks.show({ id: taskId })).expect(200);
    assert.match(matched.text, /data-qa="key-adult"/);
    assert.match(matched.text, /Joanne Pike/);
    await register('Hoyland', 'Tom Ashworth');
    const ambiguous = await agent.get(paths.tasks.show({ id: taskId })).expect(200);
    assert.doesNotMatch(ambiguous.text, /data-qa="key-adult"/, 'two schools of that name: the officer chooses');
    assert.match(ambiguous.text, /Choose the school from the list, for whom to tell/);
    const picker = await agent.get(paths.tasks.school({ id: taskId })).expect(200);
    assert.match(
      picker.text,
      /Linnet Primary School, Hoyland[\s\S]*Linnet Primary School, Wombwell/,
      'searched for the officer’s school at once',
    );
  });

  test('a school the list lacks is added with its key adult, and recorded on the task', async () => {
    const taskId = await anIncidentWithAChild('ENC-NS-2', { school: '' });
    const agent = await signIn(t.app, 'coordinator');
    const res = await post(agent, paths.tasks.school({ id: taskId }), {
      version: await versionOf(taskId),
      school: 'new',
      'school-name': 'Harrier Academy',
      'school-town': 'Penistone',
      'key-adult-name': 'Marcus Reid',
      'key-adult-phone': '01632 960 114',
    });
    assert.equal(res.status, 303);
    const added = await t.services.db.selectFrom('school').selectAll().where('name', '=', 'Harrier Academy').executeTakeFirstOrThrow();
    assert.equal(added.key_adult_name, 'Marcus Reid');
    assert.equal((await detailsOf(taskId)).details.schoolId, added.id);
    const events = await sql<{
      category: string;
    }>`select category from audit_event where action = 'school-added' and ${added.id} = any(record_ids)`.execute(t.services.db);
    assert.deepEqual(events.rows, [{ category: 'collection' }]);
    const page = await agent.get(paths.tasks.show({ id: taskId })).expect(200);
    assert.match(page.text, /data-qa="sent-to-school"/);
  });

  test('a new school without a way to reach its key adult is refused with the GOV.UK error summary', async () => {
    const taskId = await anIncidentWithAChild('ENC-NS-3', { school: '' });
    const agent = await signIn(t.app, 'support');
    const res = await post(agent, paths.tasks.school({ id: taskId }), {
      version: await versionOf(taskId),
      school: 'new',
      'school-name': 'Merlin Park School',
      'key-adult-name': '',
    });
    assert.equal(res.status, 422);
    assert.match(res.text, /<title>Error: /);
    assert.match(res.text, /govuk-error-summary/);
    assert.match(res.text, /href="#key-adult-name">Enter the name of the school’s key adult/);
    assert.match(res.text, /href="#key-adult-email">Enter the key adult’s email address or phone number/);
    assert.match(res.text, /value="Merlin Park School"/, 'what was typed is kept');
    assert.equal(
      await t.services.db.selectFrom('school').select('id').where('name', '=', 'Merlin Park School').executeTakeFirst(),
      undefined,
    );
  });

  test('not of school age: closed with who checked, what and when, audited, and shown on the task, list and incident', async () => {
    const taskId = await anIncidentWithAChild('ENC-NS-4', { school: '', dateOfBirth: '2024-01-05', givenName: 'Poppy' });
    const agent = await signIn(t.app, 'support');
    const page = await agent.get(paths.tasks.show({ id: taskId })).expect(200);
    assert.match(page.text, /Aged 2 when the incident was reported: not yet of school age \(starts reception in September 2028\)/);
    const res = await post(agent, paths.tasks.noSchool({ id: taskId }), {
      version: await versionOf(taskId),
      outcome: 'not-school-age',
      'checked-by': 'PC 4411 Jo Smith',
      checks: 'health-visitor',
      'check-details': 'Health visitor confirmed Poppy is at home with her mother.',
      ...checkedAt,
    });
    assert.equal(res.status, 303);
    const { state, details } = await detailsOf(taskId);
    assert.equal(state, 'done');
    assert.equal(details.outcome, 'not-school-age');
    assert.deepEqual(details.checks, {
      checkedBy: 'PC 4411 Jo Smith',
      sources: ['health-visitor'],
      details: 'Health visitor confirmed Poppy is at home with her mother.',
      checkedAt: '2026-03-10T09:30:00.000Z',
    });
    const [event] = await auditOf('operation-encompass-no-school', taskId);
    assert.equal(event.category, 'alteration');
    assert.deepEqual(event.subject_person_ids, [await childOf(taskId)]);
    assert.equal(event.reason, 'Not of school age: no school to tell');
    assert.equal((await auditOf('operation-encompass-notice-sent', taskId)).length, 0, 'nothing was disclosed');
    const shown = await agent.get(paths.tasks.show({ id: taskId })).expect(200);
    assert.match(shown.text, /data-qa="encompass-outcome">Not of school age: no school to tell/);
    assert.doesNotMatch(shown.text, /data-qa="encompass-text"/, 'no notice to copy: none was sent');
    assert.match(shown.text, /PC 4411 Jo Smith/);
    assert.match(shown.text, /Health visitor or school nurse/);
    assert.match(shown.text, /10 March 2026 at 9:30am/);
    const done = await agent.get(paths.tasks.list).query({ scope: 'done' }).expect(200);
    assert.ok(done.text.includes(paths.tasks.show({ id: taskId })));
    assert.match(done.text, /Not of school age: no school to tell/);
    const incident = await agent.get(paths.incidents.show({ id: await incidentOf(taskId) })).expect(200);
    assert.match(incident.text, /Not of school age: no school to tell/);
    const supportToken = await t.services.users.createApiToken(systemActor('test'), 'support', 'encompass');
    const api = await request(t.app)
      .get(`/api/v1/incidents/${await incidentOf(taskId)}`)
      .set('Authorization', `Bearer ${supportToken}`)
      .expect(200);
    assert.deepEqual(
      (api.body.tasks as { id: string; outcome?: string | null }[]).find((x) => x.id === taskId)?.outcome,
      'not-school-age',
      'the API says how it ended',
    );
  });

  test('school unknown after checks: closed with several sources and the outcome on the task list', async () => {
    const taskId = await anIncidentWithAChild('ENC-NS-5', { school: '', dateOfBirth: '2013-05-20' });
    const agent = await signIn(t.app, 'assessor');
    const res = await post(agent, paths.tasks.noSchool({ id: taskId }), {
      version: await versionOf(taskId),
      outcome: 'school-unknown',
      'checked-by': 'Amira Shah, risk assessor',
      checks: ['la-education', 'childrens-social-care', 'other'],
      'check-details': 'Neighbouring authority admissions: no record either.',
      ...checkedAt,
    });
    assert.equal(res.status, 303);
    const { state, details } = await detailsOf(taskId);
    assert.equal(state, 'done');
    assert.equal(details.outcome, 'school-unknown');
    assert.deepEqual((details.checks as { sources: string[] }).sources, ['la-education', 'childrens-social-care', 'other']);
    assert.equal((await auditOf('operation-encompass-no-school', taskId))[0].reason, 'School not known after checks');
    const done = await agent.get(paths.tasks.list).query({ scope: 'done' }).expect(200);
    assert.match(done.text, /School not known after checks/);
  });

  test('closing with no school is refused, with the error summary, until why, who, what and when are given', async () => {
    const taskId = await anIncidentWithAChild('ENC-NS-6', { school: '' });
    const agent = await signIn(t.app, 'support');
    const empty = await post(agent, paths.tasks.noSchool({ id: taskId }), {
      version: await versionOf(taskId),
      'checked-by': '',
      'checked-time': '9.30',
      'checked-day': '31',
      'checked-month': '2',
      'checked-year': '2026',
    });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /govuk-error-summary/);
    for (const [field, message] of [
      ['outcome', 'Select why no school is to be told'],
      ['checked-by', 'Enter who checked'],
      ['checks', 'Select what was checked'],
      ['checked-day', 'The date checked must be a real date'],
      ['checked-time', 'Enter the time checked in 24-hour format'],
    ])
      assert.match(empty.text, new RegExp(`href="#${field}">${message}`), field);
    assert.match(empty.text, /<details class="govuk-details"[^>]*open/, 'the form is open to correct');

    // Lily is 9: "not of school age" contradicts her recorded date of birth.
    const contradicted = await post(agent, paths.tasks.noSchool({ id: taskId }), {
      version: await versionOf(taskId),
      outcome: 'not-school-age',
      'checked-by': 'Sam Okafor',
      checks: 'police-systems',
      ...checkedAt,
    });
    assert.equal(contradicted.status, 422);
    assert.match(contradicted.text, /href="#outcome">The child’s recorded date of birth \(3 September 2016\) makes them of school age/);

    const otherUnsaid = await post(agent, paths.tasks.noSchool({ id: taskId }), {
      version: await versionOf(taskId),
      outcome: 'school-unknown',
      'checked-by': 'Sam Okafor',
      checks: 'other',
      ...checkedAt,
    });
    assert.equal(otherUnsaid.status, 422);
    assert.match(otherUnsaid.text, /href="#check-details">Say which other source was checked/);

    const tomorrow = await post(agent, paths.tasks.noSchool({ id: taskId }), {
      version: await versionOf(taskId),
      outcome: 'school-unknown',
      'checked-by': 'Sam Okafor',
      checks: 'la-education',
      ...checkedAt,
      'checked-day': '11',
    });
    assert.equal(tomorrow.status, 422);
    assert.match(tomorrow.text, /href="#checked-day">The date and time checked must be now or in the past/);
    assert.equal((await detailsOf(taskId)).state, 'open', 'nothing was closed');
  });
});
