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

/**
 * express-session sends a response's headers before its own end-of-request save has finished, so a browser
 * can follow a 303 and ask for the next page before the session (a flash message, a new sign-in step) is
 * stored — a race that loses the message on a busy machine. Every redirect therefore waits for the save.
 * A session holding nothing but its cookie is not saved (saveUninitialized stays false in effect).
 */
export function saveSessionBeforeRedirect(req: express.Request, res: express.Response, next: express.NextFunction): void {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = ((...args: unknown[]) => {
    const s = req.session as (session.Session & Record<string, unknown>) | undefined;
    if (!s || Object.keys(s).every((k) => k === 'cookie')) return redirect(...args);
    s.save((err) => (err ? next(err) : redirect(...args)));
  }) as express.Response['redirect'];
  next();
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
