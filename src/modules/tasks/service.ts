import { can, relationshipToTask, type RecordContext } from '../../domain/access/policy.ts';
import type { ListScope } from '../../domain/access/relationship.ts';
import { encompassNotice } from '../../domain/safeguarding/encompassNotice.ts';
import { slaClock } from '../../domain/triage/priority.ts';
import { TASK_TYPES, type TaskType } from '../../domain/triage/tasks.ts';
import { countdown } from '../../domain/orders/countdown.ts';
import {
  encompassOutcomeName,
  encompassOutcomeText,
  schoolAgeAtIncident,
  schoolCheckName,
  type EncompassOutcome,
  type SchoolAge,
  type SchoolChecks,
} from '../../domain/safeguarding/encompassOutcome.ts';
import { formatLondonDate } from '../../domain/calendar/display.ts';
import type { School, SchoolService } from '../schools/index.ts';
import type { IncidentService } from '../incidents/index.ts';
import type { NoSchoolInput, SchoolChoice } from './schemas.ts';
import { AccessRefused, assertAllowed } from '../../platform/auth/access.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditEntry, AuditTrail } from '../../platform/audit/auditTrail.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import { Conflict, NotFound } from '../../platform/errors.ts';
import {
  recomputeMaracCriteriaAfter,
  recordMaracCriteriaRecomputed,
  recordReprioritised,
  reprioritiseTriageAfter,
} from '../triage/index.ts';
import { londonDateOf, startOfLondonDay } from '../../domain/calendar/london.ts';
import type { LocalDate } from '../../domain/calendar/localDate.ts';
import * as repo from './repository.ts';

export const HOME_TASK_LIMIT = 10;
export const TASK_PAGE_SIZE = 25;

/** A task another module's step raises (a contact's urgent path, unseen crime, intelligence). */
export interface RaisedTask {
  type: TaskType;
  caseId: string | null;
  incidentId: string | null;
  subjectPersonId: string | null;
  teamId: string | null;
  assigneeId: string | null;
  dueAt: Date;
  sourceRule: string;
  details: Record<string, unknown>;
}

/** Someone else claimed or completed the task since the page was loaded. */
export class TaskConflict extends Conflict {}

/** The task cannot be done yet: the message says what is missing first. */
export class TaskNotReady extends Error {}

/** What the user entered cannot be recorded: the field it is about and what to do. */
export class TaskInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A referral that cannot be recorded as entered. */
export class ReferralInputError extends TaskInputError {
  constructor(field: 'referred-day' | 'perpetrator', message: string) {
    super(field, message);
  }
}

/** What an Operation Encompass task carries in its details: what intake knew, and how it ended. */
type EncompassDetails = {
  present?: boolean | null;
  school?: string | null;
  schoolId?: string;
  outcome?: EncompassOutcome;
  sentTo?: string;
  checks?: SchoolChecks;
  completedBy?: string | null;
};

const describe = (type: string) => TASK_TYPES[type as TaskType] ?? type;

function subjectShown(r: {
  subject_person_id: string | null;
  given_name: string | null;
  family_name: string | null;
  restriction: string | null;
}) {
  if (!r.subject_person_id || r.given_name === null) return null;
  // A restricted person's name is not shown in a list: the task still appears so the work is not lost.
  return r.restriction === 'none'
    ? { id: r.subject_person_id, name: `${(r.family_name ?? '').toUpperCase()}, ${r.given_name}`, restricted: false }
    : { id: r.subject_person_id, name: 'Restricted record', restricted: true };
}

function schoolAgeText(a: SchoolAge): string {
  const aged = `Aged ${a.age} when the incident was reported`;
  if (a.stage === 'before-reception')
    return `${aged}: not yet of school age (starts reception in September ${a.receptionStartsOn.slice(0, 4)})`;
  if (a.stage === 'adult') return `${aged}: 18 or over, no longer a child for Operation Encompass`;
  return `${aged}: of school age`;
}

