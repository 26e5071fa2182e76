import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { systemActor } from '../../platform/audit/actor.ts';
import { csrfFrom, signIn, useTestAppWithApiToken } from '../../testing/app.ts';
import { paths } from '../../paths.ts';

/**
 * The Victims' Code pages as a victim care officer uses them: the case's Victims' Code record, recording a case event
 * (a GOV.UK error summary naming each bad field, nothing saved), giving the update, the needs assessment and update
 * preferences forms, the compliance view and her home page. Test clock: Tuesday 10 March 2026, 10:00.
 */
const ctx = useTestAppWithApiToken();
let agent: ReturnType<typeof request.agent>;
let caseId: string;

async function setUp() {
  const { services } = ctx.app;
  const res = await request(ctx.app.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${ctx.token}`)
    .send({
      sourceSystem: 'niche-rms',
      sourceReference: 'VCR-1',
      reportedAt: '2026-03-01T20:00:00Z',
      classification: 'Domestic abuse - assault',
      parties: [{ role: 'victim', person: { givenName: 'Rhiannon', familyName: 'Pagewell', dateOfBirth: '1991-02-03' } }],
    })
    .expect(201);
  const vco = (await services.users.findByUsername('victimcare'))!;
  const opened = await services.db.transaction().execute((trx) =>
    services.cases.open(trx, systemActor('test'), {
      victimPersonId: res.body.parties[0].personId,
      incidentIds: [res.body.id],
      ownerId: vco.id,
      teamId: vco.team_id,
      enhancedRights: true,
      openedBy: null,
    }),
  );
  caseId = opened.id;
  agent = await signIn(ctx.app.app, 'victimcare');
}

const post = async (path: string, body: Record<string, string | string[]>, from = paths.victimsCode.ofCase({ id: caseId })) => {
  const page = await agent.get(from).expect(200);
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), ...body });
};

describe("a case's Victims' Code page", () => {
  before(setUp);
  test('shows Enhanced Rights (1 working day) and no events yet', async () => {
    const page = await agent.get(paths.victimsCode.ofCase({ id: caseId })).expect(200);
    assert.match(page.text, /PAGEWELL, Rhiannon/);
    assert.match(page.text, /data-qa="enhanced-rights">Yes: tell the victim of each case event within 1 working day</);
    assert.match(page.text, /data-qa="no-events"/);
  });

  test('a case event with no type and an impossible date names both fields in the error summary and saves nothing', async () => {
    const res = await post(paths.victimsCode.events({ id: caseId }), {
      'occurred-day': '31',
      'occurred-month': '2',
      'occurred-year': '2026',
      'occurred-time': '25:00',
    });
    assert.equal(res.status, 422);
    assert.match(res.text, /govuk-error-summary/);
    assert.match(res.text, /href="#type">Select what happened/);
    assert.match(res.text, /href="#occurred-day">The date it happened must be a real date/);
    assert.match(res.text, /href="#occurred-time">Enter the time it happened/);
    assert.match(res.text, /data-qa="no-events"/);
  });

  test('recording an arrest on Friday evening says when to tell her, and the update given on Monday is on time', async () => {
    const res = await post(paths.victimsCode.events({ id: caseId }), {
      type: 'arrest',
      'occurred-day': '6',
      'occurred-month': '3',
      'occurred-year': '2026',
      'occurred-time': '17:00',
    });
    assert.equal(res.status, 303);
    const page = await agent.get(paths.victimsCode.ofCase({ id: caseId })).expect(200);
    assert.match(page.text, /Suspect arrested recorded. Tell the victim by Monday 9 March 2026/);
    assert.match(page.text, /data-qa="standing">\s*Overdue\s*</);
    const updateHref = /href="(\/victims-code\/updates\/[0-9a-f-]+)" data-qa="record-update"/.exec(page.text)![1];
    const form = await agent.get(updateHref).expect(200);
    assert.match(form.text, /Record the update given/);
    const bad = await agent
      .post(updateHref)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), version: '1' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /href="#method">Select how the victim was told/);
    const done = await agent
      .post(updateHref)
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        version: '1',
        method: 'phone',
        'told-day': '9',
        'told-month': '3',
        'told-year': '2026',
        'told-time': '16:45',
        note: 'Told her he is in custody',
      });
    assert.equal(done.status, 303);
    const after = await agent.get(paths.victimsCode.ofCase({ id: caseId })).expect(200);
    assert.match(after.text, /Update recorded as given on time/);
    assert.match(after.text, /data-qa="standing">\s*Met on time\s*</);
  });

  test('the needs assessment needs its yes/no answers, then is shown as done', async () => {
    const path = paths.victimsCode.needsAssessment({ id: caseId });
    const bad = await post(path, { version: '0', 'support-needs': ['safety'], interpreter: 'yes' }, path);
    assert.equal(bad.status, 422);
    assert.match(bad.text, /href="#interpreter-language">Enter the language/);
    assert.match(bad.text, /href="#vulnerable-or-intimidated">/);
    assert.match(bad.text, /href="#consents-to-referral">/);
    const ok = await post(
      path,
      {
        version: '0',
        'support-needs': ['safety', 'housing'],
        interpreter: 'no',
        'vulnerable-or-intimidated': 'yes',
        'consents-to-referral': 'yes',
      },
      path,
    );
    assert.equal(ok.status, 303);
    const page = await agent.get(paths.victimsCode.ofCase({ id: caseId })).expect(200);
    assert.match(page.text, /Done 10 March 2026 by Vicky Marsh/);
  });

  test('update preferences and the personal statement offer are recorded', async () => {
    const path = paths.victimsCode.preferences({ id: caseId });
    const ok = await post(path, { version: '1', method: 'phone', frequency: 'weekly', via: 'victim-care-officer' }, path);
    assert.equal(ok.status, 303);
    const vps = await post(paths.victimsCode.personalStatement({ id: caseId }), {
      version: '2',
      status: 'declined',
      'statement-day': '9',
      'statement-month': '3',
      'statement-year': '2026',
    });
    assert.equal(vps.status, 303);
    const page = await agent.get(paths.victimsCode.ofCase({ id: caseId })).expect(200);
    assert.match(page.text, /Phone call, weekly, as well as at each event, from their victim care officer/);
    assert.match(page.text, /data-qa="personal-statement">Offered and declined, 9 March 2026/);
  });

  test('an unknown case is a 404 page', async () => {
    await agent.get(paths.victimsCode.ofCase({ id: '6b0f0c5e-0000-4000-8000-000000000000' })).expect(404);
    await agent.get('/cases/nope/victims-code').expect(404);
  });
});

describe('compliance view and home page', () => {
  test('the compliance view counts the met update and lists it; her home page lists what is due', async () => {
    const page = await agent.get(paths.victimsCode.compliance).expect(200);
    assert.match(page.text, /data-qa="count-met-on-time">\s*<span class="app-card__count">1</);
    assert.match(page.text, /data-qa="list-met-on-time"/);
    await post(paths.victimsCode.events({ id: caseId }), {
      type: 'charge',
      'occurred-day': '9',
      'occurred-month': '3',
      'occurred-year': '2026',
      'occurred-time': '18:00',
    });
    const home = await agent.get('/').expect(200);
    assert.match(home.text, /data-qa="home-due-today-count">1</);
    assert.match(home.text, /data-qa="home-due-today"/);
    assert.match(home.text, /PAGEWELL, Rhiannon/);
  });
});

describe('compliance filters', () => {
  test('a period is two GOV.UK dates; an impossible one is named in the error summary, a later period shows none', async () => {
    const bad = await agent.get(paths.victimsCode.compliance).query({ 'from-day': '30', 'from-month': '2', 'from-year': '2026' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /href="#from-day">The ‘due from’ date must be a real date/);
    const backwards = await agent
      .get(paths.victimsCode.compliance)
      .query({ 'from-day': '9', 'from-month': '3', 'from-year': '2026', 'to-day': '1', 'to-month': '3', 'to-year': '2026' });
    assert.equal(backwards.status, 422);
    assert.match(backwards.text, /href="#to-day">The ‘due to’ date must be the same as or after/);
    const later = await agent
      .get(paths.victimsCode.compliance)
      .query({ 'from-day': '1', 'from-month': '4', 'from-year': '2026' })
      .expect(200);
    assert.match(later.text, /data-qa="count-met-on-time">\s*<span class="app-card__count">0</);
    const march = await agent
      .get(paths.victimsCode.compliance)
      .query({ 'from-day': '1', 'from-month': '3', 'from-year': '2026', 'to-day': '31', 'to-month': '3', 'to-year': '2026' })
      .expect(200);
    assert.match(march.text, /data-qa="count-met-on-time">\s*<span class="app-card__count">1</);
  });
});

describe("the administrator's Victims' Code time limits", () => {
  test('are the Code’s 1 and 5 working days; a bad value is named, a good one saved and audited', async () => {
    const admin = await signIn(ctx.app.app, 'admin');
    const page = await admin.get(paths.victimsCode.timeLimits).expect(200);
    assert.match(page.text, /name="enhanced-rights-working-days"[^>]*value="1"/);
    const bad = await admin
      .post(paths.victimsCode.timeLimits)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), version: '0', 'enhanced-rights-working-days': '0', 'standard-working-days': 'five' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /href="#enhanced-rights-working-days">The Enhanced Rights time limit must be at least 1 working day/);
    assert.match(bad.text, /href="#standard-working-days">/);
    const ok = await admin
      .post(paths.victimsCode.timeLimits)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), version: '0', 'enhanced-rights-working-days': '2', 'standard-working-days': '10' });
    assert.equal(ok.status, 303);
    assert.deepEqual(await ctx.app.services.victimsCode.timeLimits(), {
      enhancedRightsWorkingDays: 2,
      standardWorkingDays: 10,
      version: 1,
    });
    const stale = await admin
      .post(paths.victimsCode.timeLimits)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), version: '0', 'enhanced-rights-working-days': '3', 'standard-working-days': '10' });
    assert.equal(stale.status, 409);
    await agent.get(paths.victimsCode.timeLimits).expect(403);
  });
});
