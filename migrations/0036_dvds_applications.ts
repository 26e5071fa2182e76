import { sql, type Kysely } from 'kysely';

// Clare's Law (DVDS) applications: Right to Ask (by the person at risk or a third party) and Right to Know, with the
// applicant and the subject as person records, the completion deadline, the stage reached and who owns it; one row per
// stage recorded (when, by whom, its owner and what it found: the risk screen, identity check, checks and results,
// forum test and decision, what was disclosed or why not).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create sequence dvds_application_number;
    create table dvds_application (
      id uuid primary key default gen_random_uuid(),
      reference text not null unique,
      route text not null check (route in ('right-to-ask', 'right-to-know')),
      applicant_kind text check (applicant_kind in ('applicant-at-risk', 'third-party')),
      applicant_person_id uuid not null references person(id),
      -- The person at risk, when a third party asked (the applicant is then someone concerned for them).
      at_risk_person_id uuid references person(id),
      subject_person_id uuid not null references person(id),
      relationship text not null,
      concern text not null,
      received_at timestamptz not null,
      due_by timestamptz not null,
      stage text not null default 'received',
      stage_at timestamptz not null,
      owner_id uuid references app_user(id),
      closed_at timestamptz,
      recorded_by uuid references app_user(id),
      created_at timestamptz not null,
      version integer not null default 1
    );
    create index dvds_application_applicant on dvds_application (applicant_person_id);
    create index dvds_application_subject on dvds_application (subject_person_id);
    create index dvds_application_at_risk on dvds_application (at_risk_person_id) where at_risk_person_id is not null;
    create index dvds_application_open on dvds_application (due_by) where closed_at is null;
    create index dvds_application_closed on dvds_application (closed_at) where closed_at is not null;

    create table dvds_stage (
      id uuid primary key default gen_random_uuid(),
      application_id uuid not null references dvds_application(id),
      stage text not null,
      at timestamptz not null,
      owner_id uuid references app_user(id),
      recorded_by uuid references app_user(id),
      details jsonb not null default '{}',
      unique (application_id, stage)
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