/** How a done task ended, in a few words for the task list. */
function outcomeText(type: string, details: Record<string, unknown>): string {
  if (type === 'operation-encompass') return encompassOutcomeText(details as EncompassDetails);
  if (type === 'marac-referral' && typeof details.referredOn === 'string')
    return `Referred to MARAC on ${formatLondonDate(new Date(`${details.referredOn}T12:00:00Z`))}`;
  if (type === 'court-application' && typeof details.outcome === 'string') return `Done: ${details.outcome}`;
  return details.note ? 'Done, with a note' : 'Done';
}

/** Where an open Operation Encompass task stands: whether there is a school to tell yet. */
function schoolStatus(details: EncompassDetails): string {
  return details.school?.trim() ? `School: ${details.school.trim()}` : 'School not yet recorded';
}

/** What the policy needs to decide whether the actor may mark a task as done: their relationship to it and its kind. */
function markDoneContext(actor: Actor, t: NonNullable<Awaited<ReturnType<typeof repo.findTask>>>): RecordContext {
  const ownership = { assigneeId: t.assignee_id, assigneeTeamId: t.assignee_team_id, owningTeamId: t.owning_team_id };
  return { relationship: relationshipToTask(actor, ownership), taskType: t.type };
}

/** What a break-glass review task carries (AccessService.breakGlass). */
/** What the releases module puts in a release risk review task (src/modules/releases/service.ts `reviewOf`). */
interface ReleaseReviewDetails {
  releaseId: string;
  reference: string;
  releaseOn: string;
  establishment: string;
  victimIds: string[];
  victims: {
    id: string;
    name: string;
    grade: string | null;
    safetyPlan: { caseReference: string | null; plannedAt: string | null; items: string[] };
    orders: { id: string; type: string; reference: string }[];
  }[];
}

interface BreakGlassDetails {
  personId: string;
  by: string;
  byName: string;
  reason: string;
  until: string;
}

