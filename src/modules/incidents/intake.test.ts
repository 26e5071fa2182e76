import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { systemActor } from '../../platform/audit/actor.ts';

let t: TestApp;
let token: string;
before(async () => {
  t = await createTestApp();
  token = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
});
after(() => t.close());

const post = (body: unknown) =>
  request(t.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send(body as object);

const allNo = Object.fromEntries(Array.from({ length: 27 }, (_, i) => [String(i + 1), 'no']));
const highRisk = { ...Object.fromEntries(Array.from({ length: 14 }, (_, i) => [String(i + 1), 'yes'])) };

function incident(reference: string, overrides: Record<string, unknown> = {}) {
  return {
    sourceSystem: 'niche-rms',
    sourceReference: reference,
    reportedAt: '2026-03-06T21:15:00Z', // a Friday evening
    classification: 'Domestic abuse - assault',
    location: { address: '14 Alder Close, Barnsley', postcode: 'S70 4QT' },
    parties: [
      {
        role: 'victim',
        person: { givenName: 'Margaret', familyName: 'Ellison', dateOfBirth: '1986-04-12', sex: 'female', postcode: 'S70 4QT' },
      },
      {
        role: 'suspect',
        person: { givenName: 'Robert', familyName: 'Ellison', dateOfBirth: '1983-11-02', sex: 'male', postcode: 'S70 4QT' },
      },
    ],
    riskAssessment: { instrument: 'dash-2009', answers: allNo, officerGrade: 'standard' },
    ...overrides,
  };
}

describe('POST /api/v1/incidents', () => {
  test('a new incident is stored: 201 with reference, new people and a triage task', async () => {
    const res = await post(incident('INC-1')).expect(201);
    assert.match(res.body.reference, /^SG-2026-\d{7}$/);
    assert.deepEqual(
      res.body.parties.map((p: { role: string; link: string }) => [p.role, p.link]),
      [
        ['victim', 'new'],
        ['suspect', 'new'],
      ],
    );
    assert.deepEqual(res.body.maracCriteria, []);
    assert.deepEqual(
      res.body.tasks.map((task: { type: string }) => task.type),
      ['triage'],
    );
  });

  test('the same source reference again answers 200 with the same incident and changes nothing', async () => {
    const first = await post(incident('INC-2')).expect(201);
    const again = await post(incident('INC-2')).expect(200);
    assert.equal(again.body.id, first.body.id);
    assert.deepEqual(again.body.parties, first.body.parties);
    const count = await t.services.db
      .selectFrom('incident')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('source_reference', '=', 'INC-2')
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 1);
  });

  test('the same people in a later incident, under a nickname and a typo, are matched to their person records', async () => {
    const first = await post(incident('INC-3', { reportedAt: '2025-01-10T10:00:00Z' })).expect(201);
    const later = incident('INC-4', {
      reportedAt: '2026-03-08T10:00:00Z',
      parties: [
        {
          role: 'victim',
          person: { givenName: 'Maggie', familyName: 'Ellison', dateOfBirth: '1986-04-12', sex: 'female', postcode: 'S70 4QT' },
        },
        {
          role: 'suspect',
          person: { givenName: 'Robert', familyName: 'Elison', dateOfBirth: '1983-11-02', sex: 'male', postcode: 'S70 4QT' },
        },
      ],
    });
    const res = await post(later).expect(201);
    assert.deepEqual(
      res.body.parties.map((p: { link: string; personId: string }) => [p.link, p.personId]),
      first.body.parties.map((p: { personId: string }) => ['matched', p.personId]),
    );
  });

  test('a victim with a high-risk DASH meets the visible-high-risk criterion, with its reason', async () => {
    const res = await post(
      incident('INC-5', { riskAssessment: { instrument: 'dash-2009', answers: { ...allNo, ...highRisk }, officerGrade: 'high' } }),
    ).expect(201);
    const criteria = res.body.maracCriteria.map((c: { criterion: string }) => c.criterion);
    assert.ok(criteria.includes('visible-high-risk'), JSON.stringify(res.body.maracCriteria));
    assert.ok(res.body.maracCriteria.every((c: { reason: string }) => c.reason.length > 0));
    const again = await post(incident('INC-5')).expect(200);
    assert.deepEqual(again.body.maracCriteria, res.body.maracCriteria);
  });

  test('a child party raises an Operation Encompass task due before the next school day', async () => {
    const body = incident('INC-6', {
      parties: [
        ...incident('x').parties,
        {
          role: 'child',
          person: { givenName: 'Lily', familyName: 'Ellison', dateOfBirth: '2016-09-01' },
          present: true,
          school: 'Kingstone Primary',
        },
      ],
    });
    const res = await post(body).expect(201);
    const encompass = res.body.tasks.find((task: { type: string }) => task.type === 'operation-encompass');
    assert.ok(encompass, 'an operation-encompass task');
    // Reported Friday 21:15 → due before school starts on Monday 9 March 2026 (the next school day, 08:30 by default).
    assert.ok(new Date(encompass.dueAt) > new Date('2026-03-06T21:15:00Z'));
    assert.ok(new Date(encompass.dueAt) <= new Date('2026-03-09T09:00:00Z'), encompass.dueAt);
  });

  test('the triage item carries the time the incident was reported, which the queue sorts by', async () => {
    const res = await post(incident('INC-REPORTED', { reportedAt: '2026-03-07T02:40:00Z' })).expect(201);
    const tasks = await t.services.db.selectFrom('task').select(['type', 'reported_at']).where('incident_id', '=', res.body.id).execute();
    assert.deepEqual(
      tasks.map((task) => [task.type, task.reported_at && new Date(task.reported_at).toISOString()]),
      [['triage', '2026-03-07T02:40:00.000Z']],
    );
    // A triage item without that time would be lost from the "Reported" order, so the database refuses one.
    await assert.rejects(
      t.services.db
        .insertInto('task')
        .values({
          type: 'triage',
          incident_id: res.body.id,
          due_at: t.clock.now(),
          source_rule: 'test',
          details: '{}',
          created_at: t.clock.now(),
        })
        .execute(),
      /task_triage_reported_at/,
    );
  });

  test('bad input is a 422 problem+json naming each field, and nothing is stored', async () => {
    const res = await post({
      sourceSystem: 'niche rms',
      reportedAt: 'yesterday',
      parties: [{ role: 'suspect', person: { givenName: '' } }],
    }).expect(422);
    assert.match(res.headers['content-type'], /^application\/problem\+json/);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    for (const field of [
      'sourceSystem',
      'sourceReference',
      'reportedAt',
      'classification',
      'parties.0.person.givenName',
      'parties.0.person.familyName',
    ]) {
      assert.ok(fields.includes(field), `${field} in ${fields.join(', ')}`);
    }
  });

  test('receiving writes one collection audit event naming the people', async () => {
    const res = await post(incident('INC-7')).expect(201);
    const events = await t.services.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'incident-received')
      .where(sql<boolean>`${res.body.id} = any(record_ids)`)
      .execute();
    assert.equal(events.length, 1);
    assert.equal(events[0].category, 'collection');
    assert.deepEqual([...events[0].subject_person_ids].sort(), res.body.parties.map((p: { personId: string }) => p.personId).sort());
  });

  test('an assessor may not send incidents: 403 problem+json', async () => {
    const assessorToken = await t.services.users.createApiToken(systemActor('test'), 'assessor', 'test');
    const res = await request(t.app)
      .post('/api/v1/incidents')
      .set('Authorization', `Bearer ${assessorToken}`)
      .send(incident('INC-8'))
      .expect(403);
    assert.match(res.headers['content-type'], /^application\/problem\+json/);
  });
});

