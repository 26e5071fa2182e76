import { type OfficerAssessment } from '../../domain/assessment/finalGrade.ts';
import { followOnTasks } from '../../domain/assessment/followOnTasks.ts';
import { isRiskGrade } from '../../domain/risk/grades.ts';
import type { Answers, AnswerValue } from '../../domain/risk/instrument.ts';
import { HBA_SCREEN, S_DASH } from '../../domain/risk/instruments.ts';
import { maracCriteria, type Questionnaire } from '../../domain/risk/marac.ts';
import { screenTriggers, type ScreenTriggers } from '../../domain/risk/screens.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import { assertAllowed } from '../../platform/auth/access.ts';
import type { Clock } from '../../platform/clock.ts';
import { Conflict, NotFound } from '../../platform/errors.ts';
import type { Executor } from '../../platform/db/executor.ts';
import { instrumentDefinition, latestInstrumentDefinition } from '../instruments/index.ts';
import * as repo from './repository.ts';
import { taskRecords } from '../tasks/index.ts';
import { victimMaracHistory } from '../incidents/index.ts';

/* What the assessment's use cases share: its errors, the incident and people it works on, the officer's questionnaire, the MARAC criteria and the follow-on tasks of a grade. */
/** Someone else graded the incident, or saved the same checks or screen, since the page was read. */
export class AssessmentConflict extends Conflict {}

export class AssessmentNotFound extends NotFound {
  constructor() {
    super('No such incident');
  }
}

export const SCREENS = [S_DASH, HBA_SCREEN];

export const answersOf = (values: Record<string, string>, comments: Record<string, string> = {}): Answers =>
  Object.fromEntries(Object.entries(values).map(([id, value]) => [id, { value: value as AnswerValue, comment: comments[id] }]));

export type Party = Awaited<ReturnType<typeof repo.partiesOf>>[number];

/** The officer's questionnaire as the page shows and bands it. */
export async function officerAssessment(
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

/** The incident, its people, and whether the actor may do `action` on it (or a plain not-found). */
export async function incidentFor(trx: Executor, actor: Actor, incidentId: string, action: 'assessment:research' | 'assessment:grade') {
  const incident = await repo.findIncident(trx, incidentId);
  if (!incident) throw new AssessmentNotFound();
  const parties = await repo.partiesOf(trx, incident.id);
  const subjects = [...new Set(parties.map((p) => p.person_id))];
  // The route's guard has decided the actor's relationship to these people (platform/auth/route.ts).
  assertAllowed(actor, action, undefined, subjects);
  return {
    incident,
    subjects,
    victimId: parties.find((p) => p.role === 'victim')?.person_id,
    suspectIds: parties.filter((p) => p.role === 'suspect').map((p) => p.person_id),
  };
}

/** The MARAC criteria of the incident as graded, with the victim's history. */
export async function maracCriteriaFor(
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
export async function raiseFollowOnTasks(
  trx: Executor,
  clock: Clock,
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
      createdAt: clock.now(),
    });
  }
  return taskRecords.raise(trx, rows);
}
