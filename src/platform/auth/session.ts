import connectPgSimple from 'connect-pg-simple';
import type express from 'express';
import session from 'express-session';
import type pg from 'pg';
import type { Clock } from '../clock.ts';

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    signedInAt?: number;
    lastSeenAt?: number;
    pendingUserId?: string;
    pendingMethod?: 'password' | 'oidc';
    proposedTotpSecret?: string;
    oidc?: { state: string; nonce: string; codeVerifier: string };
    flash?: { heading?: string; html?: string; text?: string };
  }
}

export interface SessionOptions {
  pool: pg.Pool;
  secret: string;
  production: boolean;
  absoluteMs: number;
}

export const SESSION_COOKIE_DEV = 'safeguard.sid';
export const SESSION_COOKIE_PRODUCTION = '__Host-safeguard.sid';

/** Server-side sessions in PostgreSQL; the cookie carries only the signed session id. */
export function sessionMiddleware(options: SessionOptions): express.RequestHandler {
  const PgStore = connectPgSimple(session);
  return session({
    name: options.production ? SESSION_COOKIE_PRODUCTION : SESSION_COOKIE_DEV,
    store: new PgStore({ pool: options.pool, tableName: 'session', createTableIfMissing: false, pruneSessionInterval: false }),
    secret: options.secret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: options.production, path: '/', maxAge: options.absoluteMs },
  });
}

export type SessionExpiry = 'idle-timeout' | 'absolute-timeout' | undefined;

/** Idle and absolute timeouts are judged against the injected clock, so tests can move time. */
export function sessionExpiry(s: session.SessionData, clock: Clock, idleMs: number, absoluteMs: number): SessionExpiry {
  const now = clock.now().getTime();
  if (s.signedInAt !== undefined && now - s.signedInAt > absoluteMs) return 'absolute-timeout';
  if (s.lastSeenAt !== undefined && now - s.lastSeenAt > idleMs) return 'idle-timeout';
  return undefined;
}

export function regenerate(req: express.Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((e) => (e ? reject(e) : resolve())));
}

export function destroy(req: express.Request): Promise<void> {
  return new Promise((resolve) => req.session.destroy(() => resolve()));
}

export function save(req: express.Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((e) => (e ? reject(e) : resolve())));
}
