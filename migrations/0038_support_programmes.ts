import { sql, type Kysely } from 'kysely';

// Support programmes (issue 19): panic alarms issued to victims (their review and activations), Second Responder
// follow-up visits, and One Stop Shop events with the victims seen there.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create sequence panic_alarm_number;
    create table panic_alarm (
      id uuid primary key default gen_random_uuid(),
      reference text not null unique,
      person_id uuid not null references person(id),
      device text not null,
      serial_number text not null,
      installer text not null,
      issued_on date not null,
      review_due_on date not null,
      returned_on date,
      return_reason text,
      notes text,
      -- The open review or return task raised for it (src/domain/support/alarmRules.ts), if any.
      task_id uuid,
      task_kind text,
      recorded_by uuid references app_user(id),
      created_at timestamptz not null,
      version integer not null default 1
    );
    create index panic_alarm_person on panic_alarm (person_id);
    create index panic_alarm_review on panic_alarm (review_due_on) where returned_on is null;
    create unique index panic_alarm_serial_out on panic_alarm (serial_number) where returned_on is null;
    create table panic_alarm_activation (
      id uuid primary key default gen_random_uuid(),
      alarm_id uuid not null references panic_alarm(id),
      activated_at timestamptz not null,
      incident_id uuid references incident(id),
      outcome text not null,
      recorded_by uuid references app_user(id),
      created_at timestamptz not null
    );
    create index panic_alarm_activation_alarm on panic_alarm_activation (alarm_id, activated_at desc);

    create sequence second_responder_visit_number;
    create table second_responder_visit (
      id uuid primary key default gen_random_uuid(),
      reference text not null unique,
      person_id uuid not null references person(id),
      incident_id uuid not null references incident(id),
      incident_at timestamptz not null,
      visit_at timestamptz not null,
      visitors text not null,
      outcome text,
      outcome_notes text,
      referrals_made text[] not null default '{}',
      completed_at timestamptz,
      recorded_by uuid references app_user(id),
      created_at timestamptz not null,
      version integer not null default 1
    );
    create index second_responder_visit_person on second_responder_visit (person_id);
    create index second_responder_visit_incident on second_responder_visit (incident_id);
    create index second_responder_visit_at on second_responder_visit (visit_at desc);

    create sequence one_stop_shop_event_number;
    create table one_stop_shop_event (
      id uuid primary key default gen_random_uuid(),
      reference text not null unique,
      held_on date not null,
      starts_at text not null,
      venue text not null,
      agencies text[] not null default '{}',
      notes text,
      recorded_by uuid references app_user(id),
      created_at timestamptz not null,
      version integer not null default 1
    );
    create index one_stop_shop_event_on on one_stop_shop_event (held_on desc);
    create table one_stop_shop_attendee (
      id uuid primary key default gen_random_uuid(),
      event_id uuid not null references one_stop_shop_event(id),
      person_id uuid not null references person(id),
      consent_given boolean not null,
      consent_notes text,
      referrals_made text[] not null default '{}',
      recorded_by uuid references app_user(id),
      created_at timestamptz not null,
      unique (event_id, person_id)
    );
    create index one_stop_shop_attendee_person on one_stop_shop_attendee (person_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
