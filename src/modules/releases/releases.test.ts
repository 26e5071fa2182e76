import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, csrfFor, signIn, type TestApp } from '../../testing/app.ts';
import { lastAuditEvent } from '../../testing/records.ts';
import { systemActor } from '../../platform/audit/actor.ts';

/**
 * Prison releases end to end: a release recorded from the person page is stored with its review dates; its risk review
 * task is raised the configured number of days before (at once when the release is that close), listing the victim
 * linked to him and the order protecting her; bad input names the field and stores nothing; the lead days are a
 * setting a supervisor changes; the register and home page make a release today and an overdue review stand out.
 */
let t: TestApp;
let victimId: string;
let suspectId: string;

const count = async (table: 'prison_release' | 'task') =>
  Number(
    (
      await t.services.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const form = (extra: Record<string, string> = {}) => ({
  person: suspectId,
  'release-day': '1',
  'release-month': '4',
  'release-year': '2026',
  establishment: 'HMP Elmley',
  'release-type': 'sds40-early',
  'condition-no-contact': 'Must not contact Rhian Releasey',
  'condition-exclusion-zone': 'Must not enter the exclusion zone',
  'condition-exclusion-address': 'Maidstone town centre',
  'mappa-category': '1',
  'mappa-level': '2',
  'notified-by': 'probation',
  'notified-day': '9',
  'notified-month': '3',
  'notified-year': '2026',
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
      sourceReference: 'REL-1',
      reportedAt: '2026-02-07T15:00:00Z',
      classification: 'Domestic abuse - assault',
      parties: [
        { role: 'victim', person: { givenName: 'Rhian', familyName: 'Releasey', dateOfBirth: '1990-04-02' } },
        { role: 'suspect', person: { givenName: 'Gareth', familyName: 'Releasey', dateOfBirth: '1987-11-19' } },
      ],
    })
    .expect(201);
  victimId = res.body.parties[0].personId;
  suspectId = res.body.parties[1].personId;
});
after(() => t.close());

