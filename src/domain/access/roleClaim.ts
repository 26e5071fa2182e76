import { type Role, isRole } from './roles.ts';

export type RoleFromClaim = { kind: 'role'; role: Role } | { kind: 'none' } | { kind: 'ambiguous'; roles: Role[] };

/** Roles the identity provider may grant: the API-only service account never signs in through a browser. */
const GRANTABLE = (role: Role) => role !== 'integration';

/**
 * The Safeguard role named by the identity provider's role claim: a string or a list of strings, each a role
 * code (`assessor`), case-insensitive, optionally prefixed `safeguard.` as app roles are named in Entra ID.
 * Values that name no Safeguard role are ignored; more than one distinct role is ambiguous, never guessed.
 */
export function roleFromClaim(claim: unknown): RoleFromClaim {
  const values = Array.isArray(claim) ? claim : [claim];
  const roles = new Set<Role>();
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const code = value
      .trim()
      .toLowerCase()
      .replace(/^safeguard\./, '');
    if (isRole(code) && GRANTABLE(code)) roles.add(code);
  }
  if (roles.size === 0) return { kind: 'none' };
  if (roles.size > 1) return { kind: 'ambiguous', roles: [...roles].sort() };
  return { kind: 'role', role: [...roles][0] };
}
