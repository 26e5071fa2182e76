export { AccessService, AccessRequestError, type AccessGrant } from './service.ts';
export type { ListScope, RecordAccess } from '../../domain/access/relationship.ts';
