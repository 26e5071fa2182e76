import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { paths } from '../../paths.ts';
import { createTestApp, csrfFor, signIn, type TestApp } from '../../testing/app.ts';
import { aPerson, anIncidentWithVictim } from '../../testing/personFixtures.ts';

let t: TestApp;
let coordinator: ReturnType<typeof request.agent>;
let victimId: string;
let incidentId: string;
let reference: string;

before(async () => {
  t = await createTestApp();
  coordinator = await signIn(t.app, 'coordinator');
  victimId = await aPerson(t.services.db, { givenName: 'Advicia', familyName: 'Threlkeld' });
  incidentId = await anIncidentWithVictim(t.services.db, victimId);
  reference = (await t.services.db.selectFrom('incident').select('reference').where('id', '=', incidentId).executeTakeFirstOrThrow())
    .reference;
});
after(() => t.close());

async function post(agent: ReturnType<typeof request.agent>, body: object) {
  return agent
    .post(paths.officerAdvice.new)
    .type('form')
    .send({ ...body, _csrf: await csrfFor(agent, '/') });
}

const advice = (change: Record<string, unknown> = {}) => ({
  incidentReference: reference,
  officerName: 'PC Lena Moorcroft',
  collarNumber: 'PC 4512',
  'advised-day': '10',
  'advised-month': '3',
  'advised-year': '2026',
  'advised-time': '09:40',
  advice: ['arrest', 'dvpn', 'evidence'],
  notes: 'Suspect still at the address; body-worn video to be kept.',
  ...change,
});

describe('the officer advice log', () => {
  test('a coordinator records advice to an attending officer; it is audited against the incident’s people and shown on the incident page', async () => {
    const form = await coordinator.get(`${paths.officerAdvice.new}?incident=${reference}`).expect(200);
    assert.match(form.text, /data-qa="incident-found"/);
    const res = await post(coordinator, advice());
    assert.equal(res.status, 303, res.text);
    const row = await t.services.db.selectFrom('officer_advice').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.incident_id, incidentId);
    assert.deepEqual(row.advice, ['arrest', 'dvpn', 'evidence']);
    assert.equal(row.advised_at.toISOString(), '2026-03-10T09:40:00.000Z');
    const recorded = await t.services.db.selectFrom('audit_event').selectAll().where('action', '=', 'officer-advice-recorded').execute();
    assert.deepEqual([...recorded[0].subject_person_ids], [victimId]);

    const page = await coordinator.get(paths.incidents.show({ id: incidentId })).expect(200);
    assert.match(page.text, /data-qa="officer-advice-entry"/);
    assert.match(page.text, /PC Lena Moorcroft \(PC 4512\)/);
    assert.match(page.text, /DVPN \/ DAPN to be considered/);
    const list = await coordinator.get(`${paths.officerAdvice.list}?officer=4512`).expect(200);
    assert.match(list.text, new RegExp(reference));
    const viewed = await t.services.db.selectFrom('audit_event').selectAll().where('action', '=', 'officer-advice-viewed').execute();
    assert.ok(viewed.length >= 2 && viewed.every((e) => e.subject_person_ids.includes(victimId)));
  });

  test('bad advice is refused field by field, and an unknown incident is named', async () => {
    const res = await post(coordinator, advice({ officerName: '', collarNumber: 'four', advice: [], 'advised-time': '' }));
    assert.equal(res.status, 422);
    assert.match(res.text, /href="#officerName">Enter the name of the officer/);
    assert.match(res.text, /href="#collarNumber">Enter a collar number like 4512 or PC 4512/);
    assert.match(res.text, /href="#advice">Select the advice given/);
    const unknown = await post(coordinator, advice({ incidentReference: 'SG-1999-0000001' }));
    assert.equal(unknown.status, 422);
    assert.match(unknown.text, /href="#incidentReference">No incident has the reference SG-1999-0000001/);
    assert.equal((await t.services.db.selectFrom('officer_advice').select('id').execute()).length, 1);
  });

  test('a research assistant reads the log but may not record advice; a partner may do neither', async () => {
    const researcher = await signIn(t.app, 'researcher');
    await researcher.get(paths.officerAdvice.list).expect(200);
    await researcher.get(paths.officerAdvice.new).expect(403);
    assert.equal((await post(researcher, advice())).status, 403);
    const idva = await signIn(t.app, 'idva');
    await idva.get(paths.officerAdvice.list).expect(403);
    assert.equal((await post(idva, advice())).status, 403);
    assert.equal((await t.services.db.selectFrom('officer_advice').select('id').execute()).length, 1);
  });
});
