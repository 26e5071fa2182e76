import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { createTestApp, signIn, type TestApp } from '../testing/app.ts';
import { systemActor } from '../platform/audit/actor.ts';
import { routeInventory } from '../testing/routes.ts';
import { paths } from '../paths.ts';
import { databaseFingerprint, RouteDriver } from './drive.ts';
import { proofRouteFor, routeKey } from './routeTable.ts';
import { buildWorld, type ProofWorld } from './world.ts';

/**
 * Bad input on every form and API body: each state-changing route in the app (read from Express's router, driven
 * as the proof table says) gets generated bodies — wrong types, huge strings, deep JSON, unicode, NUL bytes,
 * `__proto__`, SQL and script payloads, in the route's own field names and others. Every one is answered below
 * 500; a refusal (4xx) says why (a GOV.UK error summary or an error page with its reason; problem+json with field
 * errors in the API) and leaves every business table as it was. Then CSV formula injection in the audit export.
 */
let t: TestApp;
let w: ProofWorld;
before(async () => {
  t = await createTestApp();
  w = await buildWorld(t, (field) => `Proof ${field}`.replace(/[^A-Za-z0-9 ]/g, ' '));
});
after(() => t?.close());

/** Bodies made up whole, and valid bodies with one field made bad (so the bad value gets past the others' checks). */
const GENERATED_BODIES = 6;
const ONE_FIELD_BAD = 8;
const CASES_PER_ROUTE = GENERATED_BODIES + ONE_FIELD_BAD;

const nasty = fc.oneof(
  fc.constantFrom(
    "' OR 1=1 --",
    "'); DROP TABLE person; --",
    '<script>alert(1)</script>',
    '{{7*7}}',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\u202e\u200b',
    '__proto__',
    '-1',
    '1e309',
    'NaN',
    '99999999999999999999',
    '',
    ' ',
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer().map(String),
  fc.constant('x'.repeat(300_000)),
);
/** JSON values of the wrong kind: numbers, booleans, null, arrays, objects, and nesting 2,000 deep. */
const wrongType = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nasty, { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), nasty, { maxKeys: 4 }),
  fc.constant(JSON.parse(`${'['.repeat(2000)}1${']'.repeat(2000)}`) as unknown),
  fc.constant({ __proto__: { admin: true }, constructor: { prototype: { polluted: true } } }),
);

/** A body in the route's own fields (some left out, some extra), each of the wrong kind. */
function bodies(fields: string[], json: boolean) {
  const keys = fc.constantFrom(...fields, '__proto__', 'constructor', 'version', 'id', '_method');
  const value = json ? wrongType : fc.oneof(nasty, fc.array(nasty, { minLength: 2, maxLength: 3 }));
  return fc.dictionary(keys, value, { minKeys: 0, maxKeys: fields.length + 2 });
}

/** Percent-encoding; a lone surrogate is sent as the invalid UTF-8 bytes it would be. */
const encode = (s: string) =>
  [...s]
    .map((ch) => {
      try {
        return encodeURIComponent(ch);
      } catch {
        return '%ED%A0%80';
      }
    })
    .join('');

/** A urlencoded body written by hand, so `__proto__`, brackets and repeats reach the server as sent. */
function formEncoded(body: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of Object.getOwnPropertyNames(body)) {
    for (const v of ([] as unknown[]).concat(body[key])) parts.push(`${encode(key)}=${encode(String(v))}`);
  }
  parts.push('nested[deep][deeper]=1', 'version[]=1');
  return parts.join('&');
}

const PROBLEM = /^application\/problem\+json/;

function unclearRefusal(res: { status: number; text: string; headers: Record<string, string> }, api: boolean): string | undefined {
  if (api) {
    if (!PROBLEM.test(res.headers['content-type'] ?? '')) return `not problem+json (${res.headers['content-type']})`;
    const body = JSON.parse(res.text) as { title?: string; status?: number; errors?: { field: string; message: string }[] };
    if (body.status !== res.status || !body.title) return 'problem+json without its title and status';
    if (res.status === 422 && !(body.errors?.length && body.errors.every((e) => e.field && e.message))) return '422 without field errors';
    return undefined;
  }
  if (res.status === 422 && !/class="govuk-error-summary"/.test(res.text)) return '422 page without a GOV.UK error summary';
  if (!/class="govuk-error-summary"|<h1 class="govuk-heading-l"[^>]*>[^<]+<\/h1>/.test(res.text)) return 'a refusal page that says nothing';
  return undefined;
}

