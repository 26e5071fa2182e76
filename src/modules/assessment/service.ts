import type { ListScope } from '../../domain/access/relationship.ts';
import { type PeopleService } from '../people/index.ts';
import type { OrderService } from '../orders/index.ts';
import type { DvdsService } from '../dvds/index.ts';
import { decideFinalGrade } from '../../domain/assessment/finalGrade.ts';
import { followOnTasks } from '../../domain/assessment/followOnTasks.ts';
import { professionalJudgementReasons } from '../../domain/assessment/professionalJudgement.ts';
import { type CheckResult } from '../../domain/assessment/systemsChecklist.ts';
import { type RiskGrade } from '../../domain/risk/grades.ts';
import type { InstrumentDefinition } from '../../domain/risk/instrument.ts';
import { HBA_SCREEN } from '../../domain/risk/instruments.ts';
import { hbaIndicated } from '../../domain/triage/priority.ts';
import { recordReprioritised, reprioritiseTriageAfter } from '../triage/index.ts';
import { hbaIndicatorsPresent } from '../../domain/risk/screens.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import { singleError, type GovukErrors } from '../../platform/forms.ts';
import * as repo from './repository.ts';
import type { IncidentService } from '../incidents/index.ts';
import { taskRecords } from '../tasks/index.ts';
import { THRIVE, type GradeForm } from './schemas.ts';
import {
  AssessmentConflict,
  answersOf,
  incidentFor,
  maracCriteriaFor,
  officerAssessment,
  raiseFollowOnTasks,
  SCREENS,
} from './assessedIncident.ts';
import { assessmentPage } from './assessmentPage.ts';

export { AssessmentConflict, AssessmentNotFound } from './assessedIncident.ts';
export type { ResearchedPerson } from './assessmentPage.ts';

/** Intake stores the officer's questionnaire through here, in its own transaction: assessments own risk_assessment. */
export function recordOfficerAssessment(trx: Executor, officer: Parameters<typeof repo.insertOfficerAssessment>[1]) {
  return repo.insertOfficerAssessment(trx, officer);
}

