import { sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';
import type { PairDecision } from './schemas.ts';
import type { MovedRecords } from './mergeParticipants.ts';

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

/** The record a (possibly merged) person now answers as. */
const survivorOf = (column: string) => sql<string>`(select coalesce(p.merged_into, p.id) from person p where p.id = ${sql.ref(column)})`;

/**
 * Open possible matches as the records now stand: each side is the person it answers as (a record merged since the
 * pair was proposed shows as its survivor, never as a separate person), and a pair whose sides are now one person
 * has nothing left to decide. Pairs with a restricted record are left to those who may see it.
 */
function openPairs(db: Executor) {
  return db
    .selectFrom('possible_match as pm')
    .innerJoin('person as pa', 'pa.id', 'pm.person_id')
    .innerJoin('person as pb', 'pb.id', 'pm.candidate_person_id')
    .innerJoin('person as a', (join) => join.on(sql<boolean>`a.id = coalesce(pa.merged_into, pa.id)`))
    .innerJoin('person as b', (join) => join.on(sql<boolean>`b.id = coalesce(pb.merged_into, pb.id)`))
    .where('pm.state', '=', 'open')
    .where(sql<boolean>`a.id <> b.id`)
    .where('a.restriction', '=', 'none')
    .where('b.restriction', '=', 'none');
}

/** The two sides of an open pair, as the queue shows them. */
const SIDE_COLUMNS = [
  'pm.id',
  'pm.probability',
  'pm.explanation',
  'pm.created_at',
  'a.id as person_id',
  'b.id as candidate_person_id',
  'a.given_name as a_given_name',
  'a.family_name as a_family_name',
  'a.date_of_birth as a_date_of_birth',
  'b.given_name as b_given_name',
  'b.family_name as b_family_name',
  'b.date_of_birth as b_date_of_birth',
] as const;
const sideIncidents = () => [incidentCount(sql.ref('a.id')).as('a_incidents'), incidentCount(sql.ref('b.id')).as('b_incidents')];

/**
 * Each open pair that touches an incident still awaiting triage, once, with the most urgent such triage item (highest
 * priority, then nearest deadline) and the role in it of the record that is a party. A pair touches an incident when
 * either record (a record merged since counts as its survivor) is a party to it: the incident's suspect may be on the
 * candidate side of a pair an older incident proposed, and the assessor still needs it decided. Walked from the open
 * triage items (task_triage_queue) through their parties, each party's records, and the open pairs naming a record on
 * either side (possible_match_open_person, possible_match_open_candidate).
 */
function triageItemsOfOpenPairs(db: Executor) {
  return db
    .selectFrom('task as t')
    .innerJoin('incident_party as tip', 'tip.incident_id', 't.incident_id')
    .innerJoin('person as rec', (join) => join.on(sql<boolean>`(rec.id = tip.person_id or rec.merged_into = tip.person_id)`))
    .innerJoin('possible_match as tpm', (join) =>
      join.on('tpm.state', '=', 'open').on(sql<boolean>`(tpm.person_id = rec.id or tpm.candidate_person_id = rec.id)`),
    )
    .where('t.type', '=', 'triage')
    .where('t.state', '=', 'open')
    .distinctOn('tpm.id')
    .select(['tpm.id as match_id', 't.id as task_id', 't.priority', 't.due_at', 't.incident_id', 'tip.role'])
    .orderBy('tpm.id')
    .orderBy('t.priority', 'desc')
    .orderBy('t.due_at', 'asc')
    .orderBy('t.id', 'asc');
}

/** Open pairs needed for triage: either record is a party to an incident still awaiting triage (triageItemsOfOpenPairs). */
function pairsAwaitingTriage(db: Executor) {
  return openPairs(db).innerJoin(triageItemsOfOpenPairs(db).as('needed'), 'needed.match_id', 'pm.id');
}

/** Open pairs needed for triage: the most urgent open triage item first, then the likeliest pair within it. */
export function openMatchesAwaitingTriage(db: Executor, page: { limit: number; offset: number }) {
  return pairsAwaitingTriage(db)
    .innerJoin('incident as i', 'i.id', 'needed.incident_id')
    .select(SIDE_COLUMNS)
    .select(sideIncidents())
    .select(['needed.priority', 'needed.due_at', 'i.id as incident_id', 'i.reference', 'needed.role'])
    .orderBy('needed.priority', 'desc')
    .orderBy('needed.due_at', 'asc')
    .orderBy('needed.task_id', 'asc')
    .orderBy('pm.probability', 'desc')
    .orderBy('pm.id', 'asc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** Every open pair, likeliest first, then oldest. */
export function openMatches(db: Executor, page: { limit: number; offset: number }) {
  return openPairs(db)
    .select(SIDE_COLUMNS)
    .select(sideIncidents())
    .orderBy('pm.probability', 'desc')
    .orderBy('pm.created_at', 'asc')
    .orderBy('pm.id', 'asc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/**
 * How many open pairs each view holds, counted no further than `upTo` (a larger answer is `upTo + 1`): each count
 * walks its view's index and stops, so it costs the same with a few pairs as with hundreds of thousands.
 */
export async function countOpenMatchesByView(db: Executor, upTo: number): Promise<{ awaitingTriage: number; all: number }> {
  return { awaitingTriage: await countUpTo(db, pairsAwaitingTriage(db), upTo), all: await countUpTo(db, openPairs(db), upTo) };
}

/** How many open pairs there are, counted no further than `upTo` (a larger answer is `upTo + 1`). */
export function countOpenMatchesUpTo(db: Executor, upTo: number): Promise<number> {
  return countUpTo(db, openPairs(db), upTo);
}

async function countUpTo(db: Executor, pairs: ReturnType<typeof openPairs>, upTo: number): Promise<number> {
  const row = await db
    .selectFrom(
      pairs
        .select(sql<number>`1`.as('one'))
        .limit(upTo + 1)
        .as('counted'),
    )
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The open pairs (as the records now stand) with one of these people on either side, each found through the pairs'
 * own indexes: the records merged into each person are looked up first, then the open pairs naming any of them.
 */
export function openMatchesOfPeople(db: Executor, personIds: string[]) {
  const records = sql<string[]>`array(select p.id from person p where p.id = any(${personIds}::uuid[])
    union select p.id from person p where p.merged_into = any(${personIds}::uuid[]))`;
  return openPairs(db)
    .select(['pm.id', 'pm.probability', 'a.id as person_id', 'b.id as candidate_person_id'])
    .where(sql<boolean>`(pm.person_id = any(${records}) or pm.candidate_person_id = any(${records}))`)
    .orderBy('pm.probability', 'desc')
    .orderBy('pm.id', 'asc')
    .execute();
}

/**
 * Closes the open possible matches a merge has settled (both sides now answer as the survivor), so none waits in
 * the queue for a decision already made.
 */
export async function supersedeSettledMatches(db: Executor, survivorId: string, decision: { decidedBy: string | null; at: Date }) {
  const rows = await db
    .updateTable('possible_match')
    .set({
      state: 'superseded',
      decided_by: decision.decidedBy,
      decided_at: decision.at,
      reason: 'Both records were merged into one person',
      version: sql`version + 1`,
    })
    .where('state', '=', 'open')
    .where(sql<boolean>`${survivorOf('possible_match.person_id')} = ${survivorId}`)
    .where(sql<boolean>`${survivorOf('possible_match.candidate_person_id')} = ${survivorId}`)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** The records whose merges into `survivorId` are still in force. */
export async function mergedIdsInForceInto(db: Executor, survivorId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('person_merge')
    .select('merged_id')
    .where('survivor_id', '=', survivorId)
    .where('undone_at', 'is', null)
    .execute();
  return rows.map((r) => r.merged_id);
}

/** Incidents of a person and of every record merged into them. */
function incidentCount(personId: ReturnType<typeof sql.ref>) {
  return sql<number>`(select count(distinct ip.incident_id)::int from incident_party ip join person p on p.id = ip.person_id
    where p.id = ${personId} or p.merged_into = ${personId})`;
}

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

export function insertMerge(
  db: Executor,
  merge: {
    survivorId: string;
    mergedId: string;
    movedMentionIds: string[];
    moved: MovedRecords;
    mergedBy: string | null;
    at: Date;
    reason: string;
  },
) {
  // The tasks' and MARAC referrals' ids keep the columns they had before participants (migration 0011); every other
  // participant's go in moved_records (migration 0024).
  const { tasks, victimReferrals, perpetratorReferrals, ...others } = merge.moved;
  return db
    .insertInto('person_merge')
    .values({
      survivor_id: merge.survivorId,
      merged_id: merge.mergedId,
      moved_mention_ids: merge.movedMentionIds,
      moved_task_ids: tasks ?? [],
      moved_victim_referral_ids: victimReferrals ?? [],
      moved_perpetrator_referral_ids: perpetratorReferrals ?? [],
      moved_records: JSON.stringify(others),
      merged_by: merge.mergedBy,
      merged_at: merge.at,
      reason: merge.reason,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export function mergesInto(db: Executor, survivorId: string) {
  return db
    .selectFrom('person_merge as m')
    .innerJoin('person as merged', 'merged.id', 'm.merged_id')
    .leftJoin('app_user as by', 'by.id', 'm.merged_by')
    .leftJoin('app_user as undoneBy', 'undoneBy.id', 'm.undone_by')
    .select([
      'm.id',
      'm.merged_id',
      'm.merged_at',
      'm.reason',
      'm.undone_at',
      'm.undo_reason',
      'merged.given_name',
      'merged.family_name',
      'merged.date_of_birth',
      'by.display_name as merged_by_name',
      'undoneBy.display_name as undone_by_name',
    ])
    .select(sql<number>`cardinality(m.moved_mention_ids)`.as('moved'))
    .where('m.survivor_id', '=', survivorId)
    .orderBy('m.merged_at', 'desc')
    .execute();
}

export function findMerge(db: Executor, id: string) {
  return db.selectFrom('person_merge').selectAll().where('id', '=', id).executeTakeFirst();
}

/** What a stored merge moved, by participant (see insertMerge). */
export function movedRecordsOf(merge: NonNullable<Awaited<ReturnType<typeof findMerge>>>): MovedRecords {
  return {
    ...merge.moved_records,
    tasks: merge.moved_task_ids,
    victimReferrals: merge.moved_victim_referral_ids,
    perpetratorReferrals: merge.moved_perpetrator_referral_ids,
  };
}

/** Marks a merge undone, unless someone already has. */
export function markMergeUndone(db: Executor, id: string, undo: { undoneBy: string | null; at: Date; reason: string }) {
  return db
    .updateTable('person_merge')
    .set({ undone_by: undo.undoneBy, undone_at: undo.at, undo_reason: undo.reason })
    .where('id', '=', id)
    .where('undone_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
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
