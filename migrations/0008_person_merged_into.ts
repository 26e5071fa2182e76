import { sql, type Kysely } from 'kysely';

// A person's history includes every record merged into them: finding those must not scan the person table.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index person_merged_into on person (merged_into) where merged_into is not null`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
