import type { Role } from '../../domain/access/roles.ts';

/** Who is acting, as the audit trail and the access policy see them. */
export interface Actor {
  userId: string | null;
  username: string;
  displayName: string;
  role: Role | 'system';
  teamId: string | null;
  agencyId: string | null;
  via: 'web' | 'api' | 'cli' | 'system';
  requestId?: string;
}

export const systemActor = (username = 'system'): Actor => ({
  userId: null,
  username,
  displayName: username,
  role: 'system',
  teamId: null,
  agencyId: null,
  via: 'system',
});
