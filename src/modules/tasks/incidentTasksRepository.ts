import { sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';

/*
 * An incident's tasks: raised at intake and when it is graded, read on the incident and assessment pages, closed when
 * it is triaged, and closed as a unit that keeps up would have closed them in the demo force's past. Other modules
 * reach these through tasks/records.ts, in their own transaction.
 */

export interface NewTask {
  type: string;
  incidentId: string;
  subjectPersonId: string | null;
  dueAt: Date;
  sourceRule: string;
  details: Record<string, unknown>;
  createdAt: Date;
  /** Given when the task goes to a team or a person from the start (grading raises these); unset: nobody yet. */
  teamId?: string | null;
  assigneeId?: string | null;
  /** The incident's reported time, which the triage queue sorts by (intake gives it to the triage task). */
  reportedAt?: Date | null;
}

export function insertTasks(db: Executor, tasks: NewTask[]) {
  if (tasks.length === 0) return Promise.resolve([]);
  return db
    .insertInto('task')
    .values(
      tasks.map((t) => ({
        type: t.type,
        incident_id: t.incidentId,
        subject_person_id: t.subjectPersonId,
        ...(t.teamId !== undefined && { team_id: t.teamId }),
        ...(t.assigneeId !== undefined && { assignee_id: t.assigneeId }),
        due_at: t.dueAt,
        source_rule: t.sourceRule,
        details: JSON.stringify(t.details),
        created_at: t.createdAt,
        ...(t.reportedAt !== undefined && { reported_at: t.reportedAt }),
      })),
    )
    .returning(['id', 'type', 'due_at', 'subject_person_id', 'details', 'team_id', 'assignee_id'])
    .execute();
}

export async function hasTask(db: Executor, incidentId: string, type: string): Promise<boolean> {
  const row = await db.selectFrom('task').select('id').where('incident_id', '=', incidentId).where('type', '=', type).executeTakeFirst();
  return row !== undefined;
}

export function tasksOfIncident(db: Executor, incidentId: string) {
  return db
    .selectFrom('task')
    .select(['id', 'type', 'due_at', 'subject_person_id', 'details', 'state', 'completed_at'])
    .where('incident_id', '=', incidentId)
    .orderBy('due_at')
    .execute();
}

/** An incident's tasks in the order they were raised, with the team and person each is with (the assessment page). */
export function tasksWithHoldersOf(db: Executor, incidentId: string) {
  return db
    .selectFrom('task')
    .leftJoin('team', 'team.id', 'task.team_id')
    .leftJoin('app_user', 'app_user.id', 'task.assignee_id')
    .select([
      'task.id',
      'task.type',
      'task.due_at',
      'task.state',
      'task.details',
      'task.priority',
      'task.flags',
      'team.name as team_name',
      'app_user.display_name as assignee_name',
    ])
    .where('task.incident_id', '=', incidentId)
    .orderBy('task.created_at')
    .orderBy('task.due_at')
    .execute();
}

/** The details intake stored on an incident's triage task (the officer's grade among them). */
export function triageTaskDetails(db: Executor, incidentId: string) {
  return db.selectFrom('task').select(['details']).where('incident_id', '=', incidentId).where('type', '=', 'triage').executeTakeFirst();
}

/** Grading closes the incident's open triage item. */
export function completeTriage(db: Executor, incidentId: string, at: Date) {
  return db
    .updateTable('task')
    .set({ state: 'done', completed_at: at, version: sql<number>`version + 1` })
    .where('incident_id', '=', incidentId)
    .where('type', '=', 'triage')
    .where('state', '=', 'open')
    .returning('id')
    .execute();
}

/**
 * The demo force's past: a real unit would long ago have triaged incidents reported before `before`, so their
 * tasks (Operation Encompass notices, and what their grading raised) are closed, leaving the queue a working week's intake. Returns the count.
 */
export async function closeWorkReportedBefore(db: Executor, before: Date, at: Date): Promise<number> {
  // Done as a team that keeps up does it: well inside each task's own deadline, never after `at`.
  const result = await db
    .updateTable('task')
    .set({
      state: 'done',
      completed_at: sql<Date>`least(${at}::timestamptz, created_at + greatest(due_at - created_at, interval '0') * 0.6)`,
    })
    .where('state', '=', 'open')
    .where('incident_id', 'in', (eb) => eb.selectFrom('incident').select('id').where('reported_at', '<', before))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Incidents reported before `before` still awaiting triage, with what an assessor would grade them from. */
export function pastIncidentsAwaitingTriage(db: Executor, before: Date) {
  return db
    .selectFrom('incident')
    .innerJoin('task', (join) =>
      join.onRef('task.incident_id', '=', 'incident.id').on('task.type', '=', 'triage').on('task.state', '=', 'open'),
    )
    .select(['incident.id', 'incident.version', 'incident.reported_at', 'task.due_at'])
    .select((eb) =>
      eb
        .selectFrom('risk_assessment')
        .select('risk_assessment.officer_grade')
        .whereRef('risk_assessment.incident_id', '=', 'incident.id')
        .where('risk_assessment.assessed_by', 'is', null)
        .orderBy('risk_assessment.submitted_at')
        .limit(1)
        .as('officer_grade'),
    )
    .where('incident.status', '=', 'awaiting-triage')
    .where('incident.reported_at', '<', before)
    .orderBy('incident.reported_at')
    .execute();
}

/** Open Operation Encompass tasks of incidents reported in a period, oldest first, with what deciding them needs. */
export function openEncompassTasks(db: Executor, period: { from?: Date; before: Date }) {
  let q = db
    .selectFrom('task')
    .innerJoin('incident', 'incident.id', 'task.incident_id')
    .leftJoin('person', 'person.id', 'task.subject_person_id')
    .select([
      'task.id',
      'task.version',
      'task.details',
      'task.due_at',
      'incident.reported_at',
      'person.date_of_birth',
      'incident.location_address',
    ])
    .where('task.type', '=', 'operation-encompass')
    .where('task.state', '=', 'open')
    .where('incident.reported_at', '<', period.before);
  if (period.from) q = q.where('incident.reported_at', '>=', period.from);
  return q.orderBy('incident.reported_at').orderBy('task.id').execute();
}

/** The demo's past: an Operation Encompass task closed as a team would have closed it, at the time it was done. */
export async function closeEncompassTask(db: Executor, id: string, at: Date, outcome: Record<string, unknown>) {
  await db
    .updateTable('task')
    .set({ state: 'done', completed_at: at, details: sql`details || ${JSON.stringify(outcome)}::jsonb`, version: sql`version + 1` })
    .where('id', '=', id)
    .where('state', '=', 'open')
    .execute();
}
