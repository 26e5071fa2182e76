import { systemActor } from '../../platform/audit/actor.ts';
import type { RecurringJob } from '../../platform/jobs/jobs.ts';
import type { ReleaseService } from './service.ts';

/** Every hour: the risk review task of each release whose review is now due to open (raised once each). */
export const releaseReviewJob = (releases: ReleaseService): RecurringJob => ({
  name: 'release-risk-reviews',
  cron: '5 * * * *',
  run: async () => {
    await releases.raiseDueReviews(systemActor('release-reviews'));
  },
});
