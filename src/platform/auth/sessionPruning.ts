import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import type { RecurringJob } from '../jobs/jobs.ts';

/** Removes server sessions whose cookie lifetime has passed (connect-pg-simple's own pruning is off). */
export async function pruneExpiredSessions(db: Db, clock: Clock): Promise<number> {
  const result = await db.deleteFrom('session').where('expire', '<', clock.now()).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export const sessionPruningJob = (db: Db, clock: Clock): RecurringJob => ({
  name: 'prune-expired-sessions',
  cron: '*/15 * * * *',
  run: async () => {
    await pruneExpiredSessions(db, clock);
  },
});
