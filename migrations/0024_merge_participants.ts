import { sql, type Kysely } from 'kysely';

// A merge moves whatever each owning module says names the merged record (its merge participants). The tasks' and
// MARAC referrals' ids keep their own columns (migration 0011); every other participant's moved ids are kept here,
// under the participant's name ({"cases": [...], "referrals": [...]}), so undoing the merge moves back exactly those.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table person_merge add column moved_records jsonb not null default '{}'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
