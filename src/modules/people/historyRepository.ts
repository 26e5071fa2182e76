import { sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';

/* A person's history: their incidents and the people in them, MARAC referrals, how they were recorded, and who looked at them. */

export const CHRONOLOGY_LIMIT = 1000;

/** Every incident the person is a party to, newest first, with the latest grade given to it. */
export function incidentsOfPerson(db: Executor, personIds: string[]) {
  return db
    .selectFrom('incident_party')
    .innerJoin('incident', 'incident.id', 'incident_party.incident_id')
    .select([
      'incident.id',
      'incident.reference',
      'incident.reported_at',
      'incident.occurred_at',
      'incident.classification',
      'incident.relationship',
      'incident.status',
      'incident.location_postcode',
      'incident.marac_criteria',
      'incident_party.role',
    ])
    .select((eb) => [
      eb
        .selectFrom('risk_assessment')
        .select(sql<string>`coalesce(assessor_grade, officer_grade)`.as('g'))
        .whereRef('risk_assessment.incident_id', '=', 'incident.id')
        .orderBy('submitted_at', 'desc')
        .limit(1)
        .as('grade'),
    ])
    .where('incident_party.person_id', 'in', personIds)
    .orderBy(sql`coalesce(incident.occurred_at, incident.reported_at)`, 'desc')
    .limit(CHRONOLOGY_LIMIT)
    .execute();
}

/** The other people in those incidents (current person records, merges followed), with their roles. */
export function otherPartiesOf(db: Executor, incidentIds: string[], personIds: string[]) {
  if (incidentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('incident_party')
    .innerJoin('person', 'person.id', 'incident_party.person_id')
    .select([
      'incident_party.incident_id',
      'incident_party.role',
      sql<string>`coalesce(person.merged_into, person.id)`.as('person_id'),
      'person.given_name',
      'person.family_name',
      'person.date_of_birth',
      'person.restriction',
    ])
    .where('incident_party.incident_id', 'in', incidentIds)
    .where('incident_party.person_id', 'not in', personIds)
    .execute();
}

export function maracReferralsOf(db: Executor, personIds: string[]) {
  return db
    .selectFrom('marac_referral')
    .innerJoin('incident', 'incident.id', 'marac_referral.incident_id')
    .select([
      'marac_referral.id',
      'marac_referral.referred_at',
      'marac_referral.victim_person_id',
      'marac_referral.perpetrator_person_id',
      'incident.id as incident_id',
      'incident.reference',
    ])
    .where((eb) => eb.or([eb('victim_person_id', 'in', personIds), eb('perpetrator_person_id', 'in', personIds)]))
    .orderBy('referred_at', 'desc')
    .execute();
}

/** Every way the person has been recorded: names (aliases, previous surnames) and addresses, with when last seen. */
export function recordedDetailsOf(db: Executor, personIds: string[]) {
  return db
    .selectFrom('person_mention')
    .innerJoin('incident', 'incident.id', 'person_mention.incident_id')
    .select([
      sql<string>`details->>'givenName'`.as('given_name'),
      sql<string>`details->>'familyName'`.as('family_name'),
      sql<string | null>`details->>'dateOfBirth'`.as('date_of_birth'),
      sql<string | null>`details->>'address'`.as('address'),
      sql<string | null>`details->>'postcode'`.as('postcode'),
      sql<string | null>`details->>'phone'`.as('phone'),
      'incident.reported_at',
    ])
    .where('person_mention.person_id', 'in', personIds)
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
