import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import type pg from 'pg';
import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/logging.ts';
import { IncidentRejected, type IncidentIntake, type IncidentInput } from '../incidents/index.ts';
import * as repo from './repository.ts';
import { incidentFromRow, readRows, type ImportFormat } from './rows.ts';
import { unstorableReason } from './reasons.ts';

export type ImportRun = repo.ImportRunRow;
export type { Outcome } from './repository.ts';

/** The source system named when none is given. */
export const DEFAULT_SOURCE = 'bulk-import';

export interface ImportFile {
  name: string;
  /** Opened twice: once to find the run by its SHA-256, once to stage the rows. */
  open(): Readable;
}

export interface ImportOptions {
  format: ImportFormat;
  /** The sending system: sourceSystem of every CSV row, and of NDJSON lines that do not name one. */
  source: string;
}

/** 'new': staged now; 'resumed': an unfinished run of this file goes on; 'already-imported': nothing to do. */
export interface BegunImport {
  run: ImportRun;
  status: 'new' | 'resumed' | 'already-imported';
}

export interface Progress {
  processed: number;
  total: number;
  accepted: number;
  duplicate: number;
  quarantined: number;
}

export interface ProcessOptions {
  onProgress?: (progress: Progress) => void;
  batchSize?: number;
  /** For tests of crash recovery: stop as a crash would, after intake committed this many rows but before their outcome is written. */
  interruptAfterRows?: number;
}

export class ImportInterrupted extends Error {}
export class ImportBusy extends Error {}

/** The audit trail names the import itself as the actor of every incident it receives, and who started it. */
export function importActor(run: ImportRun): Actor {
  return {
    userId: run.started_by_user_id,
    username: `import:${run.id}`,
    displayName: `Import of ${run.file_name} started by ${run.started_by}`,
    role: 'system',
    teamId: null,
    agencyId: null,
    via: run.started_via === 'cli' ? 'cli' : 'system',
  };
}

export async function sha256Of(stream: Readable): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

// Errors caused by the row's own data (SQLSTATE classes 22 and 23) quarantine that row; anything else stops the
// run so it can resume once the cause is fixed.
const isDataError = (e: unknown) => typeof (e as { code?: unknown }).code === 'string' && /^2[23]/.test((e as { code: string }).code);

/**
 * Bulk incident import: a file is staged into import_row with COPY, then each row goes through the same schema
 * and the same IncidentIntake as POST /api/v1/incidents. Every row ends accepted, duplicate or quarantined;
 * processing can stop anywhere and resumes from the first row without an outcome.
 */
