import { sql, type Kysely } from 'kysely';

// Who may open a restricted person's record beyond the named officer owning their case: an explicit grant (a
// supervisor or administrator names the user, says why and, if they wish, until when; it can be revoked) or
// break-glass (the user gives their reason and is let in for a limited time; a supervisor is given a task to review it).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table access_grant (
      id uuid primary key default gen_random_uuid(),
      person_id uuid not null references person(id),
      user_id uuid not null references app_user(id),
      kind text not null check (kind in ('grant', 'break-glass')),
      reason text not null check (length(trim(reason)) > 0),
      granted_by uuid references app_user(id),
      granted_at timestamptz not null,
      expires_at timestamptz,
      revoked_at timestamptz,
      revoked_by uuid references app_user(id),
      check (kind = 'grant' or expires_at is not null)
    );
    create index access_grant_user on access_grant (user_id, person_id) where revoked_at is null;
    create index access_grant_person on access_grant (person_id);
  `.execute(db);
}
