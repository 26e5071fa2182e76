import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type Selectable } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../../platform/db/database.ts';
import type { ImportRunTable } from '../../platform/db/schema.ts';
import type { StagedRow } from './rows.ts';

export type ImportRunRow = Selectable<ImportRunTable>;
export type Outcome = 'accepted' | 'duplicate' | 'quarantined';

export interface NewRun {
  fileName: string;
  sha256: string;
  format: string;
  source: string;
  startedBy: string;
  startedByUserId: string | null;
  startedVia: 'cli' | 'web';
  startedAt: Date;
}

export function findRunByFile(db: Db, sha256: string, source: string) {
  return db.selectFrom('import_run').selectAll().where('sha256', '=', sha256).where('source', '=', source).executeTakeFirst();
}

export function findRun(db: Db, id: string) {
  return db.selectFrom('import_run').selectAll().where('id', '=', id).executeTakeFirst();
}

export function latestRuns(db: Db, limit: number) {
  return db.selectFrom('import_run').selectAll().orderBy('started_at', 'desc').limit(limit).execute();
}

const copyField = (v: string | number | null) => (v === null ? '' : `"${String(v).replace(/"/g, '""')}"`);

/**
 * Creates the run and stages every row with COPY, in one transaction: a crash while staging leaves nothing,
 * and a second process staging the same file waits on the unique (sha256, source) and then finds this run.
 * Returns undefined when another process got there first.
 */
export async function stageRun(
  pool: pg.Pool,
  run: NewRun,
  rows: AsyncIterable<StagedRow>,
  header: () => string[] | null,
): Promise<string | undefined> {
  const client = await pool.connect();
  let failed: unknown;
  try {
    await client.query('begin');
    const inserted = await client.query<{ id: string }>(
      `insert into import_run (file_name, sha256, format, source, started_by, started_by_user_id, started_via, started_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (sha256, source) do nothing returning id`,
      [run.fileName, run.sha256, run.format, run.source, run.startedBy, run.startedByUserId, run.startedVia, run.startedAt],
    );
    const id = inserted.rows[0]?.id;
    if (!id) {
      await client.query('rollback');
      return undefined;
    }
    async function* lines() {
      for await (const row of rows) {
        const outcome = row.problem ? 'quarantined' : null;
        yield `${copyField(id)},${row.rowNumber},${copyField(row.raw)},${copyField(outcome)},${copyField(row.problem ?? null)}\n`;
      }
    }
    await pipeline(
      Readable.from(lines()),
      client.query(copyFrom('copy import_row (run_id, row_number, raw, outcome, reason) from stdin with (format csv)')),
    );
    await client.query(
      `update import_run set header = $2,
         total_rows = (select count(*) from import_row where run_id = $1),
         quarantined = (select count(*) from import_row where run_id = $1 and outcome = 'quarantined')
       where id = $1`,
      [id, header()],
    );
    await client.query('commit');
    return id;
  } catch (e) {
    failed = e;
    await client.query('rollback').catch(() => {});
    throw e;
  } finally {
    // A connection that failed mid-COPY is not trusted again.
    client.release(failed instanceof Error ? failed : undefined);
  }
}

/**
 * One processor per run at a time: a session advisory lock on its own connection, released by PostgreSQL
 * if the process dies. Returns the release function, or undefined if someone else is processing the run.
 */
export async function lockRun(pool: pg.Pool, runId: string): Promise<(() => Promise<void>) | undefined> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      `select pg_try_advisory_lock(hashtext('import_run'), hashtext($1)) as locked`,
      [runId],
    );
    if (!rows[0].locked) {
      client.release();
      return undefined;
    }
  } catch (e) {
    client.release(e as Error);
    throw e;
  }
  return async () => {
    await client.query(`select pg_advisory_unlock(hashtext('import_run'), hashtext($1))`, [runId]).catch(() => {});
    client.release();
  };
}

