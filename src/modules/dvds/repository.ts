import { sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';
import { DVDS_STAGES } from '../../domain/dvds/stages.ts';

const columns = [
  'id',
  'reference',
  'route',
  'applicant_kind',
  'applicant_person_id',
  'at_risk_person_id',
  'subject_person_id',
  'relationship',
  'concern',
  'received_at',
  'due_by',
  'stage',
  'stage_at',
  'owner_id',
  'closed_at',
  'created_at',
  'version',
] as const;

export type ApplicationRow = Awaited<ReturnType<typeof findApplication>> & {};

export interface NewApplicationRow {
  route: string;
  applicantKind: string | null;
  applicantPersonId: string;
  atRiskPersonId: string | null;
  subjectPersonId: string;
  relationship: string;
  concern: string;
  receivedAt: Date;
  dueBy: Date;
  ownerId: string | null;
  recordedBy: string | null;
}

export async function insertApplication(trx: Executor, input: NewApplicationRow, now: Date) {
  return trx
    .insertInto('dvds_application')
    .values({
      reference: sql<string>`'DVDS-' || lpad(nextval('dvds_application_number')::text, 6, '0')`,
      route: input.route,
      applicant_kind: input.applicantKind,
      applicant_person_id: input.applicantPersonId,
      at_risk_person_id: input.atRiskPersonId,
      subject_person_id: input.subjectPersonId,
      relationship: input.relationship,
      concern: input.concern,
      received_at: input.receivedAt,
      due_by: input.dueBy,
      stage_at: input.receivedAt,
      owner_id: input.ownerId,
      recorded_by: input.recordedBy,
      created_at: now,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

export function findApplication(db: Executor, id: string) {
  return db.selectFrom('dvds_application').select(columns).where('id', '=', id).executeTakeFirst();
}

export function findByReference(db: Executor, reference: string) {
  return db.selectFrom('dvds_application').select(columns).where('reference', '=', reference.trim().toUpperCase()).executeTakeFirst();
}

export function stagesOf(db: Executor, applicationId: string) {
  return (
    db
      .selectFrom('dvds_stage')
      .select(['id', 'stage', 'at', 'owner_id', 'recorded_by', 'details'])
      .where('application_id', '=', applicationId)
      .orderBy('at')
      // Stages recorded within the same instant (a clock's tick, an import) are listed in the scheme's order.
      .orderBy(sql`array_position(${[...DVDS_STAGES]}::text[], stage)`)
      .execute()
  );
}

export function insertStage(
  trx: Executor,
  input: {
    applicationId: string;
    stage: string;
    at: Date;
    ownerId: string | null;
    recordedBy: string | null;
    details: Record<string, unknown>;
  },
) {
  return trx
    .insertInto('dvds_stage')
    .values({
      application_id: input.applicationId,
      stage: input.stage,
      at: input.at,
      owner_id: input.ownerId,
      recorded_by: input.recordedBy,
      details: JSON.stringify(input.details),
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

/** Moves the application to its next stage if nobody changed it since it was read (optimistic version). */
export function advance(
  trx: Executor,
  id: string,
  version: number,
  move: { stage: string; at: Date; ownerId: string | null; closedAt: Date | null },
) {
  return trx
    .updateTable('dvds_application')
    .set({ stage: move.stage, stage_at: move.at, owner_id: move.ownerId, closed_at: move.closedAt, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(columns)
    .executeTakeFirst();
}

/** The applications naming any of these people as applicant, person at risk or subject, newest first. */
export function applicationsAbout(db: Executor, personIds: readonly string[], limit = 200) {
  if (personIds.length === 0) return Promise.resolve([]);
  const ids = [...personIds];
  return db
    .selectFrom('dvds_application')
    .select(columns)
    .where((eb) => eb.or([eb('applicant_person_id', 'in', ids), eb('subject_person_id', 'in', ids), eb('at_risk_person_id', 'in', ids)]))
    .orderBy('received_at', 'desc')
    .limit(limit)
    .execute();
}

/** The stage details recorded for these applications at one stage (the disclosures, for the research package). */
export function stageDetailsOf(db: Executor, applicationIds: readonly string[], stage: string) {
  if (applicationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('dvds_stage')
    .select(['application_id', 'at', 'details'])
    .where('application_id', 'in', [...applicationIds])
    .where('stage', '=', stage)
    .execute();
}

/** Open applications, the soonest due (so the overdue) first. */
export function openByDue(db: Executor, limit: number, offset: number) {
  return db
    .selectFrom('dvds_application')
    .select(columns)
    .where('closed_at', 'is', null)
    .orderBy('due_by')
    .orderBy('reference')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** Counts for the home page and the timeliness view: open, overdue, due within a week. */
export async function counts(db: Executor, now: Date, weekAhead: Date) {
  const row = await db
    .selectFrom('dvds_application')
    .select([
      sql<number>`count(*) filter (where closed_at is null)::int`.as('open'),
      sql<number>`count(*) filter (where closed_at is null and due_by < ${now})::int`.as('overdue'),
      sql<number>`count(*) filter (where closed_at is null and due_by >= ${now} and due_by < ${weekAhead})::int`.as('dueSoon'),
    ])
    .executeTakeFirstOrThrow();
  return row;
}

/**
 * Completed applications per London month of completion since `from`: how many, how many within their deadline, and
 * the median and longest calendar days taken (London dates).
 */
export async function completionsByMonth(db: Executor, from: Date) {
  const { rows } = await sql<{ month: string; completed: number; onTime: number; medianDays: number; longestDays: number }>`
    select to_char(closed_at at time zone 'Europe/London', 'YYYY-MM') as month,
      count(*)::int as "completed",
      count(*) filter (where closed_at <= due_by)::int as "onTime",
      percentile_cont(0.5) within group (order by ((closed_at at time zone 'Europe/London')::date - (received_at at time zone 'Europe/London')::date))::float as "medianDays",
      max((closed_at at time zone 'Europe/London')::date - (received_at at time zone 'Europe/London')::date)::int as "longestDays"
    from dvds_application
    where closed_at is not null and closed_at >= ${from}
    group by 1 order by 1`.execute(db);
  return rows;
}

/** Past applications by reference or naming these people, newest first. */
export function search(
  db: Executor,
  criteria: { reference: string | null; personIds: readonly string[] | null },
  limit: number,
  offset: number,
) {
  let q = db.selectFrom('dvds_application').select(columns);
  if (criteria.reference) q = q.where('reference', '=', criteria.reference.trim().toUpperCase());
  if (criteria.personIds) {
    const ids = criteria.personIds.length ? [...criteria.personIds] : ['00000000-0000-0000-0000-000000000000'];
    q = q.where((eb) =>
      eb.or([eb('applicant_person_id', 'in', ids), eb('subject_person_id', 'in', ids), eb('at_risk_person_id', 'in', ids)]),
    );
  }
  return q.orderBy('received_at', 'desc').orderBy('reference').limit(limit).offset(offset).execute();
}

/** A merge moves the merged record's applications to the survivor; the ids moved, to move back on undo. */
export async function moveToSurvivor(trx: Executor, mergedId: string, survivorId: string) {
  const moved: string[] = [];
  for (const column of ['applicant_person_id', 'subject_person_id', 'at_risk_person_id'] as const) {
    const rows = await trx
      .updateTable('dvds_application')
      .set({ [column]: survivorId })
      .where(column, '=', mergedId)
      .returning('id')
      .execute();
    moved.push(...rows.map((r) => `${column}:${r.id}`));
  }
  return moved;
}

export async function moveBack(trx: Executor, moved: readonly string[], survivorId: string, restoredId: string) {
  for (const entry of moved) {
    const [column, id] = entry.split(':') as ['applicant_person_id' | 'subject_person_id' | 'at_risk_person_id', string];
    if (!['applicant_person_id', 'subject_person_id', 'at_risk_person_id'].includes(column)) continue;
    await trx
      .updateTable('dvds_application')
      .set({ [column]: restoredId })
      .where('id', '=', id)
      .where(column, '=', survivorId)
      .execute();
  }
}
