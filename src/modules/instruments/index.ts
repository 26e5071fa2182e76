/** The instruments module's public face: other modules, src/services.ts, src/app.ts, scripts, bench and e2e import it only from here. */
export { instrumentRoutes } from './routes.ts';
export { InstrumentService, instrumentDefinition, latestInstrumentDefinition, publishedInstrument } from './service.ts';
