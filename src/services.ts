import type pg from 'pg';
import type { Config } from './config.ts';
import { AuditTrail } from './platform/audit/auditTrail.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import type { DatabaseHandle, Db } from './platform/db/database.ts';
import type { Logger } from './platform/logging.ts';
import { UserService } from './modules/users/service.ts';
import { PeopleService } from './modules/people/service.ts';
import { HomeService } from './modules/home/service.ts';
import { IncidentIntake } from './modules/incidents/intake.ts';
import { IncidentService } from './modules/incidents/service.ts';
import { ImportService } from './modules/imports/service.ts';
import { TriageService } from './modules/triage/service.ts';
import { MatchService } from './modules/matches/service.ts';
import { AssessmentService } from './modules/assessment/service.ts';
import { TaskService } from './modules/tasks/service.ts';
import { SchoolService } from './modules/schools/service.ts';
import { CaseService } from './modules/cases/service.ts';
import { ReferralService } from './modules/referrals/service.ts';
import { AuditLogService } from './modules/audit/service.ts';
import { InstrumentService } from './modules/instruments/service.ts';
import { PersonLinking } from './modules/people/linking.ts';
import type { MergeParticipant } from './modules/matches/mergeParticipants.ts';
import { mergeParticipants as taskMergeParticipants } from './modules/tasks/records.ts';
import { FellegiSunterModel } from './domain/linkage/index.ts';
import { openDatabaseRuntime, type Connection } from './platform/runtime.ts';

/**
 * The composition root: every service is built here and only here, from the configuration, the database and the
 * clock. Routes receive these services; modules never construct each other.
 *
 * Everything the web app needs, built once in main.ts (or by the test harness) and handed to createApp. */
export interface Services {
  config: Config;
  clock: Clock;
  db: Db;
  pool: pg.Pool;
  logger: Logger;
  audit: AuditTrail;
  users: UserService;
  people: PeopleService;
  home: HomeService;
  intake: IncidentIntake;
  incidents: IncidentService;
  imports: ImportService;
  triage: TriageService;
  matches: MatchService;
  assessment: AssessmentService;
  tasks: TaskService;
  schools: SchoolService;
  cases: CaseService;
  referrals: ReferralService;
  auditLog: AuditLogService;
  instruments: InstrumentService;
  demoMode: boolean;
}

/**
 * Everything a merge of two person records moves to the survivor (and an undone merge moves back) besides the
 * merged record's mentions and incident parties: one entry per owning module, each moving only its own rows.
 */
const mergeParticipants: readonly MergeParticipant[] = [...taskMergeParticipants];

export function buildServices(config: Config, database: DatabaseHandle, logger: Logger, clock: Clock = systemClock): Services {
  const audit = new AuditTrail(clock);
  const demoMode = !config.production && config.demoMode !== 'off';
  const triage = new TriageService(database.db, audit, clock);
  const intake = new IncidentIntake(database.db, audit, clock, new PersonLinking(new FellegiSunterModel(), audit));
  const schools = new SchoolService(database.db, audit, clock);
  const people = new PeopleService(database.db, audit, clock, { broadAt: config.personSearchBroadAt });
  const users = new UserService(database.db, audit, clock, { demoMode });
  const auditLog = new AuditLogService(database.db, audit);
  const incidents = new IncidentService(database.db, audit);
  const matches = new MatchService(database.db, audit, clock, mergeParticipants);
  return {
    config,
    clock,
    db: database.db,
    pool: database.pool,
    logger,
    audit,
    demoMode,
    users,
    people,
    home: new HomeService({ triage, users, auditLog, incidents, people, matches }),
    intake,
    incidents,
    imports: new ImportService(database.db, database.pool, audit, clock, intake, logger),
    triage,
    matches,
    assessment: new AssessmentService(database.db, audit, clock, people),
    schools,
    cases: new CaseService(database.db, audit, clock),
    referrals: new ReferralService(database.db, audit, clock),
    tasks: new TaskService(database.db, audit, clock, schools),
    auditLog,
    instruments: new InstrumentService(database.db, audit, clock),
  };
}

export interface Runtime {
  services: Services;
  database: DatabaseHandle;
  connection: Connection;
  close(): Promise<void>;
}

/** Everything a process needs: database (embedded or not), migrations, services. */
export async function openRuntime(config: Config, options: { clock?: Clock; logger?: Logger } = {}): Promise<Runtime> {
  const { database, connection, logger, close } = await openDatabaseRuntime(config, options);
  return { services: buildServices(config, database, logger, options.clock), database, connection, close };
}
