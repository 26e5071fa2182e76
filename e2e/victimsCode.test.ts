import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { expectNoAxeViolations, saveScreenshot, startE2e, type E2e } from './harness.ts';
import { SignInPage } from './pages/signIn.ts';
import { clickToNewPage } from './pages/navigation.ts';
import { systemActor } from '../src/platform/audit/actor.ts';
import { paths } from '../src/paths.ts';

/**
 * A victim care officer records a case event on a victim's Victims' Code page and meets the update obligation it
 * creates, axe clean on every page. The test clock is Tuesday 10 March 2026, 10:00 London time.
 */
let e2e: E2e;
let caseId: string;

before(async () => {
  e2e = await startE2e();
  const { services, app } = e2e.testApp;
  const token = await services.users.createApiToken(systemActor('test'), 'integration', 'e2e');
  const res = await request(app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'e2e',
      sourceReference: 'victims-code',
      reportedAt: '2026-03-09T21:15:00Z',
      classification: 'Domestic abuse - assault',
      parties: [
        { role: 'victim', person: { givenName: 'Carys', familyName: 'Ashdown', dateOfBirth: '1990-06-12', sex: 'female' } },
        { role: 'suspect', person: { givenName: 'Dean', familyName: 'Ashdown', dateOfBirth: '1986-03-03', sex: 'male' } },
      ],
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
});
after(() => e2e.close());

test('a victim care officer records an arrest and tells the victim in time', async () => {
  const page = await e2e.newPage();
  await (await new SignInPage(page).open()).signIn('victimcare');
  await page.goto(paths.victimsCode.ofCase({ id: caseId }));
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), "Victims' Code");
  await expectNoAxeViolations(page);

  // Nothing chosen: the error summary names what is missing and the event is not recorded.
  await page
    .getByLabel('Date it happened')
    .first()
    .waitFor()
    .catch(() => undefined);
  await page.locator('#occurred-time').fill('');
  await clickToNewPage(page, page.locator('[data-qa="record-event"]'));
  const errors = await page.locator('.govuk-error-summary__list a').allTextContents();
  assert.deepEqual(
    errors.map((e) => e.trim()),
    ['Select what happened', 'Enter the time it happened in 24-hour form, like 14:30'],
  );
  await expectNoAxeViolations(page);

  await page.getByLabel('Suspect arrested').check();
  await page.locator('#occurred-time').fill('08:15');
  await clickToNewPage(page, page.locator('[data-qa="record-event"]'));
  assert.match((await page.locator('[data-qa="flash"]').textContent()) ?? '', /Tell the victim by Wednesday 11 March 2026/);
  assert.match((await page.locator('[data-qa="case-events"] [data-qa="standing"]').textContent()) ?? '', /Due/);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'victims-code-event-recorded');

  await clickToNewPage(page, page.locator('[data-qa="case-events"] [data-qa="record-update"]'));
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Record the update given');
  await expectNoAxeViolations(page);
  await page.getByLabel('Phone call').check();
  await page
    .getByLabel('What the victim was told, and their response (optional)')
    .fill('Told her he is in custody and will be interviewed today.');
  await clickToNewPage(page, page.locator('[data-qa="give-update"]'));
  assert.match((await page.locator('[data-qa="flash"]').textContent()) ?? '', /Update recorded as given on time/);
  assert.match((await page.locator('[data-qa="case-events"] [data-qa="standing"]').textContent()) ?? '', /Met on time/);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'victims-code-case');

  await clickToNewPage(page, page.getByRole('link', { name: "Victims' Code", exact: true }));
  assert.match((await page.locator('[data-qa="count-met-on-time"] .app-card__count').textContent()) ?? '', /^1$/);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'victims-code-compliance');
});
