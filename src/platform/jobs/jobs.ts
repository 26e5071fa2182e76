import PgBoss from 'pg-boss';
import { JOBS_SCHEMA } from '../db/database.ts';
import type { Logger } from '../logging.ts';

/**
 * PostgreSQL's "terminating connection due to administrator command" (57P01): the database is stopping, as it does on
 * Ctrl-C (the terminal sends SIGINT to the embedded cluster too). Expected while shutting down, not worth a stack trace.
 */
export function isDatabaseShuttingDown(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '57P01';
}

/** A recurring job: a name, a cron schedule (Europe/London) and what it does. */
export interface RecurringJob {
  name: string;
  cron: string;
  run(): Promise<void>;
}

/** A job run when asked (`send`), not on a schedule; pg-boss retries it if the process dies while it runs. */
export interface OnDemandJob<T extends object = object> {
  name: string;
  run(data: T): Promise<void>;
}

/**
 * Background work on pg-boss, in PostgreSQL beside the data (no other queue to run): reminders, deadline sweeps,
 * imports. It connects as the app's role, never the owning role, and keeps its tables in a schema of its own that the
 * app's role owns (`grantAppRole` creates it after the migrations).
 */
export class Jobs {
  private boss?: PgBoss;

  constructor(
    private readonly appUrl: string,
    private readonly logger: Logger,
  ) {}

  async start(recurring: RecurringJob[], onDemand: OnDemandJob[] = []): Promise<void> {
    const boss = new PgBoss({ connectionString: this.appUrl, schema: JOBS_SCHEMA, max: 2 });
    boss.on('error', (err) => {
      if (isDatabaseShuttingDown(err)) this.logger.debug({ code: '57P01' }, 'job queue: the database is shutting down');
      else this.logger.error({ err }, 'job queue error');
    });
    await boss.start();
    for (const job of recurring) {
      await boss.createQueue(job.name);
      await boss.schedule(job.name, job.cron, {}, { tz: 'Europe/London' });
      await boss.work(job.name, async () => {
        await job.run();
      });
    }
    for (const job of onDemand) {
      await boss.createQueue(job.name);
      await boss.work<object>(job.name, async (jobs) => {
        for (const j of jobs) await job.run(j.data);
      });
    }
    this.boss = boss;
  }

  /** Queues an on-demand job; expires (and is retried) after `hours` if its worker stops answering. */
  async send(name: string, data: object, hours = 4): Promise<void> {
    if (!this.boss) throw new Error('The job queue has not started');
    await this.boss.send(name, data, { retryLimit: 5, retryDelay: 30, expireInHours: hours });
  }

  async stop(): Promise<void> {
    await this.boss?.stop({ graceful: true, wait: true });
  }
}
