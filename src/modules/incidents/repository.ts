import { sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';

export function findIncidentBySource(db: Executor, sourceSystem: string, sourceReference: string) {
  return db
    .selectFrom('incident')
    .select(['id', 'reference', 'marac_criteria'])
    .where('source_system', '=', sourceSystem)
    .where('source_reference', '=', sourceReference)
    .executeTakeFirst();
}

export async function nextIncidentReference(db: Executor, year: number): Promise<string> {
  const { rows } = await sql<{ n: string }>`select nextval('incident_reference_seq') as n`.execute(db);
  return `SG-${year}-${rows[0].n.padStart(7, '0')}`;
}

export interface NewIncident {
  reference: string;
  sourceSystem: string;
  sourceReference: string;
  reportedAt: Date;
  occurredAt: Date | null;
  locationAddress: string | null;
  locationPostcode: string | null;
  classification: string;
  relationship: string | null;
  narrative: string | null;
  createdAt: Date;
}

export function insertIncident(db: Executor, i: NewIncident) {
  return db
    .insertInto('incident')
    .values({
      reference: i.reference,
      source_system: i.sourceSystem,
      source_reference: i.sourceReference,
      reported_at: i.reportedAt,
      occurred_at: i.occurredAt,
      location_address: i.locationAddress,
      location_postcode: i.locationPostcode,
      classification: i.classification,
      relationship: i.relationship,
      narrative: i.narrative,
      created_at: i.createdAt,
    })
    .returning(['id', 'reference'])
    .executeTakeFirstOrThrow();
}

export function recordMaracCriteria(db: Executor, incidentId: string, criteria: { criterion: string; reason: string }[]) {
  return db
    .updateTable('incident')
    .set({ marac_criteria: JSON.stringify(criteria) })
    .where('id', '=', incidentId)
    .execute();
}

export function insertParty(
  db: Executor,
  p: { incidentId: string; mentionId: string; personId: string; role: string; present: boolean | null; school: string | null },
) {
  return db
    .insertInto('incident_party')
    .values({
      incident_id: p.incidentId,
      mention_id: p.mentionId,
      person_id: p.personId,
      role: p.role,
      present: p.present,
      school: p.school,
    })
    .execute();
}

/** The victim's incidents (as victim) on or after a time: the history the potential-escalation criterion counts. */
export function incidentsAsVictimSince(db: Executor, personId: string, since: Date) {
  return (
    db
      .selectFrom('incident_party')
      .innerJoin('incident', 'incident.id', 'incident_party.incident_id')
      .select(['incident.id', sql<Date>`coalesce(incident.occurred_at, incident.reported_at)`.as('occurred_at')])
      // The person and every record merged into them, each found by index.
      .where(sql<boolean>`incident_party.person_id in (select id from person where id = ${personId} or merged_into = ${personId})`)
      .where('incident_party.role', '=', 'victim')
      .where(sql<boolean>`coalesce(incident.occurred_at, incident.reported_at) >= ${since}`)
      .execute()
  );
}

/** Incidents by id or by force reference, with the people in them: for another module linking a record to one. */
export function incidentsNamed(db: Executor, keys: { ids?: readonly string[]; references?: readonly string[] }) {
  const ids = [...(keys.ids ?? [])];
  const references = [...(keys.references ?? [])];
  if (ids.length === 0 && references.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('incident')
    .select(['id', 'reference', 'reported_at', 'classification'])
    .where((eb) => eb.or([...(ids.length ? [eb('id', 'in', ids)] : []), ...(references.length ? [eb('reference', 'in', references)] : [])]))
    .execute();
}

/** Incidents reported in a period with one victim and one suspect, newest first: who harmed whom, and when. */
export function victimSuspectPairs(db: Executor, period: { from: Date; before: Date }, limit: number) {
  return db
    .selectFrom('incident')
    .innerJoin('incident_party as v', (j) => j.onRef('v.incident_id', '=', 'incident.id').on('v.role', '=', 'victim'))
    .innerJoin('incident_party as s', (j) => j.onRef('s.incident_id', '=', 'incident.id').on('s.role', '=', 'suspect'))
    .select(['incident.id', 'incident.reference', 'incident.reported_at', 'v.person_id as victim_id', 's.person_id as suspect_id'])
    .where('incident.reported_at', '>=', period.from)
    .where('incident.reported_at', '<', period.before)
    .where('v.person_id', 'is not', null)
    .where('s.person_id', 'is not', null)
    .orderBy('incident.reported_at', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Incidents reported in a period with their victim, the latest grade given (the assessor's, else the officer's), and
 * how many incidents she was the victim of in the 365 days up to and including it: a support programme's list.
 */
export function victimIncidentsBetween(db: Executor, period: { from: Date; before: Date }, limit: number) {
  return db
    .selectFrom('incident')
    .innerJoin('incident_party as v', (j) => j.onRef('v.incident_id', '=', 'incident.id').on('v.role', '=', 'victim'))
    .select([
      'incident.id',
      'incident.reference',
      'incident.reported_at',
      'v.person_id as victim_id',
      sql<string | null>`(select coalesce(ra.assessor_grade, ra.officer_grade) from risk_assessment ra
        where ra.incident_id = incident.id order by ra.submitted_at desc limit 1)`.as('grade'),
      sql<number>`(select count(*) from incident_party p2 join incident i2 on i2.id = p2.incident_id
        where p2.person_id = v.person_id and p2.role = 'victim'
          and i2.reported_at > incident.reported_at - interval '365 days' and i2.reported_at <= incident.reported_at)::int`.as(
        'incidents_in_year',
      ),
    ])
    .where('incident.reported_at', '>=', period.from)
    .where('incident.reported_at', '<', period.before)
    .where('v.person_id', 'is not', null)
    .orderBy('incident.reported_at', 'asc')
    .limit(limit)
    .execute();
}

export function findIncident(db: Executor, id: string) {
  return db.selectFrom('incident').selectAll().where('id', '=', id).executeTakeFirst();
}

export function partiesOfIncident(db: Executor, incidentId: string) {
  return db
    .selectFrom('incident_party')
    .innerJoin('person_mention', 'person_mention.id', 'incident_party.mention_id')
    .leftJoin('person', 'person.id', 'incident_party.person_id')
    .select([
      'incident_party.role',
      'incident_party.person_id',
      'incident_party.present',
      'incident_party.school',
      'person_mention.link',
      'person_mention.details',
      'person.given_name',
      'person.family_name',
      'person.date_of_birth',
    ])
    .where('incident_party.incident_id', '=', incidentId)
    .execute();
}

export function riskAssessmentsOfIncident(db: Executor, incidentId: string) {
  return db.selectFrom('risk_assessment').selectAll().where('incident_id', '=', incidentId).orderBy('submitted_at', 'desc').execute();
}

export async function countIncidents(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('incident')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Optimistic: only if nobody graded or changed the incident since the page was read. */
export function markGraded(
  db: Executor,
  incidentId: string,
  version: number,
  change: { maracCriteria: { criterion: string; reason: string }[]; teamId: string | null },
) {
  return db
    .updateTable('incident')
    .set({
      status: 'graded',
      marac_criteria: JSON.stringify(change.maracCriteria),
      team_id: change.teamId,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', incidentId)
    .where('version', '=', version)
    .returning(['id', 'version'])
    .executeTakeFirst();
}

/** An incident by its reference ("SG-2026-0000123"), as typed or in capitals, spaces either side aside. */
export function findIncidentByReference(db: Executor, reference: string) {
  return db
    .selectFrom('incident')
    .select(['id', 'reference', 'reported_at', 'classification'])
    .where('reference', 'in', [...new Set([reference.trim(), reference.trim().toUpperCase()])])
    .executeTakeFirst();
}

/** Reference, date and classification of these incidents with the people in each, for another module's list. */
export async function incidentSummaries(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('incident')
    .select(['incident.id', 'incident.reference', 'incident.reported_at', 'incident.classification'])
    .select((eb) =>
      eb
        .selectFrom('incident_party')
        .whereRef('incident_party.incident_id', '=', 'incident.id')
        .where('incident_party.person_id', 'is not', null)
        .select(sql<string[]>`coalesce(array_agg(distinct incident_party.person_id), '{}')`.as('people'))
        .as('person_ids'),
    )
    .where('incident.id', 'in', [...ids])
    .execute();
}

/** Moves the incident parties recorded from these mentions to another person (a merge, or its undoing). */
export async function movePartiesOfMentions(db: Executor, mentionIds: string[], to: string): Promise<void> {
  if (mentionIds.length === 0) return;
  await db.updateTable('incident_party').set({ person_id: to }).where('mention_id', 'in', mentionIds).execute();
}
