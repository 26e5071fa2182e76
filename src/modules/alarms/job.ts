import { systemActor } from '../../platform/audit/actor.ts';
import type { RecurringJob } from '../../platform/jobs/jobs.ts';
import type { AlarmService } from './service.ts';

/** Every hour: the review task of each alarm whose review date came, the recovery task of each whose victim's case closed. */
export const alarmTaskJob = (alarms: AlarmService): RecurringJob => ({
  name: 'panic-alarm-tasks',
  cron: '10 * * * *',
  run: async () => {
    await alarms.raiseDueTasks(systemActor('panic-alarms'));
  },
});
