/** The referrals module's public face: other modules import only this (house rules, issue 16). */
export {
  ReferralService,
  ReferralConflict,
  ReferralInputError,
  ReferralNotFound,
  HOME_REFERRAL_LIMIT,
  REFERRAL_PAGE_SIZE,
  type ForceScope,
  type NewReferral,
  type ReferralRequest,
  type ReferralSources,
  type ReferralSummary,
  type RequestProblem,
  type SharedPerson,
} from './service.ts';
export { referralRoutes } from './routes.ts';
export { referralApiRoutes } from './apiRoutes.ts';
export { referralReminderJob } from './job.ts';
