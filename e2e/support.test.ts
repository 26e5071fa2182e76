import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import request from 'supertest';
import { expectNoAxeViolations, saveScreenshot, startE2e, type E2e } from './harness.ts';
import { SignInPage } from './pages/signIn.ts';
import { clickToNewPage, focusedElement } from './pages/navigation.ts';
import { systemActor } from '../src/platform/audit/actor.ts';

/**
 * The DA support officer (seed 003) finds a repeat standard-risk victim on the Second Responder list, is refused a
 * visit outside the 14-day window (the error summary's link lands on the day field), schedules one inside it and
 * records its outcome; then issues her a panic alarm from her page. The order form's date error links to its day
 * field too (the wrapper no longer shares its id). The clock reads Tuesday 10 March 2026, 10:00 UTC. Axe clean.
 */
let e2e: E2e;
let victimId: string;
const SHOTS = '/tmp/shots-support';

async function shot(page: Parameters<typeof saveScreenshot>[0], name: string) {
  const file = await saveScreenshot(page, name);
  await mkdir(SHOTS, { recursive: true });
  await copyFile(file, `${SHOTS}/${name}.png`);
}

before(async () => {
  e2e = await startE2e();
  const token = await e2e.testApp.services.users.createApiToken(systemActor('test'), 'integration', 'e2e');
  const answers = Object.fromEntries(Array.from({ length: 27 }, (_, i) => [String(i + 1), 'no']));
  for (const [n, reportedAt] of ['2026-01-18T19:00:00Z', '2026-03-08T20:00:00Z'].entries()) {
    const res = await request(e2e.testApp.app)
      .post('/api/v1/incidents')
      .set('Authorization', `Bearer ${token}`)
      .send({
        sourceSystem: 'e2e',
        sourceReference: `support-journey-${n}`,
        reportedAt,
        classification: 'Domestic abuse - assault',
        parties: [
          { role: 'victim', person: { givenName: 'Elowen', familyName: 'Penrose', dateOfBirth: '1991-06-14', sex: 'female' } },
          { role: 'suspect', person: { givenName: 'Jory', familyName: 'Penrose', dateOfBirth: '1988-02-02', sex: 'male' } },
        ],
        riskAssessment: { instrument: 'dash-2009', answers, officerGrade: 'standard' },
      })
      .expect(201);
    victimId = res.body.parties[0].personId;
  }
});
after(() => e2e.close());

test('schedule a second-responder visit, and issue an alarm', async () => {
  const page = await e2e.newPage();
  await (await new SignInPage(page).open()).signIn('support');
  await page.goto('/second-responder');
  await page.locator('[data-qa="eligible-row"]', { hasText: 'Elowen Penrose' }).waitFor();
  await expectNoAxeViolations(page);
  await shot(page, 'second-responder-list');
  await clickToNewPage(page, page.locator('[data-qa="eligible-row"]', { hasText: 'Elowen Penrose' }).locator('[data-qa="schedule-visit"]'));

  // 30 March is outside the window (8 March 20:00 + 14 days): refused, the summary linking to the day field.
  await page.locator('#visit-day').fill('30');
  await page.locator('#visit-month').fill('3');
  await page.locator('#visit-year').fill('2026');
  await page.locator('#visit-time').fill('11:00');
  await page.locator('#visitors').fill('PC 4412 Evans with the IDVA');
  await clickToNewPage(page, page.locator('button[data-qa="schedule-visit"]'));
  const summary = page.locator('.govuk-error-summary');
  assert.match(await summary.innerText(), /The visit must be no more than 14 days after the incident/);
  await expectNoAxeViolations(page);
  await shot(page, 'second-responder-refused');
  await summary.getByRole('link', { name: /no more than 14 days/ }).click();
  assert.equal((await focusedElement(page)).id, 'visit-day');

  await page.locator('#visit-day').fill('12');
  await page.locator('#visit-time').fill('14:30');
  await clickToNewPage(page, page.locator('button[data-qa="schedule-visit"]'));
  assert.match(await page.locator('[data-qa="flash"]').innerText(), /Visit SR-\d{6} scheduled/);
  await page.getByLabel('Visited: options discussed').check();
  await page.getByLabel('IDVA service').check();
  await expectNoAxeViolations(page);
  await clickToNewPage(page, page.locator('button[data-qa="record-outcome"]'));
  assert.match(await page.locator('[data-qa="visit-details"]').innerText(), /IDVA service/);
  await expectNoAxeViolations(page);
  await shot(page, 'second-responder-visit');

  await page.goto(`/people/${victimId}`);
  await clickToNewPage(page, page.locator('[data-qa="issue-alarm"]'));
  await page.getByLabel('TecSOS handset').check();
  await page.locator('#serial').fill('TS-77001');
  await page.locator('#installer').fill('Kent Safe Homes');
  await expectNoAxeViolations(page);
  await clickToNewPage(page, page.locator('button[data-qa="issue-alarm"]'));
  assert.match(await page.locator('[data-qa="flash"]').innerText(), /Alarm PA-\d{6} issued: review due/);
  await expectNoAxeViolations(page);
  await shot(page, 'alarm-page');
});

test('the order form’s date error links to the day field, whose id is no longer the wrapper’s', async () => {
  const page = await e2e.newPage();
  await (await new SignInPage(page).open()).signIn('support');
  await page.goto(`/orders/new?subject=${victimId}`);
  assert.equal(await page.locator('[id="starts-day"]').count(), 1);
  await page.locator('#starts-day').fill('31');
  await page.locator('#starts-month').fill('2');
  await page.locator('#starts-year').fill('2026');
  await clickToNewPage(page, page.locator('button[data-qa="record-order"]'));
  assert.equal(await page.locator('[id="starts-day"]').count(), 1);
  const link = page.locator('.govuk-error-summary a[href="#starts-day"]');
  await link.click();
  assert.equal((await focusedElement(page)).id, 'starts-day');
});
