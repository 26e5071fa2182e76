/** The matches module's public face: other modules, src/services.ts, src/app.ts, scripts, bench and e2e import it only from here. */
export { matchRoutes } from './routes.ts';
export { MatchService } from './service.ts';
export { undecidedIdentities } from './undecided.ts';
