/** The home module's public face: other modules, src/services.ts, src/app.ts, scripts, bench and e2e import it only from here. */
export { homeRoutes } from './routes.ts';
export { HomeService } from './service.ts';
