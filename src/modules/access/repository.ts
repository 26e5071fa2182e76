import type { Executor } from '../../platform/db/executor.ts';

export interface NewGrant {
  personId: string;
  userId: string;
  kind: 'grant' | 'break-glass';
  reason: string;
  grantedBy: string | null;
  expiresAt: Date | null;
}

export async function insertGrant(db: Executor, g: NewGrant, now: Date): Promise<string> {
  const row = await db
    .insertInto('access_grant')
    .values({
      person_id: g.personId,
      user_id: g.userId,
      kind: g.kind,
      reason: g.reason,
      granted_by: g.grantedBy,
      granted_at: now,
      expires_at: g.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Which of these people are open to the user now: an unrevoked grant or break-glass that has not run out. */
export async function openedTo(db: Executor, userId: string, personIds: readonly string[] | null, now: Date): Promise<string[]> {
  if (personIds !== null && personIds.length === 0) return [];
  let q = db
    .selectFrom('access_grant')
    .select('person_id')
    .distinct()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]));
  if (personIds !== null) q = q.where('person_id', 'in', [...personIds]);
  const rows = await q.execute();
  return rows.map((r) => r.person_id);
}

/** Every grant and break-glass on a person, newest first. */
export function grantsOn(db: Executor, personId: string) {
  return db
    .selectFrom('access_grant')
    .select(['id', 'kind', 'reason', 'user_id', 'granted_by', 'granted_at', 'expires_at', 'revoked_at'])
    .where('person_id', '=', personId)
    .orderBy('granted_at', 'desc')
    .execute();
}

export async function revokeGrant(db: Executor, id: string, personId: string, by: string | null, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('access_grant')
    .set({ revoked_at: now, revoked_by: by })
    .where('id', '=', id)
    .where('person_id', '=', personId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
