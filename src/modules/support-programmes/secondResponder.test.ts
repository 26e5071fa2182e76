import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, csrfFor, signIn, type TestApp } from '../../testing/app.ts';
import { lastAuditEvent } from '../../testing/records.ts';
import { systemActor } from '../../platform/audit/actor.ts';

/**
 * The Second Responder programme end to end. The test clock reads Tuesday 10 March 2026, 10:00 UTC. A repeat
 * standard-risk victim (January and 3 March) is listed; a first-time victim and a high-risk repeat victim are not; a
 * victim whose window closes within 48 hours is warned of; a visit outside the window is refused naming the field; a
 * visit inside it is scheduled, leaves the list, and its outcome and referrals are recorded.
 */
let t: TestApp;
let token: string;
let sent = 0;
const answers = Object.fromEntries(Array.from({ length: 27 }, (_, i) => [String(i + 1), 'no']));

async function send(victim: Record<string, string>, reportedAt: string, officerGrade: string) {
  const res = await request(t.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'niche-rms',
      sourceReference: `SR-TEST-${++sent}`,
      reportedAt,
      classification: 'Domestic abuse - assault',
      parties: [
        { role: 'victim', person: victim },
        { role: 'suspect', person: { givenName: 'Kit', familyName: `Suspect${sent}`, dateOfBirth: '1980-01-01', sex: 'male' } },
      ],
      riskAssessment: { instrument: 'dash-2009', answers, officerGrade },
    })
    .expect(201);
  return { id: res.body.id as string, victimId: res.body.parties[0].personId as string };
}

const repeat = { givenName: 'Tamsin', familyName: 'Visitwell', dateOfBirth: '1989-02-03', sex: 'female' };
const closing = { givenName: 'Lowenna', familyName: 'Closeby', dateOfBirth: '1992-07-08', sex: 'female' };
let repeatIncident: { id: string; victimId: string };
let closingIncident: { id: string; victimId: string };

before(async () => {
  t = await createTestApp();
  token = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
  await send(repeat, '2026-01-12T20:00:00Z', 'standard');
  repeatIncident = await send(repeat, '2026-03-03T21:30:00Z', 'standard');
  await send({ givenName: 'Once', familyName: 'Only', dateOfBirth: '1995-01-01', sex: 'female' }, '2026-03-05T12:00:00Z', 'medium');
  const high = { givenName: 'Hana', familyName: 'Highrisk', dateOfBirth: '1990-09-09', sex: 'female' };
  await send(high, '2026-02-10T12:00:00Z', 'high');
  await send(high, '2026-03-06T12:00:00Z', 'high');
  await send(closing, '2025-12-01T12:00:00Z', 'medium');
  // 24 February 22:00: the window closes 10 March 22:00, within 48 hours of the clock.
  closingIncident = await send(closing, '2026-02-24T22:00:00Z', 'medium');
});
after(() => t.close());

