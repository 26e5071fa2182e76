/** The panic alarms module's public face: other modules, src/services.ts, src/app.ts, scripts, bench and e2e import it only from here. */
export { AlarmChanged, AlarmRefused, AlarmService } from './service.ts';
export type { AlarmSummary, NewAlarm } from './service.ts';
export { alarmRoutes } from './routes.ts';
export { alarmTaskJob } from './job.ts';
