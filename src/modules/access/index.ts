export { AccessRequestError, AccessService } from './service.ts';
export type { AccessGrant } from './service.ts';
export type { ListScope, RecordAccess } from '../../domain/access/relationship.ts';
export { accessRoutes, renderRestricted } from './routes.ts';
