import PgBoss from 'pg-boss';
import type { Logger } from '../logging.ts';

/** A recurring job: a name, a cron schedule (Europe/London) and what it does. */
export interface RecurringJob {
  name: string;
  cron: string;
  run(): Promise<void>;
}

/**
 * Background work on pg-boss, in PostgreSQL beside the data (DESIGN §1): reminders, deadline sweeps,
 * imports. pg-boss creates its own schema, so it connects as the owning role.
 */
export class Jobs {
  private boss?: PgBoss;

  constructor(
    private readonly ownerUrl: string,
    private readonly logger: Logger,
  ) {}

  async start(recurring: RecurringJob[]): Promise<void> {
    const boss = new PgBoss({ connectionString: this.ownerUrl, schema: 'pgboss', max: 2 });
    boss.on('error', (err) => this.logger.error({ err }, 'job queue error'));
    await boss.start();
    for (const job of recurring) {
      await boss.createQueue(job.name);
      await boss.schedule(job.name, job.cron, {}, { tz: 'Europe/London' });
      await boss.work(job.name, async () => {
        await job.run();
      });
    }
    this.boss = boss;
  }

  async stop(): Promise<void> {
    await this.boss?.stop({ graceful: true, wait: true });
  }
}
