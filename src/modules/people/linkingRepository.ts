import { sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';
import { CANDIDATE_SHARED_KEY_WEIGHT, IDENTIFYING_KEY_PREFIXES, NAME_KEY_PREFIX } from '../../domain/linkage/index.ts';
import type { PersonDetails } from '../incidents/index.ts';

/* What resolving a new mention to a person reads and writes in the people module's tables (people/linking.ts). */

/** The people sharing enough blocking keys with a new mention (as they now stand, merges followed), most shared first. */
export async function candidatesSharingKeys(
  trx: Executor,
  keys: string[],
  inFull: string[],
  exclude: string[],
  limit: number,
): Promise<string[]> {
  // sharedKeysWeight (src/domain/linkage/candidates.ts): identifying keys count 2, the name keys once between them
  // (in full for a record without a date of birth, of a rare name), any other key 1.
  const key = sql.ref('person_blocking_key.key');
  const identifying = sql.join(
    IDENTIFYING_KEY_PREFIXES.map((prefix) => sql`starts_with(${key}, ${prefix})`),
    sql` or `,
  );
  const keyGroup = sql`case when starts_with(${key}, ${NAME_KEY_PREFIX}) then ${NAME_KEY_PREFIX} else ${key} end`;
  const nameInFull = inFull.length ? sql`(bool_or(${key} = any(${sql.val(inFull)}::text[])))::int` : sql`0`;
  const sharedKeyWeight = sql<number>`count(distinct ${keyGroup}) + count(distinct ${key}) filter (where ${identifying}) + ${nameInFull}`;
  // The key's rows are read from the primary key alone (it includes person_id, migration 0013), and only the
  // people merged into another are looked up (a small partial index): at a million incidents a crowded name-and-year
  // key has hundreds of rows, and fetching each row and each person from the tables was most of an intake's time.
  const current = sql<string>`coalesce(merged.merged_into, person_blocking_key.person_id)`;
  const people = await trx
    .selectFrom('person_blocking_key')
    .leftJoin('person as merged', (join) =>
      join.onRef('merged.id', '=', 'person_blocking_key.person_id').on('merged.merged_into', 'is not', null),
    )
    .select(current.as('person_id'))
    .where('person_blocking_key.key', 'in', [...new Set(keys)])
    .$if(exclude.length > 0, (q) => q.where(sql<boolean>`${current} <> all(${sql.val(exclude)}::uuid[])`))
    .groupBy(current)
    // Two different keys shared (the name keys once), or one identifying key (src/domain/linkage/candidates.ts); most shared first.
    .having(sharedKeyWeight, '>=', CANDIDATE_SHARED_KEY_WEIGHT)
    .orderBy(sharedKeyWeight, 'desc')
    .limit(limit)
    .execute();
  return people.map((p) => p.person_id);
}

/** A person as an incident names them, not yet resolved to a person record (intake, before linking). */
export function insertMention(
  db: Executor,
  m: { incidentId: string; sourceSystem: string; role: string; details: Record<string, unknown>; createdAt: Date },
) {
  return db
    .insertInto('person_mention')
    .values({
      incident_id: m.incidentId,
      source_system: m.sourceSystem,
      role: m.role,
      details: JSON.stringify(m.details),
      link: 'pending',
      created_at: m.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** These people's mentions, newest first, at most `limit` of them. */
export function latestMentionsOf(trx: Executor, personIds: string[], limit: number) {
  return trx
    .selectFrom('person_mention')
    .select(['person_id', 'details'])
    .where('person_id', 'in', personIds)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

/** Of these name keys, the ones more than `people` people are filed under. */
export async function nameKeysFiledUnderMoreThan(trx: Executor, keys: string[], people: number): Promise<string[]> {
  const { rows } = await sql<{ key: string }>`
    select key from person_blocking_key where key = any(${sql.val(keys)}::text[])
    group by key having count(distinct person_id) > ${people}`.execute(trx);
  return rows.map((r) => r.key);
}

export async function insertPerson(trx: Executor, d: PersonDetails, at: Date): Promise<string> {
  const row = await trx
    .insertInto('person')
    .values({
      given_name: d.givenName,
      middle_names: d.middleName ?? '',
      family_name: d.familyName,
      date_of_birth: d.dateOfBirth ?? null,
      sex: d.sex ?? 'unknown',
      pnc_id: d.pncId ?? null,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Records whom a mention was resolved to, how, and on what comparison. */
export async function linkMention(
  trx: Executor,
  mentionId: string,
  link: { personId: string; link: 'auto' | 'new' | 'review'; score: number | null; explanation: unknown },
): Promise<void> {
  await trx
    .updateTable('person_mention')
    .set({
      person_id: link.personId,
      link: link.link,
      link_score: link.score,
      link_explanation: link.explanation === null ? null : JSON.stringify(link.explanation),
    })
    .where('id', '=', mentionId)
    .execute();
}

/** Files the mention's blocking keys under the person it was resolved to. */
export async function fileBlockingKeys(trx: Executor, personId: string, mentionId: string, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await trx
    .insertInto('person_blocking_key')
    .values([...new Set(keys)].map((key) => ({ key, person_id: personId, mention_id: mentionId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}
