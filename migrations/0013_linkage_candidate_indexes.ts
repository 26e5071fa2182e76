import { sql, type Kysely } from 'kysely';

// Finding a new mention's candidates reads every row of its blocking keys (hundreds for a common name and year of
// birth at a million incidents) and each row's person. The primary key now carries person_id so those rows come from
// the index alone, and the people merged into another — the only ones whose person row the query needs — have a
// small index of their own.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table person_blocking_key
      drop constraint person_blocking_key_pkey,
      add constraint person_blocking_key_pkey primary key (key, mention_id) include (person_id);
    create index if not exists person_merged on person (id) include (merged_into) where merged_into is not null;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
