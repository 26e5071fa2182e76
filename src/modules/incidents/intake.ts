import { ENGLAND_AND_WALES, type Calendar } from '../../domain/calendar/bankHolidays.ts';
import { londonDateOf } from '../../domain/calendar/london.ts';
import { maracCriteria, type MaracCriterionMet, type Questionnaire } from '../../domain/risk/marac.ts';
import { answersOf, officerAnswerProblems } from '../../domain/risk/officerAnswers.ts';
import type { TaskType } from '../../domain/triage/tasks.ts';
import { currentTriageSla, prioritiseTriage, recordReprioritised, reprioritiseTriageAfter } from '../triage/index.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import { publishedInstrument } from '../instruments/index.ts';
import { type PersonResolver, type LinkOutcome, recordMention } from '../people/index.ts';
import { firstTasks } from './firstTasks.ts';
import * as repo from './repository.ts';
import { recordOfficerAssessment } from '../assessment/index.ts';
import { taskRecords } from '../tasks/index.ts';
import { victimMaracHistory } from './maracHistory.ts';
import type { IncidentInput, PartyInput } from './schemas.ts';

export interface IntakeResult {
  created: boolean;
  id: string;
  reference: string;
  parties: { role: PartyInput['role']; personId: string; link: LinkOutcome }[];
  maracCriteria: { criterion: MaracCriterionMet['criterion']; reason: string }[];
  tasks: { id: string; type: TaskType; dueAt: Date; subjectPersonId: string | null }[];
}

/** The incident passed the schema but intake refuses it (a 422 naming the fields; an import quarantines the row). */
export class IncidentRejected extends Error {
  constructor(readonly errors: { field: string; message: string }[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  }
}

/** The officer's questionnaire does not fit the instrument version it names: nothing was stored. */
export class RiskAssessmentRejected extends IncidentRejected {}

/** How far ahead of Safeguard's clock a sending system's clock may run before its times are refused as in the future. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** reportedAt and occurredAt may not be later than now (on the injected clock) plus a small clock skew. */
function futureTimeProblems(input: IncidentInput, now: Date): { field: string; message: string }[] {
  const latest = now.getTime() + CLOCK_SKEW_MS;
  return (['reportedAt', 'occurredAt'] as const)
    .filter((field) => input[field] !== undefined && new Date(input[field]!).getTime() > latest)
    .map((field) => ({ field, message: `${field} must not be in the future` }));
}

/** A mention's stored link state as the API names it: linked by the engine or a person → matched. */
const linkOutcomeOf = (link: string): LinkOutcome => (link === 'review' || link === 'new' ? link : 'matched');

/**
 * Receiving a DA incident from the force's systems: store it, resolve every party to a person (or to a human
 * decision), work out the MARAC criteria from the linked history and raise the first tasks — one transaction,
 * one audit trail entry per kind of processing. Idempotent on sourceSystem + sourceReference.
 */
export class IncidentIntake {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly people: PersonResolver,
    private readonly calendar: Calendar = ENGLAND_AND_WALES,
  ) {}

  async receive(actor: Actor, input: IncidentInput): Promise<IntakeResult> {
    const future = futureTimeProblems(input, this.clock.now());
    if (future.length > 0) throw new IncidentRejected(future);
    return this.db.transaction().execute(async (trx) => {
      const existing = await repo.findIncidentBySource(trx, input.sourceSystem, input.sourceReference);
      // A repeat is answered as first received, before the answers are checked again: idempotent even after a new
      // version of its instrument is saved.
      if (existing) return this.alreadyReceived(trx, existing);
      const questionnaire = await this.questionnaireOf(trx, input);
      return this.store(trx, actor, input, questionnaire);
    });
  }

  /**
   * The officer's answers with the instrument version they are checked and stored against: the version named, or the
   * instrument's current one. Anything the version does not ask or offer is refused before anything is stored.
   */
  private async questionnaireOf(trx: Executor, input: IncidentInput): Promise<Questionnaire | undefined> {
    const ra = input.riskAssessment;
    if (!ra) return undefined;
    const found = await publishedInstrument(trx, ra.instrument, ra.instrumentVersion);
    if (!found.ok) throw new RiskAssessmentRejected([{ field: `riskAssessment.${found.field}`, message: found.message }]);
    const problems = officerAnswerProblems(found.definition, ra);
    if (problems.length > 0) {
      throw new RiskAssessmentRejected(problems.map((p) => ({ field: `riskAssessment.${p.field}`, message: p.message })));
    }
    return { instrument: found.definition, answers: answersOf(ra) };
  }

