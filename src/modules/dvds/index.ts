export { DvdsChanged, DvdsRefused, DvdsService } from './service.ts';
export type { ApplicationSummary, NewApplication, PreviousDisclosure, StageInput } from './service.ts';
export { dvdsApiSchema } from './schemas.ts';
export { dvdsRoutes } from './routes.ts';
export { applicationJson, dvdsApiRoutes } from './apiRoutes.ts';
