/** The schools module's public face: other modules, src/services.ts, src/app.ts, scripts, bench and e2e import it only from here. */
export { SCHOOL_SEARCH_LIMIT, SchoolService } from './service.ts';
export type { School } from './service.ts';
