import { sql, type Kysely } from 'kysely';

// The MARAC criteria met when an incident arrived, kept so a repeated send answers exactly as the first did
// and the triage queue can order by them without recomputing.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table incident add column marac_criteria jsonb not null default '[]'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
