import { sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';

export interface PersonSearch {
  name?: string;
  dateOfBirth?: string;
}

/** Trigram similarity on each name part, either way round, so "Smith John" finds John Smith. */
export function searchPeople(db: Executor, criteria: PersonSearch, limit = 50) {
  const terms = (criteria.name ?? '')
    .toLowerCase()
    .split(/[\s,]+/)
    .filter((t) => t.length > 0)
    .slice(0, 4);
  let q = db
    .selectFrom('person')
    .select(['id', 'given_name', 'middle_names', 'family_name', 'date_of_birth', 'sex', 'pnc_id', 'restriction'])
    .where('merged_into', 'is', null);
  for (const term of terms) {
    const prefix = `${term.replace(/[%_\\]/g, '')}%`;
    q = q.where(
      sql<boolean>`(lower(given_name) % ${term} or lower(family_name) % ${term} or lower(given_name) like ${prefix} or lower(family_name) like ${prefix})`,
    );
  }
  if (criteria.dateOfBirth) q = q.where('date_of_birth', '=', criteria.dateOfBirth);
  const score = terms.length
    ? sql<number>`${sql.join(
        terms.map((t) => sql`greatest(similarity(lower(given_name), ${t}), similarity(lower(family_name), ${t}))`),
        sql` + `,
      )}`
    : sql<number>`0`;
  return q.orderBy(score, 'desc').orderBy('family_name').orderBy('given_name').limit(limit).execute();
}

export function findPerson(db: Executor, id: string) {
  return db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
}

export function incidentsOfPerson(db: Executor, personId: string) {
  return db
    .selectFrom('incident_party')
    .innerJoin('incident', 'incident.id', 'incident_party.incident_id')
    .select([
      'incident.id',
      'incident.reference',
      'incident.reported_at',
      'incident.classification',
      'incident.status',
      'incident_party.role',
    ])
    .where('incident_party.person_id', '=', personId)
    .orderBy('incident.reported_at', 'desc')
    .limit(500)
    .execute();
}

export function auditEventsAbout(db: Executor, personId: string, page: { limit: number; offset: number }) {
  return db
    .selectFrom('audit_event')
    .select(['id', 'occurred_at', 'category', 'action', 'outcome', 'actor_label', 'actor_role', 'recipient', 'reason', 'request_id'])
    .where(sql<boolean>`subject_person_ids @> array[${personId}]::uuid[]`)
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export function countAuditEventsAbout(db: Executor, personId: string) {
  return db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where(sql<boolean>`subject_person_ids @> array[${personId}]::uuid[]`)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}
