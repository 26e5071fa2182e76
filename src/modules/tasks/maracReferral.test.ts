import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, csrfFrom, signIn, type TestApp } from '../../testing/app.ts';
import { lastAuditEvent } from '../../testing/records.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { paths } from '../../paths.ts';

// The test clock reads Tuesday 10 March 2026, 10:00 UTC.
let t: TestApp;
let token: string;
let sent = 0;
const agents: Record<string, ReturnType<typeof request.agent>> = {};

const victim = { givenName: 'Jodie', familyName: 'Penhallow', dateOfBirth: '1990-05-17', sex: 'female' };
const suspect = { givenName: 'Callum', familyName: 'Roskilly', dateOfBirth: '1987-08-02', sex: 'male' };
const answers = (yes: number) => Object.fromEntries(Array.from({ length: 27 }, (_, i) => [String(i + 1), i < yes ? 'yes' : 'no']));

async function send(reportedAt: string, yes: number, officerGrade: string) {
  const res = await request(t.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'niche-rms',
      sourceReference: `MARAC-REF-${++sent}`,
      reportedAt,
      classification: 'Domestic abuse - assault',
      parties: [
        { role: 'victim', person: victim },
        { role: 'suspect', person: suspect },
      ],
      riskAssessment: { instrument: 'dash-2009', answers: answers(yes), officerGrade },
    })
    .expect(201);
  return res.body as { id: string; reference: string; parties: { role: string; personId: string }[] };
}

const criteriaOf = async (incidentId: string) =>
  (
    (await t.services.db.selectFrom('incident').select('marac_criteria').where('id', '=', incidentId).executeTakeFirstOrThrow())
      .marac_criteria as { criterion: string }[]
  ).map((c) => c.criterion);

let first: Awaited<ReturnType<typeof send>>;
let later: Awaited<ReturnType<typeof send>>;
let taskId: string;
let victimId: string;
let suspectId: string;

before(async () => {
  t = await createTestApp();
  token = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
  for (const u of ['assessor', 'coordinator', 'support']) agents[u] = await signIn(t.app, u);

  // February: 14 "yes" answers, visible high risk; graded high, which drafts the referral for the coordinator.
  first = await send('2026-02-01T19:30:00Z', 14, 'high');
  victimId = first.parties.find((p) => p.role === 'victim')!.personId;
  suspectId = first.parties.find((p) => p.role === 'suspect')!.personId;
  const page = await agents.assessor.get(paths.incidents.assessment({ id: first.id })).expect(200);
  const north = await t.services.db.selectFrom('team').select('id').where('code', '=', 'da-north').executeTakeFirstOrThrow();
  await agents.assessor
    .post(`${paths.incidents.assessment({ id: first.id })}/grade`)
    .type('form')
    .send({
      _csrf: csrfFrom(page.text),
      incidentVersion: /name="incidentVersion" value="(\d+)"/.exec(page.text)![1],
      grade: 'high',
      districtTeam: north.id,
    })
    .expect(303);
  taskId = (
    await t.services.db
      .selectFrom('task')
      .select('id')
      .where('incident_id', '=', first.id)
      .where('type', '=', 'marac-referral')
      .executeTakeFirstOrThrow()
  ).id;

  // Yesterday: the same two again, not yet graded; nothing in it alone meets a MARAC criterion.
  later = await send('2026-03-09T21:15:00Z', 2, 'standard');
});
after(() => t.close());

const versionOfTask = async () =>
  (await t.services.db.selectFrom('task').select('version').where('id', '=', taskId).executeTakeFirstOrThrow()).version;

async function record(user: string, form: Record<string, string>) {
  const agent = agents[user];
  const page = await agent.get(paths.tasks.show({ id: taskId })).expect(200);
  const version = /name="version" value="(\d+)"/.exec(page.text)?.[1] ?? '0';
  return agent
    .post(paths.tasks.maracReferral({ id: taskId }))
    .type('form')
    .send({ _csrf: csrfFrom(page.text), version, ...form });
}

