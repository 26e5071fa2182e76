import { sql, type Kysely } from 'kysely';

// The work on a safeguarding case after it is opened (issue 17): its history (opened, transferred, closed, reopened,
// with the reason and who), the contacts with the victim (calls, visits, letters, messages: advice, safety-plan items,
// literature, outcome, the urgent path, unseen crime and intelligence), when the next contact is due, the structured
// safe-contact instructions of a person, and the case a task was raised for.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table safeguarding_case add column next_contact_due_on date;
    alter table safeguarding_case add column updated_at timestamptz;
    create index safeguarding_case_next_contact on safeguarding_case (owner_id, next_contact_due_on) where status = 'open';

    create table case_history (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references safeguarding_case(id),
      kind text not null check (kind in ('opened', 'transferred', 'closed', 'reopened', 'closed-by-merge', 'moved-by-merge')),
      from_owner_id uuid references app_user(id),
      from_team_id uuid references team(id),
      to_owner_id uuid references app_user(id),
      to_team_id uuid references team(id),
      reason text,
      recorded_by uuid references app_user(id),
      recorded_at timestamptz not null
    );
    create index case_history_case on case_history (case_id, recorded_at);

    create table case_contact (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references safeguarding_case(id),
      method text not null check (method in ('call', 'visit', 'letter', 'message')),
      direction text not null check (direction in ('outgoing', 'incoming')),
      occurred_at timestamptz not null,
      with_whom text not null,
      outcome text not null
        check (outcome in ('spoke', 'no-answer', 'message-left', 'letter-sent', 'declined', 'disengaged', 'unsafe-to-talk')),
      advice text,
      safety_plan jsonb not null default '[]',
      literature jsonb not null default '[]',
      notes text,
      urgent boolean not null default false,
      ndm_rationale text,
      police_resource_requested boolean not null default false,
      unseen_crime text,
      intelligence text,
      recorded_by uuid references app_user(id),
      recorded_at timestamptz not null,
      check (not police_resource_requested or urgent),
      check (not urgent or ndm_rationale is not null)
    );
    create index case_contact_case on case_contact (case_id, occurred_at desc);

    -- How, when and on which number it is safe to contact a person, and who must not know (DOMAIN.md "Safe contact").
    create table person_safe_contact (
      person_id uuid primary key references person(id),
      method text not null,
      safe_times text,
      phone text,
      must_not_know text,
      notes text,
      updated_by uuid references app_user(id),
      updated_at timestamptz not null,
      version integer not null default 1
    );

    alter table task add column case_id uuid references safeguarding_case(id);
    create index task_case on task (case_id) where case_id is not null;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
