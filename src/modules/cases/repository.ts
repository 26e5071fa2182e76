import { sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';

export interface NewCase {
  victimPersonId: string;
  incidentIds: string[];
  ownerId: string | null;
  teamId: string | null;
  enhancedRights: boolean;
  openedBy: string | null;
}

const columns = [
  'id',
  'reference',
  'victim_person_id',
  'owner_id',
  'team_id',
  'status',
  'enhanced_rights',
  'opened_at',
  'closed_at',
  'closure_reason',
  'version',
  'next_contact_due_on',
] as const;

export async function insertCase(trx: Executor, input: NewCase, now: Date) {
  const row = await trx
    .insertInto('safeguarding_case')
    .values({
      reference: sql<string>`'CASE-' || lpad(nextval('safeguarding_case_number')::text, 6, '0')`,
      victim_person_id: input.victimPersonId,
      owner_id: input.ownerId,
      team_id: input.teamId,
      enhanced_rights: input.enhancedRights,
      opened_at: now,
      opened_by: input.openedBy,
      created_at: now,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  if (input.incidentIds.length > 0) {
    await trx
      .insertInto('case_incident')
      .values(input.incidentIds.map((incidentId) => ({ case_id: row.id, incident_id: incidentId, added_at: now })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  return row;
}

export async function findCase(db: Executor, id: string) {
  return db.selectFrom('safeguarding_case').select(columns).where('id', '=', id).executeTakeFirst();
}

export async function openCaseOf(db: Executor, victimPersonId: string) {
  return db
    .selectFrom('safeguarding_case')
    .select(columns)
    .where('victim_person_id', '=', victimPersonId)
    .where('status', '=', 'open')
    .executeTakeFirst();
}

export async function caseIncidentIds(db: Executor, caseId: string): Promise<string[]> {
  const rows = await db.selectFrom('case_incident').select('incident_id').where('case_id', '=', caseId).execute();
  return rows.map((r) => r.incident_id);
}

/** Who holds each of these people's open cases: the facts the "own caseload" and "team" relationships come from. */
export async function openCaseHolders(db: Executor, personIds: readonly string[]) {
  if (personIds.length === 0) return [];
  return db
    .selectFrom('safeguarding_case')
    .select(['victim_person_id', 'owner_id', 'team_id'])
    .where('victim_person_id', 'in', [...personIds])
    .where('status', '=', 'open')
    .execute();
}

/** Whether each of these victims has an open case and whether she has a closed one (a support programme's record). */
export async function caseStanding(db: Executor, personIds: readonly string[]) {
  if (personIds.length === 0) return [];
  return db
    .selectFrom('safeguarding_case')
    .select(['victim_person_id', sql<boolean>`bool_or(status = 'open')`.as('open'), sql<boolean>`bool_or(status <> 'open')`.as('closed')])
    .where('victim_person_id', 'in', [...personIds])
    .groupBy('victim_person_id')
    .execute();
}

/** The victims whose open case this user owns. */
export async function victimsOfCasesOwnedBy(db: Executor, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('safeguarding_case')
    .select('victim_person_id')
    .where('owner_id', '=', userId)
    .where('status', '=', 'open')
    .execute();
  return rows.map((r) => r.victim_person_id);
}

/** Whether the victim has Enhanced Rights under the Victims' Code (changed from the Victims' Code page, with a reason). */
export async function updateEnhancedRights(trx: Executor, caseId: string, enhancedRights: boolean): Promise<boolean> {
  const result = await trx
    .updateTable('safeguarding_case')
    .set({ enhanced_rights: enhancedRights, version: sql<number>`version + 1` })
    .where('id', '=', caseId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface CaseScope {
  /** Whose cases: the user's own, their team's, or every case in the force. */
  whose: 'mine' | 'team' | 'all';
  status: 'open' | 'closed';
  /** Only cases whose next contact is due by this date (today, for "due contacts"). */
  dueBy?: string;
}

function scoped(db: Executor, owner: { userId: string | null; teamId: string | null }, scope: CaseScope) {
  let q = db.selectFrom('safeguarding_case').where('status', '=', scope.status);
  if (scope.whose === 'mine') q = q.where('owner_id', '=', owner.userId ?? NOBODY);
  if (scope.whose === 'team') q = q.where('team_id', '=', owner.teamId ?? NOBODY);
  if (scope.dueBy) q = q.where('next_contact_due_on', '<=', scope.dueBy);
  return q;
}

const NOBODY = '00000000-0000-0000-0000-000000000000';

/** A page of cases in scope: open ones by next contact due (none last), closed ones most recently closed first. */
export async function casesInScope(
  db: Executor,
  owner: { userId: string | null; teamId: string | null },
  scope: CaseScope,
  page: { limit: number; offset: number },
) {
  const q = scoped(db, owner, scope).select(columns);
  const ordered =
    scope.status === 'closed'
      ? q.orderBy('closed_at', 'desc')
      : q.orderBy(sql`next_contact_due_on asc nulls last`).orderBy('opened_at', 'desc');
  return ordered.orderBy('id').limit(page.limit).offset(page.offset).execute();
}

export async function countCasesInScope(db: Executor, owner: { userId: string | null; teamId: string | null }, scope: CaseScope) {
  const row = await scoped(db, owner, scope)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function nextContactDueOn(db: Executor, id: string): Promise<string | null> {
  const row = await db.selectFrom('safeguarding_case').select('next_contact_due_on').where('id', '=', id).executeTakeFirst();
  return row?.next_contact_due_on ?? null;
}

/** Changes a case at the version the user saw; undefined when someone else changed it first (or it is gone). */
export async function updateCase(
  db: Executor,
  id: string,
  version: number,
  change: Partial<{
    owner_id: string | null;
    team_id: string | null;
    status: 'open' | 'closed';
    closed_at: Date | null;
    closure_reason: string | null;
    next_contact_due_on: string | null;
  }>,
  now: Date,
) {
  return db
    .updateTable('safeguarding_case')
    .set((eb) => ({ ...change, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(columns)
    .executeTakeFirst();
}

export async function insertHistory(
  db: Executor,
  e: {
    caseId: string;
    kind: 'opened' | 'transferred' | 'closed' | 'reopened' | 'closed-by-merge' | 'moved-by-merge';
    fromOwnerId?: string | null;
    fromTeamId?: string | null;
    toOwnerId?: string | null;
    toTeamId?: string | null;
    reason?: string | null;
    by: string | null;
    at: Date;
  },
) {
  await db
    .insertInto('case_history')
    .values({
      case_id: e.caseId,
      kind: e.kind,
      from_owner_id: e.fromOwnerId ?? null,
      from_team_id: e.fromTeamId ?? null,
      to_owner_id: e.toOwnerId ?? null,
      to_team_id: e.toTeamId ?? null,
      reason: e.reason ?? null,
      recorded_by: e.by,
      recorded_at: e.at,
    })
    .execute();
}

export function historyOf(db: Executor, caseId: string) {
  return db.selectFrom('case_history').selectAll().where('case_id', '=', caseId).orderBy('recorded_at', 'desc').orderBy('id').execute();
}

export interface NewContact {
  caseId: string;
  method: string;
  direction: string;
  occurredAt: Date;
  withWhom: string;
  outcome: string;
  advice: string | null;
  safetyPlan: string[];
  literature: string[];
  notes: string | null;
  urgent: boolean;
  ndmRationale: string | null;
  policeResourceRequested: boolean;
  unseenCrime: string | null;
  intelligence: string | null;
  recordedBy: string | null;
}

export async function insertContact(db: Executor, c: NewContact, now: Date) {
  return db
    .insertInto('case_contact')
    .values({
      case_id: c.caseId,
      method: c.method,
      direction: c.direction,
      occurred_at: c.occurredAt,
      with_whom: c.withWhom,
      outcome: c.outcome,
      advice: c.advice,
      safety_plan: JSON.stringify(c.safetyPlan),
      literature: JSON.stringify(c.literature),
      notes: c.notes,
      urgent: c.urgent,
      ndm_rationale: c.ndmRationale,
      police_resource_requested: c.policeResourceRequested,
      unseen_crime: c.unseenCrime,
      intelligence: c.intelligence,
      recorded_by: c.recordedBy,
      recorded_at: now,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export function contactsOf(db: Executor, caseId: string) {
  return db.selectFrom('case_contact').selectAll().where('case_id', '=', caseId).orderBy('occurred_at', 'desc').orderBy('id').execute();
}

export async function casesOfVictim(db: Executor, personId: string) {
  return db.selectFrom('safeguarding_case').select(columns).where('victim_person_id', '=', personId).execute();
}

export async function moveCases(db: Executor, ids: readonly string[], toPersonId: string) {
  if (ids.length === 0) return;
  await db
    .updateTable('safeguarding_case')
    .set({ victim_person_id: toPersonId })
    .where('id', 'in', [...ids])
    .execute();
}

/** The cases of these ids that a merge closed (their latest history entry says so). */
export async function closedByMerge(db: Executor, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('case_history as h')
    .select('h.case_id')
    .where('h.case_id', 'in', [...ids])
    .where('h.kind', '=', 'closed-by-merge')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('case_history as later')
            .select('later.id')
            .whereRef('later.case_id', '=', 'h.case_id')
            .whereRef('later.recorded_at', '>', 'h.recorded_at')
            .where('later.kind', '<>', 'moved-by-merge'),
        ),
      ),
    )
    .execute();
  return [...new Set(rows.map((r) => r.case_id))];
}

export async function setNextContactDue(db: Executor, id: string, on: string | null, now: Date) {
  await db.updateTable('safeguarding_case').set({ next_contact_due_on: on, updated_at: now }).where('id', '=', id).execute();
}

/** The latest contact on a case that recorded safety-plan items (the case's safety plan as it stands). */
export async function latestSafetyPlan(db: Executor, caseId: string) {
  return db
    .selectFrom('case_contact')
    .select(['occurred_at', 'safety_plan'])
    .where('case_id', '=', caseId)
    .where(sql<boolean>`jsonb_array_length(safety_plan) > 0`)
    .orderBy('occurred_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}
