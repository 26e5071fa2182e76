import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { expectNoAxeViolations, saveScreenshot, startE2e, type E2e } from './harness.ts';
import { clickToNewPage } from './pages/navigation.ts';
import { SignInPage } from './pages/signIn.ts';
import { systemActor } from '../src/platform/audit/actor.ts';

/** Issue 15's journey: twin sisters are proposed as likely relatives, and a researcher records them as relatives. */
let e2e: E2e;

before(async () => {
  e2e = await startE2e();
  const token = await e2e.testApp.services.users.createApiToken(systemActor('test'), 'integration', 'e2e');
  const twin = (givenName: string) => ({
    givenName,
    familyName: 'Trevithick',
    dateOfBirth: '1994-08-21',
    sex: 'female',
    address: '7 Penrose Terrace, Truro',
    postcode: 'TR1 3QL',
    phone: '07700 900418',
  });
  let sent = 0;
  for (const givenName of ['Claire', 'Isabella'])
    await request(e2e.testApp.app)
      .post('/api/v1/incidents')
      .set('Authorization', `Bearer ${token}`)
      .send({
        sourceSystem: 'e2e',
        sourceReference: `REL-${++sent}`,
        reportedAt: `2026-0${sent}-12T23:40:00Z`,
        classification: 'Domestic abuse - assault',
        parties: [{ role: 'victim', person: twin(givenName) }],
      })
      .expect(201);
});
after(() => e2e.close());

test('a researcher reads a likely-relatives pair and records "relatives — not the same person"', async () => {
  const page = await e2e.newPage();
  await (await new SignInPage(page).open()).signIn('researcher');
  await page.goto(`${e2e.baseUrl}/possible-matches?view=all`);
  assert.match(await page.locator('main').innerText(), /Likely relatives \(different given names\)/);
  await expectNoAxeViolations(page);

  await clickToNewPage(page, page.locator('[data-qa="decide-link"]').first());
  assert.match((await page.locator('[data-qa="why-review"]').textContent()) ?? '', /given names clearly differ/);
  assert.match(await page.locator('main').innerText(), /Clearly different \(not a variant, typo or initial\)/);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'likely-relatives');

  await page.locator('[data-qa="decision-relatives"]').check();
  await page.locator('[data-qa="reason"]').fill('Twin sisters: same birthday and home, different given names.');
  await clickToNewPage(page, page.locator('[data-qa="save-decision"]'));
  assert.match(await page.locator('main').innerText(), /Recorded as relatives, not the same person/);
  await expectNoAxeViolations(page);

  const decisions = await e2e.testApp.services.db.selectFrom('person_pair_decision').select('decision').execute();
  assert.deepEqual(
    decisions.map((d) => d.decision),
    ['relatives'],
  );
  const people = await e2e.testApp.services.db.selectFrom('person').select('id').where('merged_into', 'is', null).execute();
  assert.equal(people.length, 2, 'two people, kept apart');
});
