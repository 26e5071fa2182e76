import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import request from 'supertest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, saveScreenshot, startE2e, type E2e } from './harness.ts';
import { SignInPage } from './pages/signIn.ts';
import { clickToNewPage } from './pages/navigation.ts';
import { systemActor } from '../src/platform/audit/actor.ts';
import { paths } from '../src/paths.ts';

let e2e: E2e;
let incidentId: string;
/** Also kept outside the repository, for looking at by hand. */
const SHOTS = '/tmp/shots-referrals';

async function shot(page: Page, name: string) {
  await saveScreenshot(page, `referrals-${name}`);
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

before(async () => {
  e2e = await startE2e();
  const token = await e2e.testApp.services.users.createApiToken(systemActor('test'), 'integration', 'e2e');
  const res = await request(e2e.testApp.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'e2e',
      sourceReference: 'referral-journey',
      reportedAt: '2026-03-09T20:40:00Z',
      classification: 'Domestic abuse - assault',
      narrative: 'Victim reports being pushed down the stairs; visible bruising.',
      parties: [
        {
          role: 'victim',
          person: {
            givenName: 'Leah',
            familyName: 'Thornbury',
            dateOfBirth: '1992-11-03',
            sex: 'female',
            phone: '07700 900777',
            address: '3 Orchard Row',
            postcode: 'NS2 5TT',
          },
        },
        { role: 'suspect', person: { givenName: 'Ryan', familyName: 'Thornbury', dateOfBirth: '1989-04-19', sex: 'male' } },
      ],
    })
    .expect(201);
  incidentId = res.body.id;
});
after(() => e2e?.close());

test('a coordinator refers a victim to the IDVA service, sharing only what is needed; consent refused is refused', async () => {
  const page = await e2e.newPage();
  await new SignInPage(page).open().then((p) => p.signIn('coordinator'));
  await page.goto(paths.incidents.show({ id: incidentId }));
  await clickToNewPage(page, page.locator('[data-qa="refer-incident"]'));
  await page.getByLabel('Agency').selectOption({ label: 'Northshire IDVA Service' });
  await page.getByLabel('Lawful basis for sharing').selectOption('safeguarding-individuals-at-risk');
  await page.getByLabel('Refused by the victim').check();
  await clickToNewPage(page, page.locator('[data-qa="send-referral"]'));
  const summary = page.locator('.govuk-error-summary');
  await summary.waitFor();
  assert.match(await summary.innerText(), /refused consent/);
  await expectNoAxeViolations(page);
  await shot(page, 'referral-form-errors');

  await page.getByLabel('Given by the victim').check();
  // Data minimisation: the address is not needed by the IDVA; the incident summary is.
  await page.getByLabel('Incident summary (reference, date, classification, circumstances)').check();
  await expectNoAxeViolations(page);
  await shot(page, 'referral-form');
  await clickToNewPage(page, page.locator('[data-qa="send-referral"]'));
  assert.match(await page.locator('[data-qa="flash"]').innerText(), /Referral sent/);
  assert.match(await page.locator('[data-qa="shared-fields"]').innerText(), /Leah THORNBURY/);
  assert.doesNotMatch(await page.locator('[data-qa="shared-fields"]').innerText(), /Orchard Row/);
  await expectNoAxeViolations(page);
  await shot(page, 'referral-page-sent');
});

test('an IDVA signs in, sees the new referral on her home page and accepts it in the portal; the force sees her update', async () => {
  const page = await e2e.newPage();
  await new SignInPage(page).open().then((p) => p.signIn('idva'));
  const home = page.locator('[data-qa="partner-new-referrals-list"]');
  assert.match(await home.innerText(), /Leah THORNBURY/);
  await expectNoAxeViolations(page);
  await shot(page, 'partner-home');

  await clickToNewPage(page, page.getByRole('link', { name: 'See all referrals to your agency' }));
  await expectNoAxeViolations(page);
  await shot(page, 'partner-portal-list');
  await clickToNewPage(page, page.getByRole('link', { name: 'Leah THORNBURY' }));
  const shared = await page.locator('[data-qa="shared-fields"]').innerText();
  assert.match(shared, /07700 900777/);
  assert.match(shared, /pushed down the stairs/);
  assert.doesNotMatch(await page.locator('main').innerText(), /Orchard Row|Ryan/);
  await expectNoAxeViolations(page);
  await shot(page, 'partner-portal-referral');

  await clickToNewPage(page, page.locator('[data-qa="send-answer"]'));
  await page.locator('.govuk-error-summary').waitFor();
  await expectNoAxeViolations(page);
  await page.getByLabel('Yes, accept it').check();
  await clickToNewPage(page, page.locator('[data-qa="send-answer"]'));
  assert.match(await page.locator('[data-qa="flash"]').innerText(), /Referral accepted/);
  await page.locator('#contact-outcome').selectOption('contact-made');
  await page.locator('#contact-note').fill('Spoke to Leah at the agreed time; safety plan started.');
  await clickToNewPage(page, page.locator('[data-qa="record-contact"]'));
  assert.match(await page.locator('[data-qa="referral-history"]').innerText(), /Contact made with the victim/);
  await expectNoAxeViolations(page);
  await shot(page, 'partner-portal-accepted');

  const force = await e2e.newPage();
  await new SignInPage(force).open().then((p) => p.signIn('coordinator'));
  await force.goto(paths.referrals.list + '?scope=all');
  await clickToNewPage(force, force.getByRole('link', { name: 'Leah THORNBURY' }));
  assert.match(await force.locator('[data-qa="partner-updates"]').innerText(), /safety plan started/);
  assert.match(await force.locator('[data-qa="referral-status"]').innerText(), /Accepted/);
  await expectNoAxeViolations(force);
  await shot(force, 'referral-page-accepted');
});
