import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startE2e, VIEWPORT, type E2e } from './harness.ts';
import { SignInPage } from './pages/signIn.ts';
import { paths } from '../src/paths.ts';
import { routeInventory, withUnknownIds } from '../src/testing/routes.ts';
import { proofRouteFor, routeKey } from '../src/proof/routeTable.ts';
import { buildWorld, type ProofWorld } from '../src/proof/world.ts';

/**
 * Stored XSS, in Chromium: every free-text field the product stores (through the intake API and the pages' own
 * forms) holds a script payload, and every page of the app (read from Express's router, how to reach it from the
 * proof table) is opened as the user who sees it. No payload may run (a `__xss` trap, dialogs), none may reach the
 * DOM as markup (a `data-xss` element, a `javascript:` link), no template may be evaluated twice (`{{7*7}}` never
 * becomes 49), the browser reports no CSP violation, and every page's CSP has a nonce and no 'unsafe-inline'.
 */
const PAYLOADS = [
  '<script>__xss(1)</script>',
  '<img src=x onerror=__xss(2) data-xss>',
  '"><svg onload=__xss(3) data-xss>',
  "'><a href=javascript:__xss(4) data-xss>x</a>",
  '{{7*7}}xss {{range.constructor("__xss(5)")()}}',
  '\uff1cimg src=x onerror=__xss(6) data-xss\uff1e\u202e\u200b',
  '</textarea><img src=x onerror=__xss(7) data-xss>',
  "' onfocus='__xss(8)' autofocus data-xss='",
];

/** A field's marker, then a payload (all of them where the field is long enough). */
const markerOf = (i: number) => `zx${i}q`;
let fieldIndex = 0;
const payloadFor = (_field: string, max: number) => {
  const i = fieldIndex++;
  const all = PAYLOADS.join(' ');
  return `${markerOf(i)} ${max >= all.length + 8 ? all : PAYLOADS[i % PAYLOADS.length]}`;
};

let e2e: E2e;
let w: ProofWorld;
before(async () => {
  e2e = await startE2e();
  const started = Date.now();
  w = await buildWorld(e2e.testApp, payloadFor);
  console.log(`world built in ${Date.now() - started} ms`);
});
after(() => e2e?.close());

interface PageFindings {
  ran: string[];
  violations: string[];
  injected: number;
  evaluated: boolean;
  text: string;
}

/** Each user in a browser context of their own, so several can be driven at once. */
async function signedIn(username: string): Promise<Page> {
  const context = await e2e.browser.newContext({ baseURL: e2e.baseUrl, viewport: VIEWPORT });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  // A string, not a function: the test runner's transform would add helpers the page does not have.
  await page.addInitScript(`
    window.__xssHits = [];
    window.__cspViolations = [];
    window.__xss = function (n) { window.__xssHits.push(String(n)); };
    document.addEventListener('securitypolicyviolation', function (e) {
      window.__cspViolations.push(e.violatedDirective + ': ' + (e.sample || e.blockedURI));
    });
  `);
  if (username !== 'anonymous') {
    await new SignInPage(page).open().then((p) => p.signIn(username));
    assert.equal(new URL(page.url()).pathname, paths.home, `${username} signed in`);
  }
  return page;
}

async function inspect(page: Page): Promise<PageFindings> {
  await page.waitForLoadState('load');
  await page.waitForTimeout(20); // an onerror/onload handler would have fired by now
  return page.evaluate(`(() => {
    const values = Array.from(document.querySelectorAll('textarea, input')).map(function (el) { return el.value; });
    const text = (document.body ? document.body.innerText : '') + ' ' + values.join(' ');
    const links = Array.from(document.querySelectorAll('a[href], form[action], iframe[src]')).filter(function (el) {
      return /^\\s*javascript:/i.test(el.getAttribute('href') || el.getAttribute('action') || el.getAttribute('src') || '');
    });
    return {
      ran: (window.__xssHits || ['the trap was not installed']).slice(),
      violations: (window.__cspViolations || []).slice(),
      injected: document.querySelectorAll('[data-xss]').length + links.length,
      evaluated: /49xss/.test(text),
      text: text.toLowerCase(),
    };
  })()`);
}

function cspProblems(header: string | undefined): string[] {
  if (!header) return ['no Content-Security-Policy header'];
  const script = /script-src ([^;]*)/.exec(header)?.[1] ?? /default-src ([^;]*)/.exec(header)?.[1] ?? '';
  const problems: string[] = [];
  if (!/'nonce-[A-Za-z0-9+/=]{16,}'/.test(script)) problems.push(`script-src has no nonce: ${script}`);
  if (/unsafe-inline|unsafe-eval|\*/.test(header)) problems.push(`unsafe source in ${header}`);
  if (!/object-src 'none'/.test(header)) problems.push('object-src is not none');
  if (!/base-uri 'self'/.test(header)) problems.push("base-uri is not 'self'");
  return problems;
}

