import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import { assertAllowed } from '../../platform/auth/access.ts';
import { Conflict } from '../../platform/errors.ts';
import { can } from '../../domain/access/policy.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import { readSetting } from '../../platform/db/settings.ts';
import { isRiskGrade } from '../../domain/risk/grades.ts';
import {
  DEFAULT_ELIGIBILITY,
  WINDOW_CLOSES_HOURS,
  eligibilityProblems,
  isEligible,
  visitTimeProblem,
  visitWindow,
  windowState,
  type EligibilityRule,
  type SupportReferral,
  type VisitOutcome,
  type WindowState,
} from '../../domain/support/secondResponder.ts';
import type { IncidentService } from '../incidents/index.ts';
import type { PeopleService } from '../people/index.ts';
import * as repo from './repository.ts';

export const ELIGIBILITY_SETTING = 'second-responder.eligibility';
const LIST_SIZE = 200;
const HOUR = 3_600_000;

/** The step was refused as a whole: each field's problem, by the field's name in the input. */
export class SupportRefused extends Error {
  constructor(readonly errors: Record<string, string>) {
    super(Object.values(errors).join('; '));
  }
}

/** Someone changed the visit since it was read. */
export class SupportChanged extends Conflict {}

export interface EligibleVictim {
  incidentId: string;
  reference: string;
  reportedAt: Date;
  person: { id: string; name: string };
  grade: string;
  incidentsInYear: number;
  window: { opensAt: Date; closesAt: Date; state: WindowState };
}

export interface VisitSummary {
  id: string;
  reference: string;
  person: { id: string; name: string };
  incident: { id: string; reference: string; reportedAt: Date };
  visitAt: Date;
  visitors: string;
  outcome: VisitOutcome | null;
  outcomeNotes: string | null;
  referralsMade: SupportReferral[];
  completedAt: Date | null;
  closesAt: Date;
  version: number;
}

export interface SupportSources {
  people: PeopleService;
  incidents: IncidentService;
}

