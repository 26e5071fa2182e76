import type { OnDemandJob } from '../../platform/jobs/jobs.ts';
import type { ImportService } from './service.ts';

export const IMPORT_RUN_JOB = 'import-run';

/** Processes an import started from the web; a retried job resumes the run from its first unprocessed row. */
export const importRunJob = (imports: ImportService): OnDemandJob => ({
  name: IMPORT_RUN_JOB,
  run: async (data) => {
    await imports.processInBackground((data as { runId: string }).runId);
  },
});
