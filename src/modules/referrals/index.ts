/** The referrals module's service and public types: other modules import only this (house rules, issue 16); app.ts, the API
 * and main.ts mount its routes and job from their own files, as for every module. */
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
