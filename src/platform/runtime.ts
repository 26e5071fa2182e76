import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';

import { migrateToLatest, openDatabase, type DatabaseHandle } from './db/database.ts';
import { APP_ROLE, openEmbeddedCluster } from './db/embedded.ts';
import { createLogger, type Logger } from './logging.ts';
import { isDatabaseShuttingDown } from './jobs/jobs.ts';

export interface Connection {
  ownerUrl: string;
  appUrl: string;
  appRole?: string;
  close(): Promise<void>;
  embedded: boolean;
}

/** DATABASE_URL if set; otherwise the embedded cluster in DATA_DIR (reused if the app already runs it). */
export async function connect(config: Config, logger: Logger): Promise<Connection> {
  if (config.databaseUrl) {
    return {
      ownerUrl: config.migrationDatabaseUrl ?? config.databaseUrl,
      appUrl: config.databaseUrl,
      appRole:
        config.migrationDatabaseUrl && config.migrationDatabaseUrl !== config.databaseUrl
          ? new URL(config.databaseUrl).username
          : undefined,
      close: async () => {},
      embedded: false,
    };
  }
  const cluster = await openEmbeddedCluster(config.dataDir, 'safeguard', (line) => logger.debug({ postgres: line }));
  return { ownerUrl: cluster.ownerUrl, appUrl: cluster.appUrl, appRole: APP_ROLE, close: cluster.stop, embedded: true };
}

export async function migrate(connection: Connection): Promise<string[]> {
  const pool = new pg.Pool({ connectionString: connection.ownerUrl, max: 2 });
  pool.on('error', () => {});
  const owner = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  try {
    return await migrateToLatest(owner, connection.appRole);
  } finally {
    await owner.destroy();
  }
}

/** A process's database: connected (embedded or DATABASE_URL), migrated, and its pool opened as the app's role. */
export interface DatabaseRuntime {
  database: DatabaseHandle;
  connection: Connection;
  logger: Logger;
  close(): Promise<void>;
}

export async function openDatabaseRuntime(config: Config, options: { logger?: Logger } = {}): Promise<DatabaseRuntime> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const connection = await connect(config, logger);
  await migrate(connection);
  const database = openDatabase(connection.appUrl, (e) =>
    isDatabaseShuttingDown(e)
      ? logger.debug('database pool: the database is shutting down')
      : logger.error({ err: e }, 'database pool error'),
  );
  return {
    database,
    connection,
    logger,
    close: async () => {
      await database.close();
      await connection.close();
    },
  };
}
