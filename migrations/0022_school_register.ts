import { sql, type Kysely } from 'kysely';

// The schools the force tells under Operation Encompass, each with its key adult (the designated safeguarding lead),
// so an officer finds a child's school and whom to tell instead of leaving the task without one (issue 21). Seeded
// with every school name incidents already carry; officers add the rest from the task page.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table school (
      id uuid primary key default gen_random_uuid(),
      name text not null check (length(trim(name)) between 1 and 200),
      town text,
      key_adult_name text,
      key_adult_email text,
      key_adult_phone text,
      created_by uuid references app_user(id),
      created_at timestamptz not null,
      version integer not null default 1
    );
    create unique index school_name_town on school (lower(name), lower(coalesce(town, '')));
    create index school_name_trgm on school using gin (lower(name) gin_trgm_ops);
    insert into school (name, created_at)
      select distinct on (lower(trim(school))) trim(school), now() from incident_party
      where school is not null and trim(school) <> '' and length(trim(school)) <= 200
      order by lower(trim(school)), trim(school)
    on conflict do nothing;
    create index task_done_recent on task (completed_at desc) where state = 'done' and type <> 'triage';
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
