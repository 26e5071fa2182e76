import type { Server } from 'node:http';
import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './platform/logging.ts';
import { openRuntime } from './platform/runtime.ts';
import { buildClientBundle } from './platform/views/assets.ts';
import { Jobs } from './platform/jobs/jobs.ts';
import { sessionPruningJob } from './platform/auth/sessionPruning.ts';
import { databaseIsEmpty, demoAccountsBanner } from './modules/demo/service.ts';
import { loadDemoForce } from './modules/demo/load.ts';

/** config → database (DATABASE_URL or embedded) → migrate → demo data (first run) → listen; graceful SIGTERM. */
export async function serve(): Promise<void> {
  const started = Date.now();
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const logger = createLogger(config.logLevel);
  const runtime = await openRuntime(config, { logger });
  const { services } = runtime;
  await buildClientBundle();
  if (services.demoMode && (await databaseIsEmpty(services))) {
    logger.info('empty database: loading the synthetic demo force');
    await loadDemoForce(services, {
      incidents: config.demoIncidents,
      onProgress: (done, total) => process.stdout.write(`\rLoading demo force: ${done}/${total} incidents`),
    });
    process.stdout.write('\n');
  }
  const jobs = new Jobs(runtime.connection.ownerUrl, logger);
  await jobs.start([sessionPruningJob(services.db, services.clock)]);
  const app = createApp(services);
  const server: Server = app.listen(config.port, () => {
    logger.info({ port: config.port, ms: Date.now() - started }, 'Safeguard is listening');
    if (services.demoMode) console.log(demoAccountsBanner(config.baseUrl));
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    server.close();
    server.closeAllConnections();
    await jobs.stop();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await serve();
}
