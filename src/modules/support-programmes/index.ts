/** The support programmes module's public face (the Second Responder programme): import it only from here. */
export { SecondResponderService, SupportChanged, SupportRefused } from './service.ts';
export type { EligibleVictim, VisitSummary } from './service.ts';
export { secondResponderRoutes } from './routes.ts';
