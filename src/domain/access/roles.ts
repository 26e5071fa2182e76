/** The people who use Safeguard: the safeguarding unit's staff, partner agencies' staff, and the accounts that run it. */
export const ROLES = [
  'assessor',
  'coordinator',
  'researcher',
  'support',
  'victimcare',
  'supervisor',
  'partner',
  'auditor',
  'admin',
  'integration',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  assessor: 'Risk assessor',
  coordinator: 'DA coordinator',
  researcher: 'Research assistant',
  support: 'DA support officer',
  victimcare: 'Victim care officer',
  supervisor: 'Supervisor',
  partner: 'Partner agency',
  auditor: 'Auditor',
  admin: 'Administrator',
  integration: 'Integration (API only)',
};

/** Roles that must use a second factor outside demo mode. */
export const ROLES_REQUIRING_TOTP: ReadonlySet<Role> = new Set(['admin', 'supervisor']);

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
