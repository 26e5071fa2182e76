/** The officer advice log's public face: other modules import only this. */
export { AdviceRejected, OfficerAdviceService } from './service.ts';
export type { OfficerAdvice } from './service.ts';
export { adviceSchema } from './schemas.ts';
export type { AdviceForm } from './schemas.ts';
export { officerAdviceRoutes } from './routes.ts';
