import { sql, type Kysely } from 'kysely';
import { DEFAULT_SYSTEMS, SYSTEMS_CHECKLIST_SETTING } from '../src/domain/assessment/systemsChecklist.ts';

// The assessment page: the assessor's final grade is a new, immutable risk_assessment row beside the officer's
// (with the band it was weighed against, THRIVE and NDM notes, professional-judgement MARAC reasons and the
// criteria met); the researcher's systems checks and the S-DASH / HBA screen answers are saved per incident.
// The external systems to check are a force setting with a default list.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table risk_assessment add column yes_count integer;
    alter table risk_assessment add column band text check (band in ('standard','medium','high'));
    alter table risk_assessment add column thrive jsonb;
    alter table risk_assessment add column ndm_notes text;
    alter table risk_assessment add column professional_judgement jsonb not null default '[]';
    alter table risk_assessment add column marac_criteria jsonb;
    alter table risk_assessment add column screens jsonb not null default '{}';
    alter table risk_assessment add column hba_indicators boolean not null default false;
    alter table risk_assessment add column escalate_to_investigation boolean not null default false;
    alter table risk_assessment add column needs_supervisor_review boolean not null default false;
    -- Defence in depth for the rule gradeDecision enforces: never below the band without a reason and a review.
    alter table risk_assessment add constraint final_grade_below_band_has_reason check (
      assessor_grade is null or band is null
      or array_position(array['standard','medium','high'], assessor_grade) >= array_position(array['standard','medium','high'], band)
      or (btrim(coalesce(rationale, '')) <> '' and needs_supervisor_review)
    );

    create table systems_check (
      incident_id uuid not null references incident(id),
      system text not null,
      result text not null check (result in ('not-checked','nothing-found','information-found')),
      note text,
      recorded_by uuid references app_user(id),
      recorded_at timestamptz not null,
      version integer not null default 1,
      primary key (incident_id, system)
    );

    create table screen_response (
      incident_id uuid not null references incident(id),
      instrument text not null,
      instrument_version text not null,
      answers jsonb not null,
      recorded_by uuid references app_user(id),
      recorded_at timestamptz not null,
      version integer not null default 1,
      primary key (incident_id, instrument)
    );

    create index task_incident_type on task (incident_id, type);
    create index app_user_team_role on app_user (team_id, role);

  `.execute(db);
  await sql`insert into setting (key, value) values (${SYSTEMS_CHECKLIST_SETTING}, ${JSON.stringify(DEFAULT_SYSTEMS)}::jsonb) on conflict do nothing`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
