import { sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';
import type { OrderCondition } from '../../platform/db/schema.ts';

const columns = [
  'id',
  'reference',
  'person_id',
  'custody_from',
  'release_on',
  'establishment',
  'release_type',
  'licence_ends_on',
  'conditions',
  'mappa_category',
  'mappa_level',
  'notified_by',
  'notified_on',
  'notes',
  'review_opens_at',
  'review_due_by',
  'review_task_id',
  'created_at',
  'version',
] as const;

export type ReleaseRow = NonNullable<Awaited<ReturnType<typeof findRelease>>>;

export interface NewReleaseRow {
  personId: string;
  custodyFrom: string | null;
  releaseOn: string;
  establishment: string;
  releaseType: string;
  licenceEndsOn: string | null;
  conditions: OrderCondition[];
  mappaCategory: number | null;
  mappaLevel: number | null;
  notifiedBy: string;
  notifiedOn: string;
  notes: string | null;
  reviewOpensAt: Date;
  reviewDueBy: Date;
  recordedBy: string | null;
}

export async function insertRelease(trx: Executor, r: NewReleaseRow, now: Date) {
  return trx
    .insertInto('prison_release')
    .values({
      reference: sql<string>`'REL-' || lpad(nextval('prison_release_number')::text, 6, '0')`,
      person_id: r.personId,
      custody_from: r.custodyFrom,
      release_on: r.releaseOn,
      establishment: r.establishment,
      release_type: r.releaseType,
      licence_ends_on: r.licenceEndsOn,
      conditions: JSON.stringify(r.conditions),
      mappa_category: r.mappaCategory,
      mappa_level: r.mappaLevel,
      notified_by: r.notifiedBy,
      notified_on: r.notifiedOn,
      notes: r.notes,
      review_opens_at: r.reviewOpensAt,
      review_due_by: r.reviewDueBy,
      recorded_by: r.recordedBy,
      created_at: now,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

export async function findRelease(db: Executor, id: string) {
  return db.selectFrom('prison_release').select(columns).where('id', '=', id).executeTakeFirst();
}

/** Releases whose risk review should be raised by now and has not been (once each: the task id is kept). */
export async function reviewsToRaise(db: Executor, now: Date, limit = 500) {
  return db
    .selectFrom('prison_release')
    .select(columns)
    .where('review_task_id', 'is', null)
    .where('review_opens_at', '<=', now)
    .orderBy('review_opens_at')
    .limit(limit)
    .execute();
}

export async function setReviewTask(trx: Executor, id: string, taskId: string) {
  return trx
    .updateTable('prison_release')
    .set({ review_task_id: taskId })
    .where('id', '=', id)
    .where('review_task_id', 'is', null)
    .returning(['id'])
    .executeTakeFirst();
}

export type RegisterView = 'upcoming' | 'today' | 'overdue' | 'past' | 'all';

/** One page of the register. `today` is the London date; `overdueTasks` the open review tasks past their time. */
export async function listReleases(
  db: Executor,
  view: RegisterView,
  today: string,
  overdueTasks: readonly string[],
  limit: number,
  offset: number,
) {
  let q = db.selectFrom('prison_release').select(columns);
  if (view === 'upcoming') q = q.where('release_on', '>', today);
  if (view === 'today') q = q.where('release_on', '=', today);
  if (view === 'past') q = q.where('release_on', '<', today);
  if (view === 'overdue') {
    if (overdueTasks.length === 0) return { rows: [], more: false };
    q = q.where('review_task_id', 'in', [...overdueTasks]);
  }
  const ordered = view === 'upcoming' || view === 'overdue' ? q.orderBy('release_on', 'asc') : q.orderBy('release_on', 'desc');
  const rows = await ordered
    .orderBy('id')
    .limit(limit + 1)
    .offset(offset)
    .execute();
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

export async function countReleases(db: Executor, today: string, soonUntil: string, overdueTasks: readonly string[]) {
  const c = await db
    .selectFrom('prison_release')
    .select([
      sql<number>`count(*) filter (where release_on > ${today})::int`.as('upcoming'),
      sql<number>`count(*) filter (where release_on > ${today} and release_on <= ${soonUntil})::int`.as('soon'),
      sql<number>`count(*) filter (where release_on = ${today})::int`.as('today'),
      sql<number>`count(*) filter (where release_on < ${today})::int`.as('past'),
      sql<number>`count(*)::int`.as('all'),
    ])
    .executeTakeFirstOrThrow();
  const overdue =
    overdueTasks.length === 0
      ? 0
      : (
          await db
            .selectFrom('prison_release')
            .select(sql<number>`count(*)::int`.as('n'))
            .where('review_task_id', 'in', [...overdueTasks])
            .executeTakeFirstOrThrow()
        ).n;
  return { ...c, overdue };
}

export async function releasesOf(db: Executor, personId: string) {
  return db
    .selectFrom('prison_release')
    .select(columns)
    .where('person_id', '=', personId)
    .orderBy('release_on', 'desc')
    .limit(50)
    .execute();
}

/** A person merge moves his releases to the surviving record (and back when undone). */
export async function moveReleases(db: Executor, fromPersonId: string, toPersonId: string): Promise<string[]> {
  const rows = await db
    .updateTable('prison_release')
    .set({ person_id: toPersonId })
    .where('person_id', '=', fromPersonId)
    .returning(['id'])
    .execute();
  return rows.map((r) => r.id);
}

export async function moveReleasesBack(db: Executor, ids: readonly string[], survivorId: string, restoredId: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('prison_release')
    .set({ person_id: restoredId })
    .where('id', 'in', [...ids])
    .where('person_id', '=', survivorId)
    .execute();
}
