/** The signposting directory's public face: other modules import only this. */
export { DirectoryService, DuplicateService, FORCE_WIDE, NoSuchPerson, NoSuchService, ServiceChanged } from './service.ts';
export type { LocalService, NewSignposting, ServiceSearch, Signposting } from './service.ts';
export { serviceSchema } from './schemas.ts';
export type { ServiceForm } from './schemas.ts';
export { directoryRoutes } from './routes.ts';
