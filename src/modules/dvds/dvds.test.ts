import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, csrfFor, signIn, type TestApp } from '../../testing/app.ts';
import { lastAuditEvent } from '../../testing/records.ts';
import { systemActor } from '../../platform/audit/actor.ts';

/**
 * Clare's Law end to end: an application through the API gets its 28-day deadline; every bad field is named and
 * nothing stored; a Right to Ask is worked through its stages in order on the page (an out-of-order move refused and
 * nothing changed; immediate risk raises an urgent task; the disclosure is an audited disclosure to its recipient);
 * the person page and the research package then show it.
 */
let t: TestApp;
let coordinatorToken: string;
let victimId: string;
let suspectId: string;

async function count(table: 'dvds_application' | 'dvds_stage' | 'person') {
  const row = await t.services.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

before(async () => {
  t = await createTestApp();
  const integration = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
  coordinatorToken = await t.services.users.createApiToken(systemActor('test'), 'coordinator', 'test');
  const res = await request(t.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${integration}`)
    .send({
      sourceSystem: 'niche-rms',
      sourceReference: 'DVDS-1',
      reportedAt: '2026-03-07T15:00:00Z',
      classification: 'Domestic abuse - assault',
      parties: [
        { role: 'victim', person: { givenName: 'Lena', familyName: 'Askwith', dateOfBirth: '1993-06-12' } },
        { role: 'suspect', person: { givenName: 'Craig', familyName: 'Tellman', dateOfBirth: '1987-01-30' } },
      ],
    })
    .expect(201);
  victimId = res.body.parties[0].personId;
  suspectId = res.body.parties[1].personId;
});
after(() => t.close());

describe("recording Clare's Law applications through the API", () => {
  test('a Right to Ask gets its deadline: the end of the 28th calendar day after receipt, London time', async () => {
    const res = await request(t.app)
      .post('/api/v1/dvds-applications')
      .set('Authorization', `Bearer ${coordinatorToken}`)
      .send({
        route: 'right-to-ask',
        applicantKind: 'applicant-at-risk',
        applicant: { personId: victimId },
        subject: { personId: suspectId },
        relationship: 'Partner of 4 months',
        concern: 'He has been controlling about her phone',
        // Received in GMT the day before the test clock; due in BST (clocks go forward on 29 March).
        receivedAt: '2026-03-09T14:00:00Z',
      })
      .expect(201);
    assert.equal(res.body.dueBy, '2026-04-06T22:59:59.000Z');
    assert.match(res.body.reference, /^DVDS-\d{6}$/);
    const event = await lastAuditEvent(t.services.db, 'dvds-application-recorded');
    assert.deepEqual([...(event?.subject_person_ids ?? [])].sort(), [suspectId, victimId].sort());
  });

  test('every bad field is named in one 422 and nothing is stored', async () => {
    const [apps, people] = [await count('dvds_application'), await count('person')];
    const res = await request(t.app)
      .post('/api/v1/dvds-applications')
      .set('Authorization', `Bearer ${coordinatorToken}`)
      .send({
        route: 'right-to-ask',
        applicant: { givenName: '', familyName: 'Newby' },
        subject: { personId: '00000000-0000-4000-8000-000000000000' },
        relationship: '',
        concern: '',
        receivedAt: '2026-03-09T14:00:00Z',
      })
      .expect(422);
    assert.equal(res.type, 'application/problem+json');
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    assert.deepEqual(fields, ['applicant.givenName', 'applicantKind', 'concern', 'relationship', 'subject.personId']);
    assert.equal(await count('dvds_application'), apps);
    assert.equal(await count('person'), people);
  });

  test('a third party for a new applicant creates the applicant as a person; the deadline follows the force setting', async () => {
    await t.services.dvds.setCompletionDays(systemActor('test'), 35, 0);
    const res = await request(t.app)
      .post('/api/v1/dvds-applications')
      .set('Authorization', `Bearer ${coordinatorToken}`)
      .send({
        route: 'right-to-ask',
        applicantKind: 'third-party',
        applicant: { givenName: 'Moira', familyName: 'Askwith', dateOfBirth: '1962-02-02' },
        atRisk: { personId: victimId },
        subject: { personId: suspectId },
        relationship: 'Partner of 4 months',
        concern: 'Her mother is worried',
        receivedAt: '2026-01-31T10:00:00Z',
      })
      .expect(201);
    assert.equal(res.body.dueBy, '2026-03-07T23:59:59.000Z');
    assert.equal(res.body.atRiskPersonId, victimId);
    assert.notEqual(res.body.applicantPersonId, victimId);
    await t.services.dvds.setCompletionDays(systemActor('test'), 28, 1);
  });
});

describe('a Right to Ask from application to disclosure on the pages', () => {
  test('stages in order; out of order refused; immediate risk raises a task; the disclosure is audited', async () => {
    const agent = await signIn(t.app, 'coordinator');
    let csrf = await csrfFor(agent);
    const created = await agent
      .post('/clares-law/new')
      .type('form')
      .send({
        _csrf: csrf,
        route: 'right-to-ask',
        applicantKind: 'applicant-at-risk',
        'applicant-personId': victimId,
        'subject-personId': suspectId,
        relationship: 'Partner',
        concern: 'Worried about his past',
      })
      .expect(303);
    const url = created.headers.location as string;
    const id = url.split('/').pop()!;
    const post = async (body: Record<string, string | string[]>) => {
      const page = await agent.get(url).expect(200);
      const version = /name="version" value="(\d+)"/.exec(page.text)![1];
      csrf = await csrfFor(agent);
      return agent
        .post(`${url}/stages`)
        .type('form')
        .send({ _csrf: csrf, version, ...body });
    };
    // Out of order: the checks before initial contact are refused, naming what comes first, and change nothing.
    const stagesBefore = await count('dvds_stage');
    const refused = await post({
      stage: 'checks',
      'results-pnc-outcome': 'nothing-found',
      'results-pnd-outcome': 'nothing-found',
      'results-visor-outcome': 'nothing-found',
      'results-localIntelligence-outcome': 'nothing-found',
    });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /govuk-error-summary[\s\S]*Record initial contact and immediate-risk screen first/);
    assert.equal(await count('dvds_stage'), stagesBefore);

    assert.equal((await post({ stage: 'initial-contact', immediateRisk: 'yes', riskNotes: 'He is at the address tonight' })).status, 303);
    const task = await t.services.db
      .selectFrom('task')
      .select(['type', 'subject_person_id', 'due_at'])
      .where('type', '=', 'dvds-immediate-risk')
      .executeTakeFirst();
    assert.equal(task?.subject_person_id, victimId);
    const missingId = await post({ stage: 'face-to-face', identityEvidence: 'Passport' });
    assert.equal(missingId.status, 422);
    assert.match(missingId.text, /Confirm the applicant&#39;s identity|Confirm the applicant's identity/);
    assert.equal((await post({ stage: 'face-to-face', identityConfirmed: 'yes', identityEvidence: 'Passport' })).status, 303);
    assert.equal(
      (
        await post({
          stage: 'checks',
          'results-pnc-outcome': 'information-found',
          'results-pnc-note': 'Two convictions for assault on a former partner',
          'results-pnd-outcome': 'nothing-found',
          'results-visor-outcome': 'nothing-found',
          'results-localIntelligence-outcome': 'nothing-found',
        })
      ).status,
      303,
    );
    assert.equal((await post({ stage: 'risk-assessment', riskLevel: 'high', summary: 'Pattern of violence' })).status, 303);
    const unmet = await post({
      stage: 'decision-forum',
      attendees: 'DS Khan (police), IDVA',
      tests: ['lawful', 'necessary'],
      decision: 'disclose',
      rationale: 'Risk of serious harm',
    });
    assert.equal(unmet.status, 422);
    assert.match(unmet.text, /not met — proportionate, a pressing need to disclose/);
    assert.equal(
      (
        await post({
          stage: 'decision-forum',
          attendees: 'DS Khan (police), IDVA',
          tests: ['lawful', 'necessary', 'proportionate', 'pressingNeed'],
          decision: 'disclose',
          rationale: 'Risk of serious harm',
        })
      ).status,
      303,
    );
    assert.equal(
      (
        await post({
          stage: 'disclosed',
          recipientPersonId: victimId,
          disclosedBy: 'DC Rowe',
          wording: 'He has convictions for violence against a former partner',
          safetyPlan: 'Panic alarm, IDVA referral',
          leafletGiven: 'yes',
        })
      ).status,
      303,
    );

    const event = await lastAuditEvent(t.services.db, 'dvds-disclosure-made');
    assert.equal(event?.category, 'disclosure');
    assert.match(String(event?.recipient), new RegExp(victimId));
    assert.deepEqual([...(event?.subject_person_ids ?? [])].sort(), [suspectId, victimId].sort());
    const page = await agent.get(url).expect(200);
    assert.match(page.text, /Disclosure made/);
    assert.doesNotMatch(page.text, /data-qa="stage-form"/);

    // The subject's page shows the application; the research package at triage shows the disclosure.
    const person = await agent.get(`/people/${suspectId}`).expect(200);
    assert.match(person.text, new RegExp(`href="/clares-law/${id}"`));
    const lookup = await agent.get('/clares-law?q=Tellman').expect(200);
    assert.match(lookup.text, new RegExp(`href="/clares-law/${id}"`));
    const timeliness = await agent.get('/clares-law/timeliness').expect(200);
    assert.match(timeliness.text, /Completion times per month/);
  });
});
