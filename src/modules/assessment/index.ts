/** The assessment module's public face: other modules, src/services.ts, src/app.ts, scripts, bench and e2e import it only from here. */
export { assessmentRoutes } from './routes.ts';
export type { GradeForm } from './schemas.ts';
export { AssessmentService, recordOfficerAssessment } from './service.ts';
