/** The people module's public face: other modules, src/services.ts, src/app.ts, scripts, bench and e2e import it only from here. */
export { MAX_CANDIDATES, MENTIONS_PER_CANDIDATE, PersonLinking, detailsKey, sameDetails } from './linking.ts';
export type { LinkOutcome, PersonResolver } from './linking.ts';

export { BROAD_SEARCH_DETAILS } from './repository.ts';
export { peopleRoutes } from './routes.ts';
export { personSearchSchema, uuidSchema } from './schemas.ts';
export {
  PeopleService,
  RESTRICTED_NAME,
  mentionIdsOf,
  moveMentions,
  recordIdsOfPerson,
  recordMention,
  repointMergedInto,
  restoreMergedInto,
  restrictedAmong,
  setMergedInto,
} from './service.ts';
export type { PersonName } from './service.ts';

export { SafeContactConflict } from './safeContactRepository.ts';
export type { SafeContactInput } from './safeContactRepository.ts';
