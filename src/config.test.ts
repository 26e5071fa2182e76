import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { FixedClock } from './platform/clock.ts';
import { openDatabase } from './platform/db/database.ts';
import { createLogger } from './platform/logging.ts';
import { buildServices } from './services.ts';
import { asOwner } from './testing/database.ts';
import { createTestApp, csrfFrom, TEST_NOW, type TestApp } from './testing/app.ts';
import { DEMO_PASSWORD } from './modules/demo/index.ts';

const SECRET = 'a-long-random-production-secret-for-tests';

describe('configuration', () => {
  test('production refuses to start with the default session secret', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), ConfigError);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'dev-only-session-secret-change-me' }), /SESSION_SECRET/);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'short' }), ConfigError);
    assert.equal(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET }).production, true);
  });

  test('production refuses DEMO_MODE=on, and never runs in demo mode', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, DEMO_MODE: 'on' }), /DEMO_MODE/);
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET });
    const handle = openDatabase('postgres://nobody@127.0.0.1:1/none', () => {});
    try {
      assert.equal(buildServices(config, handle, createLogger('silent')).demoMode, false);
    } finally {
      void handle.close();
    }
  });

  test('outside production the defaults apply: 15 minute idle and 12 hour absolute timeouts', () => {
    const config = loadConfig({});
    assert.equal(config.production, false);
    assert.equal(config.sessionIdleMs, 15 * 60_000);
    assert.equal(config.sessionAbsoluteMs, 12 * 3_600_000);
    assert.equal(config.port, 3000);
  });

  test('nonsense values are refused with the variable named', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/);
    assert.throws(() => loadConfig({ DEMO_MODE: 'maybe' }), /DEMO_MODE/);
    assert.throws(() => loadConfig({ DATABASE_URL: 'not a url' }), /DATABASE_URL/);
  });
});

describe('errors in production', () => {
  let prod: TestApp;
  let dev: TestApp;
  before(async () => {
    prod = await createTestApp({ NODE_ENV: 'production', SESSION_SECRET: SECRET });
    dev = await createTestApp();
  });
  after(async () => {
    await prod.close();
    await dev.close();
  });

  /** Signs in through the form over "HTTPS" (behind the proxy), then breaks the database under the app. */
  async function failingSignIn(app: TestApp, production: boolean) {
    const https = { 'X-Forwarded-Proto': 'https' };
    const page = await request(app.app).get('/sign-in').set(https).expect(200);
    const cookie = ([] as string[]).concat(page.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
    assert.equal(cookie.length, 1);
    assert.equal(cookie[0].startsWith('__Host-'), production);
    await asOwner(app.database.ownerUrl, 'alter table app_user rename to app_user_gone');
    try {
      return await request(app.app)
        .post('/sign-in')
        .set(https)
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), username: 'assessor', password: DEMO_PASSWORD });
    } finally {
      await asOwner(app.database.ownerUrl, 'alter table app_user_gone rename to app_user');
    }
  }

  test('a 500 in production shows the calm error page with the request id and no stack trace', async () => {
    const res = await failingSignIn(prod, true);
    assert.equal(res.status, 500);
    assert.match(res.text, /Sorry, there is a problem with the service/);
    assert.ok(res.headers['x-request-id']);
    assert.ok(res.text.includes(String(res.headers['x-request-id'])), 'the page gives the request id as a reference');
    assert.doesNotMatch(res.text, /app_user|relation|at async|\.ts:\d+|node_modules|<pre/);
  });

  test('outside production the same failure shows the stack trace to the developer', async () => {
    const res = await failingSignIn(dev, false);
    assert.equal(res.status, 500);
    assert.match(res.text, /<pre/);
    assert.match(res.text, /app_user/);
  });

  test('production cookies are __Host-, Secure, HttpOnly and SameSite=Lax; HSTS is sent', async () => {
    const page = await request(prod.app).get('/sign-in').set('X-Forwarded-Proto', 'https').expect(200);
    const cookie = ([] as string[]).concat(page.headers['set-cookie'] ?? [])[0];
    assert.match(cookie, /^__Host-safeguard\.sid=/);
    assert.match(cookie, /; Path=\//);
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; Secure/);
    assert.match(cookie, /; SameSite=Lax/);
    assert.doesNotMatch(cookie, /; Domain=/);
    assert.match(page.headers['strict-transport-security'], /max-age=\d+/);
  });
});

describe('/health', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('reports ok when the database answers', async () => {
    const res = await request(t.app).get('/health').expect(200);
    assert.equal(res.body.status, 'ok');
  });

  test('reports 503 when the database cannot be reached', async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none' });
    const handle = openDatabase(config.databaseUrl!, () => {});
    try {
      const app = createApp(buildServices(config, handle, createLogger('silent'), new FixedClock(TEST_NOW)));
      const res = await request(app).get('/health').expect(503);
      assert.notEqual(res.body.status, 'ok');
      assert.doesNotMatch(res.text, /127\.0\.0\.1|ECONNREFUSED|nobody/);
    } finally {
      await handle.close();
    }
  });
});
