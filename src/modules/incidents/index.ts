/** The incidents module's public face: other modules, src/services.ts, src/app.ts, scripts, bench and e2e import it only from here. */
export { dashAnswers, firstTasks } from './firstTasks.ts';
export { IncidentIntake, IncidentRejected } from './intake.ts';
export { incidentPageFor } from './links.ts';
export { victimMaracHistory } from './maracHistory.ts';
export { incidentRoutes } from './routes.ts';
export { PARTY_ROLES, fieldErrors, incidentSchema } from './schemas.ts';
export type { IncidentInput, PartyInput, PersonDetails } from './schemas.ts';

export { IncidentService } from './service.ts';
