import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import { AuditTrail } from './audit/auditTrail.ts';
import { systemClock, type Clock } from './clock.ts';
import { migrateToLatest, openDatabase, type DatabaseHandle } from './db/database.ts';
import { APP_ROLE, openEmbeddedCluster } from './db/embedded.ts';
import { createLogger, type Logger } from './logging.ts';
import { isDatabaseShuttingDown } from './jobs/jobs.ts';
import type { Services } from '../services.ts';
import { UserService } from '../modules/users/service.ts';
import { PeopleService } from '../modules/people/service.ts';
import { HomeService } from '../modules/home/service.ts';
import { IncidentIntake } from '../modules/incidents/intake.ts';
import { IncidentService } from '../modules/incidents/service.ts';
import { ImportService } from '../modules/imports/service.ts';
import { TriageService } from '../modules/triage/service.ts';
import { MatchService } from '../modules/matches/service.ts';
import { AssessmentService } from '../modules/assessment/service.ts';
import { SchoolService } from '../modules/schools/service.ts';
import { TaskService } from '../modules/tasks/service.ts';
import { AuditLogService } from '../modules/audit/service.ts';
import { PersonLinking } from '../modules/people/linking.ts';
import { FellegiSunterModel } from '../domain/linkage/index.ts';

export interface Runtime {
  services: Services;
  database: DatabaseHandle;
  connection: Connection;
  close(): Promise<void>;
}

export interface Connection {
  ownerUrl: string;
  appUrl: string;
  appRole?: string;
  close(): Promise<void>;
  embedded: boolean;
}

/** DATABASE_URL if set; otherwise the embedded cluster in DATA_DIR (reused if the app already runs it). */
export async function connect(config: Config, logger: Logger): Promise<Connection> {
  if (config.databaseUrl) {
    return {
      ownerUrl: config.migrationDatabaseUrl ?? config.databaseUrl,
      appUrl: config.databaseUrl,
      appRole:
        config.migrationDatabaseUrl && config.migrationDatabaseUrl !== config.databaseUrl
          ? new URL(config.databaseUrl).username
          : undefined,
      close: async () => {},
      embedded: false,
    };
  }
  const cluster = await openEmbeddedCluster(config.dataDir, 'safeguard', (line) => logger.debug({ postgres: line }));
  return { ownerUrl: cluster.ownerUrl, appUrl: cluster.appUrl, appRole: APP_ROLE, close: cluster.stop, embedded: true };
}

export async function migrate(connection: Connection): Promise<string[]> {
  const pool = new pg.Pool({ connectionString: connection.ownerUrl, max: 2 });
  pool.on('error', () => {});
  const owner = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  try {
    return await migrateToLatest(owner, connection.appRole);
  } finally {
    await owner.destroy();
  }
}

export function buildServices(config: Config, database: DatabaseHandle, logger: Logger, clock: Clock = systemClock): Services {
  const audit = new AuditTrail(clock);
  const demoMode = !config.production && config.demoMode !== 'off';
  const triage = new TriageService(database.db, audit, clock);
  const intake = new IncidentIntake(database.db, audit, clock, new PersonLinking(new FellegiSunterModel(), audit));
  const schools = new SchoolService(database.db, audit, clock);
  const people = new PeopleService(database.db, audit, clock, { broadAt: config.personSearchBroadAt });
  return {
    config,
    clock,
    db: database.db,
    pool: database.pool,
    logger,
    audit,
    demoMode,
    users: new UserService(database.db, audit, clock, { demoMode }),
    people,
    home: new HomeService(database.db, triage),
    intake,
    incidents: new IncidentService(database.db, audit),
    imports: new ImportService(database.db, database.pool, audit, clock, intake, logger),
    triage,
    matches: new MatchService(database.db, audit, clock),
    assessment: new AssessmentService(database.db, audit, clock, people),
    schools,
    tasks: new TaskService(database.db, audit, clock, schools),
    auditLog: new AuditLogService(database.db, audit),
  };
}

/** Everything a process needs: database (embedded or not), migrations, services. */
export async function openRuntime(config: Config, options: { clock?: Clock; logger?: Logger } = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const connection = await connect(config, logger);
  await migrate(connection);
  const database = openDatabase(connection.appUrl, (e) =>
    isDatabaseShuttingDown(e)
      ? logger.debug('database pool: the database is shutting down')
      : logger.error({ err: e }, 'database pool error'),
  );
  const services = buildServices(config, database, logger, options.clock);
  return {
    services,
    database,
    connection,
    close: async () => {
      await database.close();
      await connection.close();
    },
  };
}
