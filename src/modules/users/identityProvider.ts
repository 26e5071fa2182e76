import { lockStands } from '../../domain/access/lockout.ts';
import type { RoleFromClaim } from '../../domain/access/roleClaim.ts';
import { type Actor, systemActor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import * as repo from './repository.ts';
import { actorFromUser, type UserRow } from './actor.ts';

/** A person as the force's identity provider vouches for them. */
export interface FederatedIdentity {
  subject: string;
  username?: string;
  displayName?: string;
  email?: string;
  role: RoleFromClaim;
  teamCode?: string;
}

export const FEDERATED_REFUSALS = [
  'unknown-role',
  'ambiguous-role',
  'disabled',
  'locked',
  'api-only',
  'no-username',
  'subject-mismatch',
  'partner-without-agency',
] as const;
export type FederatedRefusal = (typeof FEDERATED_REFUSALS)[number];

export type FederatedSignInResult =
  { kind: 'signed-in'; user: UserRow; provisioned: boolean } | { kind: 'refused'; reason: FederatedRefusal };

interface Deps {
  db: Db;
  audit: AuditTrail;
  clock: Clock;
}

/**
 * Finds the account by the provider's subject, else by username (linking the subject on first use), else
 * creates it just in time. The provider's role claim is authoritative: a changed role is applied here and
 * ends the user's other sessions, as an administrator's change would.
 */
export async function signInWithIdentityProvider(
  deps: Deps,
  identity: FederatedIdentity,
  requestId?: string,
): Promise<FederatedSignInResult> {
  const { db } = deps;
  const bySubject = await repo.findUserByOidcSubject(db, identity.subject);
  const byName = !bySubject && identity.username ? await repo.findUserByUsername(db, identity.username) : undefined;
  const existing = bySubject ?? byName;
  const refuse = (reason: FederatedRefusal) => recordRefusal(deps, identity, existing, reason, requestId);

  // The username belongs to someone already linked to a different identity: not this person's account.
  if (byName?.oidc_subject) return recordRefusal(deps, identity, undefined, 'subject-mismatch', requestId, byName);
  if (existing?.disabled_at) return refuse('disabled');
  if (lockStands(existing?.locked_at, deps.clock.now())) return refuse('locked');
  if (existing?.role === 'integration') return refuse('api-only');
  if (identity.role.kind === 'none') return refuse('unknown-role');
  if (identity.role.kind === 'ambiguous') return refuse('ambiguous-role');
  const role = identity.role.role;
  // An agency is chosen by an administrator; a partner account cannot be made or switched to from a claim.
  if (role === 'partner' && !existing?.agency_id) return refuse('partner-without-agency');
  const team = identity.teamCode ? await repo.findTeamByCode(db, identity.teamCode) : undefined;

  if (!existing) {
    if (!identity.username) return refuse('no-username');
    const user = await provision(deps, identity, identity.username, role, team?.id ?? null, requestId);
    return { kind: 'signed-in', user, provisioned: true };
  }
  const changes: Parameters<typeof repo.updateFederatedUser>[2] = {};
  if (!existing.oidc_subject) changes.oidc_subject = identity.subject;
  if (existing.role !== role) Object.assign(changes, { role, ...(role === 'partner' ? {} : { agency_id: null }) });
  if (team && team.id !== existing.team_id) changes.team_id = team.id;
  if (Object.keys(changes).length === 0) return { kind: 'signed-in', user: existing, provisioned: false };
  const user = await db.transaction().execute(async (trx) => {
    const updated = await repo.updateFederatedUser(trx, existing.id, changes);
    if (changes.role || changes.team_id) await repo.deleteSessionsOf(trx, existing.id);
    await deps.audit.record(trx, federatedActor(identity, updated, requestId), {
      category: 'alteration',
      action: 'user-updated',
      recordType: 'user',
      recordIds: [existing.id],
      details: { source: 'identity-provider', role, previousRole: existing.role, subjectLinked: Boolean(changes.oidc_subject) },
    });
    return updated;
  });
  return { kind: 'signed-in', user, provisioned: false };
}

function provision(deps: Deps, identity: FederatedIdentity, username: string, role: string, teamId: string | null, requestId?: string) {
  return deps.db.transaction().execute(async (trx) => {
    const user = await repo.insertFederatedUser(trx, {
      username,
      displayName: identity.displayName || username,
      email: identity.email || null,
      role,
      teamId,
      subject: identity.subject,
    });
    await deps.audit.record(trx, federatedActor(identity, user, requestId), {
      category: 'collection',
      action: 'user-created',
      recordType: 'user',
      recordIds: [user.id],
      details: { source: 'identity-provider', role },
    });
    return user;
  });
}

async function recordRefusal(
  deps: Deps,
  identity: FederatedIdentity,
  user: UserRow | undefined,
  reason: FederatedRefusal,
  requestId?: string,
  concerning: UserRow | undefined = user,
): Promise<FederatedSignInResult> {
  await deps.db.transaction().execute(async (trx) => {
    await repo.recordSignInAttempt(trx, {
      userId: concerning?.id ?? null,
      username: concerning?.username ?? identity.username ?? identity.subject,
      at: deps.clock.now(),
      succeeded: false,
      reason: `oidc-${reason}`,
    });
    await deps.audit.record(trx, federatedActor(identity, user, requestId), {
      category: 'security',
      action: 'sign-in-refused',
      outcome: 'refused',
      recordType: 'user',
      recordIds: concerning ? [concerning.id] : [],
      reason,
      details: { method: 'oidc', claimedRole: identity.role.kind === 'role' ? identity.role.role : identity.role.kind },
    });
  });
  return { kind: 'refused', reason };
}

/** A response that was not for the sign-in this browser started, or that the provider refused: nobody to name. */
export async function recordIdentityProviderFailure(deps: Deps, error: string, requestId?: string): Promise<void> {
  await deps.audit.record(
    deps.db,
    { ...systemActor('identity-provider'), via: 'web', requestId },
    {
      category: 'security',
      action: 'sign-in-refused',
      outcome: 'refused',
      reason: 'response-invalid',
      details: { method: 'oidc', error },
    },
  );
}

/** The user when we know them; otherwise the identity provider acting for a person we have no account for. */
function federatedActor(identity: FederatedIdentity, user: UserRow | undefined, requestId?: string): Actor {
  if (user) return actorFromUser(user, 'web', requestId);
  return { ...systemActor(identity.username ?? `oidc:${identity.subject}`), via: 'web', requestId };
}
