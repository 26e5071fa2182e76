import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNoAxeViolations, saveScreenshot, startE2e, type E2e } from './harness.ts';
import { SignInPage } from './pages/signIn.ts';
import { aPerson, anIncidentWithVictim } from '../src/testing/personFixtures.ts';

/** Issue 16's restricted records: the restricted page, break-glass with its error, and the grants a supervisor manages. */
let e2e: E2e;
let personId: string;

before(async () => {
  e2e = await startE2e();
  personId = await aPerson(e2e.testApp.services.db, { givenName: 'Wren', familyName: 'Glasshouse', restriction: 'restricted' });
  await anIncidentWithVictim(e2e.testApp.services.db, personId);
});
after(() => e2e.close());

test('an assessor meets the restricted page, forgets the reason, then breaks glass and reads the record', async () => {
  const page = await e2e.newPage();
  await (await new SignInPage(page).open()).signIn('assessor');
  await page.goto(`${e2e.baseUrl}/people/${personId}`);
  await page.locator('[data-qa="restricted"]').waitFor();
  assert.equal(await page.getByText('GLASSHOUSE').count(), 0);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'restricted-record');

  await page.locator('[data-qa="break-glass"]').click();
  await page.locator('.govuk-error-summary').waitFor();
  assert.match((await page.locator('.govuk-error-summary').textContent()) ?? '', /Enter why you need to open this restricted record/);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'break-glass-error');

  await page.getByLabel('Why do you need to open this record?').fill('Victim at the front desk asking for her safety plan');
  await page.locator('[data-qa="break-glass"]').click();
  await page.locator('[data-qa="person-name"]', { hasText: 'GLASSHOUSE, Wren' }).waitFor();
  await page.locator('[data-qa="restricted-tag"]').waitFor();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'break-glass-opened');
});

test("a supervisor sees the break-glass among the record's grants and gives a named officer access", async () => {
  const page = await e2e.newPage();
  await (await new SignInPage(page).open()).signIn('supervisor');
  await page.goto(`${e2e.baseUrl}/people/${personId}`);
  await page.locator('[data-qa="access-grants"]').waitFor();
  assert.match((await page.locator('[data-qa="grant-row"]').first().textContent()) ?? '', /Break-glass/);
  await page.getByLabel('Username').fill('victimcare');
  await page.getByLabel('Why they need it').fill('Named victim care officer');
  await page.locator('[data-qa="grant-access"]').click();
  await page.locator('[data-qa="restricted"]').waitFor();
  assert.equal(await page.locator('[data-qa="grant-row"]').count(), 2);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'restricted-grants');
});
