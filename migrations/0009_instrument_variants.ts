import { sql, type Kysely } from 'kysely';

// A force's variant of a risk instrument is data: each saved version is a new row, never an update, so an
// assessment answered against a version can always be shown with that version's wording.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table risk_instrument (
      id uuid primary key default gen_random_uuid(),
      code text not null check (code ~ '^[a-z0-9-]+$'),
      base_code text not null,
      version text not null check (version <> ''),
      title text not null,
      definition jsonb not null,
      created_by uuid references app_user (id),
      created_at timestamptz not null default now(),
      unique (code, version)
    )
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
