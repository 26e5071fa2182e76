import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { expectNoAxeViolations, saveScreenshot, startE2e, type E2e } from './harness.ts';
import { SignInPage } from './pages/signIn.ts';
import { systemActor } from '../src/platform/audit/actor.ts';
import { paths } from '../src/paths.ts';

let e2e: E2e;
let suspectId: string;

before(async () => {
  e2e = await startE2e();
  const token = await e2e.testApp.services.users.createApiToken(systemActor('test'), 'integration', 'e2e');
  const res = await request(e2e.testApp.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'niche-rms',
      sourceReference: 'E2E-REL-1',
      reportedAt: '2025-11-02T21:00:00Z',
      classification: 'Domestic abuse - assault',
      parties: [
        { role: 'victim', person: { givenName: 'Carys', familyName: 'Penhallow', dateOfBirth: '1992-06-11' } },
        { role: 'suspect', person: { givenName: 'Aled', familyName: 'Penhallow', dateOfBirth: '1989-01-23' } },
      ],
    })
    .expect(201);
  suspectId = res.body.parties[1].personId;
});
after(() => e2e.close());

test('the support officer records a prison release from his record and works its risk review task', async () => {
  const page = await e2e.newPage();
  await (await new SignInPage(page).open()).signIn('support');
  await page.goto(paths.people.show({ id: suspectId }));
  await page.locator('[data-qa="record-release"]').click();
  await saveScreenshot(page, 'release-form');
  await expectNoAxeViolations(page);

  // Forgetting the establishment names it in the error summary; what was typed is kept.
  const release = page.getByRole('group', { name: 'Release date' });
  await release.getByLabel('Day').fill('20');
  await release.getByLabel('Month').fill('3');
  await release.getByLabel('Year').fill('2026');
  await page.getByLabel('SDS40 early release on licence').check();
  await page.getByLabel('Non-contact (optional)').fill('Must not contact Carys Penhallow directly or indirectly');
  await page.getByLabel('Exclusion zone address or area (optional)').fill('Harbour Road, Northshire');
  await page.getByLabel('Category 2').check();
  await page.getByLabel('Level 2').check();
  await page.getByLabel('Who told us of the release').selectOption('probation');
  await page.locator('[data-qa="record-release"]').click();
  const summary = page.locator('.govuk-error-summary');
  await summary.waitFor();
  assert.match(await summary.innerText(), /Enter the prison or establishment he is released from/);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'release-form-error');
  await summary.getByRole('link', { name: 'Enter the prison or establishment he is released from' }).click();
  await page.getByLabel('Prison or establishment').fill('HMP Elmley');
  await page.locator('[data-qa="record-release"]').click();

  // Ten days away, inside the 14: the review is raised at once.
  await page.locator('[data-qa="flash"]').waitFor();
  assert.match(await page.locator('[data-qa="flash"]').innerText(), /recorded and its risk review raised/);
  assert.match(
    await page.locator('[data-qa="release-details"]').innerText(),
    /20 March 2026[\s\S]*HMP Elmley[\s\S]*Harbour Road[\s\S]*Category 2, level 2/,
  );
  assert.match(await page.locator('[data-qa="release-victims"]').innerText(), /Carys Penhallow/);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'release');

  await page.locator('[data-qa="review-task-link"]').click();
  await page.locator('[data-qa="release-review-victims"]').waitFor();
  assert.match(await page.locator('[data-qa="task-title"]').innerText(), /Review the risk to the victims/);
  assert.match(await page.locator('[data-qa="release-review-victims"]').innerText(), /Carys Penhallow/);
  assert.match(await page.locator('[data-qa="marac-prompt"]').innerText(), /MARAC/);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'release-review-task');

  await page.goto(paths.releases.register);
  assert.equal(await page.locator('[data-qa="release-row"]').count(), 1);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'release-register');
});
