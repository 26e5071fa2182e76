import { Kysely, Migrator, PostgresDialect, sql, type Migration, type MigrationProvider } from 'kysely';
import pg from 'pg';
import { migrations } from '../../../migrations/index.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

// Dates come back as JS Date for timestamptz; a plain `date` stays a 'YYYY-MM-DD' string (no time zone games).
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => v);

export interface DatabaseHandle {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function openDatabase(url: string, onError: (e: Error) => void, max = 10): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', onError);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool, close: () => db.destroy() };
}

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/** Runs pending migrations as the owning role, then grants the app's login role what it may do. */
export async function migrateToLatest(ownerDb: Kysely<unknown>, appRole?: string): Promise<string[]> {
  const migrator = new Migrator({ db: ownerDb, provider: new StaticMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  if (appRole) await grantAppRole(ownerDb, appRole);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The app may read and write its tables, but only INSERT and SELECT the audit trail, which is append-only. */
export async function grantAppRole(ownerDb: Kysely<unknown>, appRole: string): Promise<void> {
  const role = sql.id(appRole);
  await sql`grant usage on schema public to ${role}`.execute(ownerDb);
  await sql`grant select, insert, update, delete on all tables in schema public to ${role}`.execute(ownerDb);
  await sql`grant usage, select on all sequences in schema public to ${role}`.execute(ownerDb);
  await sql`revoke update, delete, truncate on audit_event from ${role}`.execute(ownerDb);
  await sql`revoke insert, update, delete, truncate on kysely_migration, kysely_migration_lock from ${role}`.execute(ownerDb);
}
