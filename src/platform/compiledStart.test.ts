import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { asOwner, createTestDatabase, type TestDatabase } from '../testing/database.ts';
import { APP_ROLE, freePort } from './db/embedded.ts';
import { projectRoot } from './views/nunjucks.ts';

/**
 * The production start: `npm run build`, then `node dist/src/main.js` with no TypeScript loader, as the Dockerfile runs
 * it, against a PostgreSQL given by DATABASE_URL (here a test database). It must migrate, find its templates and assets,
 * answer the sign-in page, and hold no connection as the owning role once it is serving.
 */

let database: TestDatabase;
let server: ReturnType<typeof spawn> | undefined;
let output = '';

before(async () => {
  database = await createTestDatabase();
  await promisify(execFile)(process.execPath, [path.join(projectRoot, 'node_modules/tsx/dist/cli.mjs'), 'scripts/build.ts'], {
    cwd: projectRoot,
  });
});

after(async () => {
  server?.kill('SIGTERM');
  await new Promise((resolve) => (server && server.exitCode === null ? server.once('exit', resolve) : resolve(null)));
  await database?.drop();
});

test(
  'the compiled server starts with plain node, serves the sign-in page and connects only as the app role',
  { timeout: 120_000 },
  async () => {
    const port = await freePort();
    // Only what the production image sets: no tsx loader in NODE_OPTIONS, production mode.
    server = spawn(process.execPath, ['dist/src/main.js'], {
      cwd: projectRoot,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        PORT: String(port),
        SESSION_SECRET: 'a-long-random-test-secret-for-the-compiled-start',
        DATABASE_URL: database.appUrl,
        MIGRATION_DATABASE_URL: database.ownerUrl,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d) => (output += String(d)));
    server.stderr!.on('data', (d) => (output += String(d)));

    const deadline = Date.now() + 60_000;
    let page: Response | undefined;
    while (!page && Date.now() < deadline) {
      assert.equal(server.exitCode, null, `the server stopped:\n${output}`);
      page = await fetch(`http://127.0.0.1:${port}/sign-in`).catch(() => undefined);
      if (!page) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.ok(page, `the server answered within a minute:\n${output}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /Sign in/);
    assert.match(html, /\/assets\/build\/app\.js/);
    const bundle = await fetch(`http://127.0.0.1:${port}/assets/build/app.js`);
    assert.equal(bundle.status, 200, 'the browser bundle is served');
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    assert.deepEqual(await health.json(), { status: 'ok', database: 'ok' });
    assert.doesNotMatch(output, /demo-password/, 'no demo accounts in production');

    const { rows } = await asOwner(
      database.ownerUrl,
      `select distinct usename from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
    );
    assert.deepEqual(
      rows.map((r: { usename: string }) => r.usename),
      [APP_ROLE],
      'serving (requests and the job queue), the process is connected as the app role only',
    );
  },
);