  private async store(trx: Executor, actor: Actor, input: IncidentInput, questionnaire?: Questionnaire): Promise<IntakeResult> {
    const now = this.clock.now();
    const reportedAt = new Date(input.reportedAt);
    const occurredAt = input.occurredAt ? new Date(input.occurredAt) : null;
    const incident = await repo.insertIncident(trx, {
      reference: await repo.nextIncidentReference(trx, Number(londonDateOf(reportedAt).slice(0, 4))),
      sourceSystem: input.sourceSystem,
      sourceReference: input.sourceReference,
      reportedAt,
      occurredAt,
      locationAddress: input.location?.address ?? null,
      locationPostcode: input.location?.postcode ?? null,
      classification: input.classification,
      relationship: input.relationship ?? null,
      narrative: input.narrative ?? null,
      createdAt: now,
    });

    const parties: IntakeResult['parties'] = [];
    const linked: string[] = [];
    for (const party of input.parties) {
      const mention = await recordMention(trx, {
        incidentId: incident.id,
        sourceSystem: input.sourceSystem,
        role: party.role,
        details: { ...party.person },
        createdAt: now,
      });
      // Two parties to one incident are never the same person: each resolves with the others excluded.
      const resolution = await this.people.resolve(trx, actor, {
        mentionId: mention.id,
        details: party.person,
        excludePersonIds: linked,
        at: now,
      });
      linked.push(resolution.personId);
      await repo.insertParty(trx, {
        incidentId: incident.id,
        mentionId: mention.id,
        personId: resolution.personId,
        role: party.role,
        present: party.present ?? null,
        school: party.school ?? null,
      });
      parties.push({ role: party.role, personId: resolution.personId, link: resolution.link });
    }

    if (input.riskAssessment && questionnaire) {
      await recordOfficerAssessment(trx, {
        incidentId: incident.id,
        instrument: input.riskAssessment.instrument,
        version: questionnaire.instrument.version,
        answers: input.riskAssessment.answers,
        comments: input.riskAssessment.comments ?? {},
        officerGrade: input.riskAssessment.officerGrade,
        officerRationale: input.riskAssessment.officerRationale || null,
        at: reportedAt,
      });
    }

    const criteria = await this.maracCriteriaFor(trx, incident.id, occurredAt ?? reportedAt, parties, questionnaire);
    const maracCriteria = criteria.map((c) => ({ criterion: c.criterion, reason: c.reason }));
    await repo.recordMaracCriteria(trx, incident.id, maracCriteria);
    const sla = await currentTriageSla(trx);
    const personIds = parties.map((p) => p.personId);
    const tasks = await taskRecords.raise(trx, firstTasks(incident.id, input, personIds, now, sla, this.calendar));
    await prioritiseTriage(trx, incident.id);
    // A suspect linked to one more victim may now be a serial suspect: their other open triage items move with them.
    const suspectIds = parties.filter((p) => p.role === 'suspect').map((p) => p.personId);
    const reprioritised = await reprioritiseTriageAfter(trx, suspectIds, { exceptIncidentId: incident.id });
    await recordReprioritised(this.audit, trx, actor, reprioritised, {
      because: 'incident-received',
      people: suspectIds,
      recordId: incident.id,
    });
    await this.audit.record(trx, actor, {
      category: 'collection',
      action: 'incident-received',
      subjects: parties.map((p) => p.personId),
      recordType: 'incident',
      recordIds: [incident.id],
      details: { sourceSystem: input.sourceSystem, parties: parties.length },
    });
    return {
      created: true,
      id: incident.id,
      reference: incident.reference,
      parties,
      maracCriteria,
      tasks: tasks.map((t) => ({ id: t.id, type: t.type as TaskType, dueAt: t.due_at, subjectPersonId: t.subject_person_id })),
    };
  }

  private async maracCriteriaFor(
    trx: Executor,
    incidentId: string,
    occurredAt: Date,
    parties: IntakeResult['parties'],
    questionnaire: Questionnaire | undefined,
  ) {
    const victim = parties.find((p) => p.role === 'victim')!;
    return maracCriteria({
      current: {
        incidentId,
        occurredAt,
        victimId: victim.personId,
        suspectIds: parties.filter((p) => p.role === 'suspect').map((p) => p.personId),
      },
      questionnaire,
      ...(await victimMaracHistory(trx, victim.personId, occurredAt)),
    });
  }

  private async alreadyReceived(
    trx: Executor,
    existing: { id: string; reference: string; marac_criteria: unknown },
  ): Promise<IntakeResult> {
    const parties = await repo.partiesOfIncident(trx, existing.id);
    const tasks = await taskRecords.tasksOfIncident(trx, existing.id);
    return {
      created: false,
      id: existing.id,
      reference: existing.reference,
      parties: parties.map((p) => ({ role: p.role as PartyInput['role'], personId: p.person_id!, link: linkOutcomeOf(p.link) })),
      maracCriteria: existing.marac_criteria as IntakeResult['maracCriteria'],
      tasks: tasks.map((t) => ({ id: t.id, type: t.type as TaskType, dueAt: t.due_at, subjectPersonId: t.subject_person_id })),
    };
  }
}
