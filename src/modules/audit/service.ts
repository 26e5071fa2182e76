import type { Actor } from '../../platform/audit/actor.ts';
import { type AuditTrail, type ChainVerification, verifyAuditChain } from '../../platform/audit/auditTrail.ts';
import type { Db } from '../../platform/db/database.ts';
import { assertAllowed } from '../../platform/auth/access.ts';
import { eventName } from '../../domain/audit/eventNames.ts';
import * as repo from './repository.ts';
import { csvLine } from './csv.ts';

export const AUDIT_SEARCH_PAGE_SIZE = 50;
/** The most events one export holds (the newest); the page says when the filter matches more. */
export const AUDIT_EXPORT_LIMIT = 10_000;

type EventRow = Awaited<ReturnType<typeof repo.searchAuditEvents>>[number];
type Identity = Awaited<ReturnType<typeof repo.identitiesOf>>[number];

/** Each event with its readable name and the people it names (identity only). */
function describe(events: EventRow[], people: Map<string, Identity>) {
  return events.map((e) => ({
    ...e,
    name: eventName(e.action, e.outcome),
    subjects: e.subject_person_ids.map((id) => people.get(id) ?? { id, given_name: '', family_name: '', date_of_birth: null }),
  }));
}

const subjectIdsOf = (events: EventRow[]) => [...new Set(events.flatMap((e) => e.subject_person_ids))];

/**
 * The auditor's search of the audit trail: by person, user, dates and category. Reading the log is itself a
 * consultation of everyone the events shown name, recorded in the same transaction.
 */
export class AuditLogService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
  ) {}

  /** Events recorded and refused accesses among them (counts, not personal data). */
  eventCounts() {
    return repo.eventCounts(this.db);
  }

  /** Checks the whole hash chain and records that it was checked, with the result. */
  async verifyChain(actor: Actor): Promise<ChainVerification> {
    assertAllowed(actor, 'audit:verify');
    const result = await verifyAuditChain(this.db);
    await this.audit.record(this.db, actor, {
      category: 'security',
      action: 'audit-chain-verified',
      details: { ok: result.ok, events: result.events, broken: result.broken.map((b) => b.id) },
    });
    return result;
  }

  async search(actor: Actor, filter: repo.AuditFilter, page: number) {
    assertAllowed(actor, 'audit:search');
    return this.db.transaction().execute(async (trx) => {
      const offset = (Math.max(1, page) - 1) * AUDIT_SEARCH_PAGE_SIZE;
      const rows = await repo.searchAuditEvents(trx, filter, { limit: AUDIT_SEARCH_PAGE_SIZE + 1, offset });
      const events = rows.slice(0, AUDIT_SEARCH_PAGE_SIZE);
      const matching = await repo.countAuditEvents(trx, filter, AUDIT_EXPORT_LIMIT + 1);
      const subjectIds = subjectIdsOf(events);
      const people = new Map((await repo.identitiesOf(trx, subjectIds)).map((p) => [p.id, p]));
      const person = filter.personId ? ((await repo.identitiesOf(trx, [filter.personId]))[0] ?? null) : null;
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'audit-log-searched',
        subjects: [...(filter.personId ? [filter.personId] : []), ...subjectIds],
        recordType: 'audit_event',
        details: { filter: describeFilter(filter), page, shown: events.length },
      });
      return { events: describe(events, people), more: rows.length > AUDIT_SEARCH_PAGE_SIZE, matching, person };
    });
  }

  /** The newest events matching the filter (up to AUDIT_EXPORT_LIMIT) as CSV; the export is itself audited. */
  async export(actor: Actor, filter: repo.AuditFilter): Promise<string> {
    assertAllowed(actor, 'audit:export');
    return this.db.transaction().execute(async (trx) => {
      const events = await repo.searchAuditEvents(trx, filter, { limit: AUDIT_EXPORT_LIMIT, offset: 0 });
      const subjectIds = subjectIdsOf(events);
      const people = new Map((await repo.identitiesOf(trx, subjectIds)).map((p) => [p.id, p]));
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'audit-log-exported',
        subjects: [...(filter.personId ? [filter.personId] : []), ...subjectIds],
        recordType: 'audit_event',
        details: { filter: describeFilter(filter), rows: events.length },
      });
      const header = csvLine([
        'event_id',
        'occurred_at',
        'category',
        'event',
        'code',
        'outcome',
        'user',
        'role',
        'people',
        'person_ids',
        'record_type',
        'record_ids',
        'recipient',
        'reason',
        'request_id',
      ]);
      return (
        header +
        describe(events, people)
          .map((e) =>
            csvLine([
              e.id,
              e.occurred_at,
              e.category,
              e.name,
              e.action,
              e.outcome,
              e.actor_label,
              e.actor_role,
              e.subjects.map((s) => `${s.family_name.toUpperCase()}, ${s.given_name}`).join('; '),
              e.subject_person_ids.join(' '),
              e.record_type,
              e.record_ids.join(' '),
              e.recipient,
              e.reason,
              e.request_id,
            ]),
          )
          .join('')
      );
    });
  }
}

function describeFilter(filter: repo.AuditFilter): Record<string, string> {
  return Object.fromEntries(
    Object.entries(filter)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, v instanceof Date ? v.toISOString() : String(v)]),
  );
}
