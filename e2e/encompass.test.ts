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
const contexts: BrowserContext[] = [];

before(async () => {
  e2e = await startE2e();
  const token = await e2e.testApp.services.users.createApiToken(systemActor('test'), 'integration', 'e2e');
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
async function signedInPage(options: { permissions?: string[]; javaScriptEnabled?: boolean }): Promise<Page> {
  const context = await e2e.browser.newContext({ baseURL: e2e.baseUrl, viewport: VIEWPORT, ...options });
  context.setDefaultTimeout(20_000);
  contexts.push(context);
  const page = await context.newPage();
  await new SignInPage(page).open().then((p) => p.signIn('support'));
  await page.goto(taskPath);
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
