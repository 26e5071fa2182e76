import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, csrfFor, signIn, TEST_NOW, type TestApp } from '../../testing/app.ts';
import { aPerson, anIncidentWithVictim } from '../../testing/personFixtures.ts';
import { lastAuditEvent } from '../../testing/records.ts';

let t: TestApp;
let restrictedId: string;

before(async () => {
  t = await createTestApp();
  restrictedId = await aPerson(t.services.db, { givenName: 'Wren', familyName: 'Glasshouse', restriction: 'restricted' });
  await anIncidentWithVictim(t.services.db, restrictedId);
});
after(() => t.close());

test('a restricted record shows the restricted page with the break-glass form, and nothing of the person', async () => {
  const assessor = await signIn(t.app, 'assessor');
  const page = await assessor.get(`/people/${restrictedId}`).expect(403);
  assert.match(page.text, /data-qa="restricted"/);
  assert.match(page.text, /data-qa="break-glass-form"/);
  assert.doesNotMatch(page.text, /Glasshouse|GLASSHOUSE|Wren/);
  const refusal = await lastAuditEvent(t.services.db, 'person:view');
  assert.equal(refusal.outcome, 'refused');
  assert.deepEqual(refusal.subject_person_ids, [restrictedId]);
});

test('break-glass without a reason is the restricted page again with the GOV.UK error summary', async () => {
  const assessor = await signIn(t.app, 'assessor');
  const res = await assessor
    .post(`/people/${restrictedId}/break-glass`)
    .type('form')
    .send({ reason: '  ', _csrf: await csrfFor(assessor, '/') })
    .expect(422);
  assert.match(res.text, /govuk-error-summary/);
  assert.match(res.text, /href="#reason"/);
  assert.match(res.text, /Enter why you need to open this restricted record/);
  await assessor.get(`/people/${restrictedId}`).expect(403);
});

test('break-glass with a reason opens the record for four hours, is audited and gives a supervisor a review task', async () => {
  const researcher = await signIn(t.app, 'researcher');
  await researcher.get(`/people/${restrictedId}`).expect(403);
  await researcher
    .post(`/people/${restrictedId}/break-glass`)
    .type('form')
    .send({ reason: 'Victim at the front desk now, need her safety plan', _csrf: await csrfFor(researcher, '/') })
    .expect(303)
    .expect('Location', `/people/${restrictedId}`);
  const event = await lastAuditEvent(t.services.db, 'break-glass');
  assert.equal(event.actor_label, 'researcher');
  assert.equal(event.reason, 'Victim at the front desk now, need her safety plan');
  assert.deepEqual(event.subject_person_ids, [restrictedId]);
  const page = await researcher.get(`/people/${restrictedId}`).expect(200);
  assert.match(page.text, /GLASSHOUSE, Wren/);
  assert.match(page.text, /data-qa="restricted-tag"/);
  const supervisor = await t.services.users.findByUsername('supervisor');
  const task = await t.services.db
    .selectFrom('task')
    .selectAll()
    .where('type', '=', 'review-break-glass')
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  assert.equal(task.assignee_id, supervisor!.id);
  assert.equal((task.details as { personId: string }).personId, restrictedId);
  const reviewer = await signIn(t.app, 'supervisor');
  const review = await reviewer.get(`/tasks/${task.id}`).expect(200);
  assert.match(review.text, /data-qa="break-glass-review"/);
  assert.match(review.text, /Victim at the front desk now, need her safety plan/);
  assert.match(review.text, new RegExp(`href="/people/${restrictedId}"`));
  assert.doesNotMatch(review.text, /Glasshouse|GLASSHOUSE/);
  // Four hours later the glass is whole again.
  t.clock.set(new Date(TEST_NOW.getTime() + 4 * 3_600_000 + 1000));
  try {
    const later = await signIn(t.app, 'researcher');
    await later.get(`/people/${restrictedId}`).expect(403);
  } finally {
    t.clock.set(TEST_NOW);
  }
});

test('a supervisor gives a named user access with a reason, sees it on the record, and revokes it', async () => {
  const supervisor = await signIn(t.app, 'supervisor');
  const restrictedPage = await supervisor.get(`/people/${restrictedId}`).expect(403);
  assert.match(restrictedPage.text, /data-qa="grant-form"/);
  const missing = await supervisor
    .post(`/people/${restrictedId}/access-grants`)
    .type('form')
    .send({ username: 'victimcare', reason: '', _csrf: await csrfFor(supervisor, '/') })
    .expect(422);
  assert.match(missing.text, /govuk-error-summary/);
  assert.match(missing.text, /href="#grant-reason"/);
  await supervisor
    .post(`/people/${restrictedId}/access-grants`)
    .type('form')
    .send({ username: 'victimcare', reason: 'Named victim care officer for this case', _csrf: await csrfFor(supervisor, '/') })
    .expect(303);
  assert.equal((await lastAuditEvent(t.services.db, 'access-granted')).reason, 'Named victim care officer for this case');
  const victimcare = await signIn(t.app, 'victimcare');
  await victimcare.get(`/people/${restrictedId}`).expect(200);
  const grants = await t.services.access.grantsOn(restrictedId);
  const grant = grants.find((g) => g.kind === 'grant' && g.live)!;
  assert.match(grant.userName, /victimcare/);
  await supervisor
    .post(`/people/${restrictedId}/access-grants/${grant.id}/revoke`)
    .type('form')
    .send({ _csrf: await csrfFor(supervisor, '/') })
    .expect(303);
  await victimcare.get(`/people/${restrictedId}`).expect(403);
  assert.equal((await lastAuditEvent(t.services.db, 'access-revoked')).actor_label, 'supervisor');
});

test('only supervisors give access, and nobody gives it to themselves', async () => {
  const assessor = await signIn(t.app, 'assessor');
  await assessor
    .post(`/people/${restrictedId}/access-grants`)
    .type('form')
    .send({ username: 'assessor', reason: 'Because', _csrf: await csrfFor(assessor, '/') })
    .expect(403);
  const supervisor = await signIn(t.app, 'supervisor');
  const self = await supervisor
    .post(`/people/${restrictedId}/access-grants`)
    .type('form')
    .send({ username: 'supervisor', reason: 'Because', _csrf: await csrfFor(supervisor, '/') })
    .expect(422);
  assert.match(self.text, /You cannot give yourself access/);
  const idva = await signIn(t.app, 'idva');
  await idva
    .post(`/people/${restrictedId}/break-glass`)
    .type('form')
    .send({ reason: 'Please', _csrf: await csrfFor(idva, '/') })
    .expect(403);
});
