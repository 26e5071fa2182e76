/** The referrals module's public face: other modules, src/services.ts, src/app.ts, scripts, bench and e2e import it only from here. */
export {
  HOME_REFERRAL_LIMIT,
  REFERRAL_PAGE_SIZE,
  ReferralConflict,
  ReferralInputError,
  ReferralNotFound,
  ReferralService,
} from './service.ts';
export type {
  ForceScope,
  NewReferral,
  ReferralRequest,
  ReferralSources,
  ReferralSummary,
  RequestProblem,
  SharedPerson,
} from './service.ts';
export { referralApiRoutes } from './apiRoutes.ts';
export { referralReminderJob } from './job.ts';
export { referralRoutes } from './routes.ts';
