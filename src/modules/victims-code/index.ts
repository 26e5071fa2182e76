/** The Victims' Code module's service and types: other modules import it only through here (its routers are mounted by app.ts and the API router). */
export {
  CaseNotFound,
  ObligationNotFound,
  TIME_LIMITS_SETTING,
  VictimsCodeConflict,
  VictimsCodeRefused,
  VictimsCodeService,
} from './service.ts';
export type { ComplianceFilter, VictimsCodeSources } from './service.ts';
export { victimsCodeApiRoutes, victimsCodeRoutes } from './routes.ts';
