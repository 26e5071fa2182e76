import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { createTestApp, signIn, type TestApp } from '../../testing/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t?.close());

const MINUTE = 60_000;

/** The figure on a home-page card, read from the page a person sees. */
async function card(agent: ReturnType<typeof request.agent>, qa: string): Promise<number> {
  const html = (await agent.get('/').expect(200)).text;
  const m = new RegExp(`data-qa="summary-${qa}">\\s*<span class="app-card__count">(\\d+)`).exec(html);
  assert.ok(m, `the home page has the ${qa} card`);
  return Number(m[1]);
}

test("the administrator's locked-accounts figure counts locks that still stand, and ends with them", async () => {
  const admin = await signIn(t.app, 'admin');
  assert.equal(await card(admin, 'locked-users'), 0);
  for (let i = 0; i < 5; i += 1) await t.services.users.signIn('idva', 'guess', undefined, '192.0.2.1');
  assert.equal(await card(admin, 'locked-users'), 1);
  t.clock.advance(31 * MINUTE);
  assert.equal(await card(await signIn(t.app, 'admin'), 'locked-users'), 0, 'the lock has run out');
});

test("the auditor's figures are the events recorded and the refused accesses among them", async () => {
  const auditor = await signIn(t.app, 'auditor');
  const refusedBefore = await card(auditor, 'refused');
  await auditor.get('/triage').expect(403);
  assert.equal(await card(auditor, 'refused'), refusedBefore + 1);
  const { events } = await t.services.auditLog.eventCounts();
  assert.equal(await card(auditor, 'audit-events'), events);
});

test('the counts on a staff home page are the index and incident figures', async () => {
  const victimcare = await signIn(t.app, 'victimcare');
  assert.equal(await card(victimcare, 'incidents'), await t.services.incidents.count());
  assert.equal(await card(victimcare, 'people'), await t.services.people.countCurrent());
});

test("a partner's home page lists her agency's new referrals, and says plainly when there are none", async () => {
  const partner = await signIn(t.app, 'idva');
  const html = (await partner.get('/').expect(200)).text;
  assert.match(html, /data-qa="summary-partner-new-referrals"/);
  assert.match(html, /No new referrals await your answer/);
  assert.match(html, /See all referrals to your agency/);
});

test('the navigation offers every register the role may open, and no other (Clare’s Law among them)', async () => {
  const nav = async (user: string, page: string) => {
    const html = (await (await signIn(t.app, user)).get(page).expect(200)).text;
    return [...html.matchAll(/class="govuk-service-navigation__link" href="([^"]+)"/g)].map((m) => m[1]);
  };
  assert.ok((await nav('coordinator', '/cases')).includes('/clares-law'), 'a coordinator works Clare’s Law applications');
  assert.ok(!(await nav('idva', '/partner/referrals')).includes('/clares-law'), 'a partner has no Clare’s Law register');
});
