import { sql, type Kysely } from 'kysely';

// Bulk incident import: one import_run per file (found again by its SHA-256, so a re-run resumes or reports the
// finished reconciliation) and one import_row per row, staged by COPY and then taken through intake one by one.
// `raw` is kept only while a row waits and for quarantined rows, so accepted data lives in one place.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table import_run (
      id uuid primary key default gen_random_uuid(),
      file_name text not null,
      sha256 text not null,
      format text not null check (format in ('csv','ndjson')),
      source text not null,
      header text[],
      started_by text not null,
      started_by_user_id uuid references app_user(id),
      started_via text not null check (started_via in ('cli','web')),
      started_at timestamptz not null,
      finished_at timestamptz,
      state text not null default 'processing' check (state in ('processing','finished','failed')),
      failure text,
      total_rows integer not null default 0,
      accepted integer not null default 0,
      duplicate integer not null default 0,
      quarantined integer not null default 0,
      version integer not null default 1,
      unique (sha256, source)
    );
    create index import_run_started on import_run (started_at desc);
    create table import_row (
      run_id uuid not null references import_run(id),
      row_number integer not null,
      raw text,
      outcome text check (outcome in ('accepted','duplicate','quarantined')),
      reason text,
      incident_id uuid references incident(id),
      attempted boolean not null default false,
      primary key (run_id, row_number)
    );
    create index import_row_waiting on import_row (run_id, row_number) where outcome is null;
    create index import_row_quarantined on import_row (run_id, row_number) where outcome = 'quarantined';
    -- Resuming after a crash asks the audit trail whether this import received an incident; also serves
    -- "who touched this record".
    create index audit_event_records on audit_event using gin (record_ids);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
