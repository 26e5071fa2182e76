import { sql, type Kysely } from 'kysely';

// The two records that decide who, beyond the force, may see a victim's record: the safeguarding case (victim-centred,
// spanning her incidents; its owner and team are the "own caseload" and "team" relationships) and the referral to a
// partner agency (the "shared with my agency" relationship). Later migrations add the detail of each.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create sequence safeguarding_case_number;
    create table safeguarding_case (
      id uuid primary key default gen_random_uuid(),
      reference text not null unique,
      victim_person_id uuid not null references person(id),
      owner_id uuid references app_user(id),
      team_id uuid references team(id),
      status text not null default 'open' check (status in ('open', 'closed')),
      enhanced_rights boolean not null default true,
      opened_at timestamptz not null,
      opened_by uuid references app_user(id),
      closed_at timestamptz,
      closure_reason text,
      created_at timestamptz not null,
      version integer not null default 1,
      check ((status = 'closed') = (closed_at is not null))
    );
    create index safeguarding_case_victim on safeguarding_case (victim_person_id);
    create unique index safeguarding_case_one_open on safeguarding_case (victim_person_id) where status = 'open';
    create index safeguarding_case_owner on safeguarding_case (owner_id) where status = 'open';
    create index safeguarding_case_team on safeguarding_case (team_id) where status = 'open';

    create table case_incident (
      case_id uuid not null references safeguarding_case(id),
      incident_id uuid not null references incident(id),
      added_at timestamptz not null,
      primary key (case_id, incident_id)
    );
    create index case_incident_incident on case_incident (incident_id);

    create table referral (
      id uuid primary key default gen_random_uuid(),
      agency_id uuid not null references agency(id),
      incident_id uuid references incident(id),
      case_id uuid references safeguarding_case(id),
      status text not null default 'sent'
        check (status in ('draft', 'sent', 'accepted', 'rejected', 'withdrawn', 'closed')),
      created_by uuid references app_user(id),
      created_at timestamptz not null,
      version integer not null default 1
    );
    create index referral_agency on referral (agency_id, status);
    create index referral_case on referral (case_id) where case_id is not null;

    -- The people a referral shares with its agency (the victim, and whoever else the referral names).
    create table referral_person (
      referral_id uuid not null references referral(id),
      person_id uuid not null references person(id),
      primary key (referral_id, person_id)
    );
    create index referral_person_person on referral_person (person_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