describe('recording a release and its risk review', () => {
  let releaseId: string;

  test('the person page offers the form; a release 22 days away is stored with its review dates and no task yet', async () => {
    const agent = await signIn(t.app, 'support');
    const page = await agent.get(`/people/${suspectId}`).expect(200);
    assert.match(page.text, /Record a custody and release/);
    const csrf = await csrfFor(agent, `/releases/new?person=${suspectId}`);
    const tasksBefore = await count('task');
    const res = await agent
      .post('/releases/new')
      .type('form')
      .send({ _csrf: csrf, ...form() });
    assert.equal(res.status, 303, res.text);
    const row = await t.services.db.selectFrom('prison_release').selectAll().executeTakeFirstOrThrow();
    releaseId = row.id;
    assert.equal(row.release_on, '2026-04-01');
    assert.equal(row.mappa_category, 1);
    assert.equal(row.mappa_level, 2);
    // 14 days before 1 April 2026 (BST) is 18 March (GMT): raised at midnight GMT, due by the end of 31 March (BST).
    assert.equal(row.review_opens_at.toISOString(), '2026-03-18T00:00:00.000Z');
    assert.equal(row.review_due_by.toISOString(), '2026-03-31T22:59:59.000Z');
    assert.equal(row.review_task_id, null);
    assert.equal(await count('task'), tasksBefore);
    assert.deepEqual((await lastAuditEvent(t.services.db, 'release-recorded'))?.subject_person_ids, [suspectId]);
  });

  test('on the day the review opens the job raises one task listing the victim and her orders, once', async () => {
    const supervisor = await t.services.users.findByUsername('supervisor');
    const actor = {
      userId: supervisor!.id,
      username: 'supervisor',
      displayName: 'Supervisor',
      role: 'supervisor' as const,
      teamId: null,
      agencyId: null,
      via: 'system' as const,
    };
    const order = await t.services.orders.record(actor, {
      type: 'restraining-order',
      subjectPersonId: suspectId,
      protectedPersonIds: [victimId],
      startsAt: new Date('2026-03-01T10:00:00Z'),
      endsAt: new Date('2027-03-01T10:00:00Z'),
      authorisedBy: null,
      conditions: [],
    });
    t.clock.set(new Date('2026-03-17T23:59:00Z'));
    assert.equal(await t.services.releases.raiseDueReviews(systemActor('test')), 0, 'not before it opens');
    t.clock.set(new Date('2026-03-18T00:30:00Z'));
    assert.equal(await t.services.releases.raiseDueReviews(systemActor('test')), 1);
    assert.equal(await t.services.releases.raiseDueReviews(systemActor('test')), 0, 'raised once');
    const task = await t.services.db.selectFrom('task').selectAll().where('type', '=', 'release-risk-review').executeTakeFirstOrThrow();
    assert.equal(task.subject_person_id, suspectId);
    assert.equal(new Date(task.due_at).toISOString(), '2026-03-31T22:59:59.000Z');
    const details = task.details as { victims: { id: string; name: string; orders: { id: string }[] }[] };
    assert.deepEqual(
      details.victims.map((v) => [v.id, v.name, v.orders.map((o) => o.id)]),
      [[victimId, 'Rhian Releasey', [order.id]]],
    );
    const raised = await lastAuditEvent(t.services.db, 'release-review-raised');
    assert.deepEqual([...(raised?.subject_person_ids ?? [])].sort(), [suspectId, victimId].sort());

    const agent = await signIn(t.app, 'support');
    const page = await agent.get(`/tasks/${task.id}`).expect(200);
    assert.match(page.text, /Rhian Releasey/);
    assert.match(page.text, /Consider a referral to MARAC/);
    const viewed = await lastAuditEvent(t.services.db, 'task-viewed');
    assert.ok(viewed?.subject_person_ids.includes(victimId), 'the victims the review lists are consulted');
    const release = await agent.get(`/releases/${releaseId}`).expect(200);
    assert.match(release.text, /Maidstone town centre/);
    assert.match(release.text, /Category 1, level 2/);
  });

  test('past its due time the review is overdue on the register and the home page; on the day he is released today', async () => {
    t.clock.set(new Date('2026-04-01T09:00:00Z'));
    const agent = await signIn(t.app, 'support');
    const home = await agent.get('/').expect(200);
    assert.match(home.text, /data-qa="summary-release-reviews-overdue"[\s\S]*?app-card__count">1</);
    const overdue = await agent.get('/releases?view=overdue').expect(200);
    assert.match(overdue.text, /Review overdue/);
    const today = await agent.get('/releases?view=today').expect(200);
    assert.match(today.text, /Released today/);
    assert.match(today.text, /1 released today, 1 risk review overdue/);
  });

  test('a release within the lead days raises its review at once', async () => {
    t.clock.set(new Date('2026-04-02T09:00:00Z'));
    const agent = await signIn(t.app, 'coordinator');
    const csrf = await csrfFor(agent, `/releases/new?person=${suspectId}`);
    const res = await agent
      .post('/releases/new')
      .type('form')
      .send({ _csrf: csrf, ...form({ 'release-day': '5', 'notified-day': '2', 'notified-month': '4' }) });
    assert.equal(res.status, 303, res.text);
    const row = await t.services.db
      .selectFrom('prison_release')
      .selectAll()
      .where('release_on', '=', '2026-04-05')
      .executeTakeFirstOrThrow();
    assert.ok(row.review_task_id, 'task raised on recording');
  });
});

describe('bad input and settings', () => {
  test('missing and impossible fields are named in the error summary and nothing is stored', async () => {
    const agent = await signIn(t.app, 'support');
    const csrf = await csrfFor(agent, `/releases/new?person=${suspectId}`);
    const before = await count('prison_release');
    const res = await agent
      .post('/releases/new')
      .type('form')
      .send({ _csrf: csrf, ...form({ 'release-day': '31', 'release-month': '2', establishment: '', 'notified-by': '' }) });
    assert.equal(res.status, 422);
    assert.match(res.text, /There is a problem/);
    assert.match(res.text, /href="#release-day">The release date must be a real date/);
    assert.match(res.text, /href="#establishment">Enter the prison or establishment/);
    assert.match(res.text, /href="#notified-by">Select who told us of the release/);
    const later = await agent
      .post('/releases/new')
      .type('form')
      .send({ _csrf: csrf, ...form({ 'custody-day': '1', 'custody-month': '5', 'custody-year': '2026' }) });
    assert.equal(later.status, 422);
    assert.match(later.text, /href="#custody-day">The date taken into custody must be before the release date/);
    assert.equal(await count('prison_release'), before);
  });

  test('a supervisor changes the lead days (audited); 0 is refused naming the field', async () => {
    const agent = await signIn(t.app, 'supervisor');
    const csrf = await csrfFor(agent, '/admin/release-reviews');
    const bad = await agent.post('/admin/release-reviews').type('form').send({ _csrf: csrf, version: '0', days: '0' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /href="#days">The number of days must be a whole number from 1 to 90/);
    await agent.post('/admin/release-reviews').type('form').send({ _csrf: csrf, version: '0', days: '21' }).expect(303);
    assert.equal((await t.services.releases.leadDays()).days, 21);
    assert.deepEqual((await lastAuditEvent(t.services.db, 'release-review-days-changed'))?.details, { from: 14, to: 21 });
  });
});
