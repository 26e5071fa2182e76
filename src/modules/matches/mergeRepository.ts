import { sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';
import type { MovedRecords } from './mergeParticipants.ts';
import { survivorOf } from './repository.ts';

/* A merge of two person records, as the matches module keeps it: the merge itself, its undoing, and the open pairs it settles. */

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
