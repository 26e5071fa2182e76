/** The cases module's public face: other modules, src/services.ts, src/app.ts, scripts, bench and e2e import it only from here. */
export { CaseService } from './service.ts';
export type { SafeguardingCase } from './service.ts';
