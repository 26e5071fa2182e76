/** The users module's public face: other modules, src/services.ts, src/app.ts, scripts, bench and e2e import it only from here. */
export type { FederatedIdentity } from './identityProvider.ts';
export { adminRoutes } from './routes.ts';
export { ConcurrentChangeError, UserService, actorFromUser } from './service.ts';
export type { UserRow } from './service.ts';
