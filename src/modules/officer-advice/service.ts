import { assertAllowed } from '../../platform/auth/access.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import type { IncidentService } from '../incidents/index.ts';
import type { UserService } from '../users/index.ts';
import { officerAdviceName } from '../../domain/officerAdvice/advice.ts';
import * as repo from './repository.ts';
import type { AdviceForm } from './schemas.ts';

export const ADVICE_PAGE_SIZE = 50;

export interface OfficerAdvice {
  id: string;
  incidentId: string;
  incidentReference: string;
  officerName: string;
  collarNumber: string;
  advisedAt: Date;
  advice: string[];
  /** The advice in words, in the order given. */
  adviceNames: string[];
  notes: string;
  advisedBy: string | null;
}

/** A form the log cannot take: each problem names its field. */
export class AdviceRejected extends Error {
  constructor(readonly problems: { field: string; message: string }[]) {
    super(problems.map((p) => p.message).join('; '));
  }
}

/**
 * The officer advice log: what the DA unit advised an officer attending an incident (arrest, DVPN, safeguarding,
 * evidence), linked to the incident. Advice is about the incident's people: recording and reading it are audited
 * against them in the same transaction.
 */
export class OfficerAdviceService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly incidents: IncidentService,
    /** Who gave the advice, by name. */
    private readonly users: Pick<UserService, 'displayNames'>,
  ) {}

  /** The incident a reference names, for the form (a reference and a date: not personal data). */
  incidentNamed(reference: string) {
    return this.incidents.findByReference(this.db, reference);
  }

  async record(actor: Actor, form: AdviceForm): Promise<{ id: string; incidentId: string }> {
    assertAllowed(actor, 'officer-advice:record', { relationship: 'force' }, [], 'collection');
    const now = this.clock.now();
    if (form.advisedAt.getTime() > now.getTime() + 5 * 60_000)
      throw new AdviceRejected([{ field: 'advised-day', message: 'The advice must have been given now or in the past' }]);
    return this.db.transaction().execute(async (trx) => {
      const incident = await this.incidents.findByReference(trx, form.incidentReference);
      if (!incident)
        throw new AdviceRejected([{ field: 'incidentReference', message: `No incident has the reference ${form.incidentReference}` }]);
      const [summary] = await this.incidents.summaries(trx, [incident.id]);
      const row = await repo.insertAdvice(trx, { ...form, incidentId: incident.id, advisedBy: actor.userId }, now);
      await this.audit.record(trx, actor, {
        category: 'collection',
        action: 'officer-advice-recorded',
        subjects: summary?.personIds ?? [],
        recordType: 'officer-advice',
        recordIds: [row.id, incident.id],
        details: { incident: incident.reference, collarNumber: form.collarNumber, advice: form.advice },
      });
      return { id: row.id, incidentId: incident.id };
    });
  }

  /** The log, newest first, filtered by incident reference or officer; every incident's people recorded as consulted. */
  async list(actor: Actor, filter: { incidentReference?: string; officer?: string; page: number }) {
    assertAllowed(actor, 'officer-advice:view', { relationship: 'force' });
    return this.db.transaction().execute(async (trx) => {
      let incidentId: string | undefined;
      if (filter.incidentReference) {
        incidentId = (await this.incidents.findByReference(trx, filter.incidentReference))?.id;
        if (!incidentId) return { advice: [], unknownReference: true };
      }
      const rows = await repo.listAdvice(trx, {
        incidentId,
        officer: filter.officer,
        limit: ADVICE_PAGE_SIZE + 1,
        offset: (filter.page - 1) * ADVICE_PAGE_SIZE,
      });
      const more = rows.length > ADVICE_PAGE_SIZE;
      const advice = await this.shown(trx, actor, rows.slice(0, ADVICE_PAGE_SIZE), { list: true, page: filter.page });
      return { advice, more, unknownReference: false };
    });
  }

  /** The advice given about one incident, for the incident's pages, recorded as a consultation of its people. */
  async ofIncident(actor: Actor, incidentId: string): Promise<OfficerAdvice[]> {
    assertAllowed(actor, 'officer-advice:view', { relationship: 'force' });
    return this.db.transaction().execute(async (trx) => {
      const rows = await repo.listAdvice(trx, { incidentId, limit: 100, offset: 0 });
      return rows.length ? this.shown(trx, actor, rows, { incident: incidentId }) : [];
    });
  }

  private async shown(trx: Executor, actor: Actor, rows: Awaited<ReturnType<typeof repo.listAdvice>>, details: Record<string, unknown>) {
    const incidents = new Map((await this.incidents.summaries(trx, [...new Set(rows.map((r) => r.incident_id))])).map((i) => [i.id, i]));
    await this.audit.record(trx, actor, {
      category: 'consultation',
      action: 'officer-advice-viewed',
      subjects: [...incidents.values()].flatMap((i) => i.personIds),
      recordType: 'officer-advice',
      recordIds: rows.map((r) => r.id),
      details,
    });
    const names = await this.users.displayNames(
      trx,
      rows.map((r) => r.advised_by),
    );
    return rows.map((r): OfficerAdvice => ({
      id: r.id,
      incidentId: r.incident_id,
      incidentReference: incidents.get(r.incident_id)?.reference ?? '',
      officerName: r.officer_name,
      collarNumber: r.collar_number,
      advisedAt: r.advised_at,
      advice: r.advice,
      adviceNames: r.advice.map(officerAdviceName),
      notes: r.notes,
      advisedBy: (r.advised_by && names.get(r.advised_by)) ?? null,
    }));
  }
}
