import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { expectNoAxeViolations, saveScreenshot, startE2e, type E2e } from './harness.ts';
import { clickToNewPage } from './pages/navigation.ts';
import { PeopleSearchPage } from './pages/people.ts';
import { SignInPage } from './pages/signIn.ts';
import { systemActor } from '../src/platform/audit/actor.ts';

/** Issue 3's journey: a research assistant finds a person, reads their history and resolves a possible match. */
let e2e: E2e;

before(async () => {
  e2e = await startE2e();
  const token = await e2e.testApp.services.users.createApiToken(systemActor('test'), 'integration', 'e2e');
  let sent = 0;
  const send = async (reportedAt: string, parties: object[]) =>
    request(e2e.testApp.app)
      .post('/api/v1/incidents')
      .set('Authorization', `Bearer ${token}`)
      .send({ sourceSystem: 'e2e', sourceReference: `P-${++sent}`, reportedAt, classification: 'Domestic abuse - assault', parties })
      .expect(201);
  const suspect = { givenName: 'Robert', familyName: 'Ashworth', dateOfBirth: '1978-02-09', sex: 'male', postcode: 'OL1 3AB' };
  await send('2024-05-01T21:00:00Z', [
    {
      role: 'victim',
      person: { givenName: 'Kerensa', familyName: 'Trelawny', dateOfBirth: '1986-03-14', sex: 'female', postcode: 'TR1 2AB' },
    },
    { role: 'suspect', person: suspect },
  ]);
  await send('2025-09-12T23:40:00Z', [
    { role: 'victim', person: { givenName: 'Lucy', familyName: 'Brennan', dateOfBirth: '1990-10-30', sex: 'female', postcode: 'OL4 2PQ' } },
    { role: 'suspect', person: { ...suspect, givenName: 'Bob' } },
  ]);
  // The first victim again, with neither date of birth nor postcode: the engine asks a person.
  const third = await send('2026-02-01T10:00:00Z', [
    { role: 'victim', person: { givenName: 'Kerensa', familyName: 'Trelawny', sex: 'female' } },
  ]);
  assert.equal(third.body.parties[0].link, 'review');
});
after(() => e2e.close());

test('a researcher searches by nickname, reads the history, and merges a possible match', async () => {
  const page = await e2e.newPage();
  await (await new SignInPage(page).open()).signIn('researcher');

  const search = await new PeopleSearchPage(page).open();
  await expectNoAxeViolations(page);
  await search.searchFor('Bob Ashworth');
  await expectNoAxeViolations(page);
  await clickToNewPage(page, search.results.getByRole('link', { name: /ASHWORTH, Robert/ }));
  await assert.doesNotReject(page.locator('[data-qa="person-name"]', { hasText: 'ASHWORTH, Robert' }).waitFor());
  assert.equal(await page.locator('[data-qa="chronology-item"]').count(), 2);
  assert.match((await page.locator('[data-qa="indicators"]').textContent()) ?? '', /Serial perpetrator/);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'person-page');

  await clickToNewPage(page, page.getByRole('link', { name: 'Possible matches' }).first());
  await expectNoAxeViolations(page);
  await clickToNewPage(page, page.locator('[data-qa="decide-link"]').first());
  assert.ok((await page.locator('[data-qa="comparison-row"]').count()) > 0, 'field by field comparison');
  assert.match((await page.locator('[data-qa="why-review"]').textContent()) ?? '', /Nothing that identifies one person/);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'possible-match');

  await clickToNewPage(page, page.locator('[data-qa="save-decision"]'));
  await page.locator('.govuk-error-summary').waitFor();
  await expectNoAxeViolations(page);

  await page.locator('[data-qa="decision-same"]').check();
  await page
    .locator('[data-qa="reason"]')
    .fill('Same name and sex; the later record lacks date of birth and postcode; same victim account.');
  await clickToNewPage(page, page.locator('[data-qa="save-decision"]'));
  await expectNoAxeViolations(page);

  const merged = await e2e.testApp.services.db.selectFrom('person').select('id').where('merged_into', 'is not', null).execute();
  assert.equal(merged.length, 1, 'the two records are now one person');

  // The merged record's page leads to the survivor, with a banner saying what happened.
  await page.goto(`${e2e.baseUrl}/people/${merged[0].id}`);
  await page.locator('[data-qa="merged-banner"]').waitFor();
  assert.match((await page.locator('[data-qa="merged-banner"]').textContent()) ?? '', /This record was merged into\s+TRELAWNY, Kerensa/);
  assert.equal(await page.locator('[data-qa="chronology-item"]').count(), 2);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'merged-record');
});
