import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import request from 'supertest';
import { expectNoAxeViolations, saveScreenshot, startE2e, type E2e } from './harness.ts';
import { SignInPage } from './pages/signIn.ts';
import { clickToNewPage } from './pages/navigation.ts';
import { systemActor } from '../src/platform/audit/actor.ts';
import { paths } from '../src/paths.ts';

let e2e: E2e;
let caseId: string;
const SHOTS = '/tmp/shots-cases';

async function shot(page: Parameters<typeof saveScreenshot>[0], name: string) {
  const file = await saveScreenshot(page, name);
  await mkdir(SHOTS, { recursive: true });
  await copyFile(file, `${SHOTS}/${name}.png`);
}

before(async () => {
  e2e = await startE2e();
  const { services } = e2e.testApp;
  const token = await services.users.createApiToken(systemActor('test'), 'integration', 'e2e');
  const incident = await request(e2e.testApp.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'e2e',
      sourceReference: 'case-journey',
      reportedAt: '2026-03-08T19:05:00Z',
      classification: 'Domestic abuse - assault',
      parties: [
        { role: 'victim', person: { givenName: 'Rhiannon', familyName: 'Ashdown', dateOfBirth: '1991-02-17', sex: 'female' } },
        { role: 'suspect', person: { givenName: 'Craig', familyName: 'Ashdown', dateOfBirth: '1988-06-30', sex: 'male' } },
      ],
    })
    .expect(201);
  const victimToken = await services.users.createApiToken(systemActor('test'), 'victimcare', 'e2e');
  const opened = await request(e2e.testApp.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${victimToken}`)
    .send({ victimPersonId: incident.body.parties[0].personId, incidentIds: [incident.body.id] })
    .expect(201);
  caseId = opened.body.id;
  await services.db.transaction().execute((trx) =>
    services.people.recordSafeContact(
      trx,
      systemActor('test'),
      incident.body.parties[0].personId,
      {
        method: 'Mobile only; never leave voicemail',
        safeTimes: 'Weekdays 9am to 2pm',
        phone: '07700 900417',
        mustNotKnow: 'Craig Ashdown and his mother',
        notes: null,
      },
      0,
    ),
  );
});
after(() => e2e.close());

test('a victim care officer opens her case, sees the safe-contact instructions first, and records a contact', async () => {
  const page = await e2e.newPage();
  await (await new SignInPage(page).open()).signIn('victimcare');
  await page.goto(paths.cases.show({ id: caseId }));
  const banner = page.locator('[data-qa="safe-contact"]');
  await banner.waitFor();
  assert.match(await banner.innerText(), /Craig Ashdown and his mother/);
  // At the top: above the page's heading.
  const bannerBox = (await banner.boundingBox())!;
  const headingBox = (await page.locator('h1').boundingBox())!;
  assert.ok(bannerBox.y < headingBox.y, 'safe contact above the heading');
  await expectNoAxeViolations(page);
  await shot(page, 'case-page');

  await clickToNewPage(page, page.locator('[data-qa="record-contact"]'));
  assert.match(await page.locator('[data-qa="safe-contact"]').innerText(), /07700 900417/);
  await expectNoAxeViolations(page);
  await shot(page, 'contact-form');

  // A missing outcome is named in the error summary and nothing is recorded.
  await page.getByLabel('Advice given').fill('Explained the National Domestic Abuse Helpline and a non-molestation order.');
  await clickToNewPage(page, page.locator('[data-qa="save-contact"]'));
  await page.locator('.govuk-error-summary').waitFor();
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Select the outcome of the contact/);
  await expectNoAxeViolations(page);
  await shot(page, 'contact-form-errors');

  await page.getByLabel('Spoke with her').check();
  await page.getByLabel('An escape bag with documents, medication and money kept somewhere safe').check();
  await page.getByLabel('Helplines card (National DA Helpline, local IDVA service)').check();
  await clickToNewPage(page, page.locator('[data-qa="save-contact"]'));
  assert.match(await page.locator('[data-qa="flash"]').innerText(), /Contact recorded/);
  const timeline = page.locator('[data-qa="contact"]');
  assert.equal(await timeline.count(), 1);
  assert.match(await timeline.innerText(), /non-molestation order/);
  assert.match(await timeline.innerText(), /escape bag/);
  await expectNoAxeViolations(page);
  await shot(page, 'case-page-after-contact');
});