export function waitingRows(db: Db, runId: string, limit: number) {
  return db
    .selectFrom('import_row')
    .select(['row_number', 'raw', 'attempted'])
    .where('run_id', '=', runId)
    .where('outcome', 'is', null)
    .orderBy('row_number')
    .limit(limit)
    .execute();
}

/** Marks rows as handed to intake, so after a crash we know to ask whether intake committed them. */
export async function markAttempted(db: Db, runId: string, rowNumbers: number[]): Promise<void> {
  if (!rowNumbers.length) return;
  await db.updateTable('import_row').set({ attempted: true }).where('run_id', '=', runId).where('row_number', 'in', rowNumbers).execute();
}

export interface RowOutcome {
  rowNumber: number;
  outcome: Outcome;
  reason?: string;
  incidentId?: string;
}

/** A batch's outcomes and the run's counters, together. */
export async function recordOutcomes(db: Db, runId: string, outcomes: RowOutcome[]): Promise<void> {
  if (!outcomes.length) return;
  const values = outcomes.map(
    (o) => sql`(${o.rowNumber}::integer, ${o.outcome}::text, ${o.reason ?? null}::text, ${o.incidentId ?? null}::uuid)`,
  );
  const count = (outcome: Outcome) => outcomes.filter((o) => o.outcome === outcome).length;
  await db.transaction().execute(async (trx) => {
    // The incident now holds the data; only a quarantined row keeps its text, for someone to correct.
    await sql`
      update import_row r set outcome = v.outcome, reason = v.reason, incident_id = v.incident_id,
        raw = case when v.outcome = 'quarantined' then r.raw else null end
      from (values ${sql.join(values)}) as v(row_number, outcome, reason, incident_id)
      where r.run_id = ${runId} and r.row_number = v.row_number`.execute(trx);
    await trx
      .updateTable('import_run')
      .set((eb) => ({
        accepted: eb('accepted', '+', count('accepted')),
        duplicate: eb('duplicate', '+', count('duplicate')),
        quarantined: eb('quarantined', '+', count('quarantined')),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', runId)
      .execute();
  });
}

/** Whether this import's own actor received the incident (its audit event), i.e. it is ours, not a duplicate. */
export async function receivedBy(db: Db, actorLabel: string, incidentId: string): Promise<boolean> {
  const found = await db
    .selectFrom('audit_event')
    .select('id')
    .where('action', '=', 'incident-received')
    .where('actor_label', '=', actorLabel)
    .where(sql<boolean>`record_ids @> array[${incidentId}]::text[]`)
    .executeTakeFirst();
  return found !== undefined;
}

/** Recounts the run from its rows: exact after a crash, whatever counters were last written. */
export async function recount(db: Db, runId: string): Promise<void> {
  await sql`
    update import_run set
      accepted = (select count(*) from import_row where run_id = ${runId} and outcome = 'accepted'),
      duplicate = (select count(*) from import_row where run_id = ${runId} and outcome = 'duplicate'),
      quarantined = (select count(*) from import_row where run_id = ${runId} and outcome = 'quarantined'),
      version = version + 1
    where id = ${runId}`.execute(db);
}

export async function finishRun(db: Db, runId: string, at: Date): Promise<void> {
  await db.updateTable('import_run').set({ state: 'finished', finished_at: at, failure: null }).where('id', '=', runId).execute();
}

export async function failRun(db: Db, runId: string, failure: string): Promise<void> {
  await db.updateTable('import_run').set({ state: 'failed', failure }).where('id', '=', runId).where('state', '!=', 'finished').execute();
}

export async function reopenRun(db: Db, runId: string): Promise<void> {
  await db
    .updateTable('import_run')
    .set({ state: 'processing', failure: null })
    .where('id', '=', runId)
    .where('state', '=', 'failed')
    .execute();
}

export function quarantinedRows(db: Db, runId: string, offset: number, limit: number) {
  return db
    .selectFrom('import_row')
    .select(['row_number', 'reason', 'raw'])
    .where('run_id', '=', runId)
    .where('outcome', '=', 'quarantined')
    .orderBy('row_number')
    .offset(offset)
    .limit(limit)
    .execute();
}
