import { sql, type Kysely } from 'kysely';

// The triage queue's "Reported" order: each triage item carries a copy of its incident's reported_at (set when the
// item is raised; an incident's reported time is never changed afterwards), so the order walks one partial index of
// task instead of joining a million incidents and sorting them. Other task types leave it empty.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table task add column reported_at timestamptz;
    update task set reported_at = incident.reported_at
      from incident where incident.id = task.incident_id and task.type = 'triage';
  `.execute(db);
  // Every triage item has an incident in practice; if some old row had none, the rule still holds for new rows.
  const { rows } = await sql<{ missing: boolean }>`
    select exists (select 1 from task where type = 'triage' and reported_at is null) as missing
  `.execute(db);
  const notValid = rows[0]?.missing ? sql`not valid` : sql``;
  await sql`
    alter table task add constraint task_triage_reported_at check (type <> 'triage' or reported_at is not null) ${notValid};
    create index task_triage_reported on task (reported_at, priority desc, id) where state = 'open' and type = 'triage';
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