describe('recording a referral to MARAC from the draft task', () => {
  test('the task page shows the criteria met and asks for the date and the perpetrator, the one suspect chosen', async () => {
    assert.deepEqual(await criteriaOf(later.id), []);
    const page = await agents.coordinator.get(paths.tasks.show({ id: taskId })).expect(200);
    assert.match(page.text, /Draft the MARAC referral/);
    assert.match(page.text, /data-qa="marac-criteria"[\s\S]*?<strong>Visible high risk<\/strong>/);
    assert.doesNotMatch(page.text, /<strong>[a-z]+-[a-z-]+<\/strong>/, 'no criterion shown as its code');
    assert.match(page.text, /Date the referral was made/);
    assert.match(page.text, new RegExp(`value="${suspectId}" checked`));
    assert.match(page.text, /ROSKILLY, Callum/);
    assert.match(page.text, /No perpetrator named in the referral/);
  });

  test('a date that is not real, or in the future, or before the incident, is refused with the error summary', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{}, /href="#referred-day">Enter the date the referral was made/],
      [{ 'referred-day': '31', 'referred-month': '2', 'referred-year': '2026' }, /Date referred must be a real date, like 27 3 2026/],
      [{ 'referred-day': '11', 'referred-month': '3', 'referred-year': '2026' }, /Date referred must be today or in the past/],
      [{ 'referred-day': '31', 'referred-month': '1', 'referred-year': '2026' }, /on or after the day the incident was reported/],
    ];
    for (const [date, message] of cases) {
      const res = await record('coordinator', { ...date, perpetrator: suspectId });
      assert.equal(res.status, 422, JSON.stringify(date));
      assert.match(res.text, /govuk-error-summary/);
      assert.match(res.text, message);
    }
    const res = await record('coordinator', {
      'referred-day': '3',
      'referred-month': '2',
      'referred-year': '2026',
      perpetrator: victimId,
    });
    assert.equal(res.status, 422);
    assert.match(res.text, /href="#perpetrator">Select one of the incident’s suspects/);
    assert.equal(await t.services.db.selectFrom('marac_referral').select('id').executeTakeFirst(), undefined, 'nothing recorded');
  });

  test('a DA support officer may not record a referral', async () => {
    const res = await record('support', { 'referred-day': '3', 'referred-month': '2', 'referred-year': '2026', perpetrator: suspectId });
    assert.equal(res.status, 403);
  });

  test('nobody closes the draft with "Mark as done": a support officer in another team is refused, audited, nothing recorded', async () => {
    for (const user of ['support', 'coordinator']) {
      const agent = agents[user];
      const page = await agent.get(paths.tasks.show({ id: taskId })).expect(200);
      assert.doesNotMatch(page.text, /data-qa="complete"/, `${user} is not offered "Mark as done"`);
      const res = await agent
        .post(paths.tasks.complete({ id: taskId }))
        .type('form')
        .send({ _csrf: csrfFrom(page.text), version: await versionOfTask() });
      assert.equal(res.status, 403, user);
      const refusal = await lastAuditEvent(t.services.db, 'task:mark-done');
      assert.deepEqual([refusal.actor_label, refusal.outcome, refusal.category], [user, 'refused', 'alteration']);
      assert.deepEqual(refusal.subject_person_ids, [victimId], 'the refusal names the victim the task is about');
    }
    const task = await t.services.db.selectFrom('task').select('state').where('id', '=', taskId).executeTakeFirstOrThrow();
    assert.equal(task.state, 'open');
    assert.equal(await t.services.db.selectFrom('marac_referral').select('id').executeTakeFirst(), undefined, 'no referral');
  });

  test('recording it stores the referral, closes the task and audits a disclosure to MARAC', async () => {
    const res = await record('coordinator', {
      'referred-day': '3',
      'referred-month': '2',
      'referred-year': '2026',
      perpetrator: suspectId,
    });
    assert.equal(res.status, 303, res.text);
    const referral = await t.services.db.selectFrom('marac_referral').selectAll().executeTakeFirstOrThrow();
    assert.equal(referral.incident_id, first.id);
    assert.equal(referral.victim_person_id, victimId);
    assert.equal(referral.perpetrator_person_id, suspectId);
    assert.equal(new Date(referral.referred_at).toISOString(), '2026-02-03T00:00:00.000Z', 'midnight London in winter');
    const task = await t.services.db.selectFrom('task').select(['state', 'details']).where('id', '=', taskId).executeTakeFirstOrThrow();
    assert.equal(task.state, 'done');

    const event = await lastAuditEvent(t.services.db, 'marac-referral-recorded');
    assert.equal(event.category, 'disclosure');
    assert.equal(event.recipient, 'MARAC');
    assert.equal(event.actor_label, 'coordinator');
    assert.deepEqual([...event.subject_person_ids].sort(), [victimId, suspectId].sort());
    assert.match(event.reason ?? '', /visible-high-risk/);

    const page = await agents.coordinator.get(paths.tasks.show({ id: taskId })).expect(200);
    assert.match(page.text, /Referred to MARAC on 3 February 2026/);
    assert.doesNotMatch(page.text, /data-qa="marac-referral-form"/);
  });

  test('the later incident between the same two now meets repeat MARAC, audited, and her page shows the referral', async () => {
    assert.deepEqual(await criteriaOf(later.id), ['repeat-marac']);
    const recomputed = await lastAuditEvent(t.services.db, 'marac-criteria-recomputed');
    assert.deepEqual(recomputed.record_ids, [later.id]);
    assert.equal((recomputed.details as { because: string }).because, 'marac-referral-recorded');
    const triage = await t.services.db
      .selectFrom('task')
      .select('flags')
      .where('incident_id', '=', later.id)
      .where('type', '=', 'triage')
      .executeTakeFirstOrThrow();
    assert.ok(triage.flags.includes('marac'), 'the triage item carries the MARAC flag');
    const person = await agents.coordinator.get(paths.people.show({ id: victimId })).expect(200);
    assert.match(person.text, /3 February 2026/);
  });

  test('recording it again is a conflict, not a second referral', async () => {
    const res = await agents.coordinator
      .post(paths.tasks.maracReferral({ id: taskId }))
      .type('form')
      .send({
        _csrf: csrfFrom((await agents.coordinator.get(paths.tasks.list).expect(200)).text),
        version: '0',
        'referred-day': '3',
        'referred-month': '2',
        'referred-year': '2026',
        perpetrator: suspectId,
      });
    assert.equal(res.status, 409);
    const referrals = await t.services.db.selectFrom('marac_referral').select('id').execute();
    assert.equal(referrals.length, 1);
  });
});
