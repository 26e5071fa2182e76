import { Kysely, Migrator, PostgresDialect, sql, type Migration, type MigrationProvider } from 'kysely';
import pg from 'pg';
import PgBoss from 'pg-boss';
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

/** The job queue's schema: pg-boss keeps its tables here, owned by the app's role (it adds a partition per queue). */
export const JOBS_SCHEMA = 'pgboss';

/**
 * The app may read and write its tables, but only INSERT and SELECT the audit trail, which is append-only; and it owns
 * the job queue's schema, so the queue needs no connection as the owning role (whose table the trail is, and who could
 * disable its trigger). The owning role creates that schema rather than the app role being allowed to create schemas:
 * a role that may create schemas could create one named after the owner, first on the owner's search_path.
 */
export async function grantAppRole(ownerDb: Kysely<unknown>, appRole: string): Promise<void> {
  const role = sql.id(appRole);
  await sql`grant usage on schema public to ${role}`.execute(ownerDb);
  await sql`grant select, insert, update, delete on all tables in schema public to ${role}`.execute(ownerDb);
  await sql`grant usage, select on all sequences in schema public to ${role}`.execute(ownerDb);
  await sql`revoke update, delete, truncate on audit_event from ${role}`.execute(ownerDb);
  await sql`revoke insert, update, delete, truncate on kysely_migration, kysely_migration_lock from ${role}`.execute(ownerDb);
  await handJobsSchemaTo(ownerDb, appRole);
}

/** Creates the job queue's schema for the app role, or hands over one another role made, with everything in it. */
async function handJobsSchemaTo(ownerDb: Kysely<unknown>, appRole: string): Promise<void> {
  const schema = sql.id(JOBS_SCHEMA);
  const role = sql.id(appRole);
  await sql`create schema if not exists ${schema} authorization ${role}`.execute(ownerDb);
  // pg-boss installs itself when its version table is missing, starting with CREATE SCHEMA, which the app role may not
  // run: the owning role installs it here, and the loop below hands the tables over.
  const installed = await sql<{ t: string | null }>`select to_regclass(${`${JOBS_SCHEMA}.version`}) as t`.execute(ownerDb);
  if (!installed.rows[0].t) await sql.raw(PgBoss.getConstructionPlans(JOBS_SCHEMA)).execute(ownerDb);
  const { rows: objects } = await sql<{ statement: string }>`
    select format('alter schema %I owner to %I', n.nspname, ${appRole}::text) as statement
      from pg_namespace n where n.nspname = ${JOBS_SCHEMA} and n.nspowner <> ${appRole}::regrole
    union all
    select format('alter %s %s owner to %I', case c.relkind when 'S' then 'sequence' when 'v' then 'view'
             when 'm' then 'materialized view' else 'table' end, c.oid::regclass, ${appRole}::text)
      from pg_class c
     where c.relnamespace = ${JOBS_SCHEMA}::regnamespace and c.relkind in ('r', 'p', 'S', 'v', 'm')
       and c.relowner <> ${appRole}::regrole
       -- a sequence owned by a column follows its table
       and not (c.relkind = 'S' and exists (select 1 from pg_depend d
                where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i')))
    union all
    select format('alter routine %s owner to %I', p.oid::regprocedure, ${appRole}::text)
      from pg_proc p where p.pronamespace = ${JOBS_SCHEMA}::regnamespace and p.proowner <> ${appRole}::regrole
    union all
    select format('alter type %s owner to %I', t.oid::regtype, ${appRole}::text)
      from pg_type t
     where t.typnamespace = ${JOBS_SCHEMA}::regnamespace and t.typtype in ('e', 'd') and t.typowner <> ${appRole}::regrole
  `.execute(ownerDb);
  for (const { statement } of objects) await sql.raw(statement).execute(ownerDb);
}