/** Follow-on work: what each person and their team must do next, and doing it. */
export class TaskService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly schools: SchoolService,
    /** Owns the incident: MARAC criteria worked out again after a referral is recorded are stored through it. */
    private readonly incidents: Pick<IncidentService, 'recordMaracCriteria'>,
  ) {}

  /** Who holds open tasks about these people (for working out a user's relationship to them). */
  async holders(personIds: readonly string[], db: Executor = this.db) {
    const rows = await repo.openTaskHolders(db, personIds);
    return rows.map((r) => ({ personId: r.subject_person_id!, assigneeId: r.assignee_id, teamId: r.team_id }));
  }

  /** Open tasks for the actor, soonest due first; the people named are recorded as consulted. */
  async list(actor: Actor, scope: repo.TaskScope, page: number, pageSize: number, visible: ListScope) {
    assertAllowed(actor, 'task:view');
    const now = this.clock.now();
    const owner = { userId: actor.userId, teamId: actor.teamId };
    return this.db.transaction().execute(async (trx) => {
      // Only tasks whose page the user could open: a restricted person's task is listed only if that record is open to them.
      const rows = await repo.tasksInScope(trx, owner, scope, { limit: pageSize, offset: (Math.max(1, page) - 1) * pageSize }, visible);
      const total = await repo.countTasksInScope(trx, owner, scope, visible);
      const items = rows.map((r) => ({
        id: r.id,
        type: r.type,
        description: describe(r.type),
        reference: r.reference,
        dueAt: r.due_at,
        sla: slaClock(new Date(r.due_at), now),
        completedAt: r.completed_at,
        doneLate: r.completed_at !== null && new Date(r.completed_at) > new Date(r.due_at),
        outcome: r.completed_at !== null ? outcomeText(r.type, r.details as Record<string, unknown>) : undefined,
        schoolStatus: r.type === 'operation-encompass' && r.completed_at === null ? schoolStatus(r.details as EncompassDetails) : undefined,
        mine: r.assignee_id !== null && r.assignee_id === actor.userId,
        assigneeName: r.assignee_name,
        subject: subjectShown(r),
      }));
      const shown = [...new Set(items.flatMap((i) => (i.subject && !i.subject.restricted ? [i.subject.id] : [])))];
      if (items.length) {
        await this.audit.record(trx, actor, {
          category: 'consultation',
          action: 'tasks-viewed',
          subjects: shown,
          recordType: 'task',
          recordIds: items.map((i) => i.id),
          details: { scope, page },
        });
      }
      return { items, total, page, pages: Math.max(1, Math.ceil(total / pageSize)) };
    });
  }

  /** The people a task's page would show (ids only): a refused look at the task is recorded against them. */
  async peopleIn(id: string): Promise<string[]> {
    const t = await repo.findTask(this.db, id);
    if (!t) return [];
    const suspects = t.type === 'marac-referral' && t.incident_id ? await repo.suspectsOfIncident(this.db, t.incident_id) : [];
    return [...new Set([...(t.subject_person_id ? [t.subject_person_id] : []), ...suspects.map((p) => p.id)])];
  }

  /** One task with what the user needs to do it; an Operation Encompass task carries its school notice. */
  async show(actor: Actor, id: string) {
    // The route's guard has decided the actor's relationship to the people the task names (platform/auth/route.ts).
    assertAllowed(actor, 'task:view');
    return this.db.transaction().execute(async (trx) => {
      const t = await repo.findTask(trx, id);
      if (!t || t.type === 'triage') throw new NotFound('No such task');
      // A release risk review lists the victims it is about: looking at it consults their records too.
      const reviewed = t.type === 'release-risk-review' ? ((t.details as { victimIds?: string[] }).victimIds ?? []) : [];
      const subjects = [...new Set([...(t.subject_person_id ? [t.subject_person_id] : []), ...reviewed])];
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'task-viewed',
        subjects,
        recordType: 'task',
        recordIds: [t.id],
      });
      const details = t.details as EncompassDetails & { note?: string };
      const notice =
        t.type === 'operation-encompass' && t.reference && t.given_name !== null
          ? encompassNotice({
              child: { givenName: t.given_name, familyName: t.family_name ?? '', dateOfBirth: t.date_of_birth },
              school: details.school ?? null,
              present: details.present ?? null,
              incident: {
                reference: t.reference,
                occurredAt: t.occurred_at ? new Date(t.occurred_at) : null,
                reportedAt: new Date(t.reported_at!),
                locationAddress: t.location_address,
                classification: t.classification ?? '',
              },
            })
          : undefined;
      const maracReferral =
        t.type === 'marac-referral' && t.incident_id
          ? {
              criteria: await repo.maracCriteriaOfIncident(trx, t.incident_id),
              suspects: (await repo.suspectsOfIncident(trx, t.incident_id)).map((p) => ({
                id: p.id,
                name: p.restriction === 'none' ? `${p.family_name.toUpperCase()}, ${p.given_name}` : 'Restricted record',
              })),
              referredOn: (t.details as { referredOn?: string }).referredOn,
              mayRecord: can(actor, 'marac:refer'),
            }
          : undefined;
      return {
        id: t.id,
        type: t.type,
        description: describe(t.type),
        state: t.state,
        version: t.version,
        dueAt: t.due_at,
        completedAt: t.completed_at,
        deadlineMet: t.completed_at ? new Date(t.completed_at) <= new Date(t.due_at) : null,
        sla: slaClock(new Date(t.due_at), this.clock.now()),
        incident: t.incident_id ? { id: t.incident_id, reference: t.reference } : null,
        subject: t.subject_person_id ? { id: t.subject_person_id, name: `${(t.family_name ?? '').toUpperCase()}, ${t.given_name}` } : null,
        teamName: t.team_name,
        assignee: t.assignee_id ? { id: t.assignee_id, name: t.assignee_name, isActor: t.assignee_id === actor.userId } : null,
        note: details.note,
        notice,
        maracReferral,
        encompass: t.type === 'operation-encompass' ? await this.encompassView(trx, t, details) : undefined,
        // A break-glass to review: who opened which restricted record, why, and until when (access module).
        breakGlass: t.type === 'review-break-glass' ? (t.details as unknown as BreakGlassDetails) : undefined,
        // A release risk review: the release and, for each linked victim, her grade, safety plan and orders (releases module).
        releaseReview: t.type === 'release-risk-review' ? (t.details as unknown as ReleaseReviewDetails) : undefined,
        // A court application: the notice it is for, and the hearing countdown (the task is due when the hearing is).
        courtApplication:
          t.type === 'court-application'
            ? {
                ...(t.details as { orderId: string; orderReference: string; noticeType: string; outcome?: string }),
                countdown: countdown(new Date(t.due_at), this.clock.now()),
              }
            : undefined,
        now: this.clock.now(),
        school: details.school ?? null,
        mayComplete: can(actor, 'task:complete'),
        mayMarkDone: can(actor, 'task:mark-done', markDoneContext(actor, t)),
        mayOpenAssessment: can(actor, 'assessment:view'),
      };
    });
  }

  async claim(actor: Actor, id: string, version: number) {
    assertAllowed(actor, 'task:complete');
    if (!actor.userId) throw new AccessRefused('task:complete', [], 'alteration'); // a person claims a task, not a system
    return this.db.transaction().execute(async (trx) => {
      const changed = await repo.claim(trx, id, version, actor.userId!);
      if (!changed) throw await this.whyNot(trx, id);
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'task-claimed',
        subjects: changed.subject_person_id ? [changed.subject_person_id] : [],
        recordType: 'task',
        recordIds: [id],
        details: { incidentId: changed.incident_id },
      });
    });
  }

  async complete(actor: Actor, id: string, version: number, note: string) {
    assertAllowed(actor, 'task:complete');
    return this.db.transaction().execute(async (trx) => {
      const task = await repo.findTask(trx, id);
      if (!task || task.type === 'triage') throw new NotFound('No such task');
      // Only a generic task is marked as done, and only by its assignee, their team or a supervisor (policy.ts).
      const subjects = task.subject_person_id ? [task.subject_person_id] : [];
      assertAllowed(actor, 'task:mark-done', markDoneContext(actor, task), subjects, 'alteration');
      const changed = await repo.complete(
        trx,
        id,
        version,
        this.clock.now(),
        note ? { note, completedBy: actor.userId } : { completedBy: actor.userId },
      );
      if (!changed) throw await this.whyNot(trx, id);
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'task-completed',
        subjects: changed.subject_person_id ? [changed.subject_person_id] : [],
        recordType: 'task',
        recordIds: [id],
        details: { incidentId: changed.incident_id, type: task.type, withNote: Boolean(note) },
      });
    });
  }

  /** The Operation Encompass notice has gone to the school: the task is done and the disclosure is on record. */
  async markSentToSchool(actor: Actor, id: string, version: number) {
    assertAllowed(actor, 'task:complete');
    return this.db.transaction().execute(async (trx) => {
      const task = await repo.findTask(trx, id);
      if (!task || task.type !== 'operation-encompass') throw new NotFound('No such Operation Encompass task');
      const { school: recorded, schoolId } = task.details as EncompassDetails;
      const school = recorded?.trim();
      if (!school) throw new TaskNotReady('Record the child’s school before marking the notice as sent');
      const outcome: EncompassDetails = { outcome: 'notified', sentTo: school, completedBy: actor.userId };
      await this.closeEncompassTask(trx, actor, id, version, outcome, {}, (subjects, incidentIds) => ({
        category: 'disclosure',
        action: 'operation-encompass-notice-sent',
        subjects,
        recordType: 'incident',
        recordIds: incidentIds,
        recipient: school,
        reason: 'Operation Encompass: the school is told before the next school day (Victims and Prisoners Act 2024)',
        details: { taskId: id, ...(schoolId ? { schoolId } : {}) },
      }));
      return { school };
    });
  }

  /**
   * The officer has found the child's school: picked from the register, or added to it with its key adult. The task
   * then carries the school, and the notice is sent and the task closed by "Mark as sent to the school".
   */
  async recordSchool(actor: Actor, id: string, choice: SchoolChoice): Promise<School> {
    assertAllowed(actor, 'task:complete');
    return this.db.transaction().execute(async (trx) => {
      const task = await repo.findTask(trx, id);
      if (!task || task.type !== 'operation-encompass') throw new NotFound('No such Operation Encompass task');
      let school: School | undefined;
      let added = false;
      if ('schoolId' in choice) {
        school = await this.schools.find(trx, choice.schoolId);
        if (!school) throw new TaskInputError('school', 'Select a school from the list, or that it is not in the list');
      } else {
        const known = await this.schools.findNamed(trx, choice.newSchool.name, choice.newSchool.town);
        if (known?.keyAdult) throw new TaskInputError('school-name', `${known.label} is already in the list: search for it and select it`);
        added = !known;
        school = known
          ? await this.schools.recordKeyAdult(trx, actor, known.id, choice.newSchool)
          : await this.schools.register(trx, actor, choice.newSchool);
      }
      const previous = (task.details as EncompassDetails).school?.trim() || null;
      const changed = await repo.recordDetails(trx, id, choice.version, { school: school.label, schoolId: school.id });
      if (!changed) throw await this.whyNot(trx, id);
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'encompass-school-recorded',
        subjects: changed.subject_person_id ? [changed.subject_person_id] : [],
        recordType: 'task',
        recordIds: [id],
        details: { incidentId: changed.incident_id, schoolId: school.id, addedToRegister: added, replaced: previous },
      });
      return school;
    });
  }

  /**
   * There is no school to tell: the child is not of school age, or the school is still unknown after checks. The task
   * closes with that outcome and who checked what, when — a decision not to notify, audited as one.
   */
  async closeWithoutNotice(actor: Actor, id: string, input: NoSchoolInput): Promise<void> {
    assertAllowed(actor, 'task:complete');
    return this.db.transaction().execute(async (trx) => {
      const task = await repo.findTask(trx, id);
      if (!task || task.type !== 'operation-encompass') throw new NotFound('No such Operation Encompass task');
      const now = this.clock.now();
      const reportedAt = new Date(task.reported_at!);
      if (input.checkedAt > now) throw new TaskInputError('checked-day', 'The date and time checked must be now or in the past');
      if (input.checkedAt < reportedAt)
        throw new TaskInputError('checked-day', 'The date and time checked must be after the incident was reported');
      if (input.outcome === 'not-school-age') {
        const age = schoolAgeAtIncident(task.date_of_birth, londonDateOf(reportedAt));
        if (age?.stage === 'school-age')
          throw new TaskInputError(
            'outcome',
            `The child’s recorded date of birth (${formatLondonDate(new Date(`${task.date_of_birth}T12:00:00Z`))}) makes them of school age: find the school, or record that it is not known after checks`,
          );
      }
      const checks: SchoolChecks = {
        checkedBy: input.checkedBy,
        sources: input.sources,
        details: input.details,
        checkedAt: input.checkedAt.toISOString(),
      };
      const outcome: EncompassDetails = { outcome: input.outcome, checks, completedBy: actor.userId };
      await this.closeEncompassTask(trx, actor, id, input.version, outcome, { outcome: input.outcome }, (subjects, incidentIds) => ({
        category: 'alteration',
        action: 'operation-encompass-no-school',
        subjects,
        recordType: 'incident',
        recordIds: incidentIds,
        reason: encompassOutcomeName(input.outcome),
        details: { taskId: id, outcome: input.outcome, sources: input.sources, checkedAt: checks.checkedAt },
      }));
    });
  }

  /**
   * Closes an Operation Encompass task with its outcome, at the version the officer saw, and records the completion
   * together with what was done about the school (the notice sent, or why there was none).
   */
  private async closeEncompassTask(
    trx: Executor,
    actor: Actor,
    id: string,
    version: number,
    outcome: EncompassDetails,
    completionDetails: Record<string, unknown>,
    encompassEvent: (subjects: string[], incidentIds: string[]) => AuditEntry,
  ): Promise<void> {
    const changed = await repo.complete(trx, id, version, this.clock.now(), outcome);
    if (!changed) throw await this.whyNot(trx, id);
    const subjects = changed.subject_person_id ? [changed.subject_person_id] : [];
    await this.audit.recordMany(trx, actor, [
      {
        category: 'alteration',
        action: 'task-completed',
        subjects,
        recordType: 'task',
        recordIds: [id],
        details: { incidentId: changed.incident_id, type: 'operation-encompass', ...completionDetails },
      },
      encompassEvent(subjects, changed.incident_id ? [changed.incident_id] : []),
    ]);
  }

  /** What the Operation Encompass part of a task page shows: the school and whom to tell, the child's age, the outcome. */
  private async encompassView(trx: Executor, t: NonNullable<Awaited<ReturnType<typeof repo.findTask>>>, d: EncompassDetails) {
    // The attending officer's school, written as text, is matched to the school list when only one school has that
    // name, so the page can say whom to tell there; otherwise the officer chooses it from the list.
    const school = d.schoolId
      ? await this.schools.find(trx, d.schoolId)
      : d.school?.trim()
        ? await this.schools.onlyOneNamed(trx, d.school)
        : undefined;
    const reportedOn = londonDateOf(new Date(t.reported_at!));
    const age = schoolAgeAtIncident(t.date_of_birth, reportedOn);
    const outcome = d.outcome ?? (d.sentTo ? 'notified' : undefined);
    return {
      schoolText: d.school?.trim() || null,
      school: school ?? null,
      schoolAge: age ? { ...age, text: schoolAgeText(age) } : null,
      outcome,
      outcomeName: outcome ? encompassOutcomeName(outcome) : undefined,
      sentTo: d.sentTo,
      checks: d.checks ? { ...d.checks, sourceNames: d.checks.sources.map(schoolCheckName) } : undefined,
      completedBy: d.completedBy ? await repo.userName(trx, d.completedBy) : undefined,
    };
  }

  /**
   * The coordinator has referred the victim to MARAC: the referral is recorded (the day it was made, the victim, and
   * the perpetrator it names), the draft task is done, and the victim's incidents not yet graded have their
   * history-based MARAC criteria worked out again — a referral makes any later abuse between the two a repeat MARAC.
   * The referral is a disclosure to the MARAC's agencies, audited as one.
   */
  async recordMaracReferral(
    actor: Actor,
    id: string,
    input: { version: number; referredOn: LocalDate; perpetratorPersonId: string | null },
  ): Promise<{ referralId: string; victimId: string }> {
    assertAllowed(actor, 'marac:refer');
    return this.db.transaction().execute(async (trx) => {
      const task = await repo.findTask(trx, id);
      if (!task || task.type !== 'marac-referral' || !task.incident_id) throw new NotFound('No such MARAC referral task');
      const victimId = task.subject_person_id ? await repo.currentPersonId(trx, task.subject_person_id) : undefined;
      if (!victimId) throw new TaskNotReady('This task names no victim, so there is no referral to record');
      const now = this.clock.now();
      const today = londonDateOf(now);
      const reported = londonDateOf(new Date(task.reported_at!));
      if (input.referredOn > today) throw new ReferralInputError('referred-day', 'Date referred must be today or in the past');
      if (input.referredOn < reported)
        throw new ReferralInputError('referred-day', 'Date referred must be on or after the day the incident was reported');
      const suspects = await repo.suspectsOfIncident(trx, task.incident_id);
      if (input.perpetratorPersonId !== null && !suspects.some((s) => s.id === input.perpetratorPersonId))
        throw new ReferralInputError('perpetrator', 'Select one of the incident’s suspects, or that none is named');

      const done = await repo.complete(trx, id, input.version, now, { completedBy: actor.userId, referredOn: input.referredOn });
      if (!done) throw await this.whyNot(trx, id);
      const referral = await repo.insertMaracReferral(trx, {
        incidentId: task.incident_id,
        victimId,
        perpetratorId: input.perpetratorPersonId,
        // The day is what the MARAC rules count in; today's referral is timed now so it is never in the future.
        referredAt: input.referredOn === today ? now : startOfLondonDay(input.referredOn),
        createdBy: actor.userId,
        at: now,
      });
      const people = [victimId, ...(input.perpetratorPersonId ? [input.perpetratorPersonId] : [])];
      const criteria = await repo.maracCriteriaOfIncident(trx, task.incident_id);
      await this.audit.recordMany(trx, actor, [
        {
          category: 'alteration',
          action: 'task-completed',
          subjects: people,
          recordType: 'task',
          recordIds: [id],
          details: { incidentId: task.incident_id, type: task.type },
        },
        {
          category: 'disclosure',
          action: 'marac-referral-recorded',
          subjects: people,
          recordType: 'marac_referral',
          recordIds: [referral.id, task.incident_id],
          recipient: 'MARAC',
          reason: `MARAC criteria met: ${criteria.map((c) => c.criterion).join(', ') || 'none recorded'}`,
          details: { taskId: id, referredOn: input.referredOn, incident: task.reference },
        },
      ]);
      const recomputed = await recomputeMaracCriteriaAfter(trx, this.incidents, people);
      const reprioritised = await reprioritiseTriageAfter(trx, people, { alsoIncidentIds: recomputed.map((c) => c.incidentId) });
      const cause = { because: 'marac-referral-recorded' as const, people, recordId: referral.id };
      await recordMaracCriteriaRecomputed(this.audit, trx, actor, recomputed, cause);
      await recordReprioritised(this.audit, trx, actor, reprioritised, cause);
      return { referralId: referral.id, victimId };
    });
  }

  /** Raises a task for another module's step (a contact on a case), audited in the caller's transaction. */
  async raise(trx: Executor, actor: Actor, task: RaisedTask): Promise<{ id: string; type: string; dueAt: Date }> {
    const row = await repo.insertRaisedTask(trx, { ...task, createdAt: this.clock.now() });
    await this.audit.record(trx, actor, {
      category: 'collection',
      action: 'task-raised',
      subjects: task.subjectPersonId ? [task.subjectPersonId] : [],
      recordType: 'task',
      recordIds: [row.id],
      details: { type: task.type, caseId: task.caseId, sourceRule: task.sourceRule },
    });
    return { id: row.id, type: row.type, dueAt: new Date(row.due_at) };
  }

  /** Where tasks another module raised stand now, by id (the caller audits what it shows). */
  async statesOf(db: Executor, ids: readonly string[]) {
    const rows = await repo.statesOf(db, ids);
    return new Map(
      rows.map((r) => [r.id, { state: r.state, dueAt: new Date(r.due_at), completedAt: r.completed_at ? new Date(r.completed_at) : null }]),
    );
  }

  /** The ids of open tasks of one kind past their due time. */
  async openOverdueOfType(db: Executor, type: TaskType): Promise<string[]> {
    return (await repo.openOverdueOfType(db, type, this.clock.now())).map((r) => r.id);
  }

  /**
   * Closes the open tasks of a kind raised for another module's record (named in their details by `key`), in that
   * module's transaction: the step that does the work (the hearing outcome for a court application) completes them.
   */
  async completeRaised(trx: Executor, actor: Actor, task: { type: TaskType; key: string; value: string; outcome: string; at?: Date }) {
    // When the step was done, as the calling module's clock has it (the step and the task close together).
    const done = await repo.completeRaisedFor(trx, task.type, task.key, task.value, task.at ?? this.clock.now(), {
      outcome: task.outcome,
      completedBy: actor.userId,
    });
    for (const t of done) {
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'task-completed',
        subjects: t.subject_person_id ? [t.subject_person_id] : [],
        recordType: 'task',
        recordIds: [t.id],
        details: { incidentId: t.incident_id, type: task.type, by: task.outcome },
      });
    }
    return done.map((t) => t.id);
  }

  /** The tasks raised for a case, for its page (the caller audits the page). */
  async ofCase(db: Executor, caseId: string) {
    const rows = await repo.tasksOfCase(db, caseId);
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      description: describe(r.type),
      state: r.state,
      dueAt: new Date(r.due_at),
      completedAt: r.completed_at ? new Date(r.completed_at) : null,
      assigneeName: r.assignee_name,
    }));
  }

  private async whyNot(trx: Executor, id: string): Promise<Error> {
    const task = await repo.findTask(trx, id);
    if (!task) return new NotFound('No such task');
    if (task.state !== 'open') return new TaskConflict('This task has already been done.');
    if (task.assignee_id) return new TaskConflict(`${task.assignee_name ?? 'Someone else'} has claimed this task.`);
    return new TaskConflict('Someone else changed this task while you were looking at it.');
  }
}
