import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import request from 'supertest';
import { createTestApp, csrfFor, signIn, type TestApp } from '../testing/app.ts';
import { routeInventory, withUnknownIds, type RouteInventoryEntry } from '../testing/routes.ts';

/**
 * CSRF, swept over every state-changing page route the app has (read from Express's router, so a new route is
 * covered the day it is added): no token, a wrong token, another session's token, and this session's own token
 * from another site — each refused with the "form could not be sent" page, and the database unchanged. The API is
 * outside the sweep: it takes no session cookie, only a bearer token, so a forged browser request carries nothing.
 */
let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t?.close());

/** Tables a refused request may still touch: the session store, the sign-in log and the audit trail. */
const BOOKKEEPING = new Set(['session', 'sign_in_attempt', 'audit_event', 'kysely_migration', 'kysely_migration_lock']);

/** A fingerprint of every business table's content. */
async function databaseFingerprint(): Promise<Record<string, string>> {
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(t.services.db);
  const print: Record<string, string> = {};
  for (const { name } of tables) {
    if (BOOKKEEPING.has(name)) continue;
    const { rows } = await sql<{ md5: string | null; n: string }>`
      select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as md5, count(*) as n
      from ${sql.table(name)} x`.execute(t.services.db);
    print[name] = `${rows[0].n}:${rows[0].md5}`;
  }
  return print;
}

const FORM_REFUSED = /data-qa="form-refused"/;

test('every state-changing page route refuses forged requests and changes nothing', async () => {
  const routes = routeInventory(t.app).filter(
    (r): r is RouteInventoryEntry & { method: 'post' | 'put' | 'patch' | 'delete' } => r.method !== 'get' && !r.path.startsWith('/api/'),
  );
  assert.ok(routes.length >= 25, `found ${routes.length} state-changing routes`);

  const mine = await signIn(t.app, 'coordinator');
  const theirs = await signIn(t.app, 'assessor');
  const myToken = await csrfFor(mine);
  const theirToken = await csrfFor(theirs);
  assert.notEqual(myToken, theirToken);

  const variants: Array<[string, (r: request.Test) => request.Test]> = [
    ['no token', (r) => r.type('form').send({ reason: 'x' })],
    ['a wrong token', (r) => r.type('form').send({ _csrf: 'not-the-token', reason: 'x' })],
    ["another session's token", (r) => r.type('form').send({ _csrf: theirToken, reason: 'x' })],
    [
      'its own token from another site',
      (r) => r.set('Origin', 'https://attacker.example').set('Sec-Fetch-Site', 'cross-site').type('form').send({ _csrf: myToken }),
    ],
  ];

  const before = await databaseFingerprint();
  const failures: string[] = [];
  for (const route of routes) {
    const url = withUnknownIds(route.path);
    for (const [name, forge] of variants) {
      const res = await forge(mine[route.method](url));
      if (res.status !== 403 || !FORM_REFUSED.test(res.text))
        failures.push(`${route.method.toUpperCase()} ${route.path} with ${name}: ${res.status}`);
    }
  }
  assert.deepEqual(failures, []);
  assert.deepEqual(await databaseFingerprint(), before, 'no business table changed');
  console.log(
    `CSRF sweep: ${routes.length} routes × ${variants.length} forgeries = ${routes.length * variants.length} requests, all refused`,
  );

  // The control: the same session's own token from its own pages is not refused as forged, so the 403s above are the
  // forgery check and not something else.
  const control = await mine.post('/sign-out').type('form').send({ _csrf: myToken });
  assert.equal(control.status, 303);
});
