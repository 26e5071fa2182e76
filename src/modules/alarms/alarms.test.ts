import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, csrfFor, signIn, type TestApp } from '../../testing/app.ts';
import { lastAuditEvent } from '../../testing/records.ts';
import { systemActor } from '../../platform/audit/actor.ts';

/**
 * Panic alarms end to end: issued from the victim's page with its review date; bad input names the field and stores
 * nothing; an alarm issued long ago is due for review at once (a task); activations link to incidents; the review
 * closes its task and sets the next date; when her case closes the job raises the recovery task, which the return
 * closes; the register and the home page count them.
 */
let t: TestApp;
let victimId: string;
let incidentRef: string;

const count = async (table: 'panic_alarm' | 'panic_alarm_activation' | 'task') =>
  Number(
    (
      await t.services.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const tasksOf = (type: string) =>
  t.services.db.selectFrom('task').select(['id', 'state', 'due_at', 'assignee_id']).where('type', '=', type).execute();

const form = (extra: Record<string, string> = {}) => ({
  person: victimId,
  device: 'tecsos-handset',
  serial: 'TS-40017',
  installer: 'Kent Safe Homes',
  'issued-day': '2',
  'issued-month': '3',
  'issued-year': '2026',
  ...extra,
});

before(async () => {
  t = await createTestApp();
  const integration = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
  const res = await request(t.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${integration}`)
    .send({
      sourceSystem: 'niche-rms',
      sourceReference: 'ALARM-1',
      reportedAt: '2026-02-07T15:00:00Z',
      classification: 'Domestic abuse - assault',
      parties: [
        { role: 'victim', person: { givenName: 'Alys', familyName: 'Alarmer', dateOfBirth: '1991-05-02' } },
        { role: 'suspect', person: { givenName: 'Dai', familyName: 'Alarmer', dateOfBirth: '1988-01-19' } },
      ],
    })
    .expect(201);
  victimId = res.body.parties[0].personId;
  incidentRef = res.body.reference;
});
after(() => t.close());

describe('issuing, using, reviewing and returning a panic alarm', () => {
  let alarmId: string;
  const agentP = () => signIn(t.app, 'support');

  test('bad input names each field and stores nothing', async () => {
    const agent = await agentP();
    const csrf = await csrfFor(agent, `/alarms/new?person=${victimId}`);
    const res = await agent
      .post('/alarms/new')
      .type('form')
      .send({ ...form({ device: '', serial: '', 'issued-day': '31', 'issued-month': '2' }), _csrf: csrf })
      .expect(422);
    assert.match(res.text, /govuk-error-summary/);
    assert.match(res.text, /href="#device"[^>]*>Select the kind of alarm/);
    assert.match(res.text, /href="#serial"[^>]*>Enter the serial number of the alarm/);
    assert.match(res.text, /href="#issued-day"[^>]*>The date issued must be a real date/);
    // The day field has its id once: the summary's link lands on it (the wrapper has its own id).
    assert.equal(res.text.match(/id="issued-day"/g)?.length, 1);
    const future = await agent
      .post('/alarms/new')
      .type('form')
      .send({ ...form({ 'issued-day': '11' }), _csrf: csrf })
      .expect(422);
    assert.match(future.text, /href="#issued-day"[^>]*>The date issued must be today or in the past/);
    assert.equal(await count('panic_alarm'), 0);
  });

  test('the person page offers it; the alarm is stored with its review date, audited, and no task yet', async () => {
    const agent = await agentP();
    const page = await agent.get(`/people/${victimId}`).expect(200);
    assert.match(page.text, /Issue a panic alarm/);
    const csrf = await csrfFor(agent, `/alarms/new?person=${victimId}`);
    const res = await agent
      .post('/alarms/new')
      .type('form')
      .send({ ...form(), _csrf: csrf })
      .expect(303);
    alarmId = res.headers.location.split('/').pop()!;
    const row = await t.services.db.selectFrom('panic_alarm').selectAll().where('id', '=', alarmId).executeTakeFirstOrThrow();
    assert.equal(row.review_due_on, '2026-05-31'); // 90 days after 2 March
    assert.equal(row.task_id, null);
    const audit = await lastAuditEvent(t.services.db, 'alarm-issued');
    assert.deepEqual(audit?.subject_person_ids, [victimId]);
    const shown = await agent.get(res.headers.location).expect(200);
    assert.match(shown.text, /TS-40017/);
    assert.equal((await lastAuditEvent(t.services.db, 'alarm-viewed'))?.subject_person_ids[0], victimId);
    // The same handset cannot be issued twice while it is out.
    const again = await agent
      .post('/alarms/new')
      .type('form')
      .send({ ...form(), _csrf: csrf })
      .expect(422);
    assert.match(again.text, /href="#serial"[^>]*>The alarm with serial number TS-40017 is still issued/);
  });

  test('an activation links to its incident; an unknown reference and a future time are refused', async () => {
    const agent = await agentP();
    const csrf = await csrfFor(agent, `/alarms/${alarmId}`);
    const { version } = await t.services.db.selectFrom('panic_alarm').select('version').where('id', '=', alarmId).executeTakeFirstOrThrow();
    const base = { _csrf: csrf, version: String(version), 'activated-day': '8', 'activated-month': '3', 'activated-year': '2026' };
    const bad = await agent
      .post(`/alarms/${alarmId}/activations`)
      .type('form')
      .send({ ...base, 'activated-time': '25:00', outcome: '' })
      .expect(422);
    assert.match(bad.text, /href="#activated-time"/);
    assert.match(bad.text, /href="#outcome"/);
    const unknown = await agent
      .post(`/alarms/${alarmId}/activations`)
      .type('form')
      .send({ ...base, 'activated-time': '23:10', incident: 'NOPE-1', outcome: 'Officers attended' })
      .expect(422);
    assert.match(unknown.text, /href="#incident"[^>]*>No incident has the reference NOPE-1/);
    assert.equal(await count('panic_alarm_activation'), 0);
    await agent
      .post(`/alarms/${alarmId}/activations`)
      .type('form')
      .send({ ...base, 'activated-time': '23:10', incident: incidentRef, outcome: 'Officers attended in 6 minutes; he had left' })
      .expect(303);
    const page = await agent.get(`/alarms/${alarmId}`).expect(200);
    assert.match(page.text, new RegExp(`>${incidentRef}</a>`));
    assert.match(page.text, /Officers attended in 6 minutes/);
  });

  test('on its review date the job raises the review task (once); the review closes it and sets the next date', async () => {
    assert.equal(await t.services.alarms.raiseDueTasks(systemActor('test')), 0);
    t.clock.set(new Date('2026-05-31T09:00:00Z'));
    assert.equal(await t.services.alarms.raiseDueTasks(systemActor('test')), 1);
    assert.equal(await t.services.alarms.raiseDueTasks(systemActor('test')), 0);
    const [task] = await tasksOf('alarm-review');
    assert.equal(task.state, 'open');
    const support = await t.services.users.findByUsername('support');
    assert.equal(task.assignee_id, support!.id);
    const agent = await agentP();
    const home = await agent.get('/').expect(200);
    assert.match(home.text, /data-qa="summary-alarms-review-due">\s*<span class="app-card__count">1</);
    const csrf = await csrfFor(agent, `/alarms/${alarmId}`);
    const { version } = await t.services.db.selectFrom('panic_alarm').select('version').where('id', '=', alarmId).executeTakeFirstOrThrow();
    // A stale version is a conflict and changes nothing.
    await agent
      .post(`/alarms/${alarmId}/review`)
      .type('form')
      .send({ _csrf: csrf, version: String(version - 1), note: '' })
      .expect(409);
    await agent
      .post(`/alarms/${alarmId}/review`)
      .type('form')
      .send({ _csrf: csrf, version: String(version), note: 'Tested with her' })
      .expect(303);
    assert.equal((await tasksOf('alarm-review'))[0].state, 'done');
    const row = await t.services.db.selectFrom('panic_alarm').selectAll().where('id', '=', alarmId).executeTakeFirstOrThrow();
    assert.equal(row.review_due_on, '2026-08-29');
  });

  test('when her case closes the recovery task is raised; the return closes it and the register shows it returned', async () => {
    const supervisor = await t.services.users.findByUsername('supervisor');
    const actor = {
      ...systemActor('test'),
      userId: supervisor!.id,
      username: 'supervisor',
      role: 'supervisor' as const,
      via: 'web' as const,
    };
    const opened = await t.services.cases.openFor(actor, {
      victimPersonId: victimId,
      incidentIds: [],
      ownerId: null,
      teamId: null,
      enhancedRights: false,
    });
    assert.equal(await t.services.alarms.raiseDueTasks(systemActor('test')), 0);
    await t.services.cases.close(actor, opened.id, { version: opened.version, reason: 'risk-reduced', detail: null });
    assert.equal(await t.services.alarms.raiseDueTasks(systemActor('test')), 1);
    assert.equal((await tasksOf('alarm-return'))[0].state, 'open');
    const agent = await agentP();
    const register = await agent.get('/alarms?view=out').expect(200);
    assert.match(register.text, /Not returned: case closed/);
    assert.deepEqual((await lastAuditEvent(t.services.db, 'alarm-register-viewed'))?.subject_person_ids, [victimId]);
    const csrf = await csrfFor(agent, `/alarms/${alarmId}`);
    const { version } = await t.services.db.selectFrom('panic_alarm').select('version').where('id', '=', alarmId).executeTakeFirstOrThrow();
    const early = await agent
      .post(`/alarms/${alarmId}/return`)
      .type('form')
      .send({
        _csrf: csrf,
        version: String(version),
        'returned-day': '1',
        'returned-month': '3',
        'returned-year': '2026',
        reason: 'case-closed',
      })
      .expect(422);
    assert.match(early.text, /href="#returned-day"[^>]*>The date returned must be on or after the date the alarm was issued/);
    await agent
      .post(`/alarms/${alarmId}/return`)
      .type('form')
      .send({
        _csrf: csrf,
        version: String(version),
        'returned-day': '31',
        'returned-month': '5',
        'returned-year': '2026',
        reason: 'case-closed',
      })
      .expect(303);
    assert.equal((await tasksOf('alarm-return'))[0].state, 'done');
    const returned = await agent.get('/alarms?view=returned').expect(200);
    assert.match(returned.text, /TS-40017/);
  });

  test('the settings page changes the review period (supervisor); the support officer may not', async () => {
    const support = await agentP();
    await support.get('/admin/panic-alarms').expect(403);
    const agent = await signIn(t.app, 'supervisor');
    const csrf = await csrfFor(agent, '/admin/panic-alarms');
    const bad = await agent.post('/admin/panic-alarms').type('form').send({ _csrf: csrf, version: '0', days: '400' }).expect(422);
    assert.match(bad.text, /href="#days"[^>]*>The number of days must be a whole number from 1 to 365/);
    await agent.post('/admin/panic-alarms').type('form').send({ _csrf: csrf, version: '0', days: '30' }).expect(303);
    assert.equal((await t.services.alarms.reviewDays()).days, 30);
  });
});
