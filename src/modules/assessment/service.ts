import { can } from '../../domain/access/policy.ts';
import { decideFinalGrade, suggestedBandOf, type OfficerAssessment } from '../../domain/assessment/finalGrade.ts';
import { followOnTasks } from '../../domain/assessment/followOnTasks.ts';
import { professionalJudgementReasons } from '../../domain/assessment/professionalJudgement.ts';
import {
  RECORDS_NOT_HELD,
  SYSTEMS_CHECKLIST_SETTING,
  systemsChecklistFrom,
  type CheckResult,
} from '../../domain/assessment/systemsChecklist.ts';
import { daysBetween } from '../../domain/calendar/localDate.ts';
import { londonDateOf } from '../../domain/calendar/london.ts';
import { isRiskGrade, type RiskGrade } from '../../domain/risk/grades.ts';
import type { Answers, AnswerValue, InstrumentDefinition } from '../../domain/risk/instrument.ts';
import { HBA_SCREEN, S_DASH } from '../../domain/risk/instruments.ts';
import { maracCriteria, type Questionnaire } from '../../domain/risk/marac.ts';
import { hbaIndicated, triagePriority, type TriageFlag } from '../../domain/triage/priority.ts';
import type { OfficerGrade } from '../../domain/triage/tasks.ts';
import { recordReprioritised, reprioritiseTriageAfter } from '../triage/service.ts';
import {
  hbaIndicatorsPresent,
  hbaScreenOffered,
  screenOfferedWhen,
  screenTriggers,
  stalkingScreenOffered,
  type ScreenTriggers,
} from '../../domain/risk/screens.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import { assertAllowed } from '../../platform/auth/middleware.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import { singleError, type GovukErrors } from '../../platform/forms.ts';
import { instrumentDefinition, latestInstrumentDefinition } from '../instruments/service.ts';
import type { PeopleService } from '../people/service.ts';
import { undecidedIdentities } from '../matches/undecided.ts';
import * as repo from './repository.ts';
import * as taskRecords from '../tasks/records.ts';
import { markIncidentGraded } from '../incidents/service.ts';
import { readSetting } from '../../platform/db/settings.ts';
import { victimMaracHistory } from '../incidents/maracHistory.ts';
import { THRIVE, type GradeForm } from './schemas.ts';

/** Someone else graded the incident, or saved the same checks or screen, since the page was read. */
export class AssessmentConflict extends Error {}

const SCREENS = [S_DASH, HBA_SCREEN];
const YEAR_DAYS = 365;

const answersOf = (values: Record<string, string>, comments: Record<string, string> = {}): Answers =>
  Object.fromEntries(Object.entries(values).map(([id, value]) => [id, { value: value as AnswerValue, comment: comments[id] }]));

type Party = Awaited<ReturnType<typeof repo.partiesOf>>[number];
type History = NonNullable<Awaited<ReturnType<PeopleService['historyFor']>>>;

export interface ResearchedPerson {
  role: 'victim' | 'suspect';
  personId: string;
  restricted: boolean;
  name: string;
  /** The likeliest open possible match this person is on either side of: their history may be incomplete. */
  undecidedMatchId?: string;
  history?: History & {
    previousIncidents: History['chronology'];
    maracReferrals: History['chronology'];
    children: History['relationships'];
  };
}

/** Why the incident stood where it did in the triage queue: the stored score of its triage item and the reasons for it. */
function triageItemPriority(tasks: Awaited<ReturnType<typeof taskRecords.tasksWithHoldersOf>>, maracCriteria: { criterion: string }[]) {
  const item = tasks.find((t) => t.type === 'triage');
  if (!item) return undefined;
  const officerGrade = (item.details as { officerGrade?: OfficerGrade | null }).officerGrade ?? null;
  const { reasons } = triagePriority({
    officerGrade,
    flags: item.flags as TriageFlag[],
    maracCriteria: maracCriteria.map((c) => c.criterion),
  });
  return { score: item.priority, reasons, open: item.state === 'open' };
}

