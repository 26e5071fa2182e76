import { systemActor } from '../../platform/audit/actor.ts';
import type { RecurringJob } from '../../platform/jobs/jobs.ts';
import type { ReferralService } from './service.ts';

/** Every half hour: a task for the referrer of each referral its agency has not answered in time (once each). */
export const referralReminderJob = (referrals: ReferralService): RecurringJob => ({
  name: 'referral-response-reminders',
  cron: '*/30 * * * *',
  run: async () => {
    await referrals.remindUnanswered(systemActor('referral-reminders'));
  },
});
