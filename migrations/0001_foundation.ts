import { sql, type Kysely } from 'kysely';

// Foundation: organisation (teams, agencies, users), sign-in, sessions, API tokens, the append-only audit
// trail, and the core of the DA record (person, incident, party, mention, risk assessment) the demo loads.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create extension if not exists fuzzystrmatch`.execute(db);
  await sql`create extension if not exists pgcrypto`.execute(db);

  await sql`
    create table team (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      name text not null,
      created_at timestamptz not null default now(),
      version integer not null default 1
    );
    create table agency (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      name text not null,
      kind text not null,
      created_at timestamptz not null default now(),
      version integer not null default 1
    );
    create table app_user (
      id uuid primary key default gen_random_uuid(),
      username text not null unique,
      display_name text not null,
      email text,
      role text not null,
      team_id uuid references team(id),
      agency_id uuid references agency(id),
      password_hash text,
      totp_secret text,
      totp_enabled boolean not null default false,
      oidc_subject text unique,
      must_change_password boolean not null default false,
      locked_at timestamptz,
      disabled_at timestamptz,
      created_at timestamptz not null default now(),
      version integer not null default 1,
      constraint partner_has_agency check (role <> 'partner' or agency_id is not null)
    );
    create table sign_in_attempt (
      id bigserial primary key,
      user_id uuid references app_user(id),
      username text not null,
      attempted_at timestamptz not null,
      succeeded boolean not null,
      reason text
    );
    create index sign_in_attempt_user_time on sign_in_attempt (user_id, attempted_at);
    create table api_token (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user(id),
      token_hash text not null unique,
      label text not null,
      created_at timestamptz not null,
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    create table session (
      sid varchar not null primary key,
      sess json not null,
      expire timestamp(6) not null,
      user_id uuid generated always as ((sess->>'userId')::uuid) stored
    );
    create index session_expire on session (expire);
    create index session_user_id on session (user_id);
    create table setting (
      key text primary key,
      value jsonb not null,
      updated_at timestamptz not null default now(),
      version integer not null default 1
    );
  `.execute(db);

  await sql`
    create table person (
      id uuid primary key default gen_random_uuid(),
      given_name text not null,
      middle_names text not null default '',
      family_name text not null,
      date_of_birth date,
      sex text not null default 'unknown',
      pnc_id text,
      warning_markers text[] not null default '{}',
      safe_contact text,
      restriction text not null default 'none',
      merged_into uuid references person(id),
      created_at timestamptz not null,
      version integer not null default 1
    );
    create index person_family_trgm on person using gin (lower(family_name) gin_trgm_ops);
    create index person_given_trgm on person using gin (lower(given_name) gin_trgm_ops);
    create index person_dob on person (date_of_birth);
    create table incident (
      id uuid primary key default gen_random_uuid(),
      reference text not null unique,
      source_system text not null,
      source_reference text not null,
      reported_at timestamptz not null,
      occurred_at timestamptz,
      location_address text,
      location_postcode text,
      classification text not null,
      relationship text,
      narrative text,
      status text not null default 'awaiting-triage',
      team_id uuid references team(id),
      created_at timestamptz not null,
      version integer not null default 1,
      unique (source_system, source_reference)
    );
    create index incident_reported on incident (reported_at desc);
    create table person_mention (
      id uuid primary key default gen_random_uuid(),
      person_id uuid references person(id),
      incident_id uuid not null references incident(id),
      details jsonb not null,
      link text not null,
      link_score double precision,
      link_explanation jsonb,
      linked_by uuid references app_user(id),
      created_at timestamptz not null
    );
    create index person_mention_person on person_mention (person_id);
    create index person_mention_incident on person_mention (incident_id);
    create table incident_party (
      id uuid primary key default gen_random_uuid(),
      incident_id uuid not null references incident(id),
      mention_id uuid not null references person_mention(id),
      person_id uuid references person(id),
      role text not null check (role in ('victim','suspect','child','witness','other')),
      present boolean,
      school text
    );
    create index incident_party_person on incident_party (person_id, role);
    create index incident_party_incident on incident_party (incident_id);
    create table risk_assessment (
      id uuid primary key default gen_random_uuid(),
      incident_id uuid not null references incident(id),
      instrument text not null,
      instrument_version text not null,
      answers jsonb not null,
      comments jsonb not null default '{}',
      officer_grade text,
      assessor_grade text,
      rationale text,
      assessed_by uuid references app_user(id),
      submitted_at timestamptz not null
    );
    create index risk_assessment_incident on risk_assessment (incident_id);
  `.execute(db);

  await sql`
    create table audit_event (
      id bigserial primary key,
      occurred_at timestamptz not null,
      category text not null check (category in ('collection','alteration','consultation','disclosure','combination','erasure','security')),
      action text not null,
      outcome text not null default 'allowed' check (outcome in ('allowed','refused')),
      actor_user_id uuid,
      actor_label text not null,
      actor_role text,
      subject_person_ids uuid[] not null default '{}',
      record_type text,
      record_ids text[] not null default '{}',
      recipient text,
      reason text,
      request_id text,
      details jsonb not null default '{}',
      prev_hash text not null,
      hash text not null unique
    );
    create index audit_event_subjects on audit_event using gin (subject_person_ids);
    create index audit_event_actor on audit_event (actor_user_id, occurred_at desc);

    create function audit_event_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end $$;
    create trigger audit_event_no_update before update or delete on audit_event
      for each row execute function audit_event_is_append_only();
    create trigger audit_event_no_truncate before truncate on audit_event
      for each statement execute function audit_event_is_append_only();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The foundation migration cannot be reversed');
}
