import { sql, type Kysely } from 'kysely';

// The Victims' Code work on a safeguarding case (issue 17): the victim's needs assessment, her agreed update
// preferences and Victim Personal Statement offer (one row per case), each change of Enhanced Rights with its reason,
// the case events she must be told of, and for each event the update obligation with its Victims' Code clock.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table victims_code_case (
      case_id uuid primary key references safeguarding_case(id),
      needs_assessment jsonb,
      needs_assessed_at timestamptz,
      needs_assessed_by uuid references app_user(id),
      update_preferences jsonb,
      preferences_agreed_at timestamptz,
      preferences_agreed_by uuid references app_user(id),
      personal_statement text check (personal_statement in ('offered', 'taken', 'declined')),
      personal_statement_on date,
      personal_statement_recorded_by uuid references app_user(id),
      -- 0 until the first change: a case whose page showed no Victims' Code row yet was seen at version 0.
      version integer not null default 0
    );

    create table enhanced_rights_change (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references safeguarding_case(id),
      enhanced_rights boolean not null,
      reason text not null check (length(trim(reason)) between 1 and 2000),
      changed_by uuid references app_user(id),
      changed_at timestamptz not null
    );
    create index enhanced_rights_change_case on enhanced_rights_change (case_id, changed_at);

    create table case_event (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references safeguarding_case(id),
      type text not null check (type in ('arrest', 'interview', 'released-no-charge', 'bail', 'rui', 'charge', 'nfa', 'not-investigated')),
      occurred_at timestamptz not null,
      recorded_by uuid references app_user(id),
      recorded_at timestamptz not null,
      review_requested_at timestamptz
    );
    create index case_event_case on case_event (case_id, occurred_at);

    create table victim_update_obligation (
      id uuid primary key default gen_random_uuid(),
      case_event_id uuid not null unique references case_event(id),
      case_id uuid not null references safeguarding_case(id),
      victim_person_id uuid not null references person(id),
      officer_id uuid references app_user(id),
      team_id uuid references team(id),
      enhanced_rights boolean not null,
      working_days integer not null check (working_days >= 1),
      due_by timestamptz not null,
      state text not null default 'due' check (state in ('due', 'met')),
      updated_at timestamptz,
      update_method text,
      update_note text,
      updated_by uuid references app_user(id),
      recorded_at timestamptz,
      late boolean,
      created_at timestamptz not null,
      version integer not null default 1,
      check ((state = 'met') = (updated_at is not null and late is not null))
    );
    create index victim_update_obligation_due on victim_update_obligation (due_by) where state = 'due';
    create index victim_update_obligation_met on victim_update_obligation (updated_at) where state = 'met';
    create index victim_update_obligation_officer on victim_update_obligation (officer_id, due_by);
    create index victim_update_obligation_team on victim_update_obligation (team_id, due_by);
    create index victim_update_obligation_case on victim_update_obligation (case_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
