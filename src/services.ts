import type pg from 'pg';
import type { Config } from './config.ts';
import type { AuditTrail } from './platform/audit/auditTrail.ts';
import type { Clock } from './platform/clock.ts';
import type { Db } from './platform/db/database.ts';
import type { Logger } from './platform/logging.ts';
import type { UserService } from './modules/users/service.ts';
import type { PeopleService } from './modules/people/service.ts';
import type { HomeService } from './modules/home/service.ts';
import type { IncidentIntake } from './modules/incidents/intake.ts';
import type { IncidentService } from './modules/incidents/service.ts';
import type { ImportService } from './modules/imports/service.ts';
import type { TriageService } from './modules/triage/service.ts';
import type { MatchService } from './modules/matches/service.ts';
import type { AssessmentService } from './modules/assessment/service.ts';
import type { TaskService } from './modules/tasks/service.ts';
import type { SchoolService } from './modules/schools/service.ts';
import type { AuditLogService } from './modules/audit/service.ts';

/** Everything the web app needs, built once in main.ts (or by the test harness) and handed to createApp. */
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
  auditLog: AuditLogService;
  demoMode: boolean;
}
