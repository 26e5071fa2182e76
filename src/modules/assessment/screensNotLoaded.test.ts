import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { DARA_2022 } from '../../domain/risk/instruments.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { actorFromUser } from '../users/index.ts';
import { createTestApp, signIn, type TestApp } from '../../testing/app.ts';
import { InstrumentService } from '../instruments/index.ts';

let t: TestApp;
// Victims no history links: a second incident in 12 months would offer S-DASH whatever the answers.
const VICTIMS: Record<string, { givenName: string; familyName: string; dateOfBirth: string }> = {
  'NL-1': { givenName: 'Morwenna', familyName: 'Trelawny', dateOfBirth: '1979-06-02' },
  'NL-2': { givenName: 'Eluned', familyName: 'Pengelly', dateOfBirth: '1991-11-23' },
  'NL-3': { givenName: 'Tamsin', familyName: 'Carnsew', dateOfBirth: '1985-02-14' },
};
let token: string;
const VARIANT = 'dara-2022-eastmoor';

before(async () => {
  t = await createTestApp();
  token = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
  const admin = actorFromUser((await t.services.users.findByUsername('admin'))!, 'web');
  await new InstrumentService(t.services.db, t.services.audit, t.services.clock).saveVersion(admin, DARA_2022, {
    code: VARIANT,
    version: '3',
    title: 'Eastmoor DARA',
    questions: Object.fromEntries(DARA_2022.questions.map((q) => [q.id, { text: q.text }])),
  });
});
after(() => t.close());

/** An incident answered on the force's DARA, then stored as if answered on a version or instrument not loaded here. */
async function answeredOn(reference: string, instrument: string, version: string): Promise<string> {
  const res = await request(t.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'niche-rms',
      sourceReference: reference,
      reportedAt: '2026-03-09T21:15:00Z',
      classification: 'Domestic abuse - assault',
      parties: [{ role: 'victim', person: VICTIMS[reference] }],
      riskAssessment: { instrument: VARIANT, answers: { '17': 'yes' }, officerGrade: 'medium', officerRationale: 'Followed to work daily' },
    })
    .expect(201);
  // Migrated history can name versions this force never loaded; intake itself refuses them.
  await t.services.db
    .updateTable('risk_assessment')
    .set({ instrument, instrument_version: version })
    .where('incident_id', '=', res.body.id)
    .execute();
  return res.body.id as string;
}

const screensOf = async (incidentId: string) => {
  const assessor = await signIn(t.app, 'assessor');
  const page = await assessor.get(`/incidents/${incidentId}/assessment`).expect(200);
  const section = page.text.slice(page.text.indexOf('id="screens"'), page.text.indexOf('id="final-grade"'));
  return {
    page: page.text,
    section,
    stalkingOffered: /data-qa="screen-s-dash"[\s\S]*?data-qa="screen-why"/.test(section.split('screen-hba-screen')[0]),
  };
};

describe('screens when the officer’s questionnaire version is not loaded', () => {
  test('an unloaded version of a known instrument is worked out on its latest version, and the page says so', async () => {
    const { page, section, stalkingOffered } = await screensOf(await answeredOn('NL-1', VARIANT, '2'));
    assert.match(
      section,
      /data-qa="screens-not-loaded">The officer&#39;s questionnaire \(dara-2022-eastmoor version 2\) is not loaded; screens are offered on the triggers of its latest version \(Eastmoor DARA, version 3\)\./,
    );
    assert.ok(stalkingOffered, 'DARA 17 (stalking) prompts S-DASH on the latest version');
    assert.match(
      section,
      /Offered when Eastmoor DARA question 2 \(fear of what happens next\) or 17 \(stalking and unwanted contact\) is yes/,
    );
    assert.match(
      page,
      /data-qa="dash-instrument">dara-2022-eastmoor, version 2 \(this version is not loaded: its questions are shown as Eastmoor DARA, version 3 words them\)/,
    );
  });

  test('an unknown instrument falls back to the DASH 2009 triggers, said plainly', async () => {
    const { section, stalkingOffered } = await screensOf(await answeredOn('NL-2', 'niche-risk-form', '7'));
    assert.match(
      section,
      /data-qa="screens-not-loaded">The officer&#39;s questionnaire \(niche-risk-form version 7\) is not loaded; screens are offered on the DASH 2009 triggers\./,
    );
    assert.ok(!stalkingOffered, 'DASH 17 prompts no screen');
    assert.match(section, /it is offered when DASH question 2 \(victim very frightened\) or 8/);
  });

  test('a loaded version has no such note', async () => {
    const { section, stalkingOffered } = await screensOf(await answeredOn('NL-3', VARIANT, '3'));
    assert.doesNotMatch(section, /screens-not-loaded/);
    assert.ok(stalkingOffered);
  });
});
