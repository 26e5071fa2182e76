import type pg from 'pg';
import type { Config } from './config.ts';
import { AuditTrail } from './platform/audit/auditTrail.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import type { DatabaseHandle, Db } from './platform/db/database.ts';
import type { Logger } from './platform/logging.ts';
import { UserService } from './modules/users/index.ts';
import { PeopleService, PersonLinking } from './modules/people/index.ts';
import { HomeService } from './modules/home/index.ts';
import { IncidentIntake, IncidentService } from './modules/incidents/index.ts';
import { ImportService } from './modules/imports/index.ts';
import { TriageService } from './modules/triage/index.ts';
import { MatchService, type MergeParticipant } from './modules/matches/index.ts';
import { AssessmentService } from './modules/assessment/index.ts';
import { TaskService, mergeParticipants as taskMergeParticipants } from './modules/tasks/index.ts';
import { SchoolService } from './modules/schools/index.ts';
import { CaseService } from './modules/cases/index.ts';
import { ReferralService } from './modules/referrals/index.ts';
import { AuditLogService } from './modules/audit/index.ts';
import { InstrumentService } from './modules/instruments/index.ts';
import { AccessService } from './modules/access/index.ts';
import { OrderService } from './modules/orders/index.ts';
import { ReleaseService } from './modules/releases/index.ts';
import { AlarmService } from './modules/alarms/index.ts';
import { SecondResponderService } from './modules/support-programmes/index.ts';
import { DvdsService } from './modules/dvds/index.ts';
import { VictimsCodeService } from './modules/victims-code/index.ts';
import { DirectoryService } from './modules/directory/index.ts';
import { EnquiryService } from './modules/enquiries/index.ts';
import { OfficerAdviceService } from './modules/officer-advice/index.ts';
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
  access: AccessService;
  orders: OrderService;
  releases: ReleaseService;
  alarms: AlarmService;
  secondResponder: SecondResponderService;
  dvds: DvdsService;
  victimsCode: VictimsCodeService;
  enquiries: EnquiryService;
  officerAdvice: OfficerAdviceService;
  directory: DirectoryService;
  auditLog: AuditLogService;
  instruments: InstrumentService;
  demoMode: boolean;
}

/**
 * Everything a merge of two person records moves to the survivor (and an undone merge moves back) besides the
 * merged record's mentions and incident parties: one entry per owning module, each moving only its own rows.
 */
function mergeParticipantsOf(
  cases: CaseService,
  referrals: ReferralService,
  releases: ReleaseService,
  dvds: DvdsService,
  alarms: AlarmService,
  secondResponder: SecondResponderService,
): readonly MergeParticipant[] {
  return [
    // Her Second Responder visits follow her to the surviving record.
    {
      records: 'second-responder-visits',
      moveToSurvivor: (trx, mergedId, survivorId) => secondResponder.moveToSurvivor(trx, mergedId, survivorId),
      moveBack: (trx, ids, survivorId, restoredId) => secondResponder.moveBack(trx, ids, survivorId, restoredId),
    },
    // Her panic alarms follow her to the surviving record.
    {
      records: 'panic-alarms',
      moveToSurvivor: (trx, mergedId, survivorId) => alarms.moveToSurvivor(trx, mergedId, survivorId),
      moveBack: (trx, ids, survivorId, restoredId) => alarms.moveBack(trx, ids, survivorId, restoredId),
    },
    // His prison releases follow him to the surviving record.
    {
      records: 'releases',
      moveToSurvivor: (trx, mergedId, survivorId) => releases.moveToSurvivor(trx, mergedId, survivorId),
      moveBack: (trx, ids, survivorId, restoredId) => releases.moveBack(trx, ids, survivorId, restoredId),
    },
    // Clare's Law applications naming the merged record name the survivor.
    {
      records: 'dvds-applications',
      moveToSurvivor: (trx, mergedId, survivorId) => dvds.moveToSurvivor(trx, mergedId, survivorId),
      moveBack: (trx, ids, survivorId, restoredId) => dvds.moveBack(trx, ids, survivorId, restoredId),
    },
    ...taskMergeParticipants,
    // Her safeguarding cases follow her; of two open cases the merged record's is closed (and reopened on undo).
    {
      records: 'cases',
      moveToSurvivor: (trx, mergedId, survivorId) => cases.moveToSurvivor(trx, mergedId, survivorId),
      moveBack: (trx, ids, _survivorId, restoredId) => cases.moveBack(trx, ids, restoredId),
    },
    // The referrals naming the merged record name the survivor: the agency keeps seeing the person it was sent.
    {
      records: 'referrals',
      moveToSurvivor: (trx, mergedId, survivorId) => referrals.moveToSurvivor(trx, mergedId, survivorId),
      moveBack: async (trx, ids, survivorId, restoredId) => {
        await referrals.moveBack(trx, ids, survivorId, restoredId);
      },
    },
  ];
}

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
  const tasks = new TaskService(database.db, audit, clock, schools, incidents);
  const orders = new OrderService(database.db, audit, clock, people, incidents, tasks);
  const cases = new CaseService(database.db, audit, clock, { people, tasks, users });
  const releases = new ReleaseService(database.db, audit, clock, { people, cases, orders, tasks });
  const referrals = new ReferralService(database.db, audit, clock).use({ users, incidents, people, cases, tasks });
  const access = new AccessService(database.db, audit, clock, { cases, referrals, tasks, users });
  const dvds = new DvdsService(database.db, audit, clock, { people, tasks, users });
  const alarms = new AlarmService(database.db, audit, clock, { people, cases, incidents, tasks });
  const secondResponder = new SecondResponderService(database.db, audit, clock, { people, incidents });
  const matches = new MatchService(
    database.db,
    audit,
    clock,
    access,
    incidents,
    mergeParticipantsOf(cases, referrals, releases, dvds, alarms, secondResponder),
  );
  const victimsCode = new VictimsCodeService(database.db, audit, clock, { cases, people, users });
  const enquiries = new EnquiryService(database.db, audit, clock, people, users);
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
    home: new HomeService({
      triage,
      users,
      auditLog,
      incidents,
      people,
      matches,
      orders,
      releases,
      alarms,
      secondResponder,
      victimsCode,
      enquiries,
      referrals,
      dvds,
    }),
    intake,
    incidents,
    imports: new ImportService(database.db, database.pool, audit, clock, intake, logger),
    triage,
    matches,
    assessment: new AssessmentService(database.db, audit, clock, people, incidents, orders, dvds),
    schools,
    cases,
    referrals,
    access,
    orders,
    releases,
    alarms,
    secondResponder,
    dvds,
    victimsCode,
    enquiries,
    officerAdvice: new OfficerAdviceService(database.db, audit, clock, incidents, users),
    directory: new DirectoryService(database.db, audit, clock, people, users),
    tasks,
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
