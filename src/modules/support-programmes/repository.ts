import { sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';

const visitColumns = [
  'id',
  'reference',
  'person_id',
  'incident_id',
  'incident_at',
  'visit_at',
  'visitors',
  'outcome',
  'outcome_notes',
  'referrals_made',
  'completed_at',
  'version',
] as const;

export type VisitRow = NonNullable<Awaited<ReturnType<typeof findVisit>>>;

export async function insertVisit(
  trx: Executor,
  v: { personId: string; incidentId: string; incidentAt: Date; visitAt: Date; visitors: string; recordedBy: string | null },
  now: Date,
) {
  return trx
    .insertInto('second_responder_visit')
    .values({
      reference: sql<string>`'SR-' || lpad(nextval('second_responder_visit_number')::text, 6, '0')`,
      person_id: v.personId,
      incident_id: v.incidentId,
      incident_at: v.incidentAt,
      visit_at: v.visitAt,
      visitors: v.visitors,
      recorded_by: v.recordedBy,
      created_at: now,
    })
    .returning(visitColumns)
    .executeTakeFirstOrThrow();
}

export async function findVisit(db: Executor, id: string) {
  return db.selectFrom('second_responder_visit').select(visitColumns).where('id', '=', id).executeTakeFirst();
}

export async function visitsForIncidents(db: Executor, incidentIds: readonly string[]) {
  if (incidentIds.length === 0) return [];
  return db
    .selectFrom('second_responder_visit')
    .select(['incident_id', 'person_id'])
    .where('incident_id', 'in', [...incidentIds])
    .execute();
}

export async function recordOutcome(
  trx: Executor,
  id: string,
  version: number,
  o: { outcome: string; notes: string | null; referrals: string[]; at: Date },
) {
  return trx
    .updateTable('second_responder_visit')
    .set({ outcome: o.outcome, outcome_notes: o.notes, referrals_made: o.referrals, completed_at: o.at, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(visitColumns)
    .executeTakeFirst();
}

/** Visits still to be made (soonest first), and the latest made. */
export async function listVisits(db: Executor, state: 'scheduled' | 'complete', limit: number) {
  const q = db.selectFrom('second_responder_visit').select(visitColumns);
  return state === 'scheduled'
    ? q.where('completed_at', 'is', null).orderBy('visit_at', 'asc').orderBy('id').limit(limit).execute()
    : q.where('completed_at', 'is not', null).orderBy('visit_at', 'desc').orderBy('id').limit(limit).execute();
}

export async function countVisits(db: Executor, now: Date) {
  return db
    .selectFrom('second_responder_visit')
    .select([
      sql<number>`count(*) filter (where completed_at is null)::int`.as('scheduled'),
      sql<number>`count(*) filter (where completed_at is null and visit_at < ${now})::int`.as('outcomeDue'),
      sql<number>`count(*) filter (where completed_at is not null)::int`.as('complete'),
    ])
    .executeTakeFirstOrThrow();
}

export async function visitsOf(db: Executor, personId: string) {
  return db
    .selectFrom('second_responder_visit')
    .select(visitColumns)
    .where('person_id', '=', personId)
    .orderBy('visit_at', 'desc')
    .limit(50)
    .execute();
}

export async function moveVisits(db: Executor, fromPersonId: string, toPersonId: string): Promise<string[]> {
  const rows = await db
    .updateTable('second_responder_visit')
    .set({ person_id: toPersonId })
    .where('person_id', '=', fromPersonId)
    .returning(['id'])
    .execute();
  return rows.map((r) => r.id);
}

export async function moveVisitsBack(db: Executor, ids: readonly string[], survivorId: string, restoredId: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('second_responder_visit')
    .set({ person_id: restoredId })
    .where('id', 'in', [...ids])
    .where('person_id', '=', survivorId)
    .execute();
}
