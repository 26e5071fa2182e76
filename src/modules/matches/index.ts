/** The matches module's public face: other modules, src/services.ts, src/app.ts, scripts, bench and e2e import it only from here. */
export { matchRoutes } from './routes.ts';
export { MatchService, differentPairsAmong, proposeMatch } from './service.ts';
export { undecidedIdentities } from './undecided.ts';
export type { MergeParticipant } from './mergeParticipants.ts';
