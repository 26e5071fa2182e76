import type { Executor } from '../../platform/db/executor.ts';
import { sql } from 'kysely';
import { putSetting, readSetting } from '../../platform/db/settings.ts';

const DEMO_FORCE = 'demo-force';

/** How far loading the demo force got, so an interrupted first start carries on where it stopped. */
export interface DemoForceProgress {
  seed: number;
  incidents: number;
  loaded: number;
  complete: boolean;
}

export async function demoForceProgress(db: Executor): Promise<DemoForceProgress | undefined> {
  return (await readSetting(db, DEMO_FORCE))?.value as DemoForceProgress | undefined;
}

export async function recordDemoForceProgress(db: Executor, progress: DemoForceProgress): Promise<void> {
  await putSetting(db, DEMO_FORCE, progress, new Date());
}

/** The force's risk assessors and the district teams a high-risk case may be sent to. */
export async function assessorsAndTeams(db: Executor) {
  const assessors = await db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'team_id'])
    .where('role', '=', 'assessor')
    .where('disabled_at', 'is', null)
    .orderBy('username')
    .execute();
  const teams = await db.selectFrom('team').select(['id']).orderBy('name').execute();
  return { assessors, teams: teams.map((t) => t.id) };
}

export function schoolRegister(db: Executor) {
  return db.selectFrom('school').select(['id', 'name', 'town']).orderBy('name').orderBy('town').execute();
}

export function demoUser(db: Executor, username: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'role', 'team_id'])
    .where('username', '=', username)
    .executeTakeFirst();
}

/** Incidents with a victim reported in a period, newest first: the demo refers some of them to partner agencies. */
export function incidentsWithVictimSince(db: Executor, since: Date, limit: number) {
  return db
    .selectFrom('incident')
    .select(['incident.id', 'incident.reported_at'])
    .where('incident.reported_at', '>=', since)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('incident_party')
          .select('incident_party.id')
          .whereRef('incident_party.incident_id', '=', 'incident.id')
          .where('incident_party.role', '=', 'victim')
          .where('incident_party.person_id', 'is not', null),
      ),
    )
    .orderBy('incident.reported_at', 'desc')
    .limit(limit)
    .execute();
}

/** The demo's victims (incidents reported before `before`), each with every incident she is a victim in; newest first. */
export async function demoVictims(db: Executor, before: Date) {
  const { rows } = await sql<{ person_id: string; incident_ids: string[]; first_reported: Date; last_reported: Date }>`
    select p.person_id, array_agg(i.id order by i.reported_at) as incident_ids,
           min(i.reported_at) as first_reported, max(i.reported_at) as last_reported
    from incident_party p join incident i on i.id = p.incident_id
    where p.role = 'victim' and p.person_id is not null and i.reported_at < ${before}
    group by p.person_id
    order by max(i.reported_at) desc, p.person_id`.execute(db);
  return rows;
}

/** Victims of the incidents reported since `since`, newest first: the people the demo's enquiries and advice are about. */
export function recentIncidentVictims(db: Executor, since: Date, limit: number) {
  return db
    .selectFrom('incident')
    .innerJoin('incident_party', 'incident_party.incident_id', 'incident.id')
    .select(['incident.id', 'incident.reference', 'incident.reported_at', 'incident_party.person_id'])
    .where('incident_party.role', '=', 'victim')
    .where('incident_party.person_id', 'is not', null)
    .where('incident.reported_at', '>=', since)
    .orderBy('incident.reported_at', 'desc')
    .orderBy('incident.id')
    .limit(limit)
    .execute();
}

/** Graded medium- and high-risk incidents with their victim (a current record), oldest first: the demo's cases. */
export function gradedVictims(db: Executor) {
  return db
    .selectFrom('incident')
    .innerJoin('incident_party', 'incident_party.incident_id', 'incident.id')
    .innerJoin('person', 'person.id', 'incident_party.person_id')
    .select(['incident.id as incident_id', 'incident.reported_at', 'person.id as person_id', 'person.given_name'])
    .where('incident_party.role', '=', 'victim')
    .where('person.merged_into', 'is', null)
    .where('incident.status', '=', 'graded')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('risk_assessment')
          .select('risk_assessment.id')
          .whereRef('risk_assessment.incident_id', '=', 'incident.id')
          .where('risk_assessment.assessor_grade', 'in', ['medium', 'high']),
      ),
    )
    .orderBy('incident.reported_at')
    .execute();
}
