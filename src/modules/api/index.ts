/** The api module's public face: other modules, src/services.ts, src/app.ts, scripts, bench and e2e import it only from here. */
export { apiRoutes } from './routes.ts';