export class AssessmentService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly people: PeopleService,
    /** Owns the incident: grading marks it graded through it. */
    private readonly incidents: Pick<IncidentService, 'markGraded'>,
    private readonly orders: Pick<OrderService, 'about' | 'breachesAbout'>,
    private readonly dvds?: DvdsService,
  ) {}

  /** Everything the assessor needs on one page; every person it shows is recorded as consulted, in the same transaction. */
  view(actor: Actor, incidentId: string, access: { closed?: readonly string[]; scope?: ListScope } = {}) {
    return assessmentPage(
      { db: this.db, audit: this.audit, people: this.people, orders: this.orders, dvds: this.dvds },
      actor,
      incidentId,
      access,
    );
  }

  /** The researcher's systems checks: each row saved only if nobody else changed it since the page was read. */
  async saveSystemsChecks(
    actor: Actor,
    incidentId: string,
    checks: { system: string; result: CheckResult; note?: string; version: number }[],
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const { incident, subjects } = await incidentFor(trx, actor, incidentId, 'assessment:research');
      const at = this.clock.now();
      const saved = await repo.systemsChecksOf(trx, incident.id);
      const changed = checks.filter((c) => {
        const before = saved.find((s) => s.system === c.system);
        if (!before && c.result === 'not-checked' && !c.note) return false;
        return (before?.result ?? 'not-checked') !== c.result || (before?.note ?? undefined) !== c.note || before?.version !== c.version;
      });
      for (const c of changed) {
        const done = await repo.saveSystemsCheck(trx, {
          incidentId: incident.id,
          system: c.system,
          result: c.result,
          note: c.note ?? null,
          recordedBy: actor.userId,
          at,
          version: c.version,
        });
        if (!done) throw new AssessmentConflict('Someone else saved these systems checks after you opened the page.');
      }
      await this.audit.record(trx, actor, {
        category: 'collection',
        action: 'systems-checks-recorded',
        subjects,
        recordType: 'incident',
        recordIds: [incident.id],
        details: { systems: changed.map((c) => ({ system: c.system, result: c.result })) },
      });
    });
  }

  /** The questions of a screen, for the form; undefined when the id names no screen. */
  screen(screenId: string): InstrumentDefinition | undefined {
    return SCREENS.find((s) => s.id === screenId);
  }

  /**
   * Saves a screen's answers. An HBA indicator is escalated to a supervisor at once, whatever the grade: the task is
   * raised now, not when the incident is graded. The HBA screen also re-scores the open triage item (its HBA flag).
   */
  async saveScreen(
    actor: Actor,
    incidentId: string,
    screen: InstrumentDefinition,
    input: { answers: Record<string, string>; version: number },
  ): Promise<{ hbaEscalated: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const { incident, subjects, victimId } = await incidentFor(trx, actor, incidentId, 'assessment:research');
      const at = this.clock.now();
      const done = await repo.saveScreenResponse(trx, {
        incidentId: incident.id,
        instrument: screen.id,
        version: screen.version,
        answers: input.answers,
        recordedBy: actor.userId,
        at,
        rowVersion: input.version,
      });
      if (!done) throw new AssessmentConflict(`Someone else saved the ${screen.title} after you opened the page.`);
      const hbaEscalated =
        screen.id === HBA_SCREEN.id &&
        hbaIndicatorsPresent(answersOf(input.answers)) &&
        !(await taskRecords.hasTask(trx, incident.id, 'hba-escalation'));
      const tasks = hbaEscalated
        ? await raiseFollowOnTasks(
            trx,
            this.clock,
            incident.id,
            victimId,
            followOnTasks({
              finalGrade: 'standard',
              hbaIndicators: true,
              hbaEscalationRaised: false,
              maracCriteria: [],
              needsSupervisorReview: false,
              escalateToInvestigation: false,
              gradedAt: at,
              districtTeamId: null,
              assessorTeamId: actor.teamId,
            }),
            { screen: screen.id },
          )
        : [];
      // The HBA screen's answers set or clear the triage item's HBA flag (+30): the queue's order moves with them, in
      // this transaction, and the move is audited like any other re-prioritisation.
      if (screen.id === HBA_SCREEN.id) {
        const reprioritised = await reprioritiseTriageAfter(trx, [], { alsoIncidentIds: [incident.id] });
        await recordReprioritised(this.audit, trx, actor, reprioritised, {
          because: 'hba-screen-recorded',
          people: subjects,
          recordId: incident.id,
        });
      }
      await this.audit.record(trx, actor, {
        category: 'collection',
        action: 'screen-recorded',
        subjects,
        recordType: 'incident',
        recordIds: [incident.id, ...tasks.map((t) => t.id)],
        details: {
          screen: screen.id,
          version: screen.version,
          yes: Object.values(input.answers).filter((v) => v === 'yes').length,
          tasks: tasks.map((t) => t.type),
        },
      });
      return { hbaEscalated };
    });
  }

  /**
   * The assessor's final grade. Problems come back as GOV.UK errors; on success, in one transaction: the assessment
   * is stored, the triage task done, the incident graded with its MARAC criteria recomputed (professional judgement
   * included), the follow-on tasks raised and the alteration audited.
   */
  async grade(
    actor: Actor,
    incidentId: string,
    form: GradeForm,
  ): Promise<{ ok: true; grade: RiskGrade; tasks: { type: string }[] } | { ok: false; errors: GovukErrors }> {
    return this.db.transaction().execute(async (trx) => {
      const { incident, subjects, victimId, suspectIds } = await incidentFor(trx, actor, incidentId, 'assessment:grade');
      const officerRow = await repo.officerAssessmentOf(trx, incident.id);
      const officer = officerRow ? await officerAssessment(trx, officerRow) : undefined;
      const decision = decideFinalGrade(form.grade, form.rationale, officer);
      if (!decision.ok) {
        return { ok: false, errors: singleError('rationale', decision.errors[0].message) };
      }
      if (form.districtTeam && !(await repo.teamExists(trx, form.districtTeam))) {
        return { ok: false, errors: singleError('districtTeam', 'Choose the district DA team from the list') };
      }

      const at = this.clock.now();
      const screens = await repo.screenResponsesOf(trx, incident.id);
      const hbaAnswers = screens.find((s) => s.instrument === HBA_SCREEN.id)?.answers as Record<string, string> | undefined;
      // An HBA indicator is a "yes" on the HBA screen, or a classification of honour-based abuse (DASH Q4 only prompts the screen).
      const hbaIndicators = hbaIndicated(incident.classification, hbaAnswers && answersOf(hbaAnswers));
      const reasons = professionalJudgementReasons(form.maracReasons, form.maracOther);
      const criteria = await maracCriteriaFor(trx, incident, victimId, suspectIds, officer, reasons);

      const stored = await repo.insertFinalAssessment(trx, {
        incidentId: incident.id,
        instrument: officerRow?.instrument ?? 'assessor-judgement',
        instrumentVersion: officerRow?.instrument_version ?? '1',
        answers: (officerRow?.answers as Record<string, string>) ?? {},
        comments: (officerRow?.comments as Record<string, string>) ?? {},
        officerGrade: officer?.officerGrade ?? null,
        assessorGrade: decision.record.finalGrade,
        band: decision.record.band ?? null,
        yesCount: decision.record.yesCount ?? null,
        rationale: decision.record.rationale,
        thrive: Object.fromEntries(Object.keys(THRIVE).map((k) => [k, form[`thrive-${k as keyof typeof THRIVE}`] ?? ''])),
        ndmNotes: form.ndmNotes ?? null,
        professionalJudgement: reasons,
        maracCriteria: criteria,
        screens: Object.fromEntries(screens.map((s) => [s.instrument, { version: s.instrument_version, answers: s.answers }])),
        hbaIndicators,
        escalateToInvestigation: form.escalateToInvestigation,
        needsSupervisorReview: decision.record.needsSupervisorReview,
        assessedBy: actor.userId,
        at,
      });
      const districtTeamId = form.districtTeam || null;
      const graded = await this.incidents.markGraded(trx, incident.id, form.incidentVersion, {
        maracCriteria: criteria,
        teamId: districtTeamId ?? incident.team_id,
      });
      if (!graded) throw new AssessmentConflict(`Someone else changed or graded ${incident.reference} after you opened the page.`);
      await taskRecords.completeTriage(trx, incident.id, at);
      const tasks = await raiseFollowOnTasks(
        trx,
        this.clock,
        incident.id,
        victimId,
        followOnTasks({
          finalGrade: decision.record.finalGrade,
          hbaIndicators,
          hbaEscalationRaised: await taskRecords.hasTask(trx, incident.id, 'hba-escalation'),
          maracCriteria: criteria.map((c) => c.criterion),
          needsSupervisorReview: decision.record.needsSupervisorReview,
          escalateToInvestigation: form.escalateToInvestigation,
          gradedAt: at,
          districtTeamId,
          assessorTeamId: actor.teamId,
        }),
        { grade: decision.record.finalGrade, assessmentId: stored.id },
      );
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'incident-graded',
        subjects,
        recordType: 'incident',
        recordIds: [incident.id, stored.id, ...tasks.map((t) => t.id)],
        reason: decision.record.rationale ?? undefined,
        details: {
          grade: decision.record.finalGrade,
          band: decision.record.band ?? null,
          officerGrade: officer?.officerGrade ?? null,
          needsSupervisorReview: decision.record.needsSupervisorReview,
          maracCriteria: criteria.map((c) => c.criterion),
          tasks: tasks.map((t) => t.type),
        },
      });
      return { ok: true, grade: decision.record.finalGrade, tasks };
    });
  }
}
