import { after, before } from 'node:test';
import type express from 'express';
import request from 'supertest';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { FixedClock } from '../platform/clock.ts';
import { openDatabase } from '../platform/db/database.ts';
import { createLogger } from '../platform/logging.ts';
import { buildServices } from '../services.ts';
import type { Services } from '../services.ts';
import { DEMO_PASSWORD } from '../modules/demo/index.ts';
import { systemActor } from '../platform/audit/actor.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export const TEST_NOW = new Date('2026-03-10T10:00:00Z');

export interface TestApp {
  app: express.Express;
  services: Services;
  clock: FixedClock;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The real app on its own database, with a movable clock. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: database.appUrl, ...env });
  const clock = new FixedClock(TEST_NOW);
  const handle = openDatabase(database.appUrl, () => {});
  const services = buildServices(config, handle, createLogger('silent'), clock);
  return {
    app: createApp(services),
    services,
    clock,
    database,
    close: async () => {
      await handle.close();
      await database.drop();
    },
  };
}

/**
 * For a test file that sends incidents through the API: the app is created before its tests, with an API token, and
 * closed after them. Read `app` and `token` inside tests (they are set once the file's `before` has run).
 */
export function useTestAppWithApiToken(): { app: TestApp; token: string } {
  const context = {} as { app: TestApp; token: string };
  before(async () => {
    context.app = await createTestApp();
    context.token = await context.app.services.users.createApiToken(systemActor('test'), 'integration', 'test');
  });
  after(() => context.app.close());
  return context;
}

/** The session cookie a response set (`safeguard.sid=…`), if any. */
export const sessionCookie = (res: request.Response): string | undefined =>
  ([] as string[])
    .concat(res.headers['set-cookie'] ?? [])
    .find((c) => c.startsWith('safeguard.sid='))
    ?.split(';')[0];

export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('No CSRF token on the page');
  return match[1];
}

/** Signs a demo user in through the real sign-in form; the agent keeps the session cookie. */
export async function signIn(app: express.Express | string, username: string, password = DEMO_PASSWORD) {
  const agent = request.agent(app);
  const page = await agent.get('/sign-in').expect(200);
  const res = await agent
    .post('/sign-in')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), username, password });
  if (res.status !== 303) throw new Error(`Sign-in of ${username} failed with ${res.status}`);
  return agent;
}

/** A CSRF token for the agent's session, read from a page it can open. */
export async function csrfFor(agent: ReturnType<typeof request.agent>, path = '/'): Promise<string> {
  const page = await agent.get(path);
  return csrfFrom(page.text);
}
