import type { Executor } from '../../platform/db/executor.ts';

/*
 * A merge of two person records moves what names the merged record to the survivor, and an undone merge moves
 * exactly those rows back: the tasks about the person and the MARAC referrals naming them (as victim or perpetrator).
 */

/** Points every task about `from` at `to`; the ids moved. */
export async function moveTasksToSurvivor(db: Executor, from: string, to: string): Promise<string[]> {
  // A task form opened before the merge names the old record: its version moves on, so saving it is a conflict.
  const rows = await db
    .updateTable('task')
    .set((eb) => ({ subject_person_id: to, version: eb('version', '+', 1) }))
    .where('subject_person_id', '=', from)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Exactly the tasks a merge moved, and only while they still name the survivor, go back to the restored record. */
export async function moveTasksBack(db: Executor, ids: string[], survivor: string, restored: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('task')
    .set((eb) => ({ subject_person_id: restored, version: eb('version', '+', 1) }))
    .where('id', 'in', ids)
    .where('subject_person_id', '=', survivor)
    .execute();
}

type ReferralSide = 'victim_person_id' | 'perpetrator_person_id';

/** Points every MARAC referral naming `from` on one side (victim or perpetrator) at `to`; the ids moved. */
export async function moveReferralsToSurvivor(db: Executor, side: ReferralSide, from: string, to: string): Promise<string[]> {
  const rows = await db
    .updateTable('marac_referral')
    .set({ [side]: to })
    .where(side, '=', from)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Exactly the referrals a merge moved on that side, while they still name the survivor, go back. */
export async function moveReferralsBack(
  db: Executor,
  side: ReferralSide,
  ids: string[],
  survivor: string,
  restored: string,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('marac_referral')
    .set({ [side]: restored })
    .where('id', 'in', ids)
    .where(side, '=', survivor)
    .execute();
}
