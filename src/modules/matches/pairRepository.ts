import { sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';
import type { PairDecision } from './schemas.ts';
import { survivorOf } from './repository.ts';

/* One possible match: its two sides compared, decided, remembered; and the pairs linking proposes and keeps apart. */

/** A person as the side-by-side comparison shows them: the record and the details recorded about them. */
const PERSON_COLUMNS = [
  'id',
  'given_name',
  'middle_names',
  'family_name',
  'date_of_birth',
  'sex',
  'pnc_id',
  'restriction',
  'merged_into',
] as const;

export function findMatch(db: Executor, id: string) {
  return db
    .selectFrom('possible_match')
    .selectAll()
    .select([survivorOf('possible_match.person_id').as('person_now'), survivorOf('possible_match.candidate_person_id').as('candidate_now')])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findPerson(db: Executor, id: string) {
  return db.selectFrom('person').select(PERSON_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/**
 * The ways these records were recorded (their mentions, with the incident each came from), those recorded no later
 * than `before` first, newest first: the versions a pair's comparison may have used.
 */
export function versionsOf(db: Executor, personIds: string[], before: Date, limit: number) {
  return db
    .selectFrom('person_mention as m')
    .innerJoin('incident as i', 'i.id', 'm.incident_id')
    .select(['m.id', 'm.details', 'm.created_at', 'i.reference as incidentReference', 'i.reported_at as reportedAt'])
    .where('m.person_id', 'in', personIds)
    .orderBy(sql`m.created_at <= ${before}`, 'desc')
    .orderBy('m.created_at', 'desc')
    .limit(limit)
    .execute();
}

/** The mention that proposed a pair, with its incident. */
export function proposingMention(db: Executor, id: string) {
  return db
    .selectFrom('person_mention as m')
    .innerJoin('incident as i', 'i.id', 'm.incident_id')
    .select(['m.id', 'm.details', 'm.created_at', 'i.reference as incidentReference', 'i.reported_at as reportedAt'])
    .where('m.id', '=', id)
    .executeTakeFirst();
}

export function mentionById(db: Executor, id: string) {
  return db.selectFrom('person_mention').select(['id', 'details', 'person_id']).where('id', '=', id).executeTakeFirst();
}

export async function incidentCountOf(db: Executor, personIds: string[]): Promise<number> {
  const row = await db
    .selectFrom('incident_party')
    .select(sql<string>`count(distinct incident_id)`.as('n'))
    .where('person_id', 'in', personIds)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function recentIncidentsOf(db: Executor, personIds: string[], limit: number) {
  return db
    .selectFrom('incident_party')
    .innerJoin('incident', 'incident.id', 'incident_party.incident_id')
    .select(['incident.id', 'incident.reference', 'incident.reported_at', 'incident.classification', 'incident_party.role'])
    .where('incident_party.person_id', 'in', personIds)
    .orderBy('incident.reported_at', 'desc')
    .limit(limit)
    .execute();
}

/** Marks an open possible match decided, if it is still at the version the researcher saw. */
export function decideMatch(
  db: Executor,
  id: string,
  version: number,
  decision: { state: PairDecision | 'superseded'; decidedBy: string | null; at: Date; reason: string | null },
) {
  return db
    .updateTable('possible_match')
    .set({
      state: decision.state,
      decided_by: decision.decidedBy,
      decided_at: decision.at,
      reason: decision.reason,
      version: sql`version + 1`,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('state', '=', 'open')
    .returning(['id'])
    .executeTakeFirst();
}

/** Remembers a decision about two people (stored with the smaller id first), replacing an earlier one. */
export function rememberPairDecision(
  db: Executor,
  one: string,
  other: string,
  decision: { decision: PairDecision; decidedBy: string | null; at: Date; reason: string | null },
) {
  const [person_a, person_b] = one < other ? [one, other] : [other, one];
  const values = { decision: decision.decision, decided_by: decision.decidedBy, decided_at: decision.at, reason: decision.reason };
  return db
    .insertInto('person_pair_decision')
    .values({ person_a, person_b, ...values })
    .onConflict((oc) => oc.columns(['person_a', 'person_b']).doUpdateSet(values))
    .execute();
}

export function pairDecision(db: Executor, one: string, other: string) {
  const [a, b] = one < other ? [one, other] : [other, one];
  return db.selectFrom('person_pair_decision').selectAll().where('person_a', '=', a).where('person_b', '=', b).executeTakeFirst();
}

/**
 * The other people both sides have been parties with: someone (as they now stand, merges followed) who is a party to
 * an incident of record A and to an incident of record B (the same victim, the same suspect), with each such incident
 * and the roles in it. Neither side's own records count. Newest incident first.
 */
export async function partiesInCommon(db: Executor, aIds: string[], bIds: string[]) {
  const { rows } = await sql<{
    other_id: string;
    given_name: string;
    family_name: string;
    date_of_birth: string | null;
    restriction: string;
    side: 'a' | 'b';
    incident_id: string;
    reference: string;
    reported_at: Date;
    own_role: string;
    other_role: string;
  }>`
    with own as (
      select 'a' as side, ip.incident_id, ip.role from incident_party ip where ip.person_id = any(${aIds}::uuid[])
      union
      select 'b', ip.incident_id, ip.role from incident_party ip where ip.person_id = any(${bIds}::uuid[])
    ),
    beside as (
      select distinct own.side, own.incident_id, own.role as own_role, ip.role as other_role, coalesce(p.merged_into, p.id) as other_id
      from own
      join incident_party ip on ip.incident_id = own.incident_id
      join person p on p.id = ip.person_id
      where ip.person_id <> all(${[...aIds, ...bIds]}::uuid[])
    ),
    common as (
      select other_id from beside group by other_id having count(distinct side) = 2
    )
    select b.other_id, o.given_name, o.family_name, o.date_of_birth, o.restriction, b.side, b.incident_id, i.reference, i.reported_at,
      b.own_role, b.other_role
    from beside b
    join common c on c.other_id = b.other_id
    join person o on o.id = b.other_id
    join incident i on i.id = b.incident_id
    order by o.family_name, o.given_name, b.other_id, i.reported_at desc, i.id`.execute(db);
  return rows;
}

/** A possible match for a research assistant to decide, raised when a new mention's best candidate is uncertain. */
export async function insertPossibleMatch(
  db: Executor,
  m: {
    mentionId: string;
    personId: string;
    candidatePersonId: string;
    probability: number;
    weight: number;
    explanation: unknown;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('possible_match')
    .values({
      mention_id: m.mentionId,
      person_id: m.personId,
      candidate_person_id: m.candidatePersonId,
      probability: m.probability,
      weight: m.weight,
      explanation: JSON.stringify(m.explanation),
      created_at: m.at,
    })
    .execute();
}

/** The decisions that keep two people apart ('different', 'relatives') between any two of these (current, merges followed) people. */
export async function pairsKeptApartAmong(db: Executor, personIds: string[]) {
  const ids = sql.val(personIds);
  const { rows } = await sql<{ a: string; b: string }>`
    select coalesce(pa.merged_into, pa.id) as a, coalesce(pb.merged_into, pb.id) as b
    from person_pair_decision d
    join person pa on pa.id = d.person_a
    join person pb on pb.id = d.person_b
    where d.decision in ('different', 'relatives')
      and coalesce(pa.merged_into, pa.id) = any(${ids}::uuid[])
      and coalesce(pb.merged_into, pb.id) = any(${ids}::uuid[])`.execute(db);
  return rows;
}
