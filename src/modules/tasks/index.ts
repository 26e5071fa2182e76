/** The tasks module's public face: other modules, src/services.ts, src/app.ts, scripts, bench and e2e import it only from here. */
export { taskRoutes } from './routes.ts';
export { HOME_TASK_LIMIT, TaskService } from './service.ts';
export {
  QUEUE_SORTS,
  closeEncompassTask,
  closeWorkReportedBefore,
  mergeParticipants,
  openEncompassTasks,
  pastIncidentsAwaitingTriage,
} from './records.ts';
export type { QueueFilter, QueueSort, SortDirection } from './records.ts';
/** The tasks module's record keeping, for the modules whose work raises, closes or reads tasks and MARAC referrals. */
export * as taskRecords from './records.ts';
