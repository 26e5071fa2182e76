import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, csrfFor, signIn, type TestApp } from '../../testing/app.ts';
import { lastAuditEvent } from '../../testing/records.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { paths } from '../../paths.ts';

/** Safeguarding cases over HTTP: opening (page and API), transfer, closure and reopening, contacts and what they raise. */
let t: TestApp;
let integration: string;
let victimcareToken: string;
let sent = 0;
before(async () => {
  t = await createTestApp();
  integration = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
  victimcareToken = await t.services.users.createApiToken(systemActor('test'), 'victimcare', 'test');
});
after(() => t.close());

async function aVictim(givenName: string): Promise<{ personId: string; incidentId: string }> {
  const res = await request(t.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${integration}`)
    .send({
      sourceSystem: 'niche-rms',
      sourceReference: `CASE-T-${++sent}`,
      reportedAt: '2026-03-01T20:00:00Z',
      classification: 'Domestic abuse - assault',
      parties: [
        { role: 'victim', person: { givenName, familyName: 'Casefield', dateOfBirth: `1988-04-${String(10 + sent).padStart(2, '0')}` } },
        { role: 'suspect', person: { givenName: 'Gary', familyName: `Suspect${sent}`, dateOfBirth: '1985-01-01' } },
      ],
    })
    .expect(201);
  return { personId: res.body.parties[0].personId, incidentId: res.body.id };
}

const api = (tokenOf: string) => ({
  post: (path: string, body: object) => request(t.app).post(path).set('Authorization', `Bearer ${tokenOf}`).send(body),
  get: (path: string) => request(t.app).get(path).set('Authorization', `Bearer ${tokenOf}`),
});

async function aCase(givenName: string) {
  const v = await aVictim(givenName);
  const res = await api(victimcareToken)
    .post('/api/v1/cases', { victimPersonId: v.personId, incidentIds: [v.incidentId] })
    .expect(201);
  return { ...v, caseId: res.body.id as string, reference: res.body.reference as string };
}

const countOf = async (table: 'case_contact' | 'case_history', caseId: string) =>
  Number(
    (
      await t.services.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('case_id', '=', caseId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('the cases API', () => {
  test('POST /api/v1/cases opens a case (Enhanced Rights by default, held by the caller), audited; GET reads it back', async () => {
    const v = await aVictim('Aisha');
    const res = await api(victimcareToken)
      .post('/api/v1/cases', { victimPersonId: v.personId, incidentIds: [v.incidentId] })
      .expect(201);
    assert.match(res.body.reference, /^CASE-\d{6}$/);
    assert.equal(res.body.enhancedRights, true);
    assert.deepEqual(res.body.incidentIds, [v.incidentId]);
    const vicky = await t.services.users.findByUsername('victimcare');
    assert.equal(res.body.ownerId, vicky!.id);
    assert.equal(res.body.teamId, vicky!.team_id);
    const opened = await lastAuditEvent(t.services.db, 'case-opened');
    assert.deepEqual(opened?.subject_person_ids, [v.personId]);
    const got = await api(victimcareToken).get(`/api/v1/cases/${res.body.id}`).expect(200);
    assert.equal(got.body.reference, res.body.reference);
    assert.equal((await lastAuditEvent(t.services.db, 'case-viewed'))?.category, 'consultation');
    // One open case per victim: a second is a conflict naming the first.
    const again = await api(victimcareToken)
      .post('/api/v1/cases', { victimPersonId: v.personId, incidentIds: [v.incidentId] })
      .expect(409);
    assert.match(again.body.detail, new RegExp(res.body.reference));
  });

  test('bad input is a 422 naming every field, and nothing is opened', async () => {
    const res = await api(victimcareToken)
      .post('/api/v1/cases', { victimPersonId: 'nope', incidentIds: [], enhancedRights: 'yes' })
      .expect(422);
    assert.match(res.headers['content-type'], /application\/problem\+json/);
    assert.deepEqual(res.body.errors.map((e: { field: string }) => e.field).sort(), ['enhancedRights', 'incidentIds', 'victimPersonId']);
    const v = await aVictim('Bronwen');
    const other = await aVictim('Ceri');
    const notHers = await api(victimcareToken)
      .post('/api/v1/cases', { victimPersonId: v.personId, incidentIds: [other.incidentId] })
      .expect(422);
    assert.equal(notHers.body.errors[0].field, 'incidentIds');
    assert.equal(await t.services.cases.openCaseOf(t.services.db, v.personId), undefined);
  });

  test('a role that may not open cases is refused, and the refusal names the victim', async () => {
    const v = await aVictim('Delyth');
    const support = await t.services.users.createApiToken(systemActor('test'), 'support', 'test');
    await api(support)
      .post('/api/v1/cases', { victimPersonId: v.personId, incidentIds: [v.incidentId] })
      .expect(403);
    const refused = await lastAuditEvent(t.services.db, 'case:open');
    assert.equal(refused?.outcome, 'refused');
    assert.deepEqual(refused?.subject_person_ids, [v.personId]);
  });
});

describe('the case pages', () => {
  test('a case is opened by hand from the form, picking her incidents; a missing team names the field', async () => {
    const v = await aVictim('Efa');
    const agent = await signIn(t.app, 'coordinator');
    const form = await agent.get(`${paths.cases.new}?personId=${v.personId}&incidentId=${v.incidentId}`).expect(200);
    assert.match(form.text, /Open a safeguarding case/);
    const csrf = await csrfFor(agent, `${paths.cases.new}?personId=${v.personId}`);
    const bad = await agent
      .post(paths.cases.new)
      .type('form')
      .send({ _csrf: csrf, personId: v.personId, incidents: v.incidentId, owner: '', team: '', enhancedRights: 'yes' })
      .expect(422);
    assert.match(bad.text, /govuk-error-summary/);
    assert.match(bad.text, /href="#team">Select the team that holds the case/);
    const team = await t.services.db.selectFrom('team').select('id').where('code', '=', 'da-central').executeTakeFirstOrThrow();
    const ok = await agent
      .post(paths.cases.new)
      .type('form')
      .send({ _csrf: csrf, personId: v.personId, incidents: v.incidentId, owner: '', team: team.id, enhancedRights: 'no' })
      .expect(303);
    const page = await agent.get(ok.headers.location).expect(200);
    assert.match(page.text, /CASE-\d{6}/);
    assert.match(page.text, /data-qa="victims-code-link"/);
    // The referral form opens on this case (the referrals module reads ?case=).
    const caseId = ok.headers.location.split('/').pop();
    assert.ok(page.text.includes(`href="/referrals/new?case=${caseId}" data-qa="referral-link"`), 'refers from this case');
  });

  test('transfer with a reason moves the case and is kept in its history and the audit; a stale version is a 409', async () => {
    const c = await aCase('Ffion');
    const agent = await signIn(t.app, 'victimcare');
    const csrf = await csrfFor(agent, paths.cases.transfer({ id: c.caseId }));
    const noReason = await agent
      .post(paths.cases.transfer({ id: c.caseId }))
      .type('form')
      .send({ _csrf: csrf, version: 1, owner: '', team: '' })
      .expect(422);
    assert.match(noReason.text, /href="#team"/);
    assert.match(noReason.text, /href="#reason">Enter why the case is being transferred/);
    const dan = await t.services.users.findByUsername('coordinator');
    await agent
      .post(paths.cases.transfer({ id: c.caseId }))
      .type('form')
      .send({ _csrf: csrf, version: 1, owner: dan!.id, team: dan!.team_id, reason: 'She has moved to the Central area' })
      .expect(303);
    const moved = await t.services.cases.find(t.services.db, c.caseId);
    assert.equal(moved?.ownerId, dan!.id);
    const event = await lastAuditEvent(t.services.db, 'case-transferred');
    assert.equal(event?.reason, 'She has moved to the Central area');
    assert.equal(event?.category, 'alteration');
    const stale = await agent
      .post(paths.cases.transfer({ id: c.caseId }))
      .type('form')
      .send({ _csrf: csrf, version: 1, owner: '', team: dan!.team_id, reason: 'Again' })
      .expect(403); // no longer hers nor her team's
    assert.match(stale.text, /data-qa="forbidden"/);
    const dansAgent = await signIn(t.app, 'coordinator');
    const conflict = await dansAgent
      .post(paths.cases.transfer({ id: c.caseId }))
      .type('form')
      .send({ _csrf: await csrfFor(dansAgent), version: 1, owner: '', team: dan!.team_id, reason: 'Back to the team' })
      .expect(409);
    assert.match(conflict.text, /Someone else changed this/);
  });

  test('closing needs a reason; a closed case can be reopened with one; each is in the history', async () => {
    const c = await aCase('Gwen');
    const agent = await signIn(t.app, 'victimcare');
    const csrf = await csrfFor(agent, paths.cases.close({ id: c.caseId }));
    const bad = await agent
      .post(paths.cases.close({ id: c.caseId }))
      .type('form')
      .send({ _csrf: csrf, version: 1, reason: 'other' })
      .expect(422);
    assert.match(bad.text, /href="#detail">Explain why the case is being closed/);
    await agent
      .post(paths.cases.close({ id: c.caseId }))
      .type('form')
      .send({ _csrf: csrf, version: 1, reason: 'risk-reduced' })
      .expect(303);
    const closed = await t.services.cases.find(t.services.db, c.caseId);
    assert.equal(closed?.status, 'closed');
    assert.match(closed!.closureReason!, /Risk reduced/);
    const noReason = await agent
      .post(paths.cases.reopen({ id: c.caseId }))
      .type('form')
      .send({ _csrf: csrf, version: 2, reason: '' })
      .expect(422);
    assert.match(noReason.text, /href="#reason">Enter why the case is being reopened/);
    await agent
      .post(paths.cases.reopen({ id: c.caseId }))
      .type('form')
      .send({ _csrf: csrf, version: 2, reason: 'She called again: new threats' })
      .expect(303);
    assert.equal((await t.services.cases.find(t.services.db, c.caseId))?.status, 'open');
    assert.equal(await countOf('case_history', c.caseId), 3);
    const page = await agent.get(paths.cases.show({ id: c.caseId })).expect(200);
    assert.match(page.text, /Case reopened/);
    assert.match(page.text, /She called again: new threats/);
  });
});

describe('contacts', () => {
  const contact = (csrf: string, extra: Record<string, unknown> = {}) => ({
    _csrf: csrf,
    method: 'call',
    direction: 'incoming',
    'occurred-day': '10',
    'occurred-month': '3',
    'occurred-year': '2026',
    'occurred-time': '09:30',
    withWhom: 'The victim',
    outcome: 'spoke',
    advice: 'Discussed a non-molestation order and the National DA Helpline.',
    safetyPlan: ['emergency-999', 'escape-bag'],
    safetyPlanOther: 'Keep the car keys by the back door',
    literature: 'helplines-card',
    'next-day': '12',
    'next-month': '3',
    'next-year': '2026',
    ...extra,
  });

  test('a contact is recorded with its advice, safety plan and literature, and sets the next contact due; audited', async () => {
    const c = await aCase('Hannah');
    const agent = await signIn(t.app, 'victimcare');
    const csrf = await csrfFor(agent, paths.cases.newContact({ id: c.caseId }));
    await agent
      .post(paths.cases.newContact({ id: c.caseId }))
      .type('form')
      .send(contact(csrf))
      .expect(303);
    const row = await t.services.db.selectFrom('case_contact').selectAll().where('case_id', '=', c.caseId).executeTakeFirstOrThrow();
    assert.deepEqual(row.safety_plan, [
      'Call 999 in an emergency (Silent Solution: 55 if unable to speak)',
      'An escape bag with documents, medication and money kept somewhere safe',
      'Keep the car keys by the back door',
    ]);
    assert.equal(row.occurred_at.toISOString(), '2026-03-10T09:30:00.000Z');
    assert.equal((await t.services.cases.find(t.services.db, c.caseId))?.nextContactDueOn, '2026-03-12');
    const event = await lastAuditEvent(t.services.db, 'contact-recorded');
    assert.equal(event?.category, 'collection');
    assert.deepEqual(event?.subject_person_ids, [c.personId]);
    const page = await agent.get(paths.cases.show({ id: c.caseId })).expect(200);
    assert.match(page.text, /Discussed a non-molestation order/);
    assert.match(page.text, /Helplines card/);
    // No answer and disengaged are outcomes too.
    await agent
      .post(paths.cases.newContact({ id: c.caseId }))
      .type('form')
      .send(contact(csrf, { outcome: 'no-answer', direction: 'outgoing' }))
      .expect(303);
    assert.equal(await countOf('case_contact', c.caseId), 2);
  });

  test('bad contact input names each field, and nothing is recorded', async () => {
    const c = await aCase('Iona');
    const agent = await signIn(t.app, 'victimcare');
    const csrf = await csrfFor(agent, paths.cases.newContact({ id: c.caseId }));
    const res = await agent
      .post(paths.cases.newContact({ id: c.caseId }))
      .type('form')
      .send(contact(csrf, { 'occurred-day': '31', 'occurred-month': '2', withWhom: '', urgent: 'yes', ndmRationale: '' }))
      .expect(422);
    assert.match(res.text, /href="#occurred-day">Date of the contact must be a real date/);
    assert.match(res.text, /href="#withWhom">Enter who the contact was with/);
    assert.match(res.text, /href="#ndmRationale">Enter your rationale under the National Decision Model/);
    const future = await agent
      .post(paths.cases.newContact({ id: c.caseId }))
      .type('form')
      .send(contact(csrf, { 'occurred-day': '11' }))
      .expect(422);
    assert.match(future.text, /href="#occurred-day">The date and time of the contact must be now or in the past/);
    assert.equal(await countOf('case_contact', c.caseId), 0);
  });

  test('the urgent path: a police resource requested raises an urgent task for the supervisor, linked to the case', async () => {
    const c = await aCase('Jess');
    const agent = await signIn(t.app, 'victimcare');
    const csrf = await csrfFor(agent, paths.cases.newContact({ id: c.caseId }));
    await agent
      .post(paths.cases.newContact({ id: c.caseId }))
      .type('form')
      .send(
        contact(csrf, {
          urgent: 'yes',
          ndmRationale: 'He is outside the house now and she is hiding upstairs: immediate threat, 999 via CRC.',
          policeResource: 'yes',
        }),
      )
      .expect(303);
    const task = await t.services.db.selectFrom('task').selectAll().where('case_id', '=', c.caseId).executeTakeFirstOrThrow();
    assert.equal(task.type, 'police-resource-requested');
    assert.equal(task.due_at.toISOString(), '2026-03-10T10:15:00.000Z');
    const supervisor = await t.services.users.findByUsername('supervisor');
    assert.equal(task.assignee_id, supervisor!.id);
    assert.equal(task.subject_person_id, c.personId);
    assert.equal((await lastAuditEvent(t.services.db, 'task-raised'))?.category, 'collection');
    const supervisorAgent = await signIn(t.app, 'supervisor');
    const home = await supervisorAgent.get('/').expect(200);
    assert.match(home.text, /Police resource requested for a victim in distress/);
    // A police resource without the urgent path is refused, naming the field.
    const refused = await agent
      .post(paths.cases.newContact({ id: c.caseId }))
      .type('form')
      .send(contact(csrf, { policeResource: 'yes' }))
      .expect(422);
    assert.match(refused.text, /href="#urgent"/);
  });

  test('unseen crime and intelligence disclosed raise tasks for the recorder to record and submit, linked to the case', async () => {
    const c = await aCase('Kate');
    const agent = await signIn(t.app, 'victimcare');
    const csrf = await csrfFor(agent, paths.cases.newContact({ id: c.caseId }));
    await agent
      .post(paths.cases.newContact({ id: c.caseId }))
      .type('form')
      .send(contact(csrf, { unseenCrime: 'He took her phone and pushed her on Saturday', intelligence: 'He now drives a blue van' }))
      .expect(303);
    const tasks = await t.services.db.selectFrom('task').selectAll().where('case_id', '=', c.caseId).orderBy('type').execute();
    assert.deepEqual(
      tasks.map((x) => x.type),
      ['record-unseen-crime', 'submit-intelligence'],
    );
    const vicky = await t.services.users.findByUsername('victimcare');
    for (const x of tasks) {
      assert.equal(x.assignee_id, vicky!.id);
      assert.equal(x.due_at.toISOString(), '2026-03-11T10:00:00.000Z');
    }
    const page = await agent.get(paths.cases.show({ id: c.caseId })).expect(200);
    assert.match(page.text, /Record the crime the victim disclosed during a contact/);
    assert.match(page.text, /He now drives a blue van/);
  });
});

describe('safe-contact instructions', () => {
  test('recorded from the case, they sit at the top of the case, person, incident and contact pages; a stale save is a 409', async () => {
    const c = await aCase('Lowri');
    const agent = await signIn(t.app, 'victimcare');
    const csrf = await csrfFor(agent, paths.cases.safeContact({ id: c.caseId }));
    const bad = await agent
      .post(paths.cases.safeContact({ id: c.caseId }))
      .type('form')
      .send({ _csrf: csrf, version: 0, method: '' })
      .expect(422);
    assert.match(bad.text, /href="#method">Enter how it is safe to contact her/);
    await agent
      .post(paths.cases.safeContact({ id: c.caseId }))
      .type('form')
      .send({
        _csrf: csrf,
        version: 0,
        method: 'Mobile only, no voicemail',
        safeTimes: 'Weekdays 9am to 3pm',
        phone: '07700 900123',
        mustNotKnow: 'Gary and his mother',
      })
      .expect(303);
    assert.equal((await lastAuditEvent(t.services.db, 'safe-contact-recorded'))?.category, 'collection');
    for (const path of [
      paths.cases.show({ id: c.caseId }),
      paths.people.show({ id: c.personId }),
      paths.incidents.show({ id: c.incidentId }),
      paths.cases.newContact({ id: c.caseId }),
    ]) {
      const page = await agent.get(path).expect(200);
      const at = page.text.indexOf('data-qa="safe-contact"');
      assert.ok(at > 0, `safe contact on ${path}`);
      assert.ok(at < page.text.indexOf('<h1'), `safe contact above the heading on ${path}`);
      assert.match(page.text, /Gary and his mother/);
    }
    const stale = await agent
      .post(paths.cases.safeContact({ id: c.caseId }))
      .type('form')
      .send({ _csrf: csrf, version: 0, method: 'Landline' })
      .expect(409);
    assert.match(stale.text, /Someone else changed this/);
  });
});

describe('home', () => {
  test("the victim care officer's home page lists her open cases and the contacts due", async () => {
    const c = await aCase('Megan');
    await t.services.db.updateTable('safeguarding_case').set({ next_contact_due_on: '2026-03-09' }).where('id', '=', c.caseId).execute();
    const agent = await signIn(t.app, 'victimcare');
    const home = await agent.get('/').expect(200);
    assert.match(home.text, /data-qa="your-cases"/);
    assert.match(home.text, new RegExp(c.reference));
    assert.match(home.text, /Contact overdue/);
    assert.match(home.text, /contacts? (is|are) due today or overdue/);
  });
});
