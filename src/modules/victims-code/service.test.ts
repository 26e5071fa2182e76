import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { systemActor, type Actor } from '../../platform/audit/actor.ts';
import { actorFromUser } from '../users/index.ts';
import { useTestAppWithApiToken } from '../../testing/app.ts';
import { lastAuditEvent } from '../../testing/records.ts';

/**
 * The Victims' Code clock through the API and the service, on a real database: each case event creates an update
 * obligation due 1 working day after it with Enhanced Rights, 5 without (the force's limits); giving the update after
 * the end of the due day is recorded as late; the compliance view counts due today, overdue, met on time and met late.
 * The test clock is Tuesday 10 March 2026, 10:00.
 */
const ctx = useTestAppWithApiToken();
let sent = 0;

async function actorFor(username: string): Promise<Actor> {
  const { services } = ctx.app;
  const user = await services.users.findByUsername(username);
  return actorFromUser((await services.users.profile(user!.id))!, 'web');
}

/** A victim sent through intake with a case held by the victim care officer (or with the Enhanced Rights given). */
async function aCase(givenName: string, enhancedRights = true): Promise<{ caseId: string; personId: string }> {
  const { services } = ctx.app;
  const res = await request(ctx.app.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${ctx.token}`)
    .send({
      sourceSystem: 'niche-rms',
      sourceReference: `VC-${++sent}`,
      reportedAt: '2026-03-01T20:00:00Z',
      classification: 'Domestic abuse - assault',
      parties: [
        { role: 'victim', person: { givenName, familyName: 'Codewright', dateOfBirth: `1988-04-${String(sent).padStart(2, '0')}` } },
      ],
    })
    .expect(201);
  const personId = res.body.parties[0].personId as string;
  const vco = await actorFor('victimcare');
  const opened = await services.db.transaction().execute((trx) =>
    services.cases.open(trx, systemActor('test'), {
      victimPersonId: personId,
      incidentIds: [res.body.id],
      ownerId: vco.userId,
      teamId: vco.teamId,
      enhancedRights,
      openedBy: null,
    }),
  );
  return { caseId: opened.id, personId };
}

async function postEvent(caseId: string, body: object, token?: string) {
  const auth = token ?? (await ctx.app.services.users.createApiToken(systemActor('test'), 'victimcare', 'vc'));
  return request(ctx.app.app).post(`/api/v1/cases/${caseId}/events`).set('Authorization', `Bearer ${auth}`).send(body);
}

describe("POST /api/v1/cases/{id}/events (Victims' Code update obligations)", () => {
  test('an arrest on Friday 17:00 with Enhanced Rights is due by the end of Monday, and is audited', async () => {
    const { caseId, personId } = await aCase('Ffion');
    const res = await postEvent(caseId, { type: 'arrest', occurredAt: '2026-03-06T17:00:00Z' });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.dueBy, '2026-03-09T23:59:59.000Z');
    assert.equal(res.body.obligation.workingDays, 1);
    assert.equal(res.body.obligation.enhancedRights, true);
    const event = await lastAuditEvent(ctx.app.services.db, 'case-event-recorded');
    assert.deepEqual(event.subject_person_ids, [personId]);
    assert.equal(event.category, 'collection');
  });

  test('without Enhanced Rights the same arrest is due 5 working days later, by the end of the next Friday', async () => {
    const { caseId } = await aCase('Gwen', false);
    const res = await postEvent(caseId, { type: 'arrest', occurredAt: '2026-03-06T17:00:00Z' });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.dueBy, '2026-03-13T23:59:59.000Z');
    assert.equal(res.body.obligation.workingDays, 5);
  });

  test('a bad body is a 422 naming every bad field, and records nothing', async () => {
    const { caseId } = await aCase('Hafsa');
    const res = await postEvent(caseId, { type: 'caution', occurredAt: 'last Tuesday' });
    assert.equal(res.status, 422);
    assert.match(res.headers['content-type'], /^application\/problem\+json/);
    assert.deepEqual(res.body.errors.map((e: { field: string }) => e.field).sort(), ['occurredAt', 'type']);
    const future = await postEvent(caseId, { type: 'charge', occurredAt: '2026-03-11T09:00:00Z' });
    assert.equal(future.status, 422);
    assert.deepEqual(
      future.body.errors.map((e: { field: string }) => e.field),
      ['occurredAt'],
    );
    const missing = await postEvent(caseId, {});
    assert.deepEqual(missing.body.errors.map((e: { field: string }) => e.field).sort(), ['occurredAt', 'type']);
    const view = await ctx.app.services.victimsCode.caseView(await actorFor('victimcare'), caseId);
    assert.equal(view.events.length, 0);
  });

  test('an unknown case is a 404, and a role without Victims\u2019 Code work is refused', async () => {
    const unknown = await postEvent('6b0f0c5e-0000-4000-8000-000000000000', { type: 'arrest', occurredAt: '2026-03-06T17:00:00Z' });
    assert.equal(unknown.status, 404);
    assert.equal((await postEvent('not-a-case', { type: 'arrest', occurredAt: '2026-03-06T17:00:00Z' })).status, 404);
    const { caseId } = await aCase('Iola');
    const assessor = await ctx.app.services.users.createApiToken(systemActor('test'), 'assessor', 'a');
    assert.equal((await postEvent(caseId, { type: 'arrest', occurredAt: '2026-03-06T17:00:00Z' }, assessor)).status, 403);
  });

  test("the force's time limits are configurable: 2 working days with Enhanced Rights after an administrator's change", async () => {
    const { services } = ctx.app;
    const admin = await actorFor('admin');
    const limits = await services.victimsCode.timeLimits();
    assert.equal(
      await services.victimsCode.changeTimeLimits(admin, { enhancedRightsWorkingDays: 2, standardWorkingDays: 5 }, limits.version),
      true,
    );
    try {
      const { caseId } = await aCase('Jess');
      const res = await postEvent(caseId, { type: 'charge', occurredAt: '2026-03-06T17:00:00Z' });
      assert.equal(res.body.dueBy, '2026-03-10T23:59:59.000Z');
      assert.equal((await lastAuditEvent(services.db, 'victims-code-time-limits-changed')).category, 'alteration');
    } finally {
      const now = await services.victimsCode.timeLimits();
      await services.victimsCode.changeTimeLimits(admin, { enhancedRightsWorkingDays: 1, standardWorkingDays: 5 }, now.version);
    }
  });
});

describe('giving the update and the compliance view', () => {
  test('an update given by the end of the due day is on time; one given after it is recorded as late', async () => {
    const { services } = ctx.app;
    const vco = await actorFor('victimcare');
    const { caseId } = await aCase('Kezia');
    const arrest = await services.victimsCode.recordEvent(vco, caseId, { type: 'arrest', occurredAt: new Date('2026-03-06T17:00:00Z') });
    const interview = await services.victimsCode.recordEvent(vco, caseId, {
      type: 'interview',
      occurredAt: new Date('2026-03-06T19:00:00Z'),
    });
    const onTime = await services.victimsCode.giveUpdate(vco, arrest.obligation.id, {
      version: 1,
      toldAt: new Date('2026-03-09T18:30:00Z'),
      method: 'phone',
      note: 'Told her he was arrested and is in custody',
    });
    assert.equal(onTime.late, false);
    const late = await services.victimsCode.giveUpdate(vco, interview.obligation.id, {
      version: 1,
      toldAt: new Date('2026-03-10T09:15:00Z'),
      method: 'visit',
      note: null,
    });
    assert.equal(late.late, true);
    const audit = await lastAuditEvent(services.db, 'victim-update-given');
    assert.equal(audit.actor_label, 'victimcare');
    assert.equal((audit.details as { late: boolean }).late, true);
    const view = await services.victimsCode.caseView(vco, caseId);
    assert.deepEqual(
      view.events.map((e) => [e.type, e.obligation.standing, e.obligation.method]),
      [
        ['interview', 'met-late', 'visit'],
        ['arrest', 'met-on-time', 'phone'],
      ],
    );
    assert.equal((await lastAuditEvent(services.db, 'victims-code-viewed')).category, 'consultation');
    await assert.rejects(
      services.victimsCode.giveUpdate(vco, arrest.obligation.id, {
        version: 2,
        toldAt: new Date('2026-03-09T19:00:00Z'),
        method: 'phone',
        note: null,
      }),
      /already been recorded/,
    );
  });

  test('an update cannot be recorded as given before the event, nor at a version someone else changed', async () => {
    const { services } = ctx.app;
    const vco = await actorFor('victimcare');
    const { caseId } = await aCase('Lowri');
    const { obligation } = await services.victimsCode.recordEvent(vco, caseId, {
      type: 'bail',
      occurredAt: new Date('2026-03-09T12:00:00Z'),
    });
    await assert.rejects(
      services.victimsCode.giveUpdate(vco, obligation.id, {
        version: 1,
        toldAt: new Date('2026-03-09T11:00:00Z'),
        method: 'phone',
        note: null,
      }),
      /before the event/,
    );
    await assert.rejects(
      services.victimsCode.giveUpdate(vco, obligation.id, {
        version: 7,
        toldAt: new Date('2026-03-09T13:00:00Z'),
        method: 'phone',
        note: null,
      }),
      /Someone else changed/,
    );
  });

  test('compliance counts due today, overdue, met on time and met late, filtered by officer and period', async () => {
    const { services } = ctx.app;
    const vco = await actorFor('victimcare');
    const supervisor = await actorFor('supervisor');
    const before = await services.victimsCode.compliance(supervisor, { officerId: vco.userId! });
    const { caseId, personId } = await aCase('Morwenna');
    // Due by the end of Monday 9 March: overdue at Tuesday 10:00.
    await services.victimsCode.recordEvent(vco, caseId, { type: 'rui', occurredAt: new Date('2026-03-06T10:00:00Z') });
    // Due by the end of today.
    await services.victimsCode.recordEvent(vco, caseId, { type: 'charge', occurredAt: new Date('2026-03-09T16:00:00Z') });
    const met = await services.victimsCode.recordEvent(vco, caseId, { type: 'arrest', occurredAt: new Date('2026-03-05T08:00:00Z') });
    await services.victimsCode.giveUpdate(vco, met.obligation.id, {
      version: 1,
      toldAt: new Date('2026-03-05T12:00:00Z'),
      method: 'phone',
      note: null,
    });
    const after = await services.victimsCode.compliance(supervisor, { officerId: vco.userId! });
    assert.deepEqual(
      {
        overdue: after.counts.overdue - before.counts.overdue,
        dueToday: after.counts.dueToday - before.counts.dueToday,
        metOnTime: after.counts.metOnTime - before.counts.metOnTime,
        metLate: after.counts.metLate - before.counts.metLate,
      },
      { overdue: 1, dueToday: 1, metOnTime: 1, metLate: 0 },
    );
    assert.ok(after.lists.overdue.some((o) => o.victimPersonId === personId && o.standing === 'overdue'));
    assert.ok(after.lists['due-today'].some((o) => o.victimPersonId === personId && o.victim === 'CODEWRIGHT, Morwenna'));
    const audit = await lastAuditEvent(services.db, 'victims-code-compliance-viewed');
    assert.ok(audit.subject_person_ids.includes(personId), 'the victims listed are named in the consultation');
    // Only what was due on 5 March: the met arrest (due by the end of Friday 6 March) is outside it.
    const period = await services.victimsCode.compliance(supervisor, { officerId: vco.userId!, from: '2026-03-09', to: '2026-03-10' });
    assert.equal(
      period.lists['met-on-time'].some((o) => o.victimPersonId === personId),
      false,
    );
    assert.equal(
      period.lists.overdue.some((o) => o.victimPersonId === personId),
      true,
    );
    // Another officer's filter shows none of hers.
    const other = await services.victimsCode.compliance(supervisor, { officerId: supervisor.userId! });
    assert.equal(
      other.lists.overdue.some((o) => o.victimPersonId === personId),
      false,
    );
    // Her home page list: the overdue and due-today updates on her cases.
    const home = await services.victimsCode.dueForHome(vco);
    assert.ok(home.overdue.some((o) => o.victimPersonId === personId));
    assert.ok(home.dueToday.some((o) => o.victimPersonId === personId));
  });

  test('Enhanced Rights changed with a reason: the next event is due in 5 working days, the change audited with its reason', async () => {
    const { services } = ctx.app;
    const vco = await actorFor('victimcare');
    const { caseId } = await aCase('Nerys');
    const c = await services.cases.find(services.db, caseId);
    await services.victimsCode.changeEnhancedRights(vco, caseId, {
      enhancedRights: false,
      reason: 'Not a victim of the offence: a witness',
      version: c!.version,
    });
    const { obligation } = await services.victimsCode.recordEvent(vco, caseId, {
      type: 'arrest',
      occurredAt: new Date('2026-03-06T17:00:00Z'),
    });
    assert.equal(obligation.dueBy.toISOString(), '2026-03-13T23:59:59.000Z');
    const audit = await lastAuditEvent(services.db, 'enhanced-rights-changed');
    assert.equal(audit.reason, 'Not a victim of the offence: a witness');
    const view = await services.victimsCode.caseView(vco, caseId);
    assert.equal(view.case.enhancedRights, false);
    assert.equal(view.enhancedRightsChanges[0].reason, 'Not a victim of the offence: a witness');
    await assert.rejects(
      services.victimsCode.changeEnhancedRights(vco, caseId, { enhancedRights: true, reason: 'x', version: c!.version }),
      /Someone else changed/,
    );
  });

  test('an NFA decision shows the Right to Review request deadline; a request starts the acknowledgement and decision clocks', async () => {
    const { services } = ctx.app;
    const vco = await actorFor('victimcare');
    const { caseId } = await aCase('Olwen');
    const nfa = await services.victimsCode.recordEvent(vco, caseId, { type: 'nfa', occurredAt: new Date('2026-03-02T11:00:00Z') });
    await services.victimsCode.recordEvent(vco, caseId, { type: 'not-investigated', occurredAt: new Date('2026-03-03T11:00:00Z') });
    await services.victimsCode.recordReviewRequest(vco, nfa.event.id, '2026-03-02');
    const view = await services.victimsCode.caseView(vco, caseId);
    const reviews = view.events.filter((e) => e.review);
    assert.equal(reviews.length, 1, 'a decision not to investigate is not reviewable');
    assert.equal(reviews[0].review!.requestBy.toISOString(), '2026-06-02T22:59:59.000Z');
    assert.equal(reviews[0].review!.acknowledgeBy!.toISOString(), '2026-03-16T23:59:59.000Z');
    assert.equal(reviews[0].review!.decideBy!.toISOString(), '2026-04-15T22:59:59.000Z');
  });

  test('needs assessment, update preferences and the Victim Personal Statement are recorded at the version seen', async () => {
    const { services } = ctx.app;
    const vco = await actorFor('victimcare');
    const { caseId } = await aCase('Peris');
    await services.victimsCode.recordNeedsAssessment(vco, caseId, {
      version: 0,
      assessment: {
        supportNeeds: ['safety', 'housing'],
        communicationNeeds: null,
        interpreterLanguage: 'Welsh',
        vulnerableOrIntimidated: true,
        consentsToReferral: true,
        notes: null,
      },
    });
    await services.victimsCode.agreePreferences(vco, caseId, {
      version: 1,
      preferences: { method: 'phone', frequency: 'weekly', via: 'victim-care-officer', viaName: null, notes: 'Not before 10am' },
    });
    await assert.rejects(
      services.victimsCode.recordPersonalStatement(vco, caseId, { version: 1, status: 'taken', on: '2026-03-09' }),
      /Someone else changed/,
    );
    await services.victimsCode.recordPersonalStatement(vco, caseId, { version: 2, status: 'taken', on: '2026-03-09' });
    const view = await services.victimsCode.caseView(vco, caseId);
    assert.deepEqual(view.needsAssessment?.supportNeeds, ['safety', 'housing']);
    assert.equal(view.preferences?.frequency, 'weekly');
    assert.equal(view.personalStatement?.status, 'taken');
    assert.equal(view.recordVersion, 3);
    assert.equal((await lastAuditEvent(services.db, 'personal-statement-recorded')).category, 'alteration');
  });
});

test('the OpenAPI document describes POST /cases/{id}/events with its dueBy and every event type', async () => {
  const res = await request(ctx.app.app).get('/api/v1/openapi.json').expect(200);
  const post = res.body.paths['/cases/{id}/events']?.post;
  assert.ok(post, 'documented');
  assert.deepEqual(post.requestBody.content['application/json'].schema.properties.type.enum, [
    'arrest',
    'interview',
    'released-no-charge',
    'bail',
    'rui',
    'charge',
    'nfa',
    'not-investigated',
  ]);
  assert.equal(post.responses['201'].content['application/json'].schema.properties.dueBy.format, 'date-time');
  assert.ok(post.responses['422'] && post.responses['404']);
});
