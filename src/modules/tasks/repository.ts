import { sql, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { Executor } from '../../platform/db/executor.ts';
import type { ListScope } from '../../domain/access/relationship.ts';
import { withinScope } from '../../platform/db/listScope.ts';

const EVERYONE: ListScope = { among: null, restrictedOpen: 'all' };

/** Whose tasks a list shows: the user's own, their team's unclaimed ones, or both; or the ones they and their team did. */
export const TASK_SCOPES = ['all', 'mine', 'team', 'done'] as const;
export type TaskScope = (typeof TASK_SCOPES)[number];

export interface Owner {
  userId: string | null;
  teamId: string | null;
}

type Eb = ExpressionBuilder<Database & { incident: Database['incident'] }, 'task' | 'incident'>;

// A task raised at intake (an Operation Encompass notice) has no owning team yet: it belongs to the incident's team,
// and while the incident has none, to the whole unit — so the notice is never left without anyone seeing it.
const owningTeam = sql<string | null>`coalesce(task.team_id, incident.team_id)`;

function teamsUnclaimed(eb: Eb, owner: Owner) {
  const team = owner.teamId ? eb.or([eb(owningTeam, '=', owner.teamId), eb(owningTeam, 'is', null)]) : eb(owningTeam, 'is', null);
  return eb.and([eb('task.assignee_id', 'is', null), team]);
}

const NOBODY = '00000000-0000-0000-0000-000000000000';

// The restriction of the person a task is about (null: about nobody), for the list's access filter.
const subjectRestriction = sql<string | null>`(select p.restriction from person p where p.id = task.subject_person_id)`;

function scoped(db: Executor, owner: Owner, scope: TaskScope, visible: ListScope) {
  // Triage has its own queue; everything else a person or their team must do is listed here.
  return db
    .selectFrom('task')
    .leftJoin('incident', 'incident.id', 'task.incident_id')
    .where((eb) => withinScope(eb, visible, sql.ref<string | null>('task.subject_person_id'), subjectRestriction))
    .where('task.state', '=', scope === 'done' ? 'done' : 'open')
    .where('task.type', '<>', 'triage')
    .where((eb) => {
      const mine = eb('task.assignee_id', '=', owner.userId ?? NOBODY);
      if (scope === 'done') {
        // Done by me, or work of my team's (or of the whole unit's, when it had no team).
        const team = owner.teamId ? eb.or([eb(owningTeam, '=', owner.teamId), eb(owningTeam, 'is', null)]) : eb(owningTeam, 'is', null);
        return eb.or([mine, eb(sql`task.details->>'completedBy'`, '=', owner.userId ?? NOBODY), team]);
      }
      if (scope === 'mine') return mine;
      if (scope === 'team') return teamsUnclaimed(eb, owner);
      return eb.or([mine, teamsUnclaimed(eb, owner)]);
    });
}

/** A page of the scope's tasks: open ones soonest due first, done ones most recently done first. */
export async function tasksInScope(
  db: Executor,
  owner: Owner,
  scope: TaskScope,
  page: { limit: number; offset: number },
  visible: ListScope = EVERYONE,
) {
  const listed = scoped(db, owner, scope, visible)
    .leftJoin('person', 'person.id', 'task.subject_person_id')
    .leftJoin('app_user as assignee', 'assignee.id', 'task.assignee_id')
    .select([
      'task.id',
      'task.type',
      'task.due_at',
      'task.version',
      'task.assignee_id',
      'task.subject_person_id',
      'task.details',
      'task.completed_at',
      'incident.reference',
      'person.given_name',
      'person.family_name',
      'person.restriction',
      'assignee.display_name as assignee_name',
    ]);
  return (scope === 'done' ? listed.orderBy('task.completed_at', 'desc') : listed.orderBy('task.due_at'))
    .orderBy('task.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countTasksInScope(db: Executor, owner: Owner, scope: TaskScope, visible: ListScope = EVERYONE): Promise<number> {
  const row = await scoped(db, owner, scope, visible)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findTask(db: Executor, id: string) {
  return db
    .selectFrom('task')
    .leftJoin('incident', 'incident.id', 'task.incident_id')
    .leftJoin('person', 'person.id', 'task.subject_person_id')
    .leftJoin('team', (join) => join.on(sql<SqlBool>`team.id = coalesce(task.team_id, incident.team_id)`))
    .leftJoin('app_user as assignee', 'assignee.id', 'task.assignee_id')
    .select([
      'task.id',
      'task.type',
      'task.state',
      'task.due_at',
      'task.created_at',
      'task.completed_at',
      'task.details',
      'task.version',
      'task.assignee_id',
      'task.incident_id',
      'task.subject_person_id',
      'incident.reference',
      'incident.reported_at',
      'incident.occurred_at',
      'incident.location_address',
      'incident.classification',
      'person.given_name',
      'person.family_name',
      'person.date_of_birth',
      'person.restriction',
      'team.id as owning_team_id',
      'team.name as team_name',
      'assignee.display_name as assignee_name',
      'assignee.team_id as assignee_team_id',
    ])
    .where('task.id', '=', id)
    .executeTakeFirst();
}

/** Only an open, unclaimed task at the version the user saw: anything else is someone else's change. */
export async function claim(db: Executor, id: string, version: number, userId: string) {
  return db
    .updateTable('task')
    .set({ assignee_id: userId, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('state', '=', 'open')
    .where('assignee_id', 'is', null)
    .returning(['id', 'subject_person_id', 'incident_id'])
    .executeTakeFirst();
}

export async function complete(db: Executor, id: string, version: number, at: Date, outcome: Record<string, unknown>) {
  return db
    .updateTable('task')
    .set({
      state: 'done',
      completed_at: at,
      details: sql`details || ${JSON.stringify(outcome)}::jsonb`,
      version: sql`version + 1`,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('state', '=', 'open')
    .returning(['id', 'subject_person_id', 'incident_id'])
    .executeTakeFirst();
}

/** Closes the open tasks of a kind that were raised for a record named in their details (`details->>key = value`). */
export async function completeRaisedFor(
  db: Executor,
  type: string,
  key: string,
  value: string,
  at: Date,
  outcome: Record<string, unknown>,
) {
  return db
    .updateTable('task')
    .set({
      state: 'done',
      completed_at: at,
      details: sql`details || ${JSON.stringify(outcome)}::jsonb`,
      version: sql`version + 1`,
    })
    .where('type', '=', type)
    .where('state', '=', 'open')
    .where(sql<SqlBool>`details->>${key} = ${value}`)
    .returning(['id', 'subject_person_id', 'incident_id'])
    .execute();
}

/** The incident's suspects as the people they now are (merges followed), for naming the perpetrator of a referral. */
export async function suspectsOfIncident(db: Executor, incidentId: string) {
  return db
    .selectFrom('incident_party')
    .innerJoin('person as recorded', 'recorded.id', 'incident_party.person_id')
    .innerJoin('person', (join) => join.on(sql<SqlBool>`person.id = coalesce(recorded.merged_into, recorded.id)`))
    .select(['person.id', 'person.given_name', 'person.family_name', 'person.restriction'])
    .distinct()
    .where('incident_party.incident_id', '=', incidentId)
    .where('incident_party.role', '=', 'suspect')
    .orderBy('person.family_name')
    .orderBy('person.given_name')
    .execute();
}

/** The person a record now is: itself, or the record it was merged into. */
export async function currentPersonId(db: Executor, personId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('person')
    .select(sql<string>`coalesce(merged_into, id)`.as('id'))
    .where('id', '=', personId)
    .executeTakeFirst();
  return row?.id;
}

export async function maracCriteriaOfIncident(db: Executor, incidentId: string): Promise<{ criterion: string; reason: string }[]> {
  const row = await db.selectFrom('incident').select('marac_criteria').where('id', '=', incidentId).executeTakeFirst();
  return (row?.marac_criteria as { criterion: string; reason: string }[] | undefined) ?? [];
}

export async function insertMaracReferral(
  db: Executor,
  referral: { incidentId: string; victimId: string; perpetratorId: string | null; referredAt: Date; createdBy: string | null; at: Date },
) {
  return db
    .insertInto('marac_referral')
    .values({
      incident_id: referral.incidentId,
      victim_person_id: referral.victimId,
      perpetrator_person_id: referral.perpetratorId,
      referred_at: referral.referredAt,
      created_by: referral.createdBy,
      created_at: referral.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function userName(db: Executor, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('app_user').select('display_name').where('id', '=', id).executeTakeFirst();
  return row?.display_name;
}

/** An open task's details merged with what was recorded (the school found), at the version the user saw. */
export async function recordDetails(db: Executor, id: string, version: number, change: Record<string, unknown>) {
  return db
    .updateTable('task')
    .set({ details: sql`details || ${JSON.stringify(change)}::jsonb`, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('state', '=', 'open')
    .returning(['id', 'subject_person_id', 'incident_id'])
    .executeTakeFirst();
}

/** Open tasks about these people: who holds each (the facts behind the "own" and "team" relationships). */
export async function openTaskHolders(db: Executor, personIds: readonly string[]) {
  if (personIds.length === 0) return [];
  return db
    .selectFrom('task')
    .select(['subject_person_id', 'assignee_id', 'team_id'])
    .distinct()
    .where('subject_person_id', 'in', [...personIds])
    .where('state', '=', 'open')
    .execute();
}

/** A task raised by another module's step (a contact on a case), in the caller's transaction. */
export async function insertRaisedTask(
  db: Executor,
  t: {
    type: string;
    caseId: string | null;
    incidentId: string | null;
    subjectPersonId: string | null;
    teamId: string | null;
    assigneeId: string | null;
    dueAt: Date;
    sourceRule: string;
    details: Record<string, unknown>;
    createdAt: Date;
  },
) {
  return db
    .insertInto('task')
    .values({
      type: t.type,
      case_id: t.caseId,
      incident_id: t.incidentId,
      subject_person_id: t.subjectPersonId,
      team_id: t.teamId,
      assignee_id: t.assigneeId,
      due_at: t.dueAt,
      source_rule: t.sourceRule,
      details: JSON.stringify(t.details),
      created_at: t.createdAt,
    })
    .returning(['id', 'type', 'due_at'])
    .executeTakeFirstOrThrow();
}

/** The tasks raised for a case, open first then newest. */
export function tasksOfCase(db: Executor, caseId: string) {
  return db
    .selectFrom('task')
    .leftJoin('app_user', 'app_user.id', 'task.assignee_id')
    .select(['task.id', 'task.type', 'task.state', 'task.due_at', 'task.completed_at', 'app_user.display_name as assignee_name'])
    .where('task.case_id', '=', caseId)
    .orderBy(sql`task.state = 'open'`, 'desc')
    .orderBy('task.due_at', 'desc')
    .execute();
}

/** Where these tasks stand (open, done, cancelled) and when they are due, for the module that raised them. */
export async function statesOf(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('task')
    .select(['id', 'state', 'due_at', 'completed_at'])
    .where('id', 'in', [...ids])
    .execute();
}

/** The open tasks of one kind whose due time has passed (small: a kind's overdue work). */
export async function openOverdueOfType(db: Executor, type: string, now: Date) {
  return db.selectFrom('task').select(['id']).where('type', '=', type).where('state', '=', 'open').where('due_at', '<', now).execute();
}

/** The MARAC referrals of a victim on or after a time: what the repeat-MARAC criterion counts (incidents' MARAC history). */
export function maracReferralsOfVictimSince(db: Executor, personId: string, since: Date) {
  return db
    .selectFrom('marac_referral')
    .select(['victim_person_id', 'perpetrator_person_id', 'referred_at'])
    .where('victim_person_id', '=', personId)
    .where('referred_at', '>=', since)
    .execute();
}
