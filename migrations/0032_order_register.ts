import { sql, type Kysely } from 'kysely';

// The order register: protective notices and orders (DVPN, DVPO, DAPN, DAPO, restraining and non-molestation orders,
// bail conditions, Stalking Protection Orders) with their subject, the people they protect, structured conditions,
// who authorised a notice and their rank, the statutory clocks (hearing due, DAPO notification due) and breaches.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create sequence protective_order_number;
    create table protective_order (
      id uuid primary key default gen_random_uuid(),
      reference text not null unique,
      type text not null,
      subject_person_id uuid not null references person(id),
      incident_id uuid references incident(id),
      -- A DVPO or DAPO made at the hearing of a notice points to that notice.
      follows_order_id uuid references protective_order(id),
      starts_at timestamptz not null,
      ends_at timestamptz,
      hearing_due_by timestamptz,
      notification_due_by timestamptz,
      notified_at timestamptz,
      authorised_by_name text,
      authorised_by_rank text,
      conditions jsonb not null default '[]',
      positive_requirements text,
      electronic_monitoring boolean not null default false,
      status text not null default 'in-force'
        check (status in ('in-force', 'heard', 'ended', 'lapsed', 'discharged')),
      outcome text,
      outcome_reason text,
      outcome_at timestamptz,
      recorded_by uuid references app_user(id),
      created_at timestamptz not null,
      version integer not null default 1
    );
    create index protective_order_subject on protective_order (subject_person_id);
    create index protective_order_hearing_due on protective_order (hearing_due_by) where status = 'in-force' and hearing_due_by is not null;
    create index protective_order_ends on protective_order (ends_at) where status = 'in-force';

    create table protective_order_person (
      order_id uuid not null references protective_order(id),
      person_id uuid not null references person(id),
      primary key (order_id, person_id)
    );
    create index protective_order_person_person on protective_order_person (person_id);

    create table order_breach (
      id uuid primary key default gen_random_uuid(),
      order_id uuid not null references protective_order(id),
      incident_id uuid references incident(id),
      occurred_at timestamptz not null,
      description text not null,
      action_taken text,
      recorded_by uuid references app_user(id),
      recorded_at timestamptz not null
    );
    create index order_breach_order on order_breach (order_id, occurred_at desc);
    create index order_breach_incident on order_breach (incident_id) where incident_id is not null;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
