import { sql } from 'kysely';
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

export function countFailedSignIns(db: Executor, userId: string, since: Date) {
  return db
    .selectFrom('sign_in_attempt')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('succeeded', '=', false)
    .where('attempted_at', '>=', since)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export function recordSignInAttempt(
  db: Executor,
  attempt: { userId: string | null; username: string; at: Date; succeeded: boolean; reason?: string },
) {
  return db
    .insertInto('sign_in_attempt')
    .values({
      user_id: attempt.userId,
      username: attempt.username.slice(0, 200),
      attempted_at: attempt.at,
      succeeded: attempt.succeeded,
      reason: attempt.reason ?? null,
    })
    .execute();
}

/** Ends every server session of a user at once (disable, reset, lock). */
export function deleteSessionsOf(db: Executor, userId: string) {
  return db.deleteFrom('session').where('user_id', '=', userId).execute();
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
