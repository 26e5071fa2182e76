import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Clock } from '../clock.ts';
import type { AuditEventRow } from '../db/schema.ts';
import type { Executor } from '../db/executor.ts';
import type { Actor } from './actor.ts';

/** DPA 2018 s.62 categories, plus `security` for sign-in events that touch no personal data. */
export const AUDIT_CATEGORIES = ['collection', 'alteration', 'consultation', 'disclosure', 'combination', 'erasure', 'security'] as const;
export type AuditCategory = (typeof AUDIT_CATEGORIES)[number];

export interface AuditEntry {
  category: AuditCategory;
  action: string;
  outcome?: 'allowed' | 'refused';
  subjects?: string[];
  recordType?: string;
  recordIds?: string[];
  recipient?: string;
  reason?: string;
  details?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);
const CHAIN_LOCK = 0x5a_fe_a0_d1;

/** The canonical content a row's hash covers: every column except id and the hashes, in a fixed order. */
export function canonicalContent(row: Omit<AuditEventRow, 'id' | 'hash' | 'prev_hash'>): string {
  return JSON.stringify([
    new Date(row.occurred_at).toISOString(),
    row.category,
    row.action,
    row.outcome,
    row.actor_user_id,
    row.actor_label,
    row.actor_role,
    [...row.subject_person_ids],
    row.record_type,
    [...row.record_ids],
    row.recipient,
    row.reason,
    row.request_id,
    sortKeys(row.details),
  ]);
}

export function chainHash(prevHash: string, content: string): string {
  return crypto.createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * Appends events to the hash-chained audit trail. Always called with the transaction that makes the change
 * (or reads the data), so the event and what it records commit or fail together.
 */
export class AuditTrail {
  constructor(private readonly clock: Clock) {}

  async record(trx: Executor, actor: Actor, entry: AuditEntry): Promise<void> {
    await this.recordMany(trx, actor, [entry]);
  }

  async recordMany(db: Executor, actor: Actor, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // An event written on its own (a refusal, a sign-out) still takes the chain's order inside a transaction of its
    // own: outside one the lock would last a single statement and two writers could follow the same event.
    if (!db.isTransaction) return db.transaction().execute((trx) => this.recordMany(trx, actor, entries));
    const trx = db;
    // One writer at a time extends the chain; the lock is released when the transaction ends.
    await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(trx);
    const last = await trx.selectFrom('audit_event').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
    let prevHash = last?.hash ?? GENESIS_HASH;
    const occurredAt = this.clock.now();
    const rows = entries.map((entry) => {
      const content = {
        occurred_at: occurredAt,
        category: entry.category,
        action: entry.action,
        outcome: entry.outcome ?? 'allowed',
        actor_user_id: actor.userId,
        actor_label: actor.username,
        actor_role: actor.role,
        subject_person_ids: unique(entry.subjects ?? []),
        record_type: entry.recordType ?? null,
        record_ids: unique(entry.recordIds ?? []),
        recipient: entry.recipient ?? null,
        reason: entry.reason ?? null,
        request_id: actor.requestId ?? null,
        details: entry.details ?? {},
      };
      const hash = chainHash(prevHash, canonicalContent(content));
      const row = { ...content, details: JSON.stringify(content.details), prev_hash: prevHash, hash };
      prevHash = hash;
      return row;
    });
    await trx.insertInto('audit_event').values(rows).execute();
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

export interface ChainVerification {
  ok: boolean;
  /** Every event read. */
  events: number;
  /** Every event that does not match its content or does not follow the event before it, in order. */
  broken: { id: string; problem: string }[];
}

/**
 * Re-computes every row's hash in order and names every row whose content or link does not match. Each row is checked
 * against its own stored link and the row before it, so one edit or removal is named once and later tampering is not
 * hidden behind it.
 */
export async function verifyAuditChain(db: Executor, batchSize = 5000): Promise<ChainVerification> {
  let prevHash = GENESIS_HASH;
  let lastId = '0';
  let events = 0;
  const broken: ChainVerification['broken'] = [];
  for (;;) {
    const rows = await db
      .selectFrom('audit_event')
      .selectAll()
      .where(sql<boolean>`id > ${lastId}::bigint`)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    for (const row of rows) {
      if (row.prev_hash !== prevHash) {
        broken.push({ id: row.id, problem: 'does not follow the previous event (a row was removed or re-ordered)' });
      } else if (chainHash(row.prev_hash, canonicalContent(row)) !== row.hash) {
        broken.push({ id: row.id, problem: 'its content does not match its hash (the row was edited)' });
      }
      prevHash = row.hash;
      events += 1;
    }
    if (rows.length < batchSize) return { ok: broken.length === 0, events, broken };
    lastId = rows[rows.length - 1].id;
  }
}
