import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { BrowserContext, Page } from 'playwright-core';
import { expectNoAxeViolations, saveScreenshot, startE2e, VIEWPORT, type E2e } from './harness.ts';
import { SignInPage } from './pages/signIn.ts';
import { systemActor } from '../src/platform/audit/actor.ts';
import { paths } from '../src/paths.ts';

let e2e: E2e;
let taskPath: string;
/** Operation Encompass tasks whose child has no school recorded: a girl of 9, and a toddler. */
let noSchoolTaskPath: string;
let toddlerTaskPath: string;
const contexts: BrowserContext[] = [];

/** An incident whose one child has no school recorded; returns its Operation Encompass task's page. */
async function anIncidentWithAChildWithoutASchool(token: string, reference: string, child: { givenName: string; dateOfBirth: string }) {
  await request(e2e.testApp.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'e2e',
      sourceReference: reference,
      reportedAt: '2026-03-09T19:05:00Z',
      classification: 'Domestic abuse - verbal argument',
      parties: [
        { role: 'victim', person: { givenName: 'Nadia', familyName: 'Ferncroft', dateOfBirth: '1990-07-21', sex: 'female' } },
        { role: 'suspect', person: { givenName: 'Lee', familyName: 'Ferncroft', dateOfBirth: '1987-12-02', sex: 'male' } },
        { role: 'child', present: false, person: { ...child, familyName: 'Ferncroft', sex: 'female' } },
      ],
    })
    .expect(201);
  const task = await e2e.testApp.services.db
    .selectFrom('task')
    .innerJoin('incident', 'incident.id', 'task.incident_id')
    .select('task.id')
    .where('incident.source_reference', '=', reference)
    .where('task.type', '=', 'operation-encompass')
    .executeTakeFirstOrThrow();
  return paths.tasks.show({ id: task.id });
}

before(async () => {
  e2e = await startE2e();
  const token = await e2e.testApp.services.users.createApiToken(systemActor('test'), 'integration', 'e2e');
  noSchoolTaskPath = await anIncidentWithAChildWithoutASchool(token, 'encompass-no-school', {
    givenName: 'Ruby',
    dateOfBirth: '2016-10-14',
  });
  toddlerTaskPath = await anIncidentWithAChildWithoutASchool(token, 'encompass-toddler', { givenName: 'Mia', dateOfBirth: '2024-02-01' });
  await e2e.testApp.services.db.transaction().execute((trx) =>
    e2e.testApp.services.schools.register(trx, systemActor('test'), {
      name: 'Wren Hill Primary School',
      town: 'Barnsley',
      keyAdultName: 'Priya Nair',
      keyAdultEmail: 'dsl@wren-hill.example',
      keyAdultPhone: '01632 960 201',
    }),
  );
  await request(e2e.testApp.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'e2e',
      sourceReference: 'encompass',
      reportedAt: '2026-03-09T21:15:00Z',
      classification: 'Domestic abuse - assault',
      parties: [
        { role: 'victim', person: { givenName: 'Hannah', familyName: 'Brookfield', dateOfBirth: '1988-05-14', sex: 'female' } },
        { role: 'suspect', person: { givenName: 'Gavin', familyName: 'Brookfield', dateOfBirth: '1985-01-30', sex: 'male' } },
        {
          role: 'child',
          present: true,
          school: 'Millbrook Primary School',
          person: { givenName: 'Isla', familyName: 'Brookfield', dateOfBirth: '2017-02-11', sex: 'female' },
        },
      ],
    })
    .expect(201);
  const task = await e2e.testApp.services.db
    .selectFrom('task')
    .innerJoin('incident', 'incident.id', 'task.incident_id')
    .select('task.id')
    .where('incident.source_reference', '=', 'encompass')
    .where('task.type', '=', 'operation-encompass')
    .executeTakeFirstOrThrow();
  taskPath = paths.tasks.show({ id: task.id });
});
after(async () => {
  for (const context of contexts) await context.close();
  await e2e?.close();
});

/** A context of its own: clipboard permissions (or no JavaScript) must not leak into other tests. */
async function signedInPage(options: { permissions?: string[]; javaScriptEnabled?: boolean }, path = taskPath): Promise<Page> {
  const context = await e2e.browser.newContext({ baseURL: e2e.baseUrl, viewport: VIEWPORT, ...options });
  context.setDefaultTimeout(20_000);
  contexts.push(context);
  const page = await context.newPage();
  await new SignInPage(page).open().then((p) => p.signIn('support'));
  await page.goto(path);
  return page;
}