/** The assessment of one incident: reading the whole picture, recording research, and setting the final grade. */
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
  ) {}

  /** Everything the assessor needs on one page; every person it shows is recorded as consulted, in the same transaction. */
  async view(actor: Actor, incidentId: string) {
    return this.db.transaction().execute(async (trx) => {
      const incident = await repo.findIncident(trx, incidentId);
      if (!incident) return undefined;
      const parties = await repo.partiesOf(trx, incident.id);
      assertAllowed(
        actor,
        'assessment:view',
        { relationship: 'force' },
        parties.map((p) => p.person_id),
      );
      const occurredAt = new Date(incident.occurred_at ?? incident.reported_at);

      const researched = parties.filter((p) => p.role === 'victim' || p.role === 'suspect');
      const undecided = await undecidedIdentities(
        trx,
        researched.map((p) => p.person_id),
      );
      const research: ResearchedPerson[] = [];
      for (const party of researched) {
        const r = await this.research(trx, actor, party, incident.id);
        research.push(r.history ? { ...r, undecidedMatchId: undecided.get(party.person_id) } : r);
      }
      const officerRow = await repo.officerAssessmentOf(trx, incident.id);
      const officer = officerRow ? await this.officerAssessment(trx, officerRow) : undefined;
      const victim = research.find((r) => r.role === 'victim');
      const checks = await repo.systemsChecksOf(trx, incident.id);
      const screens = await repo.screenResponsesOf(trx, incident.id);
      const finalAssessment = await repo.latestFinalAssessmentOf(trx, incident.id);
      const tasks = await taskRecords.tasksWithHoldersOf(trx, incident.id);
      const teams = await repo.teams(trx);
      const systemsSetting = await readSetting(trx, SYSTEMS_CHECKLIST_SETTING);

      const shown = new Set(parties.filter((p) => p.restriction === 'none').map((p) => p.person_id));
      for (const r of research) {
        for (const e of r.history?.chronology ?? []) for (const other of e.otherParties) shown.add(other.personId);
        for (const rel of r.history?.relationships ?? []) shown.add(rel.personId);
      }
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'assessment-viewed',
        subjects: [...shown],
        recordType: 'incident',
        recordIds: [incident.id],
      });

      const systems = systemsChecklistFrom(systemsSetting?.value).map((system) => {
        const saved = checks.find((c) => c.system === system.id);
        return { ...system, result: (saved?.result ?? 'not-checked') as CheckResult, note: saved?.note ?? '', saved };
      });
      const savedScreen = (id: string) => screens.find((s) => s.instrument === id);
      const victimIncidentsInYear = victim?.history
        ? victim.history.chronology.filter((e) => {
            if (e.kind !== 'incident' || e.role !== 'victim') return false;
            const days = daysBetween(londonDateOf(e.at), londonDateOf(occurredAt));
            return days >= 0 && days < YEAR_DAYS;
          }).length
        : 1;
      const dash = officer?.answers;
      // The screens follow the officer's version, else its instrument's latest, else DASH 2009 with a note saying so.
      const triggers = officer?.triggers.instrument;
      return {
        incident,
        parties: parties.map((p) => ({ ...p, restricted: p.restriction !== 'none' })),
        officer: officer && officerRow ? { ...officer, ...suggestedBandOf(officer), row: officerRow } : undefined,
        research,
        canLink: can(actor, 'person:link', { relationship: 'force' }),
        systems,
        // Orders and Clare's Law are not held in Safeguard yet: the page says so and points to their systems checks.
        recordsNotHeld: RECORDS_NOT_HELD.map((r) => ({ record: r.record, check: systems.find((s) => s.id === r.check.id)! })),
        screens: [
          {
            definition: S_DASH,
            offered: stalkingScreenOffered({
              dash,
              victimIncidentCountLast12Months: victimIncidentsInYear,
              instrument: triggers,
            }),
            why: screenOfferedWhen(S_DASH.id, triggers),
            saved: savedScreen(S_DASH.id),
          },
          {
            definition: HBA_SCREEN,
            offered: dash !== undefined && hbaScreenOffered(dash, triggers),
            why: screenOfferedWhen(HBA_SCREEN.id, triggers),
            saved: savedScreen(HBA_SCREEN.id),
            indicators: hbaIndicatorsPresent(answersOf((savedScreen(HBA_SCREEN.id)?.answers as Record<string, string>) ?? {})),
          },
        ],
        screensNotLoaded: officer?.triggers.notLoaded,
        finalAssessment,
        triagePriority: triageItemPriority(tasks, incident.marac_criteria as { criterion: string }[]),
        tasks,
        teams,
      };
    });
  }

  private async officerAssessment(
    trx: Executor,
    row: NonNullable<Awaited<ReturnType<typeof repo.officerAssessmentOf>>>,
  ): Promise<OfficerAssessment & { known: boolean; triggers: ScreenTriggers }> {
    const stored = await instrumentDefinition(trx, row.instrument, row.instrument_version);
    const latest = stored ? undefined : await latestInstrumentDefinition(trx, row.instrument);
    const triggers = screenTriggers({ code: row.instrument, version: row.instrument_version }, stored, latest);
    return {
      // Shown (and banded) with the instrument's latest wording when the version answered is not loaded, DASH 2009 when
      // the instrument itself is unknown.
      instrument: triggers.instrument,
      known: stored !== undefined,
      triggers,
      answers: answersOf(row.answers as Record<string, string>, row.comments as Record<string, string>),
      officerGrade: isRiskGrade(row.officer_grade) ? row.officer_grade : undefined,
    };
  }

  private async research(trx: Executor, actor: Actor, party: Party, incidentId: string): Promise<ResearchedPerson> {
    const base = {
      role: party.role as ResearchedPerson['role'],
      personId: party.person_id,
      restricted: party.restriction !== 'none',
      name: `${party.given_name} ${party.family_name}`,
    };
    // A restricted record stays out of the package unless the actor may see it (break-glass is a later issue).
    if (!can(actor, 'person:view', { relationship: 'force', restricted: base.restricted })) {
      return { ...base, name: 'Restricted record' };
    }
    const history = await this.people.historyFor(trx, party.person_id);
    if (!history) return base;
    return {
      ...base,
      history: {
        ...history,
        previousIncidents: history.chronology.filter((e) => e.kind === 'incident' && e.incidentId !== incidentId),
        maracReferrals: history.chronology.filter((e) => e.kind === 'marac-referral'),
        children: history.relationships.filter((r) => r.relation === 'child'),
      },
    };
  }

  /** The researcher's systems checks: each row saved only if nobody else changed it since the page was read. */
  async saveSystemsChecks(
    actor: Actor,
    incidentId: string,
    checks: { system: string; result: CheckResult; note?: string; version: number }[],
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const { incident, subjects } = await this.incidentFor(trx, actor, incidentId, 'assessment:research');
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
      const { incident, subjects, victimId } = await this.incidentFor(trx, actor, incidentId, 'assessment:research');
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
        ? await this.raise(
            trx,
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
      const { incident, subjects, victimId, suspectIds } = await this.incidentFor(trx, actor, incidentId, 'assessment:grade');
      const officerRow = await repo.officerAssessmentOf(trx, incident.id);
      const officer = officerRow ? await this.officerAssessment(trx, officerRow) : undefined;
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
      const criteria = await this.maracCriteriaFor(trx, incident, victimId, suspectIds, officer, reasons);

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
      const graded = await markIncidentGraded(trx, incident.id, form.incidentVersion, {
        maracCriteria: criteria,
        teamId: districtTeamId ?? incident.team_id,
      });
      if (!graded) throw new AssessmentConflict(`Someone else changed or graded ${incident.reference} after you opened the page.`);
      await taskRecords.completeTriage(trx, incident.id, at);
      const tasks = await this.raise(
        trx,
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

  private async maracCriteriaFor(
    trx: Executor,
    incident: { id: string; occurred_at: Date | null; reported_at: Date },
    victimId: string | undefined,
    suspectIds: string[],
    questionnaire: Questionnaire | undefined,
    professionalJudgementReasons: string[],
  ) {
    if (!victimId) return [];
    const occurredAt = new Date(incident.occurred_at ?? incident.reported_at);
    return maracCriteria({
      current: { incidentId: incident.id, occurredAt, victimId, suspectIds },
      questionnaire: questionnaire && { instrument: questionnaire.instrument, answers: questionnaire.answers },
      ...(await victimMaracHistory(trx, victimId, occurredAt)),
      professionalJudgementReasons,
    }).map((c) => ({ criterion: c.criterion, reason: c.reason }));
  }

  /** Each task goes to its owning team, and to the one person of the owner's role there when there is exactly one. */
  private async raise(
    trx: Executor,
    incidentId: string,
    victimId: string | undefined,
    tasks: ReturnType<typeof followOnTasks>,
    details: Record<string, unknown>,
  ) {
    const rows: taskRecords.NewTask[] = [];
    for (const t of tasks) {
      const owners = t.teamId ? await repo.activeUsersInTeam(trx, t.teamId, t.ownerRole) : [];
      rows.push({
        type: t.type,
        incidentId,
        subjectPersonId: victimId ?? null,
        teamId: t.teamId,
        assigneeId: owners.length === 1 ? owners[0].id : null,
        dueAt: t.dueAt,
        sourceRule: t.sourceRule,
        details: { ...details, ownerRole: t.ownerRole },
        createdAt: this.clock.now(),
      });
    }
    return taskRecords.raise(trx, rows);
  }

  private async incidentFor(trx: Executor, actor: Actor, incidentId: string, action: 'assessment:research' | 'assessment:grade') {
    const incident = await repo.findIncident(trx, incidentId);
    if (!incident) throw new AssessmentNotFound();
    const parties = await repo.partiesOf(trx, incident.id);
    const subjects = [...new Set(parties.map((p) => p.person_id))];
    assertAllowed(actor, action, { relationship: 'force' }, subjects);
    return {
      incident,
      subjects,
      victimId: parties.find((p) => p.role === 'victim')?.person_id,
      suspectIds: parties.filter((p) => p.role === 'suspect').map((p) => p.person_id),
    };
  }
}

export class AssessmentNotFound extends Error {}
