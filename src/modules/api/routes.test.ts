import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { createTestApp, signIn, type TestApp } from '../../testing/app.ts';
import { aPerson } from '../../testing/personFixtures.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { apiRoutes } from './routes.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const PROBLEM = /^application\/problem\+json/;

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const tokenFor = (username: string) => t.services.users.createApiToken(systemActor('test'), username, 'test');
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

function assertProblem(res: request.Response, status: number) {
  assert.equal(res.status, status);
  assert.match(res.headers['content-type'], PROBLEM);
  const body = JSON.parse(res.text) as { status: number; title: string; type: string };
  assert.equal(body.status, status);
  assert.equal(typeof body.title, 'string');
  assert.equal(body.type, 'about:blank');
  return body;
}

describe('authentication', () => {
  test('no token: 401 problem+json with WWW-Authenticate', async () => {
    const res = await request(t.app).get('/api/v1/me');
    assertProblem(res, 401);
    assert.match(res.headers['www-authenticate'], /^Bearer/);
  });

  test('a token that was never issued: 401 problem+json naming the invalid token', async () => {
    const res = await request(t.app).get('/api/v1/me').set(bearer('sg_not-a-real-token'));
    assertProblem(res, 401);
    assert.match(res.headers['www-authenticate'], /invalid_token/);
  });

  test('a session cookie is not an API credential', async () => {
    const agent = await signIn(t.app, 'supervisor');
    assertProblem(await agent.get('/api/v1/me'), 401);
  });

  test('`npx safeguard token create --user integration` prints only a token, and the token works', async () => {
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        'npx',
        ['safeguard', 'token', 'create', '--user', 'integration'],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: t.database.appUrl, LOG_LEVEL: 'silent' }, timeout: 60_000 },
        (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out, stderr: err }),
      ),
    );
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^sg_[A-Za-z0-9_-]{40,}\n$/);
    const token = stdout.trim();
    const me = await request(t.app).get('/api/v1/me').set(bearer(token)).expect(200);
    assert.deepEqual(me.body, { username: 'integration', displayName: 'Force systems integration', role: 'integration' });
    const stored = await t.services.db.selectFrom('api_token').select('token_hash').execute();
    assert.ok(stored.length > 0);
    assert.ok(!stored.some((r) => r.token_hash.includes(token)), 'the token is stored hashed');
  });

  test('creating a token for an unknown user fails without printing a token', async () => {
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(
        'npx',
        ['safeguard', 'token', 'create', '--user', 'nobody-here'],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: t.database.appUrl, LOG_LEVEL: 'silent' }, timeout: 60_000 },
        (error, out) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out }),
      ),
    );
    assert.equal(code, 1);
    assert.equal(stdout, '');
  });
});

describe('the OpenAPI document', () => {
  test('is valid JSON, OpenAPI 3.1, and documents every path the API serves', async () => {
    const res = await request(t.app).get('/api/v1/openapi.json').expect(200);
    assert.match(res.headers['content-type'], /^application\/json/);
    const doc = JSON.parse(res.text) as { openapi: string; paths: Record<string, Record<string, unknown>>; info: { title: string } };
    assert.match(doc.openapi, /^3\.1\.\d+$/);
    assert.equal(typeof doc.info.title, 'string');
    // Read from the router itself, so a route added without documentation fails here.
    const served = apiRoutes(t.services)
      .stack.filter((layer) => layer.route)
      .flatMap((layer) =>
        Object.keys((layer.route as unknown as { methods: Record<string, boolean> }).methods).map((method) => [
          method,
          layer.route!.path.replace(/:(\w+)/g, '{$1}'),
        ]),
      );
    assert.ok(served.length >= 7, `${served.length} routes found`);
    for (const [method, path] of served) {
      if (path === '/openapi.json') continue;
      assert.ok(doc.paths[path]?.[method], `${method.toUpperCase()} ${path} is documented`);
    }
  });
});

