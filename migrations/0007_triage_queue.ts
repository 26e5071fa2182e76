import { sql, type Kysely } from 'kysely';

// The triage queue: each triage task carries its priority score and flags, worked out at intake from the incident
// and the linked history (src/domain/triage/priority.ts), so the queue reads the top of one partial index instead
// of recomputing history for every open item. The SLA per officer grade is a setting an administrator changes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table task add column priority integer not null default 0;
    alter table task add column flags text[] not null default '{}';
    create index task_triage_queue on task (priority desc, due_at, id) where state = 'open' and type = 'triage';
    create index task_triage_assignee on task (assignee_id, priority desc, due_at) where state = 'open' and type = 'triage';
    create index task_triage_flags on task using gin (flags) where state = 'open' and type = 'triage';
    insert into setting (key, value) values ('triage.sla', '{"high": 2, "medium": 24, "standard": 72}') on conflict do nothing;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
