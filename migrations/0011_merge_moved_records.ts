import { sql, type Kysely } from 'kysely';

// A merge repoints the merged record's tasks and MARAC referrals to the survivor as well as its mentions; what it
// moved is kept with the merge so undoing it moves back exactly those rows and no others.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table person_merge
      add column moved_task_ids uuid[] not null default '{}',
      add column moved_victim_referral_ids uuid[] not null default '{}',
      add column moved_perpetrator_referral_ids uuid[] not null default '{}';
    create index task_subject_person on task (subject_person_id) where subject_person_id is not null;
    create index marac_referral_perpetrator on marac_referral (perpetrator_person_id) where perpetrator_person_id is not null;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
