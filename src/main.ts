import type { Server } from 'node:http';
import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './platform/logging.ts';
import { openRuntime } from './services.ts';
import { buildClientBundle } from './platform/views/assets.ts';
import { isDatabaseShuttingDown, Jobs } from './platform/jobs/jobs.ts';
import { sessionPruningJob } from './platform/auth/sessionPruning.ts';
import { IMPORT_RUN_JOB, importRunJob } from './modules/imports/index.ts';
import { referralReminderJob } from './modules/referrals/index.ts';
import { releaseReviewJob } from './modules/releases/index.ts';
import { alarmTaskJob } from './modules/alarms/index.ts';
import { databaseIsEmpty, demoAccountsBanner, loadDemoOrganisation, demoForceIncomplete, loadDemoIncidents } from './modules/demo/index.ts';

const demoProgress = (done: number, total: number) => {
  if (done % 500 === 0 || done === total) console.log(`demo force: ${done}/${total} incidents loaded`);
};

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
  // Demo mode on an empty database: accounts now, incidents while the app already answers (or carrying on
  // from an interrupted first start). Sign-in works at once; the counts on the home pages fill up.
  let demoIncidents: (() => Promise<void>) | undefined;
  if (services.demoMode && (await databaseIsEmpty(services))) {
    await loadDemoOrganisation(services);
    demoIncidents = () => loadDemoIncidents(services, { incidents: config.demoIncidents, onProgress: demoProgress });
  } else if (services.demoMode && (await demoForceIncomplete(services))) {
    demoIncidents = () => loadDemoIncidents(services, { incidents: config.demoIncidents, onProgress: demoProgress });
  }
  const jobs = new Jobs(runtime.connection.appUrl, logger);
  await jobs.start(
    [
      sessionPruningJob(services.db, services.clock),
      referralReminderJob(services.referrals),
      releaseReviewJob(services.releases),
      alarmTaskJob(services.alarms),
    ],
    [importRunJob(services.imports)],
  );
  services.imports.useQueue((runId) => jobs.send(IMPORT_RUN_JOB, { runId }));
  const app = createApp(services);
  const server: Server = app.listen(config.port, () => {
    logger.info({ port: config.port, ms: Date.now() - started }, 'Safeguard is listening');
    if (services.demoMode) console.log(demoAccountsBanner(config.baseUrl));
    if (demoIncidents) {
      logger.info('loading the synthetic demo force');
      demoIncidents().then(
        () => logger.info({ ms: Date.now() - started }, 'demo force loaded'),
        (e: unknown) => logger.error({ err: e }, 'loading the demo force failed; restart to carry on'),
      );
    }
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    // In order, so nothing is left talking to a database that has gone: no new requests, then the jobs (pg-boss
    // finishes what it is running), then the app's pool, then the embedded cluster.
    server.close();
    server.closeAllConnections();
    try {
      await jobs.stop();
      await runtime.close();
    } catch (err) {
      if (!isDatabaseShuttingDown(err)) logger.error({ err }, 'stopping');
    }
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await serve();
}
