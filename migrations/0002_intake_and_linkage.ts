import { sql, type Kysely } from 'kysely';

// Intake and person linkage: the blocking index, possible matches for a person to decide, remembered
// pair decisions, merges that can be undone, work items (tasks) and MARAC referrals.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create sequence incident_reference_seq;
    alter table person_mention add column source_system text not null default '';
    alter table person_mention add column role text;
    create table person_blocking_key (
      key text not null,
      person_id uuid not null references person(id),
      mention_id uuid not null references person_mention(id),
      primary key (key, mention_id)
    );
    create index person_blocking_key_person on person_blocking_key (person_id);
    create table possible_match (
      id uuid primary key default gen_random_uuid(),
      mention_id uuid not null references person_mention(id),
      person_id uuid not null references person(id),
      candidate_person_id uuid not null references person(id),
      probability double precision not null,
      weight double precision not null,
      explanation jsonb not null,
      state text not null default 'open' check (state in ('open','same','different','superseded')),
      decided_by uuid references app_user(id),
      decided_at timestamptz,
      reason text,
      created_at timestamptz not null,
      version integer not null default 1
    );
    create index possible_match_open on possible_match (created_at) where state = 'open';
    create table person_pair_decision (
      person_a uuid not null references person(id),
      person_b uuid not null references person(id),
      decision text not null check (decision in ('same','different')),
      decided_by uuid references app_user(id),
      decided_at timestamptz not null,
      reason text,
      primary key (person_a, person_b),
      check (person_a < person_b)
    );
    create table person_merge (
      id uuid primary key default gen_random_uuid(),
      survivor_id uuid not null references person(id),
      merged_id uuid not null references person(id),
      moved_mention_ids uuid[] not null,
      merged_by uuid references app_user(id),
      merged_at timestamptz not null,
      reason text not null,
      undone_by uuid references app_user(id),
      undone_at timestamptz,
      undo_reason text
    );
    create index person_merge_survivor on person_merge (survivor_id);
    create table task (
      id uuid primary key default gen_random_uuid(),
      type text not null,
      incident_id uuid references incident(id),
      subject_person_id uuid references person(id),
      team_id uuid references team(id),
      assignee_id uuid references app_user(id),
      due_at timestamptz not null,
      state text not null default 'open' check (state in ('open','done','cancelled')),
      source_rule text not null,
      details jsonb not null default '{}',
      created_at timestamptz not null,
      completed_at timestamptz,
      version integer not null default 1
    );
    create index task_open_due on task (due_at) where state = 'open';
    create index task_incident on task (incident_id);
    create table marac_referral (
      id uuid primary key default gen_random_uuid(),
      incident_id uuid not null references incident(id),
      victim_person_id uuid not null references person(id),
      perpetrator_person_id uuid references person(id),
      referred_at timestamptz not null,
      created_by uuid references app_user(id),
      created_at timestamptz not null
    );
    create index marac_referral_victim on marac_referral (victim_person_id, referred_at desc);
    create index incident_party_incident_role on incident_party (incident_id, role);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