test('no stored payload runs or reaches the DOM on any page, and every page has a nonce CSP without unsafe-inline', async () => {
  const pages = routeInventory(e2e.testApp.app)
    .filter((r) => r.method === 'get')
    .map((r) => ({ key: routeKey(r), path: r.path, row: proofRouteFor(r) }))
    .filter((r) => r.row.answers === 'page');
  // More of the same pages: every person and task of the world, the decided pair, and the not-found page.
  const extra = [
    ...w.peopleInIncident.map((id) => ({ as: 'assessor', url: paths.people.show({ id }) })),
    ...[w.encompassTaskId, w.noSchoolTaskId, w.maracTaskId, w.genericTaskId].map((id) => ({
      as: 'supervisor',
      url: paths.tasks.show({ id }),
    })),
    { as: 'researcher', url: paths.matches.show({ id: w.matchId }) },
    { as: 'researcher', url: paths.people.merges({ id: w.matchPeople[1] }) },
    { as: 'coordinator', url: paths.incidents.assessment({ id: w.incidentId }) },
    { as: 'assessor', url: `${paths.tasks.list}?scope=all` },
    { as: 'assessor', url: withUnknownIds(paths.people.show.pattern) },
    // The case work's other records: the DVPN awaiting its hearing, the update given, the open enquiry, the restricted
    // person as the supervisor who manages its grants.
    { as: 'coordinator', url: paths.orders.show({ id: w.dvpnId }) },
    { as: 'coordinator', url: paths.orders.show({ id: w.dapoId }) },
    { as: 'supervisor', url: paths.victimsCode.update({ id: w.givenUpdateId }) },
    { as: 'researcher', url: paths.enquiries.show({ id: w.openEnquiryId }) },
    { as: 'supervisor', url: paths.people.show({ id: w.restrictedPersonId }) },
    { as: 'auditor', url: `${paths.audit.events}?personId=${w.restrictedPersonId}` },
  ];
  const imported = await e2e.testApp.services.db
    .selectFrom('incident')
    .select('id')
    .where('source_reference', '=', 'CSV-1')
    .executeTakeFirst();
  if (imported) extra.push({ as: 'assessor', url: paths.incidents.show({ id: imported.id }) });
  const visits = [
    ...pages.map((p) => ({ as: p.row.as, url: p.row.url(w), key: p.key })),
    ...extra.map((x) => ({ ...x, key: `GET ${x.url}` })),
  ];
  const byUser = new Map<string, typeof visits>();
  for (const v of visits) byUser.set(v.as, [...(byUser.get(v.as) ?? []), v]);

  const failures: string[] = [];
  const dialogs: string[] = [];
  const shownOn = new Map<string, number>();
  let shownTotal = 0;
  const visitAll = async ([username, list]: [string, typeof visits]) => {
    const page = await signedIn(username);
    page.on('dialog', (d) => {
      dialogs.push(`${page.url()}: ${d.message()}`);
      void d.dismiss();
    });
    for (const v of list) {
      const res = await page.goto(v.url);
      if (!res) {
        failures.push(`${v.key}: no response`);
        continue;
      }
      if (res.status() >= 500) failures.push(`${v.key} as ${username}: ${res.status()}`);
      for (const p of cspProblems(res.headers()['content-security-policy'])) failures.push(`${v.key}: ${p}`);
      const found = await inspect(page);
      if (found.ran.length) failures.push(`${v.key} as ${username}: payload ran (${found.ran.join(', ')})`);
      if (found.injected) failures.push(`${v.key} as ${username}: ${found.injected} injected element(s)`);
      if (found.evaluated) failures.push(`${v.key} as ${username}: a template in stored text was evaluated`);
      if (found.violations.length) failures.push(`${v.key} as ${username}: CSP violations ${found.violations.join('; ')}`);
      [...w.fields.keys()].forEach((field, i) => {
        if (!found.text.includes(markerOf(i))) return;
        shownOn.set(field, (shownOn.get(field) ?? 0) + 1);
        shownTotal += 1;
      });
    }
    await page.context().close();
  };
  // Three users at a time: the machine has two cores, and the server and the browser share them.
  const queue = [...byUser];
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await visitAll(next);
    }),
  );
  assert.deepEqual([...failures, ...dialogs], []);
  const neverShown = [...w.fields.keys()].filter((f) => !shownOn.has(f));
  console.log(
    `Stored XSS: ${w.fields.size} fields × ${visits.length} pages (${pages.length} routes): ${shownTotal} field renderings checked, ` +
      `0 scripts ran, 0 injected elements, CSP nonce on every page. Not shown on any page: ${neverShown.join(', ') || 'none'}`,
  );
  assert.ok(shownOn.size >= w.fields.size * 0.8, `most stored fields are shown somewhere (${shownOn.size} of ${w.fields.size})`);
});
