import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNoAxeViolations, saveScreenshot, startE2e, type E2e } from './harness.ts';
import { SignInPage } from './pages/signIn.ts';
import { aPerson } from '../src/testing/personFixtures.ts';
import { paths } from '../src/paths.ts';

let e2e: E2e;
let victimId: string;

before(async () => {
  e2e = await startE2e();
  victimId = await aPerson(e2e.testApp.services.db, { givenName: 'Orla', familyName: 'Brackenbury', dateOfBirth: '1991-05-17' });
});
after(() => e2e.close());

test('a research assistant records an enquiry from children’s social care and its disclosure', async () => {
  const page = await e2e.newPage();
  await (await new SignInPage(page).open()).signIn('researcher');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Enquiries', exact: true }).click();
  await page.locator('[data-qa="new-enquiry"]').click();
  await expectNoAxeViolations(page);

  await page.getByLabel('Name', { exact: true }).fill('Jo Pellow');
  await page.getByLabel('Team or agency').fill("Northshire Children's Social Care");
  await page.getByLabel('Contact').fill('01632 960111');
  await page.getByLabel('Find a person by name').fill('Brackenbury');
  await page.locator('[data-qa="person-search"]').click();
  await page.getByLabel('BRACKENBURY, Orla').check();
  await page.getByLabel('What the information is wanted for').fill('Section 47 enquiry: DA history at the address');
  await page.getByLabel('Lawful basis for sharing').selectOption('children-act-s47');
  // Forgetting the date shows the error summary naming the field, with everything else kept.
  await page.locator('[data-qa="record-enquiry"]').click();
  const summary = page.locator('.govuk-error-summary');
  await summary.waitFor();
  assert.match(await summary.innerText(), /Enter the date the enquiry was received/);
  await expectNoAxeViolations(page);
  await summary.getByRole('link', { name: 'Enter the date the enquiry was received' }).click();
  await page.getByLabel('Day').fill('9');
  await page.getByLabel('Month').fill('3');
  await page.getByLabel('Year').fill('2026');
  assert.equal(await page.getByLabel('BRACKENBURY, Orla').isChecked(), true);
  await page.locator('[data-qa="record-enquiry"]').click();

  await page.locator('[data-qa="flash"]').waitFor();
  assert.match(await page.locator('[data-qa="enquiry-details"]').innerText(), /Jo Pellow[\s\S]*BRACKENBURY, Orla[\s\S]*16 March 2026/);
  await expectNoAxeViolations(page);
  await page.getByLabel('Disclose in part').check();
  await page.getByLabel('Rationale').fill('Necessary for the child protection enquiry; third parties removed.');
  await page.getByLabel('What was disclosed').fill('Dates and outcomes of two DA incidents at the address.');
  const disclosed = page.getByRole('group', { name: 'Date disclosed' });
  await disclosed.getByLabel('Day').fill('10');
  await disclosed.getByLabel('Month').fill('3');
  await disclosed.getByLabel('Year').fill('2026');
  await page.locator('[data-qa="record-decision"]').click();
  await page.locator('[data-qa="decision"]').waitFor();
  assert.match(await page.locator('[data-qa="decision"]').innerText(), /Disclose in part[\s\S]*Dates and outcomes/);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'enquiry');

  const disclosure = await e2e.testApp.services.db
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', 'enquiry-disclosure')
    .executeTakeFirstOrThrow();
  assert.equal(disclosure.recipient, "Jo Pellow, Northshire Children's Social Care");
  assert.deepEqual([...disclosure.subject_person_ids], [victimId]);

  await page.goto(`${paths.enquiries.list}?status=answered`);
  assert.equal(await page.locator('[data-qa="enquiry-row"]').count(), 1);
  await expectNoAxeViolations(page);
});
