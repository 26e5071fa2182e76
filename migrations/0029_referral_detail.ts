import { sql, type Kysely } from 'kysely';

// The detail of a referral to a partner agency: the lawful basis, the victim's consent (and the reason it was
// overridden), exactly which information was shared and what it said when it was sent (the partner reads only that
// copy, never the force's records), when the agency should answer and whether it has been chased; and the referral's
// history: each change of status, and the agency's updates and contact outcomes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table referral
      add column lawful_basis text,
      add column consent text check (consent in ('given', 'refused', 'overridden')),
      add column override_reason text,
      add column shared_fields text[] not null default '{}',
      add column shared_content jsonb not null default '{}',
      add column sent_at timestamptz,
      add column response_due_at timestamptz,
      add column reminded_at timestamptz,
      add constraint referral_override_has_reason check (consent is distinct from 'overridden' or length(trim(override_reason)) > 0),
      add constraint referral_sent_has_consent check (status = 'draft' or consent is null or consent <> 'refused');
    create index referral_awaiting_response on referral (response_due_at) where status = 'sent';
    create index referral_created_by on referral (created_by, created_at desc);
    create index referral_incident on referral (incident_id) where incident_id is not null;

    create table referral_event (
      id uuid primary key default gen_random_uuid(),
      referral_id uuid not null references referral(id),
      kind text not null check (kind in ('status', 'update', 'contact')),
      status text,
      outcome text,
      note text,
      by_user_id uuid references app_user(id),
      -- The agency whose user wrote it; null when the force did.
      by_agency_id uuid references agency(id),
      at timestamptz not null,
      check ((kind = 'status') = (status is not null))
    );
    create index referral_event_referral on referral_event (referral_id, at);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
