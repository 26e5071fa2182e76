/** The imports module's public face: other modules, src/services.ts, src/app.ts, scripts, bench and e2e import it only from here. */
export { IMPORT_RUN_JOB, importRunJob } from './job.ts';
export { importRoutes } from './routes.ts';
export { MalformedFile, formatOf } from './rows.ts';
export { DEFAULT_SOURCE, ImportBusy, ImportService } from './service.ts';
export type { ImportRun, ProcessOptions, Progress } from './service.ts';
