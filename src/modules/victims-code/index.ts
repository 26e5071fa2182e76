/** The Victims' Code module's service and types: other modules import it only through here (its routers are mounted by app.ts and the API router). */
export {
  VictimsCodeService,
  CaseNotFound,
  ObligationNotFound,
  VictimsCodeConflict,
  VictimsCodeRefused,
  TIME_LIMITS_SETTING,
  type VictimsCodeSources,
  type ComplianceFilter,
} from './service.ts';
