import { sql, type Insertable, type Updateable } from 'kysely';
import type { ApiTokenTable, AppUserTable } from '../../platform/db/schema.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';

export const userColumns = [
  'app_user.id',
  'app_user.username',
  'app_user.display_name',
  'app_user.email',
  'app_user.role',
  'app_user.team_id',
  'app_user.agency_id',
  'app_user.totp_enabled',
  'app_user.must_change_password',
  'app_user.locked_at',
  'app_user.disabled_at',
  'app_user.created_at',
  'app_user.version',
] as const;

export function findUserByUsername(db: Executor, username: string) {
  return db
    .selectFrom('app_user')
    .selectAll()
    .where(sql<boolean>`lower(username) = lower(${username})`)
    .executeTakeFirst();
}

/** True when there is at least one account, disabled or not. */
export async function anyAccount(db: Executor): Promise<boolean> {
  return (await db.selectFrom('app_user').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export function findUserById(db: Executor, id: string) {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserWithOrganisation(db: Executor, id: string) {
  return db
    .selectFrom('app_user')
    .leftJoin('team', 'team.id', 'app_user.team_id')
    .leftJoin('agency', 'agency.id', 'app_user.agency_id')
    .select([...userColumns, 'team.name as team_name', 'agency.name as agency_name', 'agency.code as agency_code'])
    .where('app_user.id', '=', id)
    .executeTakeFirst();
}

export function listUsers(db: Executor) {
  return db
    .selectFrom('app_user')
    .leftJoin('team', 'team.id', 'app_user.team_id')
    .leftJoin('agency', 'agency.id', 'app_user.agency_id')
    .select([...userColumns, 'team.name as team_name', 'agency.name as agency_name'])
    .orderBy('app_user.username')
    .execute();
}

/** Marks the point from which failures count again (an administrator's reset); not itself a failure. */
export const LOCKOUT_RESET_REASON = 'reset-by-administrator';

/** Marks the end of a lock that ran its course (LOCKOUT_DURATION_MS); failures before it no longer count. */
export const LOCK_EXPIRED_REASON = 'lock-expired';

/** Failed sign-ins from one client address since `since`, whichever accounts they named. */
export function countFailedSignInsFrom(db: Executor, address: string, since: Date) {
  return db
    .selectFrom('sign_in_attempt')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('address', '=', address)
    .where('succeeded', '=', false)
    .where('attempted_at', '>=', since)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

/** Records the TOTP step just accepted; false when that step (or a later one) was already used: a replay. */
export async function claimTotpStep(db: Executor, userId: string, step: number): Promise<boolean> {
  const claimed = await db
    .updateTable('app_user')
    .set({ totp_last_step: String(step) })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/** Failed sign-ins since `since` and after the last administrator reset or expired lock. */
export function countFailedSignIns(db: Executor, userId: string, since: Date) {
  return db
    .selectFrom('sign_in_attempt')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('succeeded', '=', false)
    .where('attempted_at', '>=', since)
    .where(
      sql<boolean>`id > coalesce((select max(r.id) from sign_in_attempt r where r.user_id = ${userId} and r.reason in (${LOCKOUT_RESET_REASON}, ${LOCK_EXPIRED_REASON})), 0)`,
    )
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export function recordSignInAttempt(
  db: Executor,
  attempt: { userId: string | null; username: string; at: Date; succeeded: boolean; reason?: string; address?: string },
) {
  return db
    .insertInto('sign_in_attempt')
    .values({
      user_id: attempt.userId,
      username: attempt.username.slice(0, 200),
      attempted_at: attempt.at,
      succeeded: attempt.succeeded,
      reason: attempt.reason ?? null,
      address: attempt.address ?? null,
    })
    .execute();
}

/** Ends every server session of a user at once (disable, reset, lock). */
export function deleteSessionsOf(db: Executor, userId: string) {
  return db.deleteFrom('session').where('user_id', '=', userId).execute();
}

export async function teamExists(db: Executor, id: string): Promise<boolean> {
  return Boolean(await db.selectFrom('team').select('id').where('id', '=', id).executeTakeFirst());
}

export async function agencyExists(db: Executor, id: string): Promise<boolean> {
  return Boolean(await db.selectFrom('agency').select('id').where('id', '=', id).executeTakeFirst());
}

/** The names of these users (the ids of who recorded or decided something), for another module's page. */
export function displayNamesOf(db: Executor, ids: readonly string[]) {
  return db
    .selectFrom('app_user')
    .select(['id', 'display_name'])
    .where('id', 'in', [...ids])
    .execute();
}

export function listTeams(db: Executor) {
  return db.selectFrom('team').selectAll().orderBy('name').execute();
}

export function listAgencies(db: Executor) {
  return db.selectFrom('agency').selectAll().orderBy('name').execute();
}

export function findApiTokenUser(db: Db, tokenHash: string) {
  return db
    .selectFrom('api_token')
    .innerJoin('app_user', 'app_user.id', 'api_token.user_id')
    .select([...userColumns, 'api_token.id as token_id'])
    .where('api_token.token_hash', '=', tokenHash)
    .where('api_token.revoked_at', 'is', null)
    .executeTakeFirst();
}

export function findUserByOidcSubject(db: Executor, subject: string) {
  return db.selectFrom('app_user').selectAll().where('oidc_subject', '=', subject).executeTakeFirst();
}

export function findTeamByCode(db: Executor, code: string) {
  return db
    .selectFrom('team')
    .select(['id', 'code'])
    .where(sql<boolean>`lower(code) = lower(${code})`)
    .executeTakeFirst();
}

export function insertFederatedUser(
  db: Executor,
  user: { username: string; displayName: string; email: string | null; role: string; teamId: string | null; subject: string },
) {
  return db
    .insertInto('app_user')
    .values({
      username: user.username,
      display_name: user.displayName,
      email: user.email,
      role: user.role,
      team_id: user.teamId,
      oidc_subject: user.subject,
      password_hash: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateFederatedUser(
  db: Executor,
  id: string,
  changes: { oidc_subject?: string; role?: string; team_id?: string; agency_id?: null },
) {
  return db
    .updateTable('app_user')
    .set({ ...changes, version: (eb) => eb('version', '+', 1) })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The administrator's home-page figures: active users, accounts whose lock still stands, teams and agencies. */
export async function accountCounts(db: Executor, lockedSince: Date) {
  const { rows } = await sql<{ active: string; locked: string; teams: string; agencies: string }>`
    select (select count(*) from app_user where disabled_at is null) as active,
           (select count(*) from app_user where locked_at > ${lockedSince}) as locked,
           (select count(*) from team) as teams,
           (select count(*) from agency) as agencies`.execute(db);
  const r = rows[0];
  return { activeUsers: Number(r.active), lockedAccounts: Number(r.locked), teams: Number(r.teams), agencies: Number(r.agencies) };
}

/**
 * Changes an account and bumps its version; with `expectedVersion`, only if nobody changed it since (optimistic
 * locking). The changed account's id and username, or undefined when there is no such account (or it moved on).
 */
export function changeUser(db: Executor, id: string, changes: Updateable<AppUserTable>, expectedVersion?: number) {
  let query = db
    .updateTable('app_user')
    .set({ ...changes, version: (eb) => eb('version', '+', 1) })
    .where('id', '=', id);
  if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
  return query.returning(['id', 'username']).executeTakeFirst();
}

export function insertUser(db: Executor, values: Insertable<AppUserTable>) {
  return db.insertInto('app_user').values(values).returning('id').executeTakeFirstOrThrow();
}

export function insertApiToken(db: Executor, values: Insertable<ApiTokenTable>) {
  return db.insertInto('api_token').values(values).execute();
}

export function markApiTokenUsed(db: Executor, tokenId: string, at: Date) {
  return db.updateTable('api_token').set({ last_used_at: at }).where('id', '=', tokenId).execute();
}

export async function teamCodeTaken(db: Executor, code: string): Promise<boolean> {
  return !!(await db.selectFrom('team').select('id').where('code', '=', code).executeTakeFirst());
}

export function insertTeam(db: Executor, values: { code: string; name: string }) {
  return db.insertInto('team').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function agencyCodeTaken(db: Executor, code: string): Promise<boolean> {
  return !!(await db.selectFrom('agency').select('id').where('code', '=', code).executeTakeFirst());
}

export function insertAgency(db: Executor, values: { code: string; name: string; kind: string }) {
  return db.insertInto('agency').values(values).returning('id').executeTakeFirstOrThrow();
}
