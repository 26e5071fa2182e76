import type { Selectable } from 'kysely';
import { isRole } from '../../domain/access/roles.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import type { AppUserTable } from '../../platform/db/schema.ts';

export type UserRow = Selectable<AppUserTable>;

/** The actor a signed-in user (or their API token) acts as, for the policy module and the audit trail. */
export function actorFromUser(
  user: Pick<UserRow, 'id' | 'username' | 'display_name' | 'role' | 'team_id' | 'agency_id'>,
  via: Actor['via'],
  requestId?: string,
): Actor {
  if (!isRole(user.role)) throw new Error(`Unknown role ${user.role}`);
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    teamId: user.team_id,
    agencyId: user.agency_id,
    via,
    requestId,
  };
}
