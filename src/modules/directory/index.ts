/** The signposting directory's public face: other modules import only this. */
export {
  DirectoryService,
  DuplicateService,
  FORCE_WIDE,
  NoSuchPerson,
  NoSuchService,
  ServiceChanged,
  type LocalService,
  type NewSignposting,
  type ServiceSearch,
  type Signposting,
} from './service.ts';
export { serviceSchema, type ServiceForm } from './schemas.ts';
