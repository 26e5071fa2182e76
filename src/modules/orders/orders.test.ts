import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { sql, type SqlBool } from 'kysely';
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pdfText } from './testPdfText.ts';

/** Supertest's body as the bytes sent. */
function binary(res: NodeJS.ReadableStream, done: (err: Error | null, body: unknown) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
import { createTestApp, csrfFor, signIn, type TestApp } from '../../testing/app.ts';
import { lastAuditEvent } from '../../testing/records.ts';
import { systemActor } from '../../platform/audit/actor.ts';

/**
 * The order register end to end: a DVPN recorded through the API or the form gets its 48-hour hearing clock and a
 * court application countdown; a notice authorised below the rank the law requires, a DVPO outside 14–28 days or a
 * notice of the regime the force does not use is refused with the field named and nothing stored; the hearing outcome
 * makes the DVPO; breaches are recorded against the order; the person page and API show the orders in force.
 */
let t: TestApp;
let integration: string;
let coordinatorToken: string;
let victimcareToken: string;
let victimId: string;
let suspectId: string;
let incidentReference: string;
let incidentId: string;

async function orderCount() {
  const row = await t.services.db
    .selectFrom('protective_order')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const dvpn = (extra: object = {}) => ({
  type: 'DVPN',
  subjectPersonId: suspectId,
  protectedPersonIds: [victimId],
  // Saturday 18:00 on an ordinary weekend (GMT): the hearing is due by Tuesday 18:00 (DOMAIN.md).
  servedAt: '2026-03-07T18:00:00Z',
  authorisedBy: { name: 'Supt Amara Quayle', rank: 'Superintendent' },
  conditions: [{ kind: 'no-contact', text: 'Must not contact the victim directly or through anyone else' }],
  ...extra,
});

before(async () => {
  t = await createTestApp();
  integration = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
  coordinatorToken = await t.services.users.createApiToken(systemActor('test'), 'coordinator', 'test');
  victimcareToken = await t.services.users.createApiToken(systemActor('test'), 'victimcare', 'test');
  const res = await request(t.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${integration}`)
    .send({
      sourceSystem: 'niche-rms',
      sourceReference: 'ORD-1',
      reportedAt: '2026-03-07T15:00:00Z',
      classification: 'Domestic abuse - assault',
      parties: [
        { role: 'victim', person: { givenName: 'Priya', familyName: 'Ordway', dateOfBirth: '1991-04-02' } },
        { role: 'suspect', person: { givenName: 'Dominic', familyName: 'Ordway', dateOfBirth: '1988-11-19' } },
      ],
    })
    .expect(201);
  victimId = res.body.parties[0].personId;
  suspectId = res.body.parties[1].personId;
  incidentReference = res.body.reference;
  incidentId = res.body.id;
});
after(() => t.close());

describe('recording notices and orders through the API', () => {
  test('a DVPN gets its hearing deadline: 48 hours after service, Sunday not counted', async () => {
    const res = await request(t.app).post('/api/v1/orders').set('Authorization', `Bearer ${coordinatorToken}`).send(dvpn()).expect(201);
    assert.equal(res.body.type, 'DVPN');
    assert.equal(res.body.hearingDueBy, '2026-03-10T18:00:00.000Z');
    assert.match(res.body.reference, /^ORD-\d{6}$/);
    assert.deepEqual(res.body.protectedPersonIds, [victimId]);
    const event = await lastAuditEvent(t.services.db, 'order-recorded');
    assert.deepEqual([...(event?.subject_person_ids ?? [])].sort(), [suspectId, victimId].sort());
    const read = await request(t.app).get(`/api/v1/orders/${res.body.id}`).set('Authorization', `Bearer ${victimcareToken}`).expect(200);
    assert.equal(read.body.hearingDueBy, '2026-03-10T18:00:00.000Z');
  });

  test('a DVPN authorised by an inspector is refused, naming the rank, and nothing is stored', async () => {
    const before = await orderCount();
    const res = await request(t.app)
      .post('/api/v1/orders')
      .set('Authorization', `Bearer ${coordinatorToken}`)
      .send(dvpn({ authorisedBy: { name: 'Insp Kay Lomas', rank: 'inspector' } }))
      .expect(422);
    assert.equal(res.type, 'application/problem+json');
    assert.deepEqual(res.body.errors, [
      { field: 'authorisedBy.rank', message: 'A DVPN must be authorised by a superintendent or above, not an inspector' },
    ]);
    assert.equal(await orderCount(), before);
  });

  test('a DVPO of 30 days, an unknown person and a bad date are each named', async () => {
    const before = await orderCount();
    const res = await request(t.app)
      .post('/api/v1/orders')
      .set('Authorization', `Bearer ${coordinatorToken}`)
      .send({
        type: 'DVPO',
        subjectPersonId: suspectId,
        protectedPersonIds: [victimId],
        servedAt: '2026-03-09T11:00:00Z',
        expiresAt: '2026-04-08T11:00:00Z',
      })
      .expect(422);
    assert.deepEqual(res.body.errors, [{ field: 'endsAt', message: 'A DVPO lasts 14 to 28 days: this one would last 30 days' }]);
    const bad = await request(t.app)
      .post('/api/v1/orders')
      .set('Authorization', `Bearer ${coordinatorToken}`)
      .send({ type: 'DVPX', subjectPersonId: 'nobody', servedAt: 'yesterday' })
      .expect(422);
    assert.deepEqual(bad.body.errors.map((e: { field: string }) => e.field).sort(), ['servedAt', 'subjectPersonId', 'type']);
    assert.equal(await orderCount(), before);
  });

  test('a victim care officer reads the register but may not record; a partner may not read it', async () => {
    await request(t.app).post('/api/v1/orders').set('Authorization', `Bearer ${victimcareToken}`).send(dvpn()).expect(403);
    const idva = await signIn(t.app, 'idva');
    await idva.get('/orders').expect(403);
  });

  test('a DAPN is refused until the administrator switches the force to both regimes', async () => {
    const dapn = dvpn({ type: 'DAPN', authorisedBy: { name: 'Insp Kay Lomas', rank: 'Inspector' } });
    const refused = await request(t.app).post('/api/v1/orders').set('Authorization', `Bearer ${coordinatorToken}`).send(dapn).expect(422);
    assert.equal(refused.body.errors[0].field, 'type');
    const admin = await signIn(t.app, 'admin');
    const page = await admin.get('/admin/order-regime').expect(200);
    const version = /name="version" value="(\d+)"/.exec(page.text)![1];
    await admin
      .post('/admin/order-regime')
      .type('form')
      .send({ _csrf: await csrfFor(admin, '/admin/order-regime'), version, regime: 'both' })
      .expect(303);
    const made = await request(t.app).post('/api/v1/orders').set('Authorization', `Bearer ${coordinatorToken}`).send(dapn).expect(201);
    assert.equal(made.body.hearingDueBy, '2026-03-10T18:00:00.000Z');
    // A second save from the same (now old) page is a conflict, not a silent overwrite.
    await admin
      .post('/admin/order-regime')
      .type('form')
      .send({ _csrf: await csrfFor(admin, '/admin/order-regime'), version, regime: 'dvpn-dvpo' })
      .expect(409);
  });
});

describe('the order register in the browser pages', () => {
  test('from the person page a coordinator records a DVPN, sees its countdown, records the DVPO made and a breach', async () => {
    const coordinator = await signIn(t.app, 'coordinator');
    const person = await coordinator.get(`/people/${suspectId}`).expect(200);
    assert.match(person.text, /data-qa="record-order"/);
    const form = await coordinator.get(`/orders/new?subject=${suspectId}`).expect(200);
    assert.match(form.text, /Priya Ordway/, 'the victim is offered as someone the order protects');
    const csrf = await csrfFor(coordinator, `/orders/new?subject=${suspectId}`);

    const refused = await coordinator
      .post('/orders/new')
      .type('form')
      .send({
        _csrf: csrf,
        subject: suspectId,
        type: 'DVPN',
        protected: victimId,
        'starts-day': '9',
        'starts-month': '3',
        'starts-year': '2026',
        'starts-time': '09:30',
        'authorised-name': 'Ch Insp Rob Hale',
        'authorised-rank': 'chief-inspector',
      })
      .expect(422);
    assert.match(refused.text, /govuk-error-summary/);
    assert.match(refused.text, /href="#authorised-rank"/);

    const saved = await coordinator
      .post('/orders/new')
      .type('form')
      .send({
        _csrf: csrf,
        subject: suspectId,
        type: 'DVPN',
        protected: victimId,
        'starts-day': '9',
        'starts-month': '3',
        'starts-year': '2026',
        'starts-time': '09:30',
        'incident-reference': incidentReference.toLowerCase(),
        'authorised-name': 'Supt Amara Quayle',
        'authorised-rank': 'superintendent',
        'condition-exclusion-zone': 'Must not enter Larch Road',
        'condition-exclusion-address': '14 Larch Road, Barnsley',
      })
      .expect(303);
    const orderUrl = saved.headers.location;
    const page = await coordinator.get(orderUrl).expect(200);
    // Served Monday 09:30 GMT: due Wednesday 09:30; at 10:00 on Tuesday that is 23 h 30 min away.
    assert.match(page.text, /data-qa="hearing-countdown"/);
    assert.match(page.text, /11 March 2026/);
    assert.match(page.text, /14 Larch Road, Barnsley/);
    assert.match(page.text, new RegExp(incidentReference));

    const home = await coordinator.get('/').expect(200);
    assert.match(
      home.text,
      /data-qa="summary-order-hearings">\s*<span class="app-card__count">[1-9]/,
      "the coordinator's home counts the hearings still to come",
    );
    const register = await coordinator.get('/orders?view=hearings').expect(200);
    assert.match(register.text, new RegExp(orderUrl.replace('/orders/', '')));

    // The countdown is right before any script runs: hours and minutes to Wednesday 09:30.
    assert.match(page.text, /data-countdown-text>Hearing: 23 hours 30 minutes left</);
    const noticeId = orderUrl.split('/').pop()!;
    const task = await t.services.db
      .selectFrom('task')
      .select(['id', 'state', 'due_at', 'team_id'])
      .where('type', '=', 'court-application')
      .where(sql<SqlBool>`details->>'orderId' = ${noticeId}`)
      .executeTakeFirstOrThrow();
    assert.equal(task.state, 'open');
    assert.equal(new Date(task.due_at).toISOString(), '2026-03-11T09:30:00.000Z', 'the court application is due when the hearing is');
    assert.ok(task.team_id, "it is on the recording coordinator's DA team's queue");
    const taskList = await coordinator.get('/tasks?scope=team').expect(200);
    assert.match(taskList.text, /Apply to the magistrates’ court/);
    const taskPage = await coordinator.get(`/tasks/${task.id}`).expect(200);
    assert.match(taskPage.text, /data-countdown-text>Hearing: 23 hours 30 minutes left</);
    assert.match(taskPage.text, new RegExp(`href="${orderUrl}"`));

    // The court application pack, pre-filled from the records; each generation a disclosure naming the people.
    assert.match(page.text, /data-qa="court-pack-pdf"/);
    const pdf = await coordinator
      .get(`${orderUrl}/court-pack.pdf`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const text = pdfText(pdf.body as Buffer);
    for (const expected of [
      'Dominic Ordway',
      'Priya Ordway',
      'Supt Amara Quayle, Superintendent',
      '14 Larch Road, Barnsley',
      incidentReference,
      '11 March 2026',
    ]) {
      assert.ok(text.includes(expected), `the pack names ${expected}`);
    }
    const packed = await lastAuditEvent(t.services.db, 'order-court-pack-generated');
    assert.equal(packed?.category, 'disclosure');
    assert.deepEqual([...(packed?.subject_person_ids ?? [])].sort(), [suspectId, victimId].sort());
    const docx = await coordinator
      .get(`${orderUrl}/court-pack.docx`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    const dir = await mkdtemp(path.join(tmpdir(), 'pack-'));
    await writeFile(path.join(dir, 'pack.docx'), docx.body as Buffer);
    const xml = execFileSync('unzip', ['-p', path.join(dir, 'pack.docx'), 'word/document.xml']).toString();
    assert.match(xml, /Dominic Ordway/);
    assert.match(xml, /Hearing must start by: 11 March 2026/);

    const version = /name="version" value="(\d+)"/.exec(page.text)![1];
    const tooLong = await coordinator
      .post(`${orderUrl}/hearing-outcome`)
      .type('form')
      .send({
        _csrf: await csrfFor(coordinator, orderUrl),
        version,
        outcome: 'made',
        'made-day': '10',
        'made-month': '3',
        'made-year': '2026',
        'made-time': '09:00',
        'ends-day': '10',
        'ends-month': '4',
        'ends-year': '2026',
      })
      .expect(422);
    assert.match(tooLong.text, /A DVPO lasts 14 to 28 days: this one would last 31 days/);
    await coordinator
      .post(`${orderUrl}/hearing-outcome`)
      .type('form')
      .send({
        _csrf: await csrfFor(coordinator, orderUrl),
        version,
        outcome: 'made',
        'made-day': '10',
        'made-month': '3',
        'made-year': '2026',
        'made-time': '09:00',
        'ends-day': '7',
        'ends-month': '4',
        'ends-year': '2026',
      })
      .expect(303);
    const heard = await coordinator.get(orderUrl).expect(200);
    assert.doesNotMatch(heard.text, /data-qa="hearing-countdown"/);
    assert.match(heard.text, /order made/);
    const closed = await t.services.db.selectFrom('task').select(['state', 'details']).where('id', '=', task.id).executeTakeFirstOrThrow();
    assert.equal(closed.state, 'done', 'recording the hearing outcome completes the court application');
    assert.equal((closed.details as { outcome?: string }).outcome, 'DVPO made');
    const dvpo = await t.services.db
      .selectFrom('protective_order')
      .select(['id', 'type', 'ends_at', 'reference'])
      .where('follows_order_id', '=', orderUrl.split('/').pop()!)
      .executeTakeFirstOrThrow();
    assert.equal(dvpo.type, 'DVPO');

    const dvpoUrl = `/orders/${dvpo.id}`;
    const noDescription = await coordinator
      .post(`${dvpoUrl}/breaches`)
      .type('form')
      .send({
        _csrf: await csrfFor(coordinator, dvpoUrl),
        'occurred-day': '10',
        'occurred-month': '3',
        'occurred-year': '2026',
        'occurred-time': '09:45',
      })
      .expect(422);
    assert.match(noDescription.text, /Describe the breach/);
    await coordinator
      .post(`${dvpoUrl}/breaches`)
      .type('form')
      .send({
        _csrf: await csrfFor(coordinator, dvpoUrl),
        'occurred-day': '10',
        'occurred-month': '3',
        'occurred-year': '2026',
        'occurred-time': '09:45',
        description: 'Seen outside the house on Larch Road',
        'action-taken': 'Arrested',
      })
      .expect(303);
    const breached = await coordinator.get(dvpoUrl).expect(200);
    assert.match(breached.text, /Seen outside the house on Larch Road/);
    const event = await lastAuditEvent(t.services.db, 'order-breach-recorded');
    assert.ok(event?.subject_person_ids.includes(victimId));

    const api = await request(t.app).get(`/api/v1/people/${victimId}`).set('Authorization', `Bearer ${coordinatorToken}`).expect(200);
    assert.ok(api.body.ordersInForce.some((o: { id: string; type: string }) => o.id === dvpo.id && o.type === 'DVPO'));
    assert.deepEqual(api.body.notHeldInSafeguard, []);

    // A breach linked to the incident: it stands in both people's chronologies and raises the incident's triage priority.
    const triageTask = () =>
      t.services.db
        .selectFrom('task')
        .innerJoin('incident', 'incident.id', 'task.incident_id')
        .select(['task.priority', 'task.flags'])
        .where('incident.reference', '=', incidentReference)
        .where('task.type', '=', 'triage')
        .executeTakeFirstOrThrow();
    const beforeBreach = await triageTask();
    assert.ok(!beforeBreach.flags.includes('order-breach'));
    await coordinator
      .post(`${dvpoUrl}/breaches`)
      .type('form')
      .send({
        _csrf: await csrfFor(coordinator, dvpoUrl),
        'occurred-day': '10',
        'occurred-month': '3',
        'occurred-year': '2026',
        'occurred-time': '09:50',
        description: 'Phoned the victim twelve times',
        'breach-incident-reference': incidentReference,
      })
      .expect(303);
    const afterBreach = await triageTask();
    assert.equal(afterBreach.priority, beforeBreach.priority + 25, 'a recorded order breach adds its 25 points');
    assert.ok(afterBreach.flags.includes('order-breach'));
    const moved = await lastAuditEvent(t.services.db, 'triage-reprioritised');
    assert.equal((moved?.details as { because?: string }).because, 'order-breach-recorded');
    for (const id of [victimId, suspectId]) {
      const personPage = await coordinator.get(`/people/${id}`).expect(200);
      assert.match(personPage.text, /data-qa="chronology-order-breach">Breach of DVPO/);
      assert.match(personPage.text, /Phoned the victim twelve times/);
    }
    // The research package shows the orders in force for victim and suspect, and their breaches.
    const assessor = await signIn(t.app, 'assessor');
    const assessment = await assessor.get(`/incidents/${incidentId}/assessment`).expect(200);
    for (const role of ['victim', 'suspect']) {
      const section = assessment.text.slice(assessment.text.indexOf(`data-qa="research-${role}"`));
      assert.match(section, new RegExp(`data-qa="research-orders">[\\s\\S]*?DVPO ${dvpo.reference ?? ''}`));
      assert.match(section, /data-qa="research-order-breaches">[\s\S]*?Phoned the victim twelve times/);
    }
    assert.doesNotMatch(assessment.text, /id="system-orders"/);
  });
});
