import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { asOwner, createTestDatabase, type TestDatabase } from '../../testing/database.ts';
import { grantAppRole, JOBS_SCHEMA } from '../db/database.ts';
import { APP_ROLE } from '../db/embedded.ts';
import { createLogger } from '../logging.ts';
import { Jobs } from './jobs.ts';

/**
 * The audit trail is safe only if nothing the app runs connects as the role that owns `audit_event` (an owner can
 * disable the trigger that refuses UPDATE, DELETE and TRUNCATE). The job queue used to: these tests hold it to the app's
 * role, in a schema of its own, and show that every role connected while the queue works is refused an audit change.
 */

async function runOneJob(jobs: Jobs): Promise<void> {
  let done!: () => void;
  const ran = new Promise<void>((resolve) => (done = resolve));
  await jobs.start([], [{ name: 'queue-role-probe', run: async () => done() }]);
  await jobs.send('queue-role-probe', {});
  await ran;
}

async function objectOwners(ownerUrl: string): Promise<string[]> {
  const { rows } = await asOwner(
    ownerUrl,
    `select nspowner::regrole::text as owner from pg_namespace where nspname = $1
     union select relowner::regrole::text from pg_class where relnamespace = $1::regnamespace
     union select proowner::regrole::text from pg_proc where pronamespace = $1::regnamespace
     union select typowner::regrole::text from pg_type where typnamespace = $1::regnamespace`,
    [JOBS_SCHEMA],
  );
  return rows.map((r: { owner: string }) => r.owner).sort();
}

describe('the job queue runs as the app role', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database?.drop();
  });

  test('its schema and everything in it belong to the app role, and a job runs there', async () => {
    const jobs = new Jobs(database.appUrl, createLogger('silent'));
    try {
      await runOneJob(jobs);
      assert.deepEqual(await objectOwners(database.ownerUrl), [APP_ROLE]);
      const { rows } = await asOwner(database.ownerUrl, `select count(*)::int as n from pg_tables where schemaname = $1`, [JOBS_SCHEMA]);
      assert.ok(rows[0].n > 3, 'pg-boss made its tables');
    } finally {
      await jobs.stop();
    }
  });

  test('every role connected while the queue works is refused an audit change, and cannot lift the trigger', async () => {
    const jobs = new Jobs(database.appUrl, createLogger('silent'));
    try {
      await runOneJob(jobs);
      const { rows } = await asOwner(
        database.ownerUrl,
        `select distinct usename from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
      );
      assert.deepEqual(
        rows.map((r: { usename: string }) => r.usename),
        [APP_ROLE],
        'the queue holds connections, all as the app role',
      );
      const app = new pg.Client({ connectionString: database.appUrl });
      await app.connect();
      try {
        await app.query(`insert into audit_event (occurred_at, category, action, outcome, actor_label, prev_hash, hash)
          values (now(), 'security', 'queue-role-probe', 'allowed', 'test', repeat('0', 64), repeat('1', 64))`);
        for (const statement of [
          `update audit_event set reason = 'tampered'`,
          `delete from audit_event`,
          `truncate audit_event`,
          `alter table audit_event disable trigger user`,
          `drop trigger audit_event_no_update on audit_event`,
        ]) {
          await assert.rejects(app.query(statement), (e: { code?: string }) => e.code === '42501', statement);
        }
        const count = await app.query(`select count(*)::int as n from audit_event where action = 'queue-role-probe'`);
        assert.equal(count.rows[0].n, 1, 'the row is still there');
      } finally {
        await app.end();
      }
    } finally {
      await jobs.stop();
    }
  });
});

describe('a queue schema the owning role made earlier', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database?.drop();
  });

  test('is handed to the app role with everything in it, and the queue carries on there', async () => {
    await asOwner(database.ownerUrl, `drop schema ${JOBS_SCHEMA} cascade`);
    const asOwnerBoss = new PgBoss({ connectionString: database.ownerUrl, schema: JOBS_SCHEMA, max: 1 });
    asOwnerBoss.on('error', () => {});
    await asOwnerBoss.start();
    await asOwnerBoss.createQueue('made-by-the-owner');
    await asOwnerBoss.stop({ graceful: true, wait: true });
    assert.ok((await objectOwners(database.ownerUrl)).includes('postgres'), 'the owner made the schema');

    const pool = new pg.Pool({ connectionString: database.ownerUrl, max: 1 });
    const owner = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
    try {
      await grantAppRole(owner, APP_ROLE);
    } finally {
      await owner.destroy();
    }
    assert.deepEqual(await objectOwners(database.ownerUrl), [APP_ROLE]);

    const jobs = new Jobs(database.appUrl, createLogger('silent'));
    try {
      await runOneJob(jobs);
    } finally {
      await jobs.stop();
    }
  });
});
