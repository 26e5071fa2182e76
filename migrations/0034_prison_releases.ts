import { sql, type Kysely } from 'kysely';

// Prison releases (issue 19): a DA perpetrator's custody and release (date, establishment, licence conditions,
// MAPPA category and level, who told us), and the risk review task raised a configurable number of days before it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create sequence prison_release_number;
    create table prison_release (
      id uuid primary key default gen_random_uuid(),
      reference text not null unique,
      person_id uuid not null references person(id),
      custody_from date,
      release_on date not null,
      establishment text not null,
      release_type text not null,
      licence_ends_on date,
      conditions jsonb not null default '[]',
      mappa_category smallint check (mappa_category between 1 and 3),
      mappa_level smallint check (mappa_level between 1 and 3),
      notified_by text not null,
      notified_on date not null,
      notes text,
      -- The risk review: raised at review_opens_at (a task), due by review_due_by (src/domain/releases).
      review_opens_at timestamptz not null,
      review_due_by timestamptz not null,
      review_task_id uuid,
      recorded_by uuid references app_user(id),
      created_at timestamptz not null,
      version integer not null default 1
    );
    create index prison_release_person on prison_release (person_id);
    create index prison_release_on on prison_release (release_on desc);
    create index prison_release_review_pending on prison_release (review_opens_at) where review_task_id is null;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