/** The Second Responder programme (src/domain/support/secondResponder.ts). */
export class SecondResponderService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly from: SupportSources,
  ) {}

  async peopleIn(id: string): Promise<string[]> {
    const row = await repo.findVisit(this.db, id);
    return row ? [row.person_id] : [];
  }

  /** Which victims the programme lists: a force setting (default: repeat standard- and medium-risk victims). */
  async eligibility(db: Executor = this.db): Promise<EligibilityRule> {
    const value = (await readSetting(db, ELIGIBILITY_SETTING))?.value as Partial<EligibilityRule> | undefined;
    const rule = {
      grades: Array.isArray(value?.grades) ? value.grades.filter(isRiskGrade) : DEFAULT_ELIGIBILITY.grades,
      minIncidents: typeof value?.minIncidents === 'number' ? value.minIncidents : DEFAULT_ELIGIBILITY.minIncidents,
    };
    return Object.keys(eligibilityProblems(rule)).length ? DEFAULT_ELIGIBILITY : rule;
  }

  /** Eligible victims of incidents whose window is still open (or about to open) with no visit yet, soonest closing first. */
  private async eligible(db: Executor): Promise<(Omit<EligibleVictim, 'person'> & { personId: string })[]> {
    const now = this.clock.now();
    const rule = await this.eligibility(db);
    const incidents = await this.from.incidents.victimIncidentsBetween(db, {
      from: new Date(now.getTime() - WINDOW_CLOSES_HOURS * HOUR),
      before: now,
    });
    const candidates = incidents.filter((i) => isEligible(rule, i));
    const visited = new Set(
      (
        await repo.visitsForIncidents(
          db,
          candidates.map((c) => c.incidentId),
        )
      ).map((v) => `${v.incident_id}/${v.person_id}`),
    );
    return candidates
      .filter((c) => !visited.has(`${c.incidentId}/${c.victimId}`))
      .map((c) => {
        const w = visitWindow(c.reportedAt);
        return {
          incidentId: c.incidentId,
          reference: c.reference,
          reportedAt: c.reportedAt,
          personId: c.victimId,
          grade: c.grade!,
          incidentsInYear: c.incidentsInYear,
          window: { opensAt: w.opensAt, closesAt: w.closesAt, state: windowState(c.reportedAt, now) },
        };
      });
  }

  /** The programme's page: eligible victims, visits to make and visits made; a consultation of everyone shown. */
  async list(actor: Actor) {
    assertAllowed(actor, 'support:view', { relationship: 'force' });
    return this.db.transaction().execute(async (trx) => {
      const eligible = (await this.eligible(trx)).slice(0, LIST_SIZE);
      const names = await this.from.people.identitiesOf(trx, [...new Set(eligible.map((e) => e.personId))]);
      const shown: EligibleVictim[] = [];
      for (const e of eligible) {
        const who = names.get(e.personId);
        if (!who || who.mergedInto || who.restricted) continue;
        const { personId, ...rest } = e;
        shown.push({ ...rest, person: { id: personId, name: who.name } });
      }
      const scheduled = await this.summaries(trx, await repo.listVisits(trx, 'scheduled', LIST_SIZE));
      const complete = await this.summaries(trx, await repo.listVisits(trx, 'complete', 50));
      const subjects = [...new Set([...shown, ...scheduled, ...complete].map((x) => x.person.id))];
      if (subjects.length)
        await this.audit.record(trx, actor, {
          category: 'consultation',
          action: 'second-responder-list-viewed',
          subjects,
          recordType: 'second_responder_visit',
          recordIds: [...scheduled, ...complete].map((v) => v.id),
        });
      return { eligible: shown, scheduled, complete, rule: await this.eligibility(trx) };
    });
  }

  /** How many eligible victims wait for a visit, how many windows close within 48 hours, visits to make (counts only). */
  async counts() {
    const eligible = await this.eligible(this.db);
    const v = await repo.countVisits(this.db, this.clock.now());
    return {
      eligible: eligible.length,
      closing: eligible.filter((e) => e.window.state === 'closing').length,
      scheduled: v.scheduled,
      outcomeDue: v.outcomeDue,
    };
  }

  /** The incident and victim the "schedule a visit" form is for (a consultation of her record). */
  async formFor(actor: Actor, incidentId: string, personId: string) {
    assertAllowed(actor, 'support:record', { relationship: 'force' }, [personId], 'collection');
    return this.db.transaction().execute(async (trx) => {
      const found = await this.incidentAndVictim(trx, incidentId, personId);
      if (!found) return undefined;
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'second-responder-form-viewed',
        subjects: [personId],
        recordType: 'incident',
        recordIds: [incidentId],
      });
      return found;
    });
  }

  private async incidentAndVictim(db: Executor, incidentId: string, personId: string) {
    const [incident] = await this.from.incidents.summaries(db, [incidentId]);
    const who = (await this.from.people.identitiesOf(db, [personId])).get(personId);
    if (!incident || !who || who.mergedInto || !incident.personIds.includes(personId)) return undefined;
    const reportedAt = new Date(incident.reportedAt);
    const w = visitWindow(reportedAt);
    return {
      incident: { id: incident.id, reference: incident.reference, reportedAt },
      person: { id: who.id, name: who.name },
      window: { opensAt: w.opensAt, closesAt: w.closesAt, state: windowState(reportedAt, this.clock.now()) },
    };
  }

  /** Schedules a follow-up visit: refused outside the 24-hour to 14-day window after the incident. All or nothing. */
  async schedule(actor: Actor, input: { incidentId: string; personId: string; visitAt: Date; visitors: string }) {
    assertAllowed(actor, 'support:record', { relationship: 'force' }, [input.personId], 'collection');
    return this.db.transaction().execute(async (trx) => {
      const found = await this.incidentAndVictim(trx, input.incidentId, input.personId);
      if (!found) throw new SupportRefused({ personId: 'She is not a victim of that incident' });
      const errors: Record<string, string> = {};
      const problem = visitTimeProblem(found.incident.reportedAt, input.visitAt);
      if (problem) errors.visitAt = problem;
      if (!input.visitors.trim()) errors.visitors = 'Enter who will make the visit';
      if ((await repo.visitsForIncidents(trx, [input.incidentId])).some((v) => v.person_id === input.personId))
        errors.visitAt = 'A visit is already scheduled for her after this incident';
      if (Object.keys(errors).length) throw new SupportRefused(errors);
      const row = await repo.insertVisit(
        trx,
        { ...input, visitors: input.visitors.trim(), incidentAt: found.incident.reportedAt, recordedBy: actor.userId },
        this.clock.now(),
      );
      await this.audit.record(trx, actor, {
        category: 'collection',
        action: 'second-responder-visit-scheduled',
        subjects: [input.personId],
        recordType: 'second_responder_visit',
        recordIds: [row.id],
        details: { incidentId: input.incidentId, visitAt: input.visitAt.toISOString() },
      });
      return row;
    });
  }

  async view(actor: Actor, id: string) {
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.findVisit(trx, id);
      if (!row) return undefined;
      assertAllowed(actor, 'support:view', { relationship: 'force' }, [row.person_id]);
      const [visit] = await this.summaries(trx, [row]);
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'second-responder-visit-viewed',
        subjects: [row.person_id],
        recordType: 'second_responder_visit',
        recordIds: [row.id],
      });
      return visit;
    });
  }

  /** The visit's outcome and the referrals made at it. */
  async recordOutcome(
    actor: Actor,
    id: string,
    input: { version: number; outcome: VisitOutcome; notes: string | null; referrals: SupportReferral[] },
  ) {
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.findVisit(trx, id);
      if (!row) throw new SupportRefused({ visit: 'No visit has that id' });
      assertAllowed(actor, 'support:record', { relationship: 'force' }, [row.person_id], 'alteration');
      if (row.completed_at) throw new SupportRefused({ outcome: 'The outcome of this visit is recorded already' });
      const updated = await repo.recordOutcome(trx, id, input.version, { ...input, at: this.clock.now() });
      if (!updated) throw new SupportChanged('Someone changed this visit since you opened the page');
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'second-responder-outcome-recorded',
        subjects: [row.person_id],
        recordType: 'second_responder_visit',
        recordIds: [row.id],
        details: { outcome: input.outcome, referrals: input.referrals },
      });
      return updated;
    });
  }

  /** Her visits for her page (a consultation when there are any); null for a role that may not read them. */
  async listFor(actor: Actor, personId: string): Promise<VisitSummary[] | null> {
    if (!can(actor, 'support:view')) return null;
    return this.db.transaction().execute(async (trx) => {
      const visits = await this.summaries(trx, await repo.visitsOf(trx, personId));
      if (visits.length)
        await this.audit.record(trx, actor, {
          category: 'consultation',
          action: 'person-support-viewed',
          subjects: [personId],
          recordType: 'second_responder_visit',
          recordIds: visits.map((v) => v.id),
        });
      return visits;
    });
  }

  mayRecord(actor: Actor): boolean {
    return can(actor, 'support:record');
  }

  async moveToSurvivor(trx: Executor, mergedId: string, survivorId: string): Promise<string[]> {
    return repo.moveVisits(trx, mergedId, survivorId);
  }

  async moveBack(trx: Executor, ids: readonly string[], survivorId: string, restoredId: string): Promise<void> {
    return repo.moveVisitsBack(trx, ids, survivorId, restoredId);
  }

  private async summaries(db: Executor, rows: repo.VisitRow[]): Promise<VisitSummary[]> {
    const names = await this.from.people.identitiesOf(db, [...new Set(rows.map((r) => r.person_id))]);
    const incidents = new Map(
      (await this.from.incidents.summaries(db, [...new Set(rows.map((r) => r.incident_id))])).map((i) => [i.id, i]),
    );
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      person: { id: r.person_id, name: names.get(r.person_id)?.name ?? 'Unknown person' },
      incident: {
        id: r.incident_id,
        reference: incidents.get(r.incident_id)?.reference ?? 'incident',
        reportedAt: new Date(r.incident_at),
      },
      visitAt: new Date(r.visit_at),
      visitors: r.visitors,
      outcome: r.outcome as VisitOutcome | null,
      outcomeNotes: r.outcome_notes,
      referralsMade: r.referrals_made as SupportReferral[],
      completedAt: r.completed_at ? new Date(r.completed_at) : null,
      closesAt: visitWindow(new Date(r.incident_at)).closesAt,
      version: r.version,
    }));
  }
}
