/** The releases module's public face: other modules, src/services.ts, src/app.ts, scripts, bench and e2e import it only from here. */
export { ReleaseChanged, ReleaseRefused, ReleaseService } from './service.ts';
export type { NewRelease, ReleaseSummary, ReviewedVictim } from './service.ts';
export { releaseRoutes } from './routes.ts';
export { releaseReviewJob } from './job.ts';
