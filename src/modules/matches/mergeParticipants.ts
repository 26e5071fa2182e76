import type { Executor } from '../../platform/db/executor.ts';

/**
 * One module's records that a merge of two person records moves to the survivor, and an undone merge moves back.
 * The merge (matches/service.ts) calls every participant in its own transaction, in the order given to MatchService
 * (src/services.ts builds the list), and stores the ids each one moved with the merge, under `records`.
 */
export interface MergeParticipant {
  /** The name the moved ids are kept under with the merge (and in its audit event): "tasks", "cases". Unique. */
  readonly records: string;
  /** Points this module's rows naming `mergedId` at `survivorId`; the ids of the rows moved. */
  moveToSurvivor(trx: Executor, mergedId: string, survivorId: string): Promise<string[]>;
  /** Exactly the rows `ids` (which the merge moved), and only while they still name the survivor, go back. */
  moveBack(trx: Executor, ids: string[], survivorId: string, restoredId: string): Promise<void>;
}

/** The ids a merge moved, by participant. */
export type MovedRecords = Record<string, string[]>;
