/* The possible-match queues: open pairs as the records now stand, the ones needed for triage, and their counts. */

import { sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';

/** The record a (possibly merged) person now answers as. */
export const survivorOf = (column: string) =>
  sql<string>`(select coalesce(p.merged_into, p.id) from person p where p.id = ${sql.ref(column)})`;

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

/** Incidents of a person and of every record merged into them. */
function incidentCount(personId: ReturnType<typeof sql.ref>) {
  return sql<number>`(select count(distinct ip.incident_id)::int from incident_party ip join person p on p.id = ip.person_id
    where p.id = ${personId} or p.merged_into = ${personId})`;
}
