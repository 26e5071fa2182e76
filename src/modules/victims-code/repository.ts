import { sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';

/** The only SQL for the Victims' Code: its own four tables (migration 0028). */

export function caseRecord(db: Executor, caseId: string) {
  return db.selectFrom('victims_code_case').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

/** Makes sure a case has its Victims' Code row (created on first change), and returns it locked for the change. */
export async function lockCaseRecord(trx: Executor, caseId: string) {
  await trx
    .insertInto('victims_code_case')
    .values({ case_id: caseId })
    .onConflict((oc) => oc.column('case_id').doNothing())
    .execute();
  return trx.selectFrom('victims_code_case').selectAll().where('case_id', '=', caseId).forUpdate().executeTakeFirstOrThrow();
}

type CaseRecordChange = Partial<{
  needs_assessment: string;
  needs_assessed_at: Date;
  needs_assessed_by: string | null;
  update_preferences: string;
  preferences_agreed_at: Date;
  preferences_agreed_by: string | null;
  personal_statement: string;
  personal_statement_on: string;
  personal_statement_recorded_by: string | null;
}>;

/** Changes the row if it is still at `version`; undefined when someone else changed it first. */
export function updateCaseRecord(trx: Executor, caseId: string, version: number, change: CaseRecordChange) {
  return trx
    .updateTable('victims_code_case')
    .set({ ...change, version: sql<number>`version + 1` })
    .where('case_id', '=', caseId)
    .where('version', '=', version)
    .returning('version')
    .executeTakeFirst();
}

export function insertEnhancedRightsChange(
  trx: Executor,
  row: { caseId: string; enhancedRights: boolean; reason: string; changedBy: string | null; at: Date },
) {
  return trx
    .insertInto('enhanced_rights_change')
    .values({ case_id: row.caseId, enhanced_rights: row.enhancedRights, reason: row.reason, changed_by: row.changedBy, changed_at: row.at })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function enhancedRightsChanges(db: Executor, caseId: string) {
  return db
    .selectFrom('enhanced_rights_change')
    .select(['enhanced_rights', 'reason', 'changed_at', 'changed_by'])
    .where('case_id', '=', caseId)
    .orderBy('changed_at', 'desc')
    .execute();
}

export function insertCaseEvent(
  trx: Executor,
  row: { caseId: string; type: string; occurredAt: Date; recordedBy: string | null; at: Date },
) {
  return trx
    .insertInto('case_event')
    .values({ case_id: row.caseId, type: row.type, occurred_at: row.occurredAt, recorded_by: row.recordedBy, recorded_at: row.at })
    .returning(['id', 'case_id', 'type', 'occurred_at', 'recorded_at'])
    .executeTakeFirstOrThrow();
}

export interface NewObligation {
  caseEventId: string;
  caseId: string;
  victimPersonId: string;
  officerId: string | null;
  teamId: string | null;
  enhancedRights: boolean;
  workingDays: number;
  dueBy: Date;
  at: Date;
}

const obligationColumns = [
  'victim_update_obligation.id',
  'victim_update_obligation.case_event_id',
  'victim_update_obligation.case_id',
  'victim_update_obligation.victim_person_id',
  'victim_update_obligation.officer_id',
  'victim_update_obligation.team_id',
  'victim_update_obligation.enhanced_rights',
  'victim_update_obligation.working_days',
  'victim_update_obligation.due_by',
  'victim_update_obligation.state',
  'victim_update_obligation.updated_at',
  'victim_update_obligation.update_method',
  'victim_update_obligation.update_note',
  'victim_update_obligation.recorded_at',
  'victim_update_obligation.updated_by',
  'victim_update_obligation.late',
  'victim_update_obligation.version',
] as const;

export function insertObligation(trx: Executor, o: NewObligation) {
  return trx
    .insertInto('victim_update_obligation')
    .values({
      case_event_id: o.caseEventId,
      case_id: o.caseId,
      victim_person_id: o.victimPersonId,
      officer_id: o.officerId,
      team_id: o.teamId,
      enhanced_rights: o.enhancedRights,
      working_days: o.workingDays,
      due_by: o.dueBy,
      created_at: o.at,
    })
    .returning(['id', 'due_by', 'working_days', 'enhanced_rights', 'state', 'version'])
    .executeTakeFirstOrThrow();
}

export function findObligation(db: Executor, id: string) {
  return db
    .selectFrom('victim_update_obligation')
    .innerJoin('case_event', 'case_event.id', 'victim_update_obligation.case_event_id')
    .select(obligationColumns)
    .select(['case_event.type', 'case_event.occurred_at'])
    .where('victim_update_obligation.id', '=', id)
    .executeTakeFirst();
}

export function markObligationMet(
  trx: Executor,
  id: string,
  version: number,
  met: { updatedAt: Date; method: string; note: string | null; by: string | null; at: Date; late: boolean },
) {
  return trx
    .updateTable('victim_update_obligation')
    .set({
      state: 'met',
      updated_at: met.updatedAt,
      update_method: met.method,
      update_note: met.note,
      updated_by: met.by,
      recorded_at: met.at,
      late: met.late,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('state', '=', 'due')
    .returning(['id', 'version', 'late', 'updated_at'])
    .executeTakeFirst();
}

/** A case's events, newest first, each with its update obligation and who gave the update. */
export function eventsOfCase(db: Executor, caseId: string) {
  return db
    .selectFrom('case_event')
    .innerJoin('victim_update_obligation', 'victim_update_obligation.case_event_id', 'case_event.id')
    .select(['case_event.type', 'case_event.occurred_at', 'case_event.review_requested_at', 'case_event.recorded_by'])
    .select(obligationColumns)
    .where('case_event.case_id', '=', caseId)
    .orderBy('case_event.occurred_at', 'desc')
    .orderBy('case_event.recorded_at', 'desc')
    .execute();
}

export function findCaseEvent(db: Executor, id: string) {
  return db.selectFrom('case_event').selectAll().where('id', '=', id).executeTakeFirst();
}

export function recordReviewRequest(trx: Executor, eventId: string, requestedAt: Date) {
  return trx
    .updateTable('case_event')
    .set({ review_requested_at: requestedAt })
    .where('id', '=', eventId)
    .where('review_requested_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
}

export interface ComplianceFilter {
  /** Held by this officer or by their team (a home page's "mine and my team's"). */
  heldBy?: { userId: string | null; teamId: string | null };
  teamId?: string;
  officerId?: string;
  /** Obligations due in this period (inclusive instants). */
  from?: Date;
  to?: Date;
}

function filtered(db: Executor, f: ComplianceFilter) {
  let q = db.selectFrom('victim_update_obligation');
  const held = f.heldBy;
  if (held) {
    q = q.where((eb) =>
      eb.or([
        ...(held.userId ? [eb('victim_update_obligation.officer_id', '=', held.userId)] : []),
        ...(held.teamId ? [eb('victim_update_obligation.team_id', '=', held.teamId)] : []),
        eb.val(false),
      ]),
    );
  }
  if (f.teamId) q = q.where('victim_update_obligation.team_id', '=', f.teamId);
  if (f.officerId) q = q.where('victim_update_obligation.officer_id', '=', f.officerId);
  if (f.from) q = q.where('victim_update_obligation.due_by', '>=', f.from);
  if (f.to) q = q.where('victim_update_obligation.due_by', '<=', f.to);
  return q;
}

/** Counts of the Victims' Code compliance view: due today, overdue, met on time, met late. */
export async function complianceCounts(db: Executor, f: ComplianceFilter, today: { start: Date; end: Date }, now: Date) {
  const row = await filtered(db, f)
    .select((eb) => [
      eb.fn
        .countAll<string>()
        .filterWhere((w) => w.and([w('state', '=', 'due'), w('due_by', '>=', now), w('due_by', '<=', today.end)]))
        .as('due_today'),
      eb.fn
        .countAll<string>()
        .filterWhere((w) => w.and([w('state', '=', 'due'), w('due_by', '<', now)]))
        .as('overdue'),
      eb.fn
        .countAll<string>()
        .filterWhere((w) => w.and([w('state', '=', 'met'), w('late', '=', false)]))
        .as('met_on_time'),
      eb.fn
        .countAll<string>()
        .filterWhere((w) => w.and([w('state', '=', 'met'), w('late', '=', true)]))
        .as('met_late'),
    ])
    .executeTakeFirstOrThrow();
  return {
    dueToday: Number(row.due_today),
    overdue: Number(row.overdue),
    metOnTime: Number(row.met_on_time),
    metLate: Number(row.met_late),
  };
}

export type ComplianceList = 'due-today' | 'overdue' | 'met-on-time' | 'met-late';

/** One of the compliance view's lists: most urgent (or most recently met) first. */
export function complianceList(
  db: Executor,
  f: ComplianceFilter,
  list: ComplianceList,
  today: { start: Date; end: Date },
  now: Date,
  limit: number,
) {
  let q = filtered(db, f)
    .innerJoin('case_event', 'case_event.id', 'victim_update_obligation.case_event_id')
    .select(obligationColumns)
    .select(['case_event.type', 'case_event.occurred_at']);
  if (list === 'due-today')
    q = q
      .where('victim_update_obligation.state', '=', 'due')
      .where('victim_update_obligation.due_by', '>=', now)
      .where('victim_update_obligation.due_by', '<=', today.end);
  if (list === 'overdue') q = q.where('victim_update_obligation.state', '=', 'due').where('victim_update_obligation.due_by', '<', now);
  if (list === 'met-on-time' || list === 'met-late')
    q = q.where('victim_update_obligation.state', '=', 'met').where('victim_update_obligation.late', '=', list === 'met-late');
  q =
    list === 'due-today' || list === 'overdue'
      ? q.orderBy('victim_update_obligation.due_by').orderBy('victim_update_obligation.id')
      : q.orderBy('victim_update_obligation.updated_at', 'desc').orderBy('victim_update_obligation.id');
  return q.limit(limit).execute();
}

/** The officers and teams that hold obligations (ids), for the compliance view's filters. */
export async function holdersOfObligations(db: Executor) {
  const officers = await db
    .selectFrom('victim_update_obligation')
    .select('officer_id')
    .distinct()
    .where('officer_id', 'is not', null)
    .execute();
  const teams = await db.selectFrom('victim_update_obligation').select('team_id').distinct().where('team_id', 'is not', null).execute();
  return { officerIds: officers.map((o) => o.officer_id!), teamIds: teams.map((t) => t.team_id!) };
}