test('"Copy notice" puts the school notice on the clipboard and says so in a live region', async () => {
  const page = await signedInPage({ permissions: ['clipboard-read', 'clipboard-write'] });
  const notice = await page.locator('[data-qa="encompass-text"]').inputValue();
  assert.match(notice, /Isla BROOKFIELD/);
  assert.match(notice, /Millbrook Primary School/);

  const button = page.getByRole('button', { name: 'Copy notice' });
  const status = page.locator('[data-qa="copy-notice-status"]');
  assert.equal(await status.getAttribute('aria-live'), 'polite');
  assert.equal(await status.innerText(), '');
  await button.click();
  await page.getByRole('status').filter({ hasText: 'Notice copied' }).waitFor();
  assert.equal(await page.evaluate('navigator.clipboard.readText()'), notice);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'encompass-notice-copied');

  // A second copy is announced again (the region is emptied and refilled).
  await page.evaluate('navigator.clipboard.writeText("something else")');
  await button.click();
  await page.getByRole('status').filter({ hasText: 'Notice copied' }).waitFor();
  assert.equal(await page.evaluate('navigator.clipboard.readText()'), notice);
});

test('without JavaScript there is no button, and the notice stays selectable in a readonly text area', async () => {
  const page = await signedInPage({ javaScriptEnabled: false });
  assert.equal(await page.getByRole('button', { name: 'Copy notice' }).count(), 0);
  const text = page.locator('[data-qa="encompass-text"]');
  assert.equal(await text.getAttribute('readonly'), 'readonly');
  assert.match(await text.inputValue(), /Isla BROOKFIELD/);
  // axe needs JavaScript in the page; the same markup is checked with it in the test above.
  await saveScreenshot(page, 'encompass-notice-no-javascript');
});

test('a task with no school: the officer finds the school in the list, sends the notice, and the task closes', async () => {
  const page = await signedInPage({}, noSchoolTaskPath);
  await page.locator('[data-qa="no-school-warning"]').waitFor();
  assert.equal(await page.locator('[data-qa="sent-to-school"]').count(), 0);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'encompass-no-school-task');

  await page.getByRole('button', { name: 'Find or add the school' }).click();
  await page.getByRole('heading', { name: 'Find the child’s school' }).waitFor();
  await page.getByLabel('Search the school list by name or town').fill('wren hill');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByLabel('Wren Hill Primary School, Barnsley').check();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'encompass-school-picker');
  await page.getByRole('button', { name: 'Record the school' }).click();

  await page.locator('[data-qa="flash"]').filter({ hasText: 'School recorded: Wren Hill Primary School, Barnsley' }).waitFor();
  assert.match(await page.locator('[data-qa="key-adult"]').innerText(), /Priya Nair[\s\S]*dsl@wren-hill.example/);
  assert.match(await page.locator('[data-qa="encompass-text"]').inputValue(), /School: Wren Hill Primary School, Barnsley/);
  await saveScreenshot(page, 'encompass-school-found');
  await page.getByRole('button', { name: 'Mark as sent to the school' }).click();

  await page.locator('[data-qa="flash"]').filter({ hasText: 'notice recorded as sent to Wren Hill Primary School, Barnsley' }).waitFor();
  assert.ok(!(await page.content()).includes(noSchoolTaskPath), 'the task has left the open list');
  await page.getByRole('link', { name: 'Done by me and my team' }).click();
  const row = page.locator('[data-qa="task-row"]').filter({ has: page.locator(`a[href="${noSchoolTaskPath}"]`) });
  assert.match(await row.locator('[data-qa="task-outcome"]').innerText(), /Notice sent to Wren Hill Primary School, Barnsley/);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'encompass-done-list');
});

test('a toddler: the officer records who checked what and when, and the task closes as not of school age', async () => {
  const page = await signedInPage({}, toddlerTaskPath);
  const details = page.locator('[data-qa="no-school"]');
  assert.equal(await details.getAttribute('open'), '', 'open at once: her date of birth says she is not at school yet');
  assert.match(await page.locator('[data-qa="school-age"]').innerText(), /not yet of school age/);
  // Without what was checked, the form comes back with the GOV.UK error summary.
  await page.getByLabel('Not of school age: no school to tell').check();
  await page.getByRole('button', { name: 'Close the task with no school to tell' }).click();
  const summary = page.locator('.govuk-error-summary');
  await summary.waitFor();
  assert.match(await summary.innerText(), /Select what was checked/);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'encompass-no-school-error');

  await page.getByLabel('Health visitor or school nurse').check();
  await page.getByLabel('Details (optional unless another source)').fill('The health visitor confirmed Mia is at home, not at nursery.');
  await page.getByRole('button', { name: 'Close the task with no school to tell' }).click();
  await page.locator('[data-qa="flash"]').filter({ hasText: 'Operation Encompass task closed: Not of school age' }).waitFor();

  await page.goto(toddlerTaskPath);
  assert.match(
    await page.locator('[data-qa="encompass-outcome-summary"]').innerText(),
    /Not of school age[\s\S]*Sam Okafor[\s\S]*Health visitor/,
  );
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'encompass-closed-not-school-age');
});
