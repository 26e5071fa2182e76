import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, signIn, type TestApp } from '../../testing/app.ts';
import { aPerson, anIncidentWithVictim } from '../../testing/personFixtures.ts';

let t: TestApp;
let personId: string;
let incidentId: string;
before(async () => {
  t = await createTestApp();
  personId = await aPerson(t.services.db, { givenName: 'Marisol', familyName: 'Penhallow' });
  incidentId = await anIncidentWithVictim(t.services.db, personId);
  await t.services.db
    .updateTable('incident')
    .set({ narrative: 'Neighbour heard shouting.\nVictim had a cut lip.', location_postcode: 'LS6 2QH' })
    .where('id', '=', incidentId)
    .execute();
});
after(() => t.close());

test('a victim care officer reads the incident: facts, narrative and parties, and the read names who was shown', async () => {
  const victimcare = await signIn(t.app, 'victimcare');
  const page = await victimcare.get(`/incidents/${incidentId}`).expect(200);
  assert.match(page.text, /Neighbour heard shouting\./);
  assert.match(page.text, /Victim had a cut lip\./);
  assert.match(page.text, /LS6 2QH/);
  assert.match(page.text, /PENHALLOW, Marisol/);
  assert.match(page.text, new RegExp(`href="/people/${personId}"`), 'their role may open the person');
  assert.match(page.text, /data-qa="risk-grade">Not yet graded by an assessor/);
  assert.doesNotMatch(page.text, /data-qa="open-assessment"/, 'no link to the assessment they may not open');
  const event = await t.services.db
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', 'incident-viewed')
    .where('actor_label', '=', 'victimcare')
    .executeTakeFirstOrThrow();
  assert.equal(event.category, 'consultation');
  assert.deepEqual(event.subject_person_ids, [personId]);
  assert.deepEqual(event.record_ids, [incidentId]);
});

test('an assessor is offered the assessment from the incident; an auditor may not read it', async () => {
  const assessor = await signIn(t.app, 'assessor');
  const page = await assessor.get(`/incidents/${incidentId}`).expect(200);
  assert.match(page.text, /data-qa="open-assessment"/);
  const auditor = await signIn(t.app, 'auditor');
  await auditor.get(`/incidents/${incidentId}`).expect(403);
  await assessor.get('/incidents/00000000-0000-4000-8000-000000000000').expect(404);
});
