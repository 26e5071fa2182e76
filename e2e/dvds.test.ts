import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, saveScreenshot, startE2e, type E2e } from './harness.ts';
import { SignInPage } from './pages/signIn.ts';
import { systemActor } from '../src/platform/audit/actor.ts';
import { paths } from '../src/paths.ts';

let e2e: E2e;
let subjectId: string;

before(async () => {
  e2e = await startE2e();
  const token = await e2e.testApp.services.users.createApiToken(systemActor('test'), 'integration', 'e2e');
  const res = await request(e2e.testApp.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'niche-rms',
      sourceReference: 'E2E-DVDS-1',
      reportedAt: '2025-09-14T20:00:00Z',
      classification: 'Domestic abuse - assault',
      parties: [
        { role: 'victim', person: { givenName: 'Morwenna', familyName: 'Trelawny', dateOfBirth: '1990-02-17' } },
        { role: 'suspect', person: { givenName: 'Gethin', familyName: 'Probert', dateOfBirth: '1986-08-30' } },
      ],
    })
    .expect(201);
  subjectId = res.body.parties[1].personId;
});
after(() => e2e.close());

/** Records the stage the form offers and waits for the application page to say so. */
async function recordStage(page: Page, stage: string, fill: () => Promise<void>) {
  await fill();
  await page.locator('[data-qa="record-stage"]').click();
  await page.locator(`[data-qa="dvds-stage"][data-stage="${stage}"]`).waitFor();
  await expectNoAxeViolations(page);
}

test('the DA coordinator takes a Right to Ask from the subject’s record through every stage to a disclosure', async () => {
  const page = await e2e.newPage();
  await (await new SignInPage(page).open()).signIn('coordinator');
  await page.goto(paths.people.show({ id: subjectId }));
  await page.locator('[data-qa="record-dvds-subject"]').click();
  assert.match(await page.locator('[data-qa="subject-picked"]').innerText(), /Gethin Probert/);
  await expectNoAxeViolations(page);

  // Right to Ask by the person at risk herself: a new person record for her.
  await page.getByLabel('Right to Ask', { exact: true }).check();
  await page.getByRole('group', { name: 'Right to Ask: who asked' }).getByLabel('The person at risk').check();
  const applicant = page.getByRole('group', { name: 'Applicant (for Right to Know, the person at risk told)' });
  await applicant.getByLabel('First name').fill('Eluned');
  await applicant.getByLabel('Last name').fill('Vaughan');
  await page.getByLabel('Relationship between the person at risk and the subject').fill('Partner of 5 months');
  await page.getByLabel('What prompted the application').fill('He checks her phone and has told her his last partner “deserved it”.');
  await page.locator('[data-qa="record-dvds"]').click();
  await page.locator('[data-qa="dvds-summary"]').waitFor();
  assert.match(await page.locator('[data-qa="dvds-summary"]').innerText(), /Eluned Vaughan[\s\S]*Gethin Probert[\s\S]*Partner of 5 months/);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'dvds-application-recorded');
  const applicationUrl = new URL(page.url()).pathname;

  await recordStage(page, 'initial-contact', async () => {
    await page
      .getByRole('group', { name: /immediate risk/ })
      .getByLabel('No')
      .check();
    await page.getByLabel('What the screen found').fill('No threat of immediate harm; she is staying with her sister this week.');
  });
  await recordStage(page, 'face-to-face', async () => {
    await page.getByLabel("I confirmed the applicant's identity in person").check();
    await page.getByLabel('How the identity was checked').fill('Passport and a council tax bill');
  });
  await recordStage(page, 'checks', async () => {
    for (const check of ['Police National Computer (PNC)', 'Police National Database (PND)', 'ViSOR', 'Local intelligence']) {
      const found = check === 'Police National Computer (PNC)' || check === 'Local intelligence';
      await page
        .getByRole('group', { name: check })
        .getByLabel(found ? 'Information found' : 'Nothing found')
        .check();
      await page.getByLabel(`What ${check} shows`).fill(found ? 'Two assaults on a former partner (2019, 2021)' : 'Nothing recorded');
    }
  });
  await recordStage(page, 'risk-assessment', async () => {
    await page.getByRole('group', { name: 'Risk to the person at risk' }).getByLabel('High').check();
    await page.getByLabel('Summary of the risk assessment').fill('Pattern of controlling behaviour and violence to partners.');
  });
  await recordStage(page, 'decision-forum', async () => {
    await page.getByLabel('Attendees (name and agency)').fill('DI Rhiannon Pryce (police), Sian Lloyd (IDVA service)');
    for (const part of ['Lawful', 'Necessary', 'Proportionate', 'A pressing need to disclose'])
      await page.getByLabel(part, { exact: true }).check();
    await page.getByRole('group', { name: 'Decision' }).getByLabel('Disclose', { exact: true }).check();
    await page.getByLabel('Rationale').fill('Convictions for violence to former partners; she is at risk now.');
  });
  assert.match(
    await page.locator('[data-qa="dvds-stage"][data-stage="decision-forum"]').innerText(),
    /Lawful met, Necessary met, Proportionate met, A pressing need to disclose met[\s\S]*Decision: disclose/,
  );
  await recordStage(page, 'disclosed', async () => {
    await page
      .getByRole('group', { name: 'Disclosed to' })
      .getByLabel(/Eluned Vaughan/)
      .check();
    await page.getByLabel('Disclosed by').fill('PC Owen Rees');
    await page.getByLabel('What was said').fill('He has convictions for assaulting two former partners.');
    await page.getByLabel('Safety plan').fill('Safe word with her sister; IDVA referral; 999 silent solution explained.');
    await page.getByLabel("The Clare's Law leaflet was given").check();
  });
  assert.match(
    await page.locator('[data-qa="dvds-stage"][data-stage="disclosed"]').innerText(),
    /Disclosed by PC Owen Rees to Eluned Vaughan/,
  );
  assert.equal(await page.locator('[data-qa="stage-form"]').count(), 0, 'a disclosed application has no next stage');
  // The stages read in the scheme's order, even when recorded within the same minute.
  assert.deepEqual(await page.locator('[data-qa="dvds-stage"]').evaluateAll((items) => items.map((i) => i.getAttribute('data-stage'))), [
    'received',
    'initial-contact',
    'face-to-face',
    'checks',
    'risk-assessment',
    'decision-forum',
    'disclosed',
  ]);
  await saveScreenshot(page, 'dvds-application');

  // The disclosure is on the audit trail with its recipient.
  const disclosed = await e2e.testApp.services.db
    .selectFrom('audit_event')
    .select(['recipient', 'category'])
    .where('category', '=', 'disclosure')
    .where('record_type', 'like', 'dvds%')
    .execute();
  assert.equal(disclosed.length, 1, JSON.stringify(disclosed));

  // The subject's page shows the application, disclosed.
  await page.goto(paths.people.show({ id: subjectId }));
  const shown = await page.locator('[data-qa="dvds-applications"]').innerText();
  assert.match(shown, /subject, disclosed/);
  await expectNoAxeViolations(page);
  await page.locator('[data-qa="dvds-applications"] a').first().click();
  assert.equal(new URL(page.url()).pathname, applicationUrl);
});