test('every form and API body refuses generated bad input with a clear 4xx, never a 5xx, and stores nothing', async () => {
  const driver = new RouteDriver(t);
  const routes = routeInventory(t.app).filter((r) => r.method !== 'get');
  assert.ok(routes.length >= 30, `${routes.length} state-changing routes`);
  const failures: string[] = [];
  let cases = 0;
  let refused = 0;
  let print = await databaseFingerprint(t);
  for (const [n, route] of routes.entries()) {
    const row = proofRouteFor(route);
    const api = route.path.startsWith('/api/');
    const valid = row.body ? await row.body(w, t.services.db) : {};
    const samples: Array<(v: Record<string, unknown>) => Record<string, unknown>> = [
      ...fc
        .sample(bodies(Object.keys(valid).length ? Object.keys(valid) : ['name', 'value'], api), {
          numRuns: GENERATED_BODIES,
          seed: 22_000 + n,
        })
        .map((body) => () => body),
      ...fc
        .sample(fc.tuple(fc.nat(), api ? wrongType : nasty), { numRuns: ONE_FIELD_BAD, seed: 23_000 + n })
        .map(([k, bad]) => (v: Record<string, unknown>) => {
          const keys = Object.keys(v);
          return keys.length ? { ...v, [keys[k % keys.length]]: bad } : { value: bad };
        }),
    ];
    for (const make of samples) {
      cases += 1;
      const body = make(row.body ? await row.body(w, t.services.db) : {});
      const sent = api ? JSON.stringify(body) : row.multipart ? body : formEncoded(body);
      const res = await driver.send(route, row, w, sent as Record<string, unknown> | string);
      if (route.path === paths.signOut) driver.forget(row.as);
      const what = `${routeKey(route)} with ${JSON.stringify(body).slice(0, 160)}`;
      if (res.status >= 500) {
        failures.push(`${what}: ${res.status}`);
        continue;
      }
      const now = await databaseFingerprint(t);
      if (res.status >= 400) {
        refused += 1;
        const unclear = unclearRefusal(res, api);
        if (unclear) failures.push(`${what}: ${res.status} ${unclear}`);
        const changed = Object.keys(now).filter((k) => now[k] !== print[k]);
        if (changed.length) failures.push(`${what}: refused with ${res.status} but changed ${changed.join(', ')}`);
      }
      print = now;
    }
  }
  assert.deepEqual(failures, []);
  console.log(
    `Bad input: ${routes.length} state-changing routes × ${CASES_PER_ROUTE} generated bodies = ${cases} requests, ${refused} refused with a clear 4xx, 0 server errors`,
  );
});

test('the audit export neutralises spreadsheet formulas in every field (CSV injection)', async () => {
  const formulas = ['=HYPERLINK("http://attacker.example","x")', '+SUM(1,1)', '-2+3', '@cmd', '\t=1', '\r=1'];
  // People's names are written as the force's systems send them, and the export names the people of each event.
  const token = await t.services.users.createApiToken(systemActor('proof'), 'integration', 'proof');
  const assessor = await signIn(t.app, 'assessor');
  for (const [i, familyName] of formulas.entries()) {
    const sent = await request(t.app)
      .post('/api/v1/incidents')
      .set('Authorization', `Bearer ${token}`)
      .send({
        sourceSystem: 'proof',
        sourceReference: `FORMULA-${i}`,
        reportedAt: '2026-03-10T09:00:00Z',
        classification: 'Domestic abuse - assault',
        parties: [{ role: 'victim', person: { givenName: 'Ada', familyName, dateOfBirth: `1990-01-1${i}` } }],
      });
    assert.equal(sent.status, 201, sent.text);
    await assessor.get(paths.people.show({ id: (sent.body as { parties: { personId: string }[] }).parties[0].personId })).expect(200);
  }
  const auditor = await signIn(t.app, 'auditor');
  const res = await auditor.get(paths.audit.export);
  assert.equal(res.status, 200);
  assert.match(res.headers['content-type'], /^text\/csv/);
  const rows = parse(res.text, { relax_column_count: true }) as string[][];
  const cells = rows.flat();
  const dangerous = cells.filter((c) => /^[=+\-@\t\r]/.test(c));
  assert.deepEqual(dangerous, [], 'no cell starts a formula');
  const neutralised = cells.filter((c) => /^'[=+\-@\t\r]/.test(c) || /[=+\-@]/.test(c[0] === "'" ? c[1] : ''));
  assert.ok(
    cells.some((c) => c.includes('HYPERLINK')),
    'the formula text is in the export, as text',
  );
  console.log(
    `CSV injection: ${rows.length} rows, ${cells.length} cells, ${neutralised.length} formula-like values neutralised, 0 left to run`,
  );
});