describe('implausible incident times', () => {
  test('a reportedAt or occurredAt before 1900 is a 422 naming the field, not a 500', async () => {
    const early = await post(incident('INC-EARLY-1', { reportedAt: '0999-12-31T23:00:00Z' })).expect(422);
    assert.deepEqual(
      early.body.errors.map((e: { field: string }) => e.field),
      ['reportedAt'],
    );
    const occurred = await post(incident('INC-EARLY-2', { occurredAt: '0500-01-01T00:00:00Z' })).expect(422);
    assert.ok(occurred.body.errors.some((e: { field: string }) => e.field === 'occurredAt'));
  });

  test('a time in the future beyond a few minutes of clock skew is refused; within the skew it is accepted', async () => {
    const future = await post(incident('INC-FUTURE-1', { reportedAt: '9999-12-31T00:00:00Z' })).expect(422);
    assert.deepEqual(future.body.errors, [{ field: 'reportedAt', message: 'reportedAt must not be in the future' }]);
    const now = t.clock.now().getTime();
    await post(incident('INC-FUTURE-2', { reportedAt: new Date(now + 10 * 60_000).toISOString() })).expect(422);
    await post(incident('INC-FUTURE-3', { reportedAt: new Date(now + 60_000).toISOString() })).expect(201);
  });

  test('occurredAt after reportedAt is refused', async () => {
    const res = await post(incident('INC-ORDER-1', { reportedAt: '2026-03-06T21:15:00Z', occurredAt: '2026-03-06T22:00:00Z' })).expect(422);
    assert.deepEqual(res.body.errors, [{ field: 'occurredAt', message: 'occurredAt must not be after reportedAt' }]);
  });
});
