import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../config.ts';
import { migrateToLatest, openDatabase } from '../platform/db/database.ts';
import { APP_ROLE, openEmbeddedCluster } from '../platform/db/embedded.ts';
import { createLogger } from '../platform/logging.ts';
import { buildServices } from '../services.ts';
import { loadDemoOrganisation } from '../modules/demo/index.ts';

/** The throw-away cluster every integration test uses: one per `npm test` run, one database per test file. */
export interface TestCluster {
  ownerUrl: (database: string) => string;
  appUrl: (database: string) => string;
  stop(): Promise<void>;
}

export const TEMPLATE_DATABASE = 'safeguard_template';
const ENV = 'SAFEGUARD_TEST_CLUSTER';

interface Shared {
  owner: string;
  app: string;
}

function fromShared(shared: Shared, stop: () => Promise<void>): TestCluster {
  const at = (base: string, database: string) => base.replace(/\/[^/]*$/, `/${database}`);
  return { ownerUrl: (d) => at(shared.owner, d), appUrl: (d) => at(shared.app, d), stop };
}

/** Starts a cluster in a temporary directory and prepares the migrated template (with the demo organisation). */
export async function startTestCluster(): Promise<TestCluster & { env: Record<string, string> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'safeguard-test-'));
  await fs.chmod(dir, 0o755);
  const cluster = await openEmbeddedCluster(dir, TEMPLATE_DATABASE);
  const pool = new pg.Pool({ connectionString: cluster.ownerUrl, max: 2 });
  pool.on('error', () => {});
  const owner = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  await migrateToLatest(owner, APP_ROLE);
  await owner.destroy();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const database = openDatabase(cluster.appUrl, () => {});
  await loadDemoOrganisation(buildServices(config, database, createLogger('silent')));
  await database.close();
  const shared: Shared = { owner: cluster.ownerUrl, app: cluster.appUrl };
  return {
    ...fromShared(shared, async () => {
      await cluster.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }),
    env: { [ENV]: JSON.stringify(shared) },
  };
}

let own: Promise<TestCluster> | undefined;

/** The run's shared cluster (set by scripts/test.ts), or one of this process's own when a file runs alone. */
export function testCluster(): Promise<TestCluster> {
  const shared = process.env[ENV];
  if (shared) return Promise.resolve(fromShared(JSON.parse(shared) as Shared, async () => {}));
  own ??= startTestCluster().then((c) => {
    process.once('exit', () => void c.stop());
    return c;
  });
  return own;
}