export class ImportService {
  private dispatch: (runId: string) => Promise<void>;
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly db: Db,
    private readonly pool: pg.Pool,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly intake: IncidentIntake,
    private readonly logger: Logger,
  ) {
    this.dispatch = async (runId) => {
      const work = this.processInBackground(runId).finally(() => this.running.delete(work));
      this.running.add(work);
    };
  }

  /** Hands runs started from the web to a job queue (pg-boss in the app); otherwise they run in this process. */
  useQueue(send: (runId: string) => Promise<void>): void {
    this.dispatch = send;
  }

  /** Settles when every run started in this process has stopped (tests, graceful shutdown). */
  async whenIdle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }

  async begin(actor: Actor, file: ImportFile, options: ImportOptions): Promise<BegunImport> {
    const sha256 = await sha256Of(file.open());
    const existing = await repo.findRunByFile(this.db, sha256, options.source);
    if (existing) return this.again(existing);
    let header: string[] | null = null;
    const id = await repo.stageRun(
      this.pool,
      {
        fileName: file.name,
        sha256,
        format: options.format,
        source: options.source,
        startedBy: actor.username,
        startedByUserId: actor.userId,
        startedVia: actor.via === 'web' ? 'web' : 'cli',
        startedAt: this.clock.now(),
      },
      readRows(file.open(), options.format, (h) => (header = h)),
      () => header,
    );
    if (!id) return this.again((await repo.findRunByFile(this.db, sha256, options.source))!);
    const run = (await repo.findRun(this.db, id))!;
    await this.db.transaction().execute((trx) =>
      this.audit.record(trx, actor, {
        category: 'collection',
        action: 'import-started',
        recordType: 'import_run',
        recordIds: [run.id],
        details: { fileName: run.file_name, format: run.format, source: run.source, rows: run.total_rows },
      }),
    );
    return { run, status: 'new' };
  }

  private async again(run: ImportRun): Promise<BegunImport> {
    if (run.state === 'finished') return { run, status: 'already-imported' };
    await repo.reopenRun(this.db, run.id);
    return { run: (await repo.findRun(this.db, run.id))!, status: 'resumed' };
  }

  /** Starts processing without waiting for it: a queued job in the app, in this process otherwise. */
  async start(runId: string): Promise<void> {
    await this.dispatch(runId);
  }

  /** What a background worker does: process, and leave a failed run marked for a person to see. */
  async processInBackground(runId: string): Promise<void> {
    try {
      await this.process(runId);
    } catch (e) {
      if (e instanceof ImportBusy) return; // another worker has it
      this.logger.error({ err: e, runId }, 'import run stopped');
    }
  }

  async process(runId: string, options: ProcessOptions = {}): Promise<ImportRun> {
    const release = await repo.lockRun(this.pool, runId);
    if (!release) throw new ImportBusy('This file is being imported by another process');
    try {
      let run = await repo.findRun(this.db, runId);
      if (!run) throw new Error(`No import run ${runId}`);
      if (run.state === 'finished') return run;
      await repo.reopenRun(this.db, runId);
      await repo.recount(this.db, runId);
      run = (await repo.findRun(this.db, runId))!;
      try {
        await this.processRows(run, options);
      } catch (e) {
        if (!(e instanceof ImportInterrupted)) await repo.failRun(this.db, runId, (e as Error).message);
        throw e;
      }
      await repo.finishRun(this.db, runId, this.clock.now());
      const finished = (await repo.findRun(this.db, runId))!;
      await this.db.transaction().execute((trx) =>
        this.audit.record(trx, importActor(finished), {
          category: 'collection',
          action: 'import-finished',
          recordType: 'import_run',
          recordIds: [runId],
          details: {
            accepted: finished.accepted,
            duplicate: finished.duplicate,
            quarantined: finished.quarantined,
            rows: finished.total_rows,
          },
        }),
      );
      return finished;
    } finally {
      await release();
    }
  }

  private async processRows(run: ImportRun, options: ProcessOptions): Promise<void> {
    const actor = importActor(run);
    const batchSize = options.batchSize ?? 50;
    const progress: Progress = {
      total: run.total_rows,
      accepted: run.accepted,
      duplicate: run.duplicate,
      quarantined: run.quarantined,
      processed: run.accepted + run.duplicate + run.quarantined,
    };
    let received = 0;
    for (;;) {
      const rows = await repo.waitingRows(this.db, run.id, batchSize);
      if (!rows.length) return;
      const readings = rows.map((row) => ({ row, reading: incidentFromRow(run, row.raw ?? '') }));
      await repo.markAttempted(
        this.db,
        run.id,
        readings.filter(({ row, reading }) => reading.ok && !row.attempted).map(({ row }) => row.row_number),
      );
      const outcomes: repo.RowOutcome[] = [];
      for (const { row, reading } of readings) {
        const outcome = reading.ok
          ? await this.receive(actor, row, reading.incident, reading.intakeReason)
          : { outcome: 'quarantined' as const, reason: reading.reason };
        if (reading.ok && ++received === options.interruptAfterRows) throw new ImportInterrupted(`stopped after ${received} rows`);
        outcomes.push({ rowNumber: row.row_number, ...outcome });
        progress[outcome.outcome] += 1;
        progress.processed += 1;
        options.onProgress?.({ ...progress });
      }
      // Written once per batch: a crash before this line is resolved on resume by asking the audit trail.
      await repo.recordOutcomes(this.db, run.id, outcomes);
    }
  }

  private async receive(
    actor: Actor,
    row: { attempted: boolean },
    incident: IncidentInput,
    reasonOf: (errors: { field: string; message: string }[]) => string,
  ): Promise<Omit<repo.RowOutcome, 'rowNumber'>> {
    try {
      const result = await this.intake.receive(actor, incident);
      // After a crash, "already received" may mean received by this very run just before it stopped.
      const ours = result.created || (row.attempted && (await repo.receivedBy(this.db, actor.username, result.id)));
      return { outcome: ours ? 'accepted' : 'duplicate', incidentId: result.id };
    } catch (e) {
      // Incidents intake refuses (answers that do not fit their instrument version, times in the future) are refused as the API refuses them (422), the
      // reason naming the CSV column or JSON path that holds the value.
      if (e instanceof IncidentRejected) {
        return { outcome: 'quarantined', reason: reasonOf(e.errors) };
      }
      if (!isDataError(e)) throw e;
      return { outcome: 'quarantined', reason: unstorableReason((e as { code: string }).code) };
    }
  }

  findRun(id: string) {
    return repo.findRun(this.db, id);
  }

  latestRuns(limit = 25) {
    return repo.latestRuns(this.db, limit);
  }

  /** The reconciliation: quarantined rows with their row number and reason (the raw text stays in the database). */
  async quarantined(runId: string, offset = 0, limit = 500) {
    const rows = await repo.quarantinedRows(this.db, runId, offset, limit);
    return rows.map((r) => ({ rowNumber: r.row_number, reason: r.reason ?? '' }));
  }
}
