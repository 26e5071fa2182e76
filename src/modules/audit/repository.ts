import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';

/** What an audit search filters on; every field is optional and they combine with "and". */
export interface AuditFilter {
  personId?: string;
  /** The actor's username (or a system actor's label), any case. */
  user?: string;
  /** Occurred at or after. */
  from?: Date;
  /** Occurred before. */
  before?: Date;
  category?: string;
}

function filtered(db: Executor, filter: AuditFilter) {
  let query = db.selectFrom('audit_event');
  if (filter.personId) query = query.where(sql<SqlBool>`subject_person_ids @> array[${filter.personId}]::uuid[]`);
  if (filter.user) query = query.where(sql<SqlBool>`lower(actor_label) = lower(${filter.user})`);
  if (filter.from) query = query.where('occurred_at', '>=', filter.from);
  if (filter.before) query = query.where('occurred_at', '<', filter.before);
  if (filter.category) query = query.where('category', '=', filter.category);
  return query;
}

/** Events matching the filter, newest first. */
export function searchAuditEvents(db: Executor, filter: AuditFilter, page: { limit: number; offset: number }) {
  return filtered(db, filter)
    .select([
      'id',
      'occurred_at',
      'category',
      'action',
      'outcome',
      'actor_label',
      'actor_role',
      'subject_person_ids',
      'record_type',
      'record_ids',
      'recipient',
      'reason',
      'request_id',
    ])
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** How many events match, counted no further than `upTo` (an exact count of a force's whole trail takes seconds). */
export async function countAuditEvents(db: Executor, filter: AuditFilter, upTo: number): Promise<number> {
  const inner = filtered(db, filter).select('id').limit(upTo);
  const row = await db
    .selectFrom(inner.as('matching'))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The name and date of birth of each person an event names: identity only, nothing of their case. */
export function identitiesOf(db: Executor, personIds: string[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('person').select(['id', 'given_name', 'family_name', 'date_of_birth']).where('id', 'in', personIds).execute();
}

/** The auditor's home-page figures: events recorded, and how many of them were refused accesses. */
export async function eventCounts(db: Executor) {
  const { rows } = await sql<{ events: string; refused: string }>`
    select count(*) as events, count(*) filter (where outcome = 'refused') as refused from audit_event`.execute(db);
  return { events: Number(rows[0].events), refused: Number(rows[0].refused) };
}
