import type { Role } from '../../domain/access/roles.ts';

export const DEMO_PASSWORD = 'demo-password-change-me';

export const DEMO_TEAMS = [
  { code: 'da-central', name: 'Central DA Safeguarding Team' },
  { code: 'da-north', name: 'North District DA Team' },
  { code: 'da-south', name: 'South District DA Team' },
];

export const DEMO_AGENCIES = [
  { code: 'idva', name: 'Northshire IDVA Service', kind: 'idva' as const },
  { code: 'csc', name: "Northshire Children's Social Care", kind: 'childrens-social-care' as const },
  { code: 'mash', name: 'Northshire MASH', kind: 'mash' as const },
  { code: 'isva', name: 'Northshire ISVA Service', kind: 'isva' as const },
  { code: 'housing', name: 'Northshire Council Housing Options', kind: 'housing' as const },
  { code: 'refuge', name: 'Northshire Women’s Refuge', kind: 'refuge' as const },
];

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  team?: string;
  agency?: string;
}

/** One demo account per role, never created in production; names are invented. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'assessor', displayName: 'Amira Shah', role: 'assessor', team: 'da-central' },
  { username: 'coordinator', displayName: 'Dan Whitfield', role: 'coordinator', team: 'da-central' },
  { username: 'researcher', displayName: 'Rosa Lyons', role: 'researcher', team: 'da-central' },
  { username: 'support', displayName: 'Sam Okafor', role: 'support', team: 'da-north' },
  { username: 'victimcare', displayName: 'Vicky Marsh', role: 'victimcare', team: 'da-south' },
  { username: 'supervisor', displayName: 'Sgt Paul Hendry', role: 'supervisor', team: 'da-central' },
  { username: 'idva', displayName: 'Imogen Hart', role: 'partner', agency: 'idva' },
  { username: 'auditor', displayName: 'Alan Bright', role: 'auditor' },
  { username: 'admin', displayName: 'Ada Fielding', role: 'admin' },
  { username: 'integration', displayName: 'Force systems integration', role: 'integration' },
];