describe('GET /api/v1/audit-events', () => {
  test('auditor and supervisor tokens get the person’s events, newest first', async () => {
    const personId = await aPerson(t.services.db, { familyName: 'Thistlewood' });
    const viewer = await tokenFor('coordinator');
    await request(t.app).get(`/api/v1/people/${personId}`).set(bearer(viewer)).expect(200);
    t.clock.advance(60_000);
    await (await signIn(t.app, 'assessor')).get(`/people/${personId}`).expect(200);
    t.clock.advance(60_000);

    for (const role of ['auditor', 'supervisor']) {
      const res = await request(t.app)
        .get('/api/v1/audit-events')
        .query({ personId })
        .set(bearer(await tokenFor(role)))
        .expect(200);
      const body = res.body as {
        personId: string;
        total: number;
        events: { id: string; actor: string; category: string; occurredAt: string }[];
      };
      assert.equal(body.personId, personId);
      assert.ok(body.total >= 2);
      const ids = body.events.map((e) => BigInt(e.id));
      assert.deepEqual(
        ids,
        [...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)),
        'newest first',
      );
      const times = body.events.map((e) => Date.parse(e.occurredAt));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
      );
      // The oldest two are the coordinator's API read and then the assessor's page view.
      const oldest = body.events.slice(-2).map((e) => [e.actor, e.category]);
      assert.deepEqual(oldest, [
        ['assessor', 'consultation'],
        ['coordinator', 'consultation'],
      ]);
    }
  });

  test('reading the audit log is itself recorded as a consultation of the person', async () => {
    const personId = await aPerson(t.services.db);
    const token = await tokenFor('auditor');
    await request(t.app).get('/api/v1/audit-events').query({ personId }).set(bearer(token)).expect(200);
    const second = await request(t.app).get('/api/v1/audit-events').query({ personId }).set(bearer(token)).expect(200);
    assert.equal(second.body.total, 1);
    assert.equal(second.body.events[0].actor, 'auditor');
  });

  test('a bad personId gives 400 problem+json with field errors', async () => {
    const token = await tokenFor('auditor');
    for (const query of [{ personId: 'not-a-uuid' }, {}, { personId: ['a', 'b'] }]) {
      const res = await request(t.app).get('/api/v1/audit-events').query(query).set(bearer(token));
      const body = assertProblem(res, 400) as unknown as { errors: { field: string; message: string }[] };
      assert.ok(Array.isArray(body.errors));
      assert.equal(body.errors[0].field, 'personId');
    }
    const badPage = await request(t.app)
      .get('/api/v1/audit-events')
      .query({ personId: await aPerson(t.services.db), page: '0' })
      .set(bearer(token));
    const body = assertProblem(badPage, 400) as unknown as { errors: { field: string }[] };
    assert.equal(body.errors[0].field, 'page');
  });

  test('an unknown person gives 404 problem+json', async () => {
    const res = await request(t.app)
      .get('/api/v1/audit-events')
      .query({ personId: '00000000-0000-4000-8000-000000000000' })
      .set(bearer(await tokenFor('supervisor')));
    assertProblem(res, 404);
  });
});

describe('bad requests', () => {
  test('malformed JSON to any /api route gives 400 problem+json, never 500', async () => {
    const token = await tokenFor('integration');
    for (const path of ['/api/v1/me', '/api/v1/incidents', '/api/v1/people/x', '/api/v1/nowhere', '/api/v2/anything']) {
      for (const body of ['{', '{"a":', 'nul', '[1,2', '{"a":1}}']) {
        const res = await request(t.app).post(path).set(bearer(token)).set('Content-Type', 'application/json').send(body);
        assertProblem(res, 400);
      }
    }
  });

  test('an unknown /api path gives 404 problem+json', async () => {
    const token = await tokenFor('integration');
    assertProblem(await request(t.app).get('/api/v1/no-such-thing').set(bearer(token)), 404);
    assertProblem(await request(t.app).get('/api/v2/people').set(bearer(token)), 404);
    assertProblem(await request(t.app).get('/api/nothing'), 404);
  });

  test('an unknown person gives 404 problem+json, a malformed id too', async () => {
    const token = await tokenFor('coordinator');
    assertProblem(await request(t.app).get('/api/v1/people/00000000-0000-4000-8000-000000000000').set(bearer(token)), 404);
    assertProblem(await request(t.app).get('/api/v1/people/%E0%A4%A').set(bearer(token)), 400);
  });
});
