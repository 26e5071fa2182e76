/** The triage module's public face: other modules, src/services.ts, src/app.ts, scripts, bench and e2e import it only from here. */
export { triageRoutes } from './routes.ts';
export {
  TriageService,
  currentTriageSla,
  prioritiseTriage,
  recomputeMaracCriteriaAfter,
  recordMaracCriteriaRecomputed,
  recordReprioritised,
  reprioritiseTriageAfter,
} from './service.ts';
