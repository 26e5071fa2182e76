import request from 'supertest';
import { sql } from 'kysely';
import { systemActor } from '../platform/audit/actor.ts';
import { csrfFor, signIn, type TestApp } from '../testing/app.ts';
import type { RouteInventoryEntry } from '../testing/routes.ts';
import type { ProofRoute } from './routeTable.ts';
import type { Agent, ProofWorld } from './world.ts';

/** Sends a route's request as the table says: the right user, real ids, and (for a change) its form token. */
export class RouteDriver {
  private readonly agents = new Map<string, { agent: Agent; csrf?: string; bearer?: string }>();
  constructor(private readonly t: TestApp) {}

  private async session(as: string) {
    let s = this.agents.get(as);
    if (s) return s;
    if (as === 'anonymous') s = { agent: request.agent(this.t.app) };
    else if (as === 'api' || as.endsWith('-api')) {
      const username = as === 'api' ? 'integration' : as.slice(0, -'-api'.length);
      s = { agent: request.agent(this.t.app), bearer: await this.t.services.users.createApiToken(systemActor('proof'), username, 'proof') };
    } else s = { agent: await signIn(this.t.app, as) };
    this.agents.set(as, s);
    return s;
  }

  /** A fresh session for a user (after a request that signs them out). */
  forget(as: string) {
    this.agents.delete(as);
  }

  async send(route: RouteInventoryEntry, row: ProofRoute, w: ProofWorld, body?: Record<string, unknown> | string) {
    const s = await this.session(row.as);
    const url = row.url(w);
    const r = s.agent[route.method](url);
    if (s.bearer) r.set('Authorization', `Bearer ${s.bearer}`);
    if (route.method === 'get') return r;
    if (s.bearer) return typeof body === 'string' ? r.set('Content-Type', 'application/json').send(body) : r.send(body ?? {});
    s.csrf ??= await csrfFor(s.agent, row.as === 'anonymous' ? '/sign-in' : '/');
    if (row.multipart) {
      const token = `_csrf=${encodeURIComponent(s.csrf)}`;
      const withToken = s.agent.post(`${url}${url.includes('?') ? '&' : '?'}${token}`).field('source', 'proof');
      for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>))
        withToken.field(k, typeof v === 'string' ? v : JSON.stringify(v));
      return withToken;
    }
    if (typeof body === 'string') return r.type('form').send(`_csrf=${encodeURIComponent(s.csrf)}&${body}`);
    return r.type('form').send({ ...(body ?? {}), _csrf: s.csrf });
  }
}

/** Tables a refused request may still touch: the session store, the sign-in log, a token's last use and the audit trail. */
const BOOKKEEPING = new Set(['session', 'sign_in_attempt', 'audit_event', 'api_token', 'kysely_migration', 'kysely_migration_lock']);

/** A fingerprint of every business table's content, in one query. */
export async function databaseFingerprint(t: TestApp): Promise<Record<string, string>> {
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(t.services.db);
  const names = tables.map((x) => x.name).filter((n) => !BOOKKEEPING.has(n) && !n.startsWith('pgboss'));
  const parts = names.map(
    (n) =>
      sql`select ${n}::text as name, count(*)::text || ':' || md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as print from ${sql.table(n)} x`,
  );
  const { rows } = await sql<{ name: string; print: string }>`${sql.join(parts, sql` union all `)}`.execute(t.services.db);
  return Object.fromEntries(rows.map((r) => [r.name, r.print]));
}