describe('Second Responder visits', () => {
  let visitId: string;

  test('the list shows repeat standard/medium victims only, warning of a window closing within 48 hours', async () => {
    const agent = await signIn(t.app, 'support');
    const page = await agent.get('/second-responder').expect(200);
    assert.match(page.text, /Tamsin Visitwell/);
    assert.match(page.text, /Lowenna Closeby/);
    assert.doesNotMatch(page.text, /Once Only/);
    assert.doesNotMatch(page.text, /Hana Highrisk/);
    assert.match(page.text, /data-qa="window-warning"[\s\S]*?1 window close within 48 hours/);
    assert.match(page.text, /data-qa="window-closing"/);
    const audit = await lastAuditEvent(t.services.db, 'second-responder-list-viewed');
    assert.deepEqual([...audit.subject_person_ids].sort(), [repeatIncident.victimId, closingIncident.victimId].sort());
    const home = await agent.get('/').expect(200);
    assert.match(home.text, /data-qa="summary-second-responder-eligible">\s*<span class="app-card__count">2</);
    assert.match(home.text, /data-qa="summary-second-responder-closing">\s*<span class="app-card__count">1</);
  });

  test('a visit outside the 24 hour to 14 day window is refused naming the field, and nothing is stored', async () => {
    const agent = await signIn(t.app, 'support');
    const url = `/second-responder/visits/new?incident=${repeatIncident.id}&person=${repeatIncident.victimId}`;
    const csrf = await csrfFor(agent, url);
    const base = { _csrf: csrf, incident: repeatIncident.id, person: repeatIncident.victimId, visitors: 'PC 1234 Evans with the IDVA' };
    const late = await agent
      .post('/second-responder/visits/new')
      .type('form')
      .send({ ...base, 'visit-day': '18', 'visit-month': '3', 'visit-year': '2026', 'visit-time': '10:00' })
      .expect(422);
    assert.match(late.text, /govuk-error-summary/);
    assert.match(late.text, /href="#visit-day"[^>]*>The visit must be no more than 14 days after the incident/);
    const early = await agent
      .post('/second-responder/visits/new')
      .type('form')
      .send({ ...base, 'visit-day': '4', 'visit-month': '3', 'visit-year': '2026', 'visit-time': '09:00' })
      .expect(422);
    assert.match(early.text, /href="#visit-day"[^>]*>The visit must be at least 24 hours after the incident/);
    const blank = await agent
      .post('/second-responder/visits/new')
      .type('form')
      .send({ ...base, visitors: '', 'visit-time': '' })
      .expect(422);
    assert.match(blank.text, /href="#visit-day"[^>]*>Enter the visit/);
    assert.match(blank.text, /href="#visitors"[^>]*>Enter who will make the visit/);
    const n = await t.services.db
      .selectFrom('second_responder_visit')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 0);
  });

  test('a visit inside the window is scheduled and audited; she leaves the eligible list', async () => {
    const agent = await signIn(t.app, 'support');
    const url = `/second-responder/visits/new?incident=${repeatIncident.id}&person=${repeatIncident.victimId}`;
    const csrf = await csrfFor(agent, url);
    const res = await agent
      .post('/second-responder/visits/new')
      .type('form')
      .send({
        _csrf: csrf,
        incident: repeatIncident.id,
        person: repeatIncident.victimId,
        visitors: 'PC 1234 Evans with the IDVA',
        'visit-day': '12',
        'visit-month': '3',
        'visit-year': '2026',
        'visit-time': '14:30',
      })
      .expect(303);
    visitId = res.headers.location.split('/').pop()!;
    assert.deepEqual((await lastAuditEvent(t.services.db, 'second-responder-visit-scheduled')).subject_person_ids, [
      repeatIncident.victimId,
    ]);
    const page = await agent.get('/second-responder').expect(200);
    assert.match(page.text, /data-qa="visits-scheduled"[\s\S]*Tamsin Visitwell/);
    assert.doesNotMatch(page.text.split('data-qa="visits-scheduled"')[0], /Tamsin Visitwell/);
    const visit = await agent.get(res.headers.location).expect(200);
    assert.match(visit.text, new RegExp(`/referrals/new\\?incident=${repeatIncident.id}`));
    const person = await agent.get(`/people/${repeatIncident.victimId}`).expect(200);
    assert.match(person.text, /data-qa="second-responder-visits"/);
  });

  test('the outcome and referrals are recorded; a missing outcome names the field', async () => {
    const agent = await signIn(t.app, 'support');
    const csrf = await csrfFor(agent, `/second-responder/visits/${visitId}`);
    const bad = await agent
      .post(`/second-responder/visits/${visitId}/outcome`)
      .type('form')
      .send({ _csrf: csrf, version: '1' })
      .expect(422);
    assert.match(bad.text, /href="#outcome"[^>]*>Select what happened at the visit/);
    await agent
      .post(`/second-responder/visits/${visitId}/outcome`)
      .type('form')
      .send({
        _csrf: csrf,
        version: '1',
        outcome: 'visited',
        referrals: ['idva', 'sanctuary-scheme'],
        notes: 'She is considering a statement',
      })
      .expect(303);
    const row = await t.services.db.selectFrom('second_responder_visit').selectAll().where('id', '=', visitId).executeTakeFirstOrThrow();
    assert.equal(row.outcome, 'visited');
    assert.deepEqual(row.referrals_made, ['idva', 'sanctuary-scheme']);
    const page = await agent.get(`/second-responder/visits/${visitId}`).expect(200);
    assert.match(page.text, /IDVA service, Sanctuary scheme/);
  });

  test('a partner sees none of it', async () => {
    const idva = await signIn(t.app, 'idva');
    await idva.get('/second-responder').expect(403);
    await idva.get(`/second-responder/visits/${visitId}`).expect(403);
  });
});
