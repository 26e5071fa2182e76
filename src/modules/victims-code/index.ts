/** The Victims' Code module: other modules import it only through here. */
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
export { victimsCodeRoutes, victimsCodeApiRoutes } from './routes.ts';
