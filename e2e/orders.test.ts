import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import request from 'supertest';
import { expectNoAxeViolations, saveScreenshot, startE2e, type E2e } from './harness.ts';
import { SignInPage } from './pages/signIn.ts';
import { clickToNewPage } from './pages/navigation.ts';
import { systemActor } from '../src/platform/audit/actor.ts';
import { pdfText } from '../src/modules/orders/testPdfText.ts';

/**
 * A coordinator records a DVPN from the suspect's page, sees the hearing countdown and the court application on the
 * team's task list, and generates the court application pack (the PDF downloads and names the suspect). Axe clean.
 */
let e2e: E2e;
let suspectId: string;
const SHOTS = '/tmp/shots-orders';

async function shot(page: Parameters<typeof saveScreenshot>[0], name: string) {
  const file = await saveScreenshot(page, name);
  await mkdir(SHOTS, { recursive: true });
  await copyFile(file, `${SHOTS}/${name}.png`);
}

before(async () => {
  e2e = await startE2e();
  const token = await e2e.testApp.services.users.createApiToken(systemActor('test'), 'integration', 'e2e');
  const incident = await request(e2e.testApp.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'e2e',
      sourceReference: 'order-journey',
      reportedAt: '2026-03-09T20:10:00Z',
      classification: 'Domestic abuse - assault',
      parties: [
        { role: 'victim', person: { givenName: 'Nadia', familyName: 'Brookfield', dateOfBirth: '1990-05-12', sex: 'female' } },
        { role: 'suspect', person: { givenName: 'Owen', familyName: 'Brookfield', dateOfBirth: '1987-01-23', sex: 'male' } },
      ],
    })
    .expect(201);
  suspectId = incident.body.parties[1].personId;
});
after(() => e2e.close());

test('a coordinator records a DVPN, sees the countdown and the court application task, and generates the court pack', async () => {
  const page = await e2e.newPage();
  await (await new SignInPage(page).open()).signIn('coordinator');
  await page.goto(`/people/${suspectId}`);
  await clickToNewPage(page, page.locator('[data-qa="record-order"]'));
  await page.locator('#type').check(); // the first type offered: DVPN
  await page.getByLabel('Nadia Brookfield').check();
  await page.locator('#authorised-name').fill('Supt Amara Quayle');
  await page.locator('#authorised-rank').selectOption('superintendent');
  await page.locator('#condition-no-contact').fill('Must not contact Nadia Brookfield directly or through anyone else');
  await page.locator('#condition-exclusion-zone').fill('Must not enter Alder Close');
  await page.locator('#condition-exclusion-address').fill('7 Alder Close, Northshire');
  await expectNoAxeViolations(page);
  await clickToNewPage(page, page.locator('[data-qa="record-order"]'));
  assert.match(await page.locator('[data-qa="flash"]').innerText(), /DVPN ORD-\d{6} recorded/);

  const countdown = page.locator('[data-qa="countdown"]');
  assert.match(await countdown.innerText(), /^Hearing: \d+ hours \d+ minutes? left$/);
  await expectNoAxeViolations(page);
  await shot(page, 'order-page-countdown');
  const orderUrl = new URL(page.url()).pathname;

  await page.goto('/tasks?scope=team');
  const taskLink = page.getByRole('link', { name: /Apply to the magistrates’ court/ }).first();
  await taskLink.waitFor();
  await expectNoAxeViolations(page);
  await clickToNewPage(page, taskLink);
  assert.match(await page.locator('[data-qa="court-application-countdown"]').innerText(), /Hearing: \d+ hours \d+ minutes? left/);
  await expectNoAxeViolations(page);
  await shot(page, 'court-application-task');

  await clickToNewPage(page, page.locator('[data-qa="court-application-order"]'));
  assert.equal(new URL(page.url()).pathname, orderUrl);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-qa="court-pack-pdf"]').click()]);
  assert.match(download.suggestedFilename(), /^court-application-ORD-\d{6}\.pdf$/);
  const file = `${SHOTS}/court-pack.pdf`;
  await mkdir(SHOTS, { recursive: true });
  await download.saveAs(file);
  const pdf = await readFile(file);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const text = pdfText(pdf);
  assert.ok(text.includes('Owen Brookfield'), 'the pack names the person the order is sought against');
  assert.ok(text.includes('Nadia Brookfield'), 'and the person it would protect');
  // A rendered page of the pack, to look at (pdftoppm from poppler-utils, when the machine has it).
  try {
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', file, `${SHOTS}/court-pack`]);
  } catch {
    // no pdftoppm: the PDF itself is kept beside the screenshots
  }
});
