import { sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';
import type { OrderCondition } from '../../platform/db/schema.ts';

export interface NewOrderRow {
  type: string;
  subjectPersonId: string;
  protectedPersonIds: string[];
  incidentId: string | null;
  followsOrderId: string | null;
  startsAt: Date;
  endsAt: Date | null;
  hearingDueBy: Date | null;
  notificationDueBy: Date | null;
  authorisedByName: string | null;
  authorisedByRank: string | null;
  conditions: OrderCondition[];
  positiveRequirements: string | null;
  electronicMonitoring: boolean;
  recordedBy: string | null;
}

const columns = [
  'id',
  'reference',
  'type',
  'subject_person_id',
  'incident_id',
  'follows_order_id',
  'starts_at',
  'ends_at',
  'hearing_due_by',
  'notification_due_by',
  'notified_at',
  'authorised_by_name',
  'authorised_by_rank',
  'conditions',
  'positive_requirements',
  'electronic_monitoring',
  'status',
  'outcome',
  'outcome_reason',
  'outcome_at',
  'created_at',
  'version',
] as const;

export type OrderRow = Awaited<ReturnType<typeof findOrder>> & {};

export async function insertOrder(trx: Executor, input: NewOrderRow, now: Date) {
  const row = await trx
    .insertInto('protective_order')
    .values({
      reference: sql<string>`'ORD-' || lpad(nextval('protective_order_number')::text, 6, '0')`,
      type: input.type,
      subject_person_id: input.subjectPersonId,
      incident_id: input.incidentId,
      follows_order_id: input.followsOrderId,
      starts_at: input.startsAt,
      ends_at: input.endsAt,
      hearing_due_by: input.hearingDueBy,
      notification_due_by: input.notificationDueBy,
      authorised_by_name: input.authorisedByName,
      authorised_by_rank: input.authorisedByRank,
      conditions: JSON.stringify(input.conditions),
      positive_requirements: input.positiveRequirements,
      electronic_monitoring: input.electronicMonitoring,
      recorded_by: input.recordedBy,
      created_at: now,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  const protectedIds = [...new Set(input.protectedPersonIds)].filter((id) => id !== input.subjectPersonId);
  if (protectedIds.length > 0) {
    await trx
      .insertInto('protective_order_person')
      .values(protectedIds.map((personId) => ({ order_id: row.id, person_id: personId })))
      .execute();
  }
  return row;
}

export async function findOrder(db: Executor, id: string) {
  return db.selectFrom('protective_order').select(columns).where('id', '=', id).executeTakeFirst();
}

export async function protectedPeopleOf(db: Executor, orderIds: readonly string[]) {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom('protective_order_person')
    .select(['order_id', 'person_id'])
    .where('order_id', 'in', [...orderIds])
    .execute();
}

export async function breachesOf(db: Executor, orderId: string) {
  return db
    .selectFrom('order_breach')
    .select(['id', 'incident_id', 'occurred_at', 'description', 'action_taken', 'recorded_at'])
    .where('order_id', '=', orderId)
    .orderBy('occurred_at', 'desc')
    .execute();
}

export async function breachCounts(db: Executor, orderIds: readonly string[]) {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom('order_breach')
    .select(['order_id', sql<number>`count(*)::int`.as('breaches')])
    .where('order_id', 'in', [...orderIds])
    .groupBy('order_id')
    .execute();
}

export async function insertBreach(
  trx: Executor,
  input: {
    orderId: string;
    incidentId: string | null;
    occurredAt: Date;
    description: string;
    actionTaken: string | null;
    recordedBy: string | null;
  },
  now: Date,
) {
  return trx
    .insertInto('order_breach')
    .values({
      order_id: input.orderId,
      incident_id: input.incidentId,
      occurred_at: input.occurredAt,
      description: input.description,
      action_taken: input.actionTaken,
      recorded_by: input.recordedBy,
      recorded_at: now,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

/** Records how an order or notice ended (hearing outcome, lapse, discharge) if it is still at `version`. */
export async function closeOrder(
  trx: Executor,
  id: string,
  version: number,
  change: { status: string; outcome: string; outcomeReason: string | null; at: Date },
) {
  return trx
    .updateTable('protective_order')
    .set({
      status: change.status,
      outcome: change.outcome,
      outcome_reason: change.outcomeReason,
      outcome_at: change.at,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'in-force')
    .returning(['id', 'version'])
    .executeTakeFirst();
}

export async function recordNotified(trx: Executor, id: string, version: number, at: Date) {
  return trx
    .updateTable('protective_order')
    .set({ notified_at: at, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(['id'])
    .executeTakeFirst();
}

export async function extendOrder(trx: Executor, id: string, version: number, endsAt: Date) {
  return trx
    .updateTable('protective_order')
    .set({ ends_at: endsAt, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'in-force')
    .returning(['id'])
    .executeTakeFirst();
}

export type RegisterView = 'hearings' | 'in-force' | 'ending' | 'all';

/** One page of the register, soonest clock first. `now` decides "ending within 7 days". */
export async function listOrders(db: Executor, view: RegisterView, now: Date, reviewUntil: Date, limit: number, offset: number) {
  let q = db.selectFrom('protective_order').select(columns);
  if (view === 'hearings') q = q.where('status', '=', 'in-force').where('hearing_due_by', 'is not', null);
  if (view === 'in-force') q = q.where('status', '=', 'in-force');
  if (view === 'ending') q = q.where('status', '=', 'in-force').where('ends_at', '>=', now).where('ends_at', '<=', reviewUntil);
  const ordered =
    view === 'hearings'
      ? q.orderBy('hearing_due_by', 'asc')
      : view === 'ending'
        ? q.orderBy('ends_at', 'asc')
        : q.orderBy('starts_at', 'desc');
  const rows = await ordered
    .orderBy('id')
    .limit(limit + 1)
    .offset(offset)
    .execute();
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

export async function countOrders(db: Executor, now: Date, reviewUntil: Date) {
  return db
    .selectFrom('protective_order')
    .select([
      sql<number>`count(*) filter (where status = 'in-force' and hearing_due_by is not null)::int`.as('hearings'),
      sql<number>`count(*) filter (where status = 'in-force')::int`.as('inForce'),
      sql<number>`count(*) filter (where status = 'in-force' and ends_at between ${now} and ${reviewUntil})::int`.as('ending'),
      sql<number>`count(*)::int`.as('all'),
    ])
    .executeTakeFirstOrThrow();
}

/** Orders in which these people are the subject or protected. */
export async function ordersAbout(db: Executor, personIds: readonly string[]) {
  if (personIds.length === 0) return [];
  return db
    .selectFrom('protective_order')
    .select(columns)
    .where((eb) =>
      eb.or([
        eb('subject_person_id', 'in', [...personIds]),
        eb(
          'id',
          'in',
          eb
            .selectFrom('protective_order_person')
            .select('order_id')
            .where('person_id', 'in', [...personIds]),
        ),
      ]),
    )
    .orderBy('starts_at', 'desc')
    .limit(200)
    .execute();
}
