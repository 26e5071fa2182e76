import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { routeInventory } from '../testing/routes.ts';
import { verifyAuditChain } from '../platform/audit/auditTrail.ts';
import { RouteDriver } from './drive.ts';
import { PROOF_ROUTES, proofRouteFor, routeKey, unknownRoutes } from './routeTable.ts';
import { buildWorld, type ProofWorld } from './world.ts';

/**
 * Audit completeness (DPA 2018 s.62, DESIGN §5): every route that shows or changes personal data, driven once with
 * real records, writes the right category of event naming the right people, in the request's own transaction (the
 * rows carry the request's id). Routes come from Express's router and how to drive each from the proof table, so a
 * new route fails here until it says what it must record. That the application's database role cannot UPDATE or
 * DELETE audit rows is proven in src/platform/jobs/queueRole.test.ts and src/platform/audit/auditTrail.test.ts.
 */
let t: TestApp;
let w: ProofWorld;
before(async () => {
  t = await createTestApp();
  // Plain words, one word a field (so a name search finds the person by their given and family names).
  w = await buildWorld(t, (field) => `Proof${field.replace(/[^A-Za-z]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`);
});
after(() => t?.close());

test('every route in the app is in the proof table, and every row of the table is a route', () => {
  const inventory = routeInventory(t.app);
  assert.deepEqual(unknownRoutes(inventory), []);
  const served = new Set(inventory.map(routeKey));
  const stale = Object.keys(PROOF_ROUTES).filter(
    (k) => !served.has(k) && !k.startsWith('GET /assets/') && !k.startsWith('GET /sign-in/oidc'),
  );
  assert.deepEqual(stale, [], 'rows for routes the app no longer serves');
});

test('every route that shows or changes personal data writes its s.62 event naming the people, in its own request', async () => {
  const driver = new RouteDriver(t);
  // Reads first, then changes (a change may close the record a read needs), each in the table's order.
  const routes = routeInventory(t.app).sort((a, b) => Number(a.method !== 'get') - Number(b.method !== 'get'));
  const failures: string[] = [];
  let covered = 0;
  let personal = 0;
  for (const route of routes) {
    const row = proofRouteFor(route);
    const body = row.body ? await row.body(w, t.services.db) : undefined;
    const res = await driver.send(route, row, w, body);
    if (row.as === 'victimcare' && route.path === '/sign-out') driver.forget('victimcare');
    covered += 1;
    if (res.status >= 500) failures.push(`${routeKey(route)}: ${res.status}`);
    if (row.audit === 'none') continue;
    personal += 1;
    const requestId = String(res.headers['x-request-id']);
    const events = await t.services.db.selectFrom('audit_event').selectAll().where('request_id', '=', requestId).execute();
    const expected = row.audit;
    const subjects = expected.subjects(w);
    const match = events.find(
      (e) => e.category === expected.category && e.outcome === 'allowed' && subjects.every((s) => e.subject_person_ids.includes(s)),
    );
    if (!match) {
      failures.push(
        `${routeKey(route)} (${res.status}) wrote no ${expected.category} event naming ${subjects.length} people; it wrote ${
          events.map((e) => `${e.category}/${e.action}[${e.subject_person_ids.length} people]`).join(', ') || 'nothing'
        }`,
      );
    }
  }
  assert.deepEqual(failures, []);
  assert.equal((await verifyAuditChain(t.services.db)).ok, true, 'the chain still verifies');
  console.log(`Audit completeness: ${covered} routes driven, ${personal} showing or changing personal data each wrote its s.62 event`);
});
