import { systemActor } from '../../platform/audit/actor.ts';
import type { Services } from '../../services.ts';
import { DEMO_ACCOUNTS, DEMO_AGENCIES, DEMO_PASSWORD, DEMO_TEAMS } from './accounts.ts';

/** True when the database has no users yet: the moment demo mode loads its force. */
export async function databaseIsEmpty(services: Services): Promise<boolean> {
  return !(await services.users.hasAnyAccount());
}

/** Teams, partner agencies and one account per role. Never in production (refused here as well as in config). */
export async function loadDemoOrganisation(services: Services): Promise<void> {
  if (services.config.production) throw new Error('Demo accounts are never created in production');
  const actor = systemActor('demo-loader');
  const teams = new Map<string, string>();
  for (const t of DEMO_TEAMS) teams.set(t.code, await services.users.createTeam(actor, t));
  const agencies = new Map<string, string>();
  for (const a of DEMO_AGENCIES) agencies.set(a.code, await services.users.createAgency(actor, a));
  for (const account of DEMO_ACCOUNTS) {
    await services.users.createUser(actor, {
      username: account.username,
      displayName: account.displayName,
      role: account.role,
      teamId: account.team ? teams.get(account.team) : null,
      agencyId: account.agency ? agencies.get(account.agency) : null,
      password: account.role === 'integration' ? undefined : DEMO_PASSWORD,
    });
  }
}

export function demoAccountsBanner(baseUrl: string): string {
  const lines = DEMO_ACCOUNTS.filter((a) => a.role !== 'integration').map((a) => `  ${a.username.padEnd(12)} ${a.displayName}`);
  return [
    '',
    `Safeguard demo mode (synthetic data only) at ${baseUrl}`,
    `Demo accounts, all with the password "${DEMO_PASSWORD}":`,
    ...lines,
    '  integration  API only: npx safeguard token create --user integration',
    '',
  ].join('\n');
}
