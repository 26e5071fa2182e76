import { sql, type Kysely } from 'kysely';

// Failed sign-ins are counted per address as well as per account, and the last TOTP time
// step a user signed in with is kept so that a code cannot be used twice in its window.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table sign_in_attempt add column address text`.execute(db);
  await sql`create index sign_in_attempt_address on sign_in_attempt (address, attempted_at) where not succeeded`.execute(db);
  await sql`alter table app_user add column totp_last_step bigint`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
