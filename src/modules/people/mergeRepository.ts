import { sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';

/*
 * What a merge of two person records changes in the people module's tables, and what undoing it puts back: the
 * merged record's mentions (with the blocking keys made from them) and the record's `merged_into`. The matches
 * module calls these through people/service.ts in the merge's transaction.
 */

export async function mentionIdsOf(db: Executor, personId: string): Promise<string[]> {
  const rows = await db.selectFrom('person_mention').select('id').where('person_id', '=', personId).execute();
  return rows.map((r) => r.id);
}

/** Moves mentions, with the blocking keys made from them, to another person. */
export async function moveMentions(db: Executor, mentionIds: string[], to: string): Promise<void> {
  if (mentionIds.length === 0) return;
  await db.updateTable('person_mention').set({ person_id: to }).where('id', 'in', mentionIds).execute();
  await db.updateTable('person_blocking_key').set({ person_id: to }).where('mention_id', 'in', mentionIds).execute();
}

/** Marks a record merged into another (or, with null, no longer merged), only if it is still as `expectedNow` says. */
export function setMergedInto(db: Executor, personId: string, into: string | null, expectedNow: string | null) {
  return db
    .updateTable('person')
    .set({ merged_into: into, version: sql`version + 1` })
    .where('id', '=', personId)
    .where(expectedNow === null ? sql<boolean>`merged_into is null` : sql<boolean>`merged_into = ${expectedNow}`)
    .returning('id')
    .executeTakeFirst();
}

/** The records merged into `from` now answer as `to` (merges stay one step deep). */
export async function repointMergedInto(db: Executor, from: string, to: string): Promise<void> {
  await db
    .updateTable('person')
    .set({ merged_into: to, version: sql`version + 1` })
    .where('merged_into', '=', from)
    .execute();
}

/**
 * Undoing the merge of `restored` into `survivor`: these records (the ones whose own merges, still in force, were
 * into `restored`) point at it again, if they still point at the survivor.
 */
export async function restoreMergedInto(db: Executor, recordIds: string[], restored: string, survivor: string): Promise<void> {
  if (recordIds.length === 0) return;
  await db
    .updateTable('person')
    .set({ merged_into: restored, version: sql`version + 1` })
    .where('merged_into', '=', survivor)
    .where('id', 'in', recordIds)
    .execute();
}
