import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';
import type { TriageFlag } from '../../domain/triage/priority.ts';
import type { OfficerGrade } from '../../domain/triage/tasks.ts';

/*
 * The triage queue: the open triage tasks, their page, counts and assignment. The tasks module owns the task table
 * (and triage_tally, which triggers on task keep); the triage module reads and changes its queue through
 * tasks/records.ts. The queue's SQL is here, beside the table and its indexes (task_triage_queue, task_open_due,
 * task_triage_reported, task_triage_flags, task_triage_due), so one module answers for its performance.
 */

export const QUEUE_SORTS = ['priority', 'due', 'reported'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
export type SortDirection = 'asc' | 'desc';
export type AssignedFilter = 'anyone' | 'me' | 'unassigned';

export interface QueueFilter {
  /** Empty means every grade; "standard" includes incidents that came without a grade (their SLA is standard's). */
  grades: OfficerGrade[];
  overdue: boolean;
  assigned: AssignedFilter;
  /** Every flag listed must be present. */
  flags: TriageFlag[];
}

export interface QueuePage {
  sort: QueueSort;
  direction: SortDirection;
  limit: number;
  offset: number;
}

const gradeOf = sql<string>`coalesce(task.details->>'officerGrade', 'standard')`;

function openTriage(db: Executor) {
  return db.selectFrom('task').where('task.state', '=', 'open').where('task.type', '=', 'triage');
}

function filtered(db: Executor, filter: QueueFilter, userId: string | null, now: Date) {
  let q = openTriage(db);
  if (filter.grades.length) q = q.where(gradeOf, 'in', filter.grades);
  if (filter.overdue) q = q.where('task.due_at', '<', now);
  if (filter.assigned === 'unassigned') q = q.where('task.assignee_id', 'is', null);
  if (filter.assigned === 'me') q = q.where('task.assignee_id', '=', userId);
  if (filter.flags.length) q = q.where(sql<SqlBool>`task.flags @> ${sql.val(filter.flags)}::text[]`);
  return q;
}

/**
 * One page of the queue. The page is chosen from the task table alone and only then joined to incidents and
 * users: the default order (priority, then due, then id) walks the partial index task_triage_queue, sorting by due
 * walks task_open_due, and sorting by reported time walks task_triage_reported (each item carries its incident's
 * reported_at), so a page costs about the same with a hundred open items or a million.
 */
export function queuePage(db: Executor, filter: QueueFilter, userId: string | null, now: Date, page: QueuePage) {
  const dir = page.direction;
  const flip = (d: SortDirection): SortDirection => (d === 'asc' ? 'desc' : 'asc');
  let chosen = filtered(db, filter, userId, now).select([
    'task.id',
    'task.version',
    'task.due_at',
    'task.priority',
    'task.flags',
    'task.details',
    'task.assignee_id',
    'task.incident_id',
    'task.reported_at',
  ]);
  if (page.sort === 'priority') {
    // "Highest priority first" is descending; within a priority the nearest deadline always comes first.
    chosen = chosen.orderBy('task.priority', dir).orderBy('task.due_at', 'asc').orderBy('task.id');
  } else if (page.sort === 'due') {
    chosen = chosen.orderBy('task.due_at', dir).orderBy('task.priority', flip(dir)).orderBy('task.id');
  } else {
    chosen = chosen.orderBy('task.reported_at', dir).orderBy('task.priority', 'desc').orderBy('task.id');
  }
  let q = db
    .selectFrom(chosen.limit(page.limit).offset(page.offset).as('t'))
    .innerJoin('incident', 'incident.id', 't.incident_id')
    .leftJoin('app_user', 'app_user.id', 't.assignee_id')
    .select([
      't.id',
      't.version',
      't.due_at',
      't.priority',
      't.flags',
      sql<string | null>`t.details->>'officerGrade'`.as('officer_grade'),
      't.assignee_id',
      'app_user.display_name as assignee_name',
      'incident.id as incident_id',
      'incident.reference',
      'incident.reported_at',
      'incident.marac_criteria',
    ]);
  // The same order again over the 25 chosen rows (a join does not keep the subquery's order).
  if (page.sort === 'priority') q = q.orderBy('t.priority', dir).orderBy('t.due_at', 'asc');
  else if (page.sort === 'due') q = q.orderBy('t.due_at', dir).orderBy('t.priority', flip(dir));
  else q = q.orderBy('t.reported_at', dir).orderBy('t.priority', 'desc');
  return q.orderBy('t.id').execute();
}

/** How many tally rows may pile up before a count folds them together again. */
const TALLY_ROWS_KEPT = 64;

/**
 * The open triage items the tally holds for these filters (every filter but flags and overdue), as a subquery.
 * triage_tally is kept by triggers on task in the same transaction as every change (migration 0012), so its sum is
 * exactly what a count over task would say in the same snapshot, without reading a million rows.
 */
function tallied(filter: QueueFilter, userId: string | null) {
  const where = [sql`true`];
  if (filter.grades.length) where.push(sql`officer_grade = any(${sql.val(filter.grades)}::text[])`);
  if (filter.assigned === 'unassigned') where.push(sql`assignee_id is null`);
  if (filter.assigned === 'me') where.push(sql`assignee_id = ${userId}`);
  return sql<string>`(select coalesce(sum(open_items), 0) from triage_tally where ${sql.join(where, sql` and `)})`;
}

/** The open triage items not yet due (only what came in within the SLA hours: the index task_triage_due finds them). */
function notYetDue(db: Executor, filter: QueueFilter, userId: string | null, now: Date) {
  return filtered(db, { ...filter, overdue: false }, userId, now)
    .where('task.due_at', '>=', now)
    .select((eb) => eb.fn.countAll<string>().as('n'));
}

/** The triggers only ever add rows to the tally; folds them into one row per assignee and grade when they pile up. */
export async function compactTally(db: Executor): Promise<void> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from triage_tally`.execute(db);
  if (Number(rows[0]?.n ?? 0) <= TALLY_ROWS_KEPT) return;
  // A concurrent fold waits for this one's deleted rows and then skips them, so every item is counted once.
  await sql`
    with gone as (delete from triage_tally returning assignee_id, officer_grade, open_items)
    insert into triage_tally (assignee_id, officer_grade, open_items)
    select assignee_id, officer_grade, sum(open_items) from gone group by 1, 2 having sum(open_items) <> 0`.execute(db);
}

export async function countMatching(db: Executor, filter: QueueFilter, userId: string | null, now: Date): Promise<number> {
  if (filter.flags.length) {
    // Flags are not tallied; the partial GIN index task_triage_flags finds the flagged items (a small share).
    const row = await filtered(db, filter, userId, now)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
  // One statement, so the tally and the items not yet due are read in the same snapshot.
  const { rows } = await sql<{ n: string }>`select ${tallied(filter, userId)} ${
    filter.overdue ? sql`- (${notYetDue(db, filter, userId, now)})` : sql``
  } as n`.execute(db);
  return Number(rows[0].n);
}

export async function queueCounts(db: Executor, userId: string | null, now: Date) {
  const anyone: QueueFilter = { grades: [], flags: [], overdue: false, assigned: 'anyone' };
  const { rows } = await sql<{ total: string; not_due: string; unassigned: string; mine: string }>`
    select ${tallied(anyone, userId)} as total,
      (${notYetDue(db, anyone, userId, now)}) as not_due,
      ${tallied({ ...anyone, assigned: 'unassigned' }, userId)} as unassigned,
      ${tallied({ ...anyone, assigned: 'me' }, userId)} as mine`.execute(db);
  const row = rows[0];
  return {
    total: Number(row.total),
    overdue: Number(row.total) - Number(row.not_due),
    unassigned: Number(row.unassigned),
    mine: Number(row.mine),
  };
}

export function findTriageTask(db: Executor, id: string) {
  return db
    .selectFrom('task')
    .leftJoin('app_user', 'app_user.id', 'task.assignee_id')
    .leftJoin('incident', 'incident.id', 'task.incident_id')
    .select([
      'task.id',
      'task.version',
      'task.state',
      'task.assignee_id',
      'task.subject_person_id',
      'task.incident_id',
      'app_user.display_name as assignee_name',
      'incident.reference',
    ])
    .where('task.id', '=', id)
    .where('task.type', '=', 'triage')
    .executeTakeFirst();
}

/**
 * The triage items a bulk assignment names, locked until the transaction ends (in id order, so two coordinators
 * assigning overlapping selections wait for each other instead of deadlocking), with what the policy needs to decide
 * on each (who has it and which team it belongs to) and what a refusal tells the user (the reference, who has it now).
 */
export function triageTasksForUpdate(db: Executor, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('task')
    .leftJoin('app_user as assignee', 'assignee.id', 'task.assignee_id')
    .leftJoin('incident', 'incident.id', 'task.incident_id')
    .select([
      'task.id',
      'task.version',
      'task.state',
      'task.assignee_id',
      'task.subject_person_id',
      'task.incident_id',
      'assignee.display_name as assignee_name',
      'assignee.team_id as assignee_team_id',
      sql<string | null>`coalesce(task.team_id, incident.team_id)`.as('owning_team_id'),
      'incident.reference',
    ])
    .where('task.id', 'in', ids)
    .where('task.type', '=', 'triage')
    .orderBy('task.id')
    .forUpdate('task')
    .execute();
}

/** Optimistic: changes the assignee only if nobody changed the task since `version` was read. */
export function setAssignee(
  db: Executor,
  id: string,
  version: number,
  assigneeId: string | null,
  condition: { currentAssignee?: string | null } = {},
) {
  let q = db
    .updateTable('task')
    .set({ assignee_id: assigneeId, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('type', '=', 'triage')
    .where('state', '=', 'open')
    .where('version', '=', version);
  if (condition.currentAssignee === null) q = q.where('assignee_id', 'is', null);
  else if (condition.currentAssignee !== undefined) q = q.where('assignee_id', '=', condition.currentAssignee);
  return q.returning(['id', 'version', 'subject_person_id', 'incident_id']).executeTakeFirst();
}

export function setPriority(db: Executor, incidentId: string, priority: number, flags: string[]) {
  return db.updateTable('task').set({ priority, flags }).where('incident_id', '=', incidentId).where('type', '=', 'triage').execute();
}

/** Open triage items with their stored priority, in id order; the callers narrow them to some incidents. */
function openTriageItems(db: Executor) {
  return db
    .selectFrom('task')
    .innerJoin('incident', 'incident.id', 'task.incident_id')
    .select(['task.id', 'task.incident_id', 'task.subject_person_id', 'task.priority', 'task.flags', 'incident.reference'])
    .where('task.state', '=', 'open')
    .where('task.type', '=', 'triage')
    .orderBy('task.id');
}

/** Open triage items of these incidents, with their stored priority. */
export function openTriageOfIncidents(db: Executor, incidentIds: string[]) {
  if (incidentIds.length === 0) return Promise.resolve([]);
  return openTriageItems(db).where('task.incident_id', 'in', incidentIds).execute();
}

export function storedPriorityOf(db: Executor, taskId: string) {
  return db.selectFrom('task').select(['priority', 'flags']).where('id', '=', taskId).executeTakeFirstOrThrow();
}
