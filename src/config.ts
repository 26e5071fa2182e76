import path from 'node:path';
import { z } from 'zod';
import { BROAD_SEARCH_DETAILS } from './modules/people/index.ts';

const DEFAULT_SESSION_SECRET = 'dev-only-session-secret-change-me';

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  MIGRATION_DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('.data'),
  SESSION_SECRET: z.string().min(16).default(DEFAULT_SESSION_SECRET),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(15),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(12),
  DEMO_MODE: z.enum(['auto', 'on', 'off']).default('auto'),
  DEMO_INCIDENTS: z.coerce.number().int().positive().default(3000),
  PERSON_SEARCH_BROAD_AT: z.coerce.number().int().nonnegative().default(BROAD_SEARCH_DETAILS),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_REDIRECT_URL: z.string().url().optional(),
  OIDC_ROLE_CLAIM: z.string().min(1).default('roles'),
  OIDC_TEAM_CLAIM: z.string().min(1).optional(),
  OIDC_PROVIDER_NAME: z.string().min(1).default('your force account'),
  BASE_URL: z.string().url().optional(),
});

export interface Config {
  env: 'development' | 'test' | 'production';
  production: boolean;
  port: number;
  databaseUrl?: string;
  migrationDatabaseUrl?: string;
  dataDir: string;
  sessionSecret: string;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  demoMode: 'auto' | 'on' | 'off';
  demoIncidents: number;
  /** Recorded details a person search may read before it reads people's current details only (SearchOptions). */
  personSearchBroadAt: number;
  logLevel: string;
  baseUrl: string;
  oidc?: OidcConfig;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  redirectUrl: string;
  roleClaim: string;
  teamClaim?: string;
  providerName: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && e.SESSION_SECRET === DEFAULT_SESSION_SECRET) {
    throw new ConfigError('SESSION_SECRET must be set to a long random value in production');
  }
  if (production && e.DEMO_MODE === 'on') {
    throw new ConfigError('DEMO_MODE=on is not allowed in production');
  }
  const baseUrl = e.BASE_URL ?? `http://localhost:${e.PORT}`;
  if (Boolean(e.OIDC_ISSUER) !== Boolean(e.OIDC_CLIENT_ID)) {
    throw new ConfigError('OIDC_ISSUER and OIDC_CLIENT_ID must be set together');
  }
  const oidc: OidcConfig | undefined =
    e.OIDC_ISSUER && e.OIDC_CLIENT_ID
      ? {
          issuer: e.OIDC_ISSUER,
          clientId: e.OIDC_CLIENT_ID,
          clientSecret: e.OIDC_CLIENT_SECRET,
          redirectUrl: e.OIDC_REDIRECT_URL ?? `${baseUrl}/sign-in/oidc/callback`,
          roleClaim: e.OIDC_ROLE_CLAIM,
          teamClaim: e.OIDC_TEAM_CLAIM,
          providerName: e.OIDC_PROVIDER_NAME,
        }
      : undefined;
  if (production && oidc && (!oidc.issuer.startsWith('https://') || !oidc.redirectUrl.startsWith('https://'))) {
    throw new ConfigError('OIDC_ISSUER and the OIDC redirect URL (OIDC_REDIRECT_URL or BASE_URL) must use https in production');
  }
  return {
    env: e.NODE_ENV,
    production,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL ?? e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    sessionSecret: e.SESSION_SECRET,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    demoMode: e.DEMO_MODE,
    demoIncidents: e.DEMO_INCIDENTS,
    personSearchBroadAt: e.PERSON_SEARCH_BROAD_AT,
    logLevel: e.LOG_LEVEL,
    baseUrl,
    oidc,
  };
}
