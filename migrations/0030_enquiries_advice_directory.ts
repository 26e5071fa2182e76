import { sql, type Kysely } from 'kysely';

// Three registers of the research assistant's and coordinator's work: enquiries from other teams and agencies (and
// what was disclosed to them), advice given to officers attending a DA incident, and the signposting directory of
// local services with each time a person was signposted to one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create sequence enquiry_number;
    create table enquiry (
      id uuid primary key default gen_random_uuid(),
      reference text not null unique,
      requester_name text not null,
      requester_organisation text not null,
      requester_contact text not null,
      purpose text not null,
      lawful_basis text not null,
      received_at timestamptz not null,
      due_by timestamptz not null,
      status text not null default 'open' check (status in ('open', 'answered')),
      decision text check (decision in ('disclose', 'partly', 'decline')),
      decision_rationale text,
      disclosed_information text,
      disclosed_at timestamptz,
      decided_by uuid references app_user(id),
      decided_at timestamptz,
      created_by uuid references app_user(id),
      created_at timestamptz not null,
      version integer not null default 1,
      check ((status = 'answered') = (decision is not null))
    );
    create index enquiry_open on enquiry (due_by) where status = 'open';
    create index enquiry_received on enquiry (received_at desc);

    create table enquiry_person (
      enquiry_id uuid not null references enquiry(id),
      person_id uuid not null references person(id),
      primary key (enquiry_id, person_id)
    );
    create index enquiry_person_person on enquiry_person (person_id);

    create table officer_advice (
      id uuid primary key default gen_random_uuid(),
      incident_id uuid not null references incident(id),
      officer_name text not null,
      collar_number text not null,
      advised_at timestamptz not null,
      advice text[] not null,
      notes text not null default '',
      advised_by uuid references app_user(id),
      created_at timestamptz not null
    );
    create index officer_advice_incident on officer_advice (incident_id);
    create index officer_advice_advised_at on officer_advice (advised_at desc);

    create table directory_service (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      description text not null,
      needs text[] not null,
      area text not null,
      contact text not null,
      referral_route text not null,
      eligibility text not null default '',
      active boolean not null default true,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      version integer not null default 1
    );
    create unique index directory_service_name on directory_service (lower(name), lower(area));

    create table signposting (
      id uuid primary key default gen_random_uuid(),
      person_id uuid not null references person(id),
      case_id uuid references safeguarding_case(id),
      service_id uuid not null references directory_service(id),
      note text not null default '',
      recorded_by uuid references app_user(id),
      recorded_at timestamptz not null
    );
    create index signposting_person on signposting (person_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
