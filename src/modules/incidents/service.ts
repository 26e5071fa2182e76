import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import { assertAllowed } from '../../platform/auth/access.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import * as repo from './repository.ts';
import { taskRecords } from '../tasks/index.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reading incidents: every read names the people shown in its consultation event. */
export class IncidentService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
  ) {}

  /*
   * The incident's own record is changed only here, inside the caller's transaction: triage stores MARAC criteria
   * worked out again when the linked history changes, grading marks the incident graded with its final criteria and
   * team, and a merge (or its undoing) moves the incident parties recorded from the moved mentions.
   */

  /** Stores MARAC criteria worked out again for an incident not yet graded. */
  recordMaracCriteria(trx: Executor, incidentId: string, criteria: { criterion: string; reason: string }[]) {
    return repo.recordMaracCriteria(trx, incidentId, criteria);
  }

  /** Optimistic: only if nobody graded or changed the incident since the page was read; undefined when someone did. */
  markGraded(trx: Executor, incidentId: string, version: number, change: Parameters<typeof repo.markGraded>[3]) {
    return repo.markGraded(trx, incidentId, version, change);
  }

  /** A merge (or its undoing) moves the incident parties recorded from these mentions to another person. */
  moveParties(trx: Executor, mentionIds: string[], to: string) {
    return repo.movePartiesOfMentions(trx, mentionIds, to);
  }

  /** DA incidents recorded (a count, not personal data). */
  count(): Promise<number> {
    return repo.countIncidents(this.db);
  }

  /**
   * The people an incident is about, as ids only (nothing of them is read out): a refused look at the incident, or at
   * its assessment, is recorded against them so it shows in their "who has looked" log.
   */
  async peopleIn(incidentId: string): Promise<string[]> {
    if (!UUID.test(incidentId)) return [];
    const parties = await repo.partiesOfIncident(this.db, incidentId);
    return [...new Set(parties.map((p) => p.person_id).filter((id): id is string => id !== null))];
  }

  /**
   * What a referral may share from an incident, read in the referral's transaction: the incident, its parties as
   * linked, and its current risk grade (the assessor's final grade, else the officer's). The caller checks access and
   * records the disclosure of whatever it takes from this.
   */
  async forReferral(trx: Executor, incidentId: string) {
    const incident = await repo.findIncident(trx, incidentId);
    if (!incident) return undefined;
    const parties = await repo.partiesOfIncident(trx, incident.id);
    const assessments = await repo.riskAssessmentsOfIncident(trx, incident.id);
    const grade =
      assessments.find((a) => a.assessor_grade)?.assessor_grade ?? assessments.find((a) => a.officer_grade)?.officer_grade ?? null;
    return { incident, parties, grade };
  }

  /**
   * Incidents by id or force reference (e.g. "DA-2026-000123", any case), for another module's record that links to
   * one; the caller checks access and audits. Unknown keys are simply absent.
   */
  async identify(db: Executor, keys: { ids?: string[]; references?: string[] }) {
    const rows = await repo.incidentsNamed(db, {
      ids: (keys.ids ?? []).filter((id) => UUID.test(id)),
      references: (keys.references ?? []).map((r) => r.trim().toUpperCase()),
    });
    return rows.map((r) => ({ id: r.id, reference: r.reference, reportedAt: r.reported_at, classification: r.classification }));
  }

  /** Incidents of a period with a victim and a suspect (ids only), newest first: for building records that follow them. */
  async victimSuspectPairs(db: Executor, period: { from: Date; before: Date }, limit = 500) {
    const rows = await repo.victimSuspectPairs(db, period, limit);
    return rows.map((r) => ({
      incidentId: r.id,
      reference: r.reference,
      reportedAt: r.reported_at,
      victimId: r.victim_id!,
      suspectId: r.suspect_id!,
    }));
  }

  /** Incidents of a period with their victim, latest grade and her incidents in the year (ids only), oldest first. */
  async victimIncidentsBetween(db: Executor, period: { from: Date; before: Date }, limit = 2000) {
    const rows = await repo.victimIncidentsBetween(db, period, limit);
    return rows.map((r) => ({
      incidentId: r.id,
      reference: r.reference,
      reportedAt: new Date(r.reported_at),
      victimId: r.victim_id!,
      grade: r.grade,
      incidentsInYear: r.incidents_in_year,
    }));
  }

  /** An incident found by its reference, for another module's form (a reference and a date: not personal data). */
  async findByReference(db: Executor, reference: string) {
    const row = await repo.findIncidentByReference(db, reference);
    return row && { id: row.id, reference: row.reference, reportedAt: row.reported_at, classification: row.classification };
  }

  /**
   * These incidents' references and dates with the people each is about, for another module's list: the caller
   * records its consultation naming those people in the same transaction.
   */
  async summaries(db: Executor, incidentIds: readonly string[]) {
    const rows = await repo.incidentSummaries(db, incidentIds);
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      reportedAt: r.reported_at,
      classification: r.classification,
      personIds: r.person_ids ?? [],
    }));
  }

  async view(actor: Actor, incidentId: string) {
    return this.db.transaction().execute(async (trx) => {
      const incident = await repo.findIncident(trx, incidentId);
      if (!incident) return undefined;
      const parties = await repo.partiesOfIncident(trx, incident.id);
      const subjects = parties.map((p) => p.person_id).filter((id): id is string => id !== null);
      // The route's guard has decided the actor's relationship to these people (platform/auth/route.ts).
      assertAllowed(actor, 'incident:view', undefined, subjects);
      const riskAssessments = await repo.riskAssessmentsOfIncident(trx, incident.id);
      const tasks = await taskRecords.tasksOfIncident(trx, incident.id);
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'incident-viewed',
        subjects,
        recordType: 'incident',
        recordIds: [incident.id],
      });
      return { incident, parties, riskAssessments, tasks };
    });
  }
}
