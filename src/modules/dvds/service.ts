import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import { assertAllowed } from '../../platform/auth/access.ts';
import { Conflict } from '../../platform/errors.ts';
import { can } from '../../domain/access/policy.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import { readSetting, writeSetting } from '../../platform/db/settings.ts';
import { isLocalDate } from '../../domain/calendar/localDate.ts';
import { DEFAULT_COMPLETION_DAYS, completionDaysProblem, daysRemaining, daysTaken, dvdsDueBy } from '../../domain/dvds/clock.ts';
import {
  DVDS_CHECKS,
  forumDecisionProblem,
  isClosed,
  nextStage,
  stageMoveProblem,
  type ApplicantKind,
  type DvdsCheck,
  type DvdsRoute,
  type DvdsStage,
  type ForumDecision,
  type ForumTest,
} from '../../domain/dvds/stages.ts';
import type { PeopleService } from '../people/index.ts';
import type { TaskService } from '../tasks/index.ts';
import type { UserService } from '../users/index.ts';
import * as repo from './repository.ts';

export const COMPLETION_DAYS_SETTING = 'dvds.completion-days';
export const SEARCH_PAGE_SIZE = 50;
export const TIMELINESS_PAGE_SIZE = 100;
const DAY = 86_400_000;

/** A person the application names: an existing record picked, or a new one to create. */
export type PersonChoice = { personId: string } | { givenName: string; familyName: string; dateOfBirth: string | null };

export interface NewApplication {
  route: DvdsRoute;
  /** Right to Ask only: who asked. */
  applicantKind: ApplicantKind | null;
  applicant: PersonChoice;
  /** When a third party asked: the person at risk they are concerned for. */
  atRisk: PersonChoice | null;
  subject: PersonChoice;
  relationship: string;
  concern: string;
  receivedAt: Date;
}

/** The application or stage was refused as a whole: each field's problem, by the field's name in the request. */
export class DvdsRefused extends Error {
  constructor(readonly errors: Record<string, string>) {
    super(Object.values(errors).join('; '));
  }
}

/** Someone recorded a stage or changed the application since it was read. */
export class DvdsChanged extends Conflict {}

export type CheckOutcome = 'nothing-found' | 'information-found';
export type RiskLevel = 'standard' | 'medium' | 'high';

/** What each stage records, beside when it happened and who owns the application from then on. */
export type StageInput =
  | { stage: 'initial-contact'; immediateRisk: boolean; riskNotes: string }
  | { stage: 'face-to-face'; identityConfirmed: boolean; identityEvidence: string; notes: string }
  | { stage: 'checks'; results: Record<DvdsCheck, { outcome: CheckOutcome; note: string }> }
  | { stage: 'risk-assessment'; riskLevel: RiskLevel; summary: string }
  | { stage: 'decision-forum'; attendees: string; tests: Record<ForumTest, boolean>; decision: ForumDecision; rationale: string }
  | {
      stage: 'disclosed';
      recipientPersonId: string;
      disclosedBy: string;
      wording: string;
      safetyPlan: string;
      leafletGiven: boolean;
    }
  | { stage: 'not-disclosed'; reason: string; applicantTold: string };

export interface PersonNamed {
  id: string;
  name: string;
  dateOfBirth: string | null;
}

export interface ApplicationSummary {
  id: string;
  reference: string;
  route: DvdsRoute;
  applicantKind: ApplicantKind | null;
  applicant: PersonNamed;
  atRisk: PersonNamed | null;
  subject: PersonNamed;
  relationship: string;
  stage: DvdsStage;
  stageAt: Date;
  receivedAt: Date;
  dueBy: Date;
  closedAt: Date | null;
  owner: { id: string; name: string } | null;
  /** Calendar days left (negative: overdue) while open; null once closed. */
  daysRemaining: number | null;
  /** Calendar days taken, once closed. */
  daysTaken: number | null;
  overdue: boolean;
}

/** A previous Clare's Law disclosure about a person, as the research package at triage shows it. */
export interface PreviousDisclosure {
  applicationId: string;
  reference: string;
  route: DvdsRoute;
  subject: PersonNamed;
  recipient: PersonNamed;
  disclosedAt: Date;
  disclosedBy: string;
}

/** Clare's Law (DVDS) applications: Right to Ask and Right to Know, their 28-day clock and their stages in order. */
export class DvdsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly deps: { people: PeopleService; tasks: TaskService; users: UserService },
  ) {}

  /** The people an application names, as ids only: a refused look at it is recorded against them. */
  async peopleIn(id: string): Promise<string[]> {
    const row = await repo.findApplication(this.db, id);
    return row ? peopleOf(row) : [];
  }

  /** The force's completion period in calendar days (28 by default; an administrator may change it). */
  async completionDays(db: Executor = this.db): Promise<{ days: number; version: number }> {
    const row = await readSetting(db, COMPLETION_DAYS_SETTING);
    const value = (row?.value as { days?: unknown } | undefined)?.days;
    const days = typeof value === 'number' && completionDaysProblem(value) === null ? value : DEFAULT_COMPLETION_DAYS;
    return { days, version: row?.version ?? 0 };
  }

  async setCompletionDays(actor: Actor, days: number, version: number): Promise<void> {
    assertAllowed(actor, 'dvds:settings', { relationship: 'force' }, [], 'alteration');
    const problem = completionDaysProblem(days);
    if (problem) throw new DvdsRefused({ days: problem });
    await this.db.transaction().execute(async (trx) => {
      const saved = await writeSetting(trx, COMPLETION_DAYS_SETTING, { days }, version, this.clock.now());
      if (!saved) throw new DvdsChanged('Someone changed the completion period since you opened the page');
      await this.audit.record(trx, actor, { category: 'alteration', action: 'dvds-completion-period-changed', details: { days } });
    });
  }

  /** The people a new application form starts from (from a person page), named: a consultation of them. */
  async formFor(actor: Actor, personIds: { applicant?: string | null; subject?: string | null }) {
    const ids = [personIds.applicant, personIds.subject].filter((x): x is string => !!x);
    assertAllowed(actor, 'dvds:record', { relationship: 'force' }, ids, 'collection');
    return this.db.transaction().execute(async (trx) => {
      const named = await this.deps.people.identitiesOf(trx, ids);
      const pick = (id: string | null | undefined) => {
        const p = id ? named.get(id) : undefined;
        return p && !p.mergedInto ? { id: p.id, name: p.name, dateOfBirth: p.dateOfBirth } : null;
      };
      const shown = { applicant: pick(personIds.applicant), subject: pick(personIds.subject) };
      const subjects = [shown.applicant?.id, shown.subject?.id].filter((x): x is string => !!x);
      if (subjects.length) {
        await this.audit.record(trx, actor, {
          category: 'consultation',
          action: 'dvds-form-viewed',
          subjects,
          recordType: 'person',
          recordIds: subjects,
        });
      }
      return { ...shown, days: (await this.completionDays(trx)).days };
    });
  }

  /** Records an application and starts its clock; a new applicant or subject is created as a person. All or nothing. */
  async record(actor: Actor, input: NewApplication) {
    const picked = [input.applicant, input.atRisk, input.subject].flatMap((c) => (c && 'personId' in c ? [c.personId] : []));
    assertAllowed(actor, 'dvds:record', { relationship: 'force' }, picked, 'collection');
    return this.db.transaction().execute(async (trx) => {
      const errors: Record<string, string> = {};
      const named = await this.deps.people.identitiesOf(trx, picked);
      const check = (field: string, choice: PersonChoice | null) => {
        if (!choice) return;
        if ('personId' in choice) {
          const p = named.get(choice.personId);
          if (!p) errors[`${field}.personId`] = 'No person has that id';
          else if (p.mergedInto)
            errors[`${field}.personId`] = 'That person record was merged into another: use the record it is now part of';
        } else {
          if (!choice.givenName.trim()) errors[`${field}.givenName`] = 'Enter the first name';
          if (!choice.familyName.trim()) errors[`${field}.familyName`] = 'Enter the last name';
          if (choice.dateOfBirth !== null && !isLocalDate(choice.dateOfBirth))
            errors[`${field}.dateOfBirth`] = 'Enter a real date of birth';
        }
      };
      check('applicant', input.applicant);
      check('subject', input.subject);
      if (input.route === 'right-to-ask') {
        if (!input.applicantKind) errors.applicantKind = 'Choose who made the application';
        if (input.applicantKind === 'third-party') {
          if (!input.atRisk) errors['atRisk.givenName'] = 'Enter the person at risk the third party is concerned for';
          check('atRisk', input.atRisk);
        }
      }
      const same = (a: PersonChoice | null, b: PersonChoice | null) =>
        a && b && 'personId' in a && 'personId' in b && a.personId === b.personId;
      if (same(input.applicant, input.subject)) errors['subject.personId'] = 'The subject cannot also be the applicant';
      if (same(input.atRisk, input.subject)) errors['subject.personId'] = 'The subject cannot also be the person at risk';
      if (!input.relationship.trim()) errors.relationship = 'Enter the relationship between the person at risk and the subject';
      if (!input.concern.trim()) errors.concern = 'Enter what prompted the application';
      const now = this.clock.now();
      if (input.receivedAt.getTime() > now.getTime() + 5 * 60_000) errors.receivedAt = 'The date received must not be in the future';
      if (Object.keys(errors).length) throw new DvdsRefused(errors);

      const personOf = async (choice: PersonChoice) =>
        'personId' in choice
          ? choice.personId
          : this.deps.people.createPerson(
              trx,
              actor,
              { givenName: choice.givenName.trim(), familyName: choice.familyName.trim(), dateOfBirth: choice.dateOfBirth },
              "named on a Clare's Law application",
            );
      const applicantPersonId = await personOf(input.applicant);
      const atRiskPersonId =
        input.route === 'right-to-ask' && input.applicantKind === 'third-party' && input.atRisk ? await personOf(input.atRisk) : null;
      const subjectPersonId = await personOf(input.subject);
      const { days } = await this.completionDays(trx);
      const row = await repo.insertApplication(
        trx,
        {
          route: input.route,
          applicantKind: input.route === 'right-to-ask' ? input.applicantKind : null,
          applicantPersonId,
          atRiskPersonId,
          subjectPersonId,
          relationship: input.relationship.trim(),
          concern: input.concern.trim(),
          receivedAt: input.receivedAt,
          dueBy: dvdsDueBy(input.receivedAt, days),
          ownerId: actor.userId,
          recordedBy: actor.userId,
        },
        now,
      );
      await repo.insertStage(trx, {
        applicationId: row.id,
        stage: 'received',
        at: input.receivedAt,
        ownerId: actor.userId,
        recordedBy: actor.userId,
        details: { completionDays: days },
      });
      await this.audit.record(trx, actor, {
        category: 'collection',
        action: 'dvds-application-recorded',
        subjects: peopleOf(row),
        recordType: 'dvds_application',
        recordIds: [row.id],
        details: { route: input.route, applicantKind: row.applicant_kind, completionDays: days },
      });
      return row;
    });
  }

  /**
   * Records the next stage, in order (an out-of-order move is refused and nothing changes). An immediate risk at
   * initial contact raises an urgent safeguarding task, due now, in the same transaction; a disclosure is recorded as
   * a disclosure to its recipient.
   */
  async recordStage(actor: Actor, id: string, version: number, at: Date, ownerId: string | null, input: StageInput) {
    const found = await repo.findApplication(this.db, id);
    if (!found) return undefined;
    assertAllowed(actor, 'dvds:record', { relationship: 'force' }, peopleOf(found), 'alteration');
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.findApplication(trx, id);
      if (!row) return undefined;
      if (row.version !== version) throw new DvdsChanged('Someone recorded a stage of this application since you opened it');
      const route = row.route as DvdsRoute;
      const current = row.stage as DvdsStage;
      const stages = await repo.stagesOf(trx, id);
      const forum = stages.find((s) => s.stage === 'decision-forum')?.details as { decision?: ForumDecision } | undefined;
      const problem = stageMoveProblem(route, current, input.stage, forum?.decision ?? null);
      if (problem) throw new DvdsRefused({ stage: problem });
      const errors = stageProblems(input, row);
      const now = this.clock.now();
      if (at.getTime() > now.getTime() + 5 * 60_000) errors.at = 'The date and time must not be in the future';
      const previousAt = stages.at(-1)?.at ?? row.received_at;
      if (at.getTime() < previousAt.getTime()) errors.at = 'A stage cannot happen before the stage recorded before it';
      const owners = ownerId ? (await this.ownersToChoose()).filter((o) => o.id === ownerId) : [];
      if (ownerId && owners.length === 0) errors.ownerId = 'Choose an owner from the list';
      if (Object.keys(errors).length) throw new DvdsRefused(errors);

      const owner = ownerId ?? row.owner_id ?? actor.userId;
      const details: Record<string, unknown> = { ...input };
      delete details.stage;
      if (input.stage === 'initial-contact' && input.immediateRisk) {
        const task = await this.deps.tasks.raise(trx, actor, {
          type: 'dvds-immediate-risk',
          caseId: null,
          incidentId: null,
          subjectPersonId: row.at_risk_person_id ?? row.applicant_person_id,
          teamId: null,
          assigneeId: owner,
          dueAt: now,
          sourceRule: 'dvds-immediate-risk',
          details: { applicationId: row.id, reference: row.reference, riskNotes: input.riskNotes },
        });
        details.taskId = task.id;
      }
      await repo.insertStage(trx, { applicationId: id, stage: input.stage, at, ownerId: owner, recordedBy: actor.userId, details });
      const moved = await repo.advance(trx, id, version, {
        stage: input.stage,
        at,
        ownerId: owner,
        closedAt: isClosed(input.stage) ? at : null,
      });
      if (!moved) throw new DvdsChanged('Someone recorded a stage of this application since you opened it');
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'dvds-stage-recorded',
        subjects: peopleOf(row),
        recordType: 'dvds_application',
        recordIds: [id],
        details: { stage: input.stage, ...(input.stage === 'initial-contact' ? { immediateRisk: input.immediateRisk } : {}) },
      });
      if (input.stage === 'disclosed') {
        const recipient = (await this.deps.people.identitiesOf(trx, [input.recipientPersonId])).get(input.recipientPersonId);
        await this.audit.record(trx, actor, {
          category: 'disclosure',
          action: 'dvds-disclosure-made',
          subjects: [...new Set([row.subject_person_id, input.recipientPersonId])],
          recordType: 'dvds_application',
          recordIds: [id],
          recipient: `person:${input.recipientPersonId}${recipient ? ` (${recipient.name})` : ''}`,
          reason: "Clare's Law (DVDS) disclosure agreed by the decision forum: lawful, necessary, proportionate, pressing need",
          details: { disclosedBy: input.disclosedBy, at: at.toISOString(), leafletGiven: input.leafletGiven },
        });
      }
      return moved;
    });
  }

  /** One application with its people and every stage recorded: a consultation of everyone it names. */
  async view(actor: Actor, id: string) {
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.findApplication(trx, id);
      if (!row) return undefined;
      assertAllowed(actor, 'dvds:view', { relationship: 'force' }, peopleOf(row));
      const [summary] = await this.summaries(trx, [row]);
      const stages = await repo.stagesOf(trx, id);
      const users = await this.userNames();
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'dvds-application-viewed',
        subjects: peopleOf(row),
        recordType: 'dvds_application',
        recordIds: [id],
      });
      const forum = stages.find((s) => s.stage === 'decision-forum')?.details as { decision?: ForumDecision } | undefined;
      return {
        ...summary,
        concern: row.concern,
        version: row.version,
        next: nextStage(row.route as DvdsRoute, row.stage as DvdsStage, forum?.decision ?? null),
        stages: stages.map((s) => ({
          stage: s.stage as DvdsStage,
          at: s.at,
          owner: s.owner_id ? { id: s.owner_id, name: users.get(s.owner_id) ?? 'Unknown officer' } : null,
          recordedBy: s.recorded_by ? (users.get(s.recorded_by) ?? 'Unknown officer') : null,
          details: s.details as Record<string, unknown>,
        })),
      };
    });
  }

  /** The officers who may own an application (those who work them: coordinators and supervisors). */
  async ownersToChoose() {
    const users = await this.deps.users.listUsers();
    return users
      .filter((u) => !u.disabled_at && ['coordinator', 'supervisor'].includes(u.role))
      .map((u) => ({ id: u.id, name: u.display_name }));
  }

  /** Counts for the home page: open, overdue and due within 7 days (counts, not personal data). */
  async counts() {
    const now = this.clock.now();
    return repo.counts(this.db, now, new Date(now.getTime() + 7 * DAY));
  }

  /**
   * Past and open applications by reference, or naming people found by name (the people service's search, audited
   * there): a consultation of everyone the results name.
   */
  async search(actor: Actor, criteria: { reference: string | null; personIds: string[] | null }, page: number) {
    assertAllowed(actor, 'dvds:view', { relationship: 'force' });
    return this.db.transaction().execute(async (trx) => {
      const rows = await repo.search(trx, criteria, SEARCH_PAGE_SIZE + 1, (page - 1) * SEARCH_PAGE_SIZE);
      const shown = rows.slice(0, SEARCH_PAGE_SIZE);
      const applications = await this.summaries(trx, shown);
      if (applications.length) {
        await this.audit.record(trx, actor, {
          category: 'consultation',
          action: 'dvds-applications-searched',
          subjects: [...new Set(shown.flatMap(peopleOf))],
          recordType: 'dvds_application',
          recordIds: shown.map((r) => r.id),
          details: { reference: criteria.reference, byName: criteria.personIds !== null, page },
        });
      }
      return { applications, more: rows.length > SEARCH_PAGE_SIZE, page };
    });
  }

  /**
   * The timeliness view: open applications by days remaining (overdue first), and completions per London month over
   * the last 12 months with how many were within their deadline and the median days taken.
   */
  async timeliness(actor: Actor, page: number) {
    assertAllowed(actor, 'dvds:view', { relationship: 'force' });
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock.now();
      const rows = await repo.openByDue(trx, TIMELINESS_PAGE_SIZE + 1, (page - 1) * TIMELINESS_PAGE_SIZE);
      const shown = rows.slice(0, TIMELINESS_PAGE_SIZE);
      const open = await this.summaries(trx, shown);
      const counts = await repo.counts(trx, now, new Date(now.getTime() + 7 * DAY));
      const months = await repo.completionsByMonth(trx, new Date(now.getTime() - 366 * DAY));
      if (open.length) {
        await this.audit.record(trx, actor, {
          category: 'consultation',
          action: 'dvds-timeliness-viewed',
          subjects: [...new Set(shown.flatMap(peopleOf))],
          recordType: 'dvds_application',
          recordIds: shown.map((r) => r.id),
          details: { page },
        });
      }
      return { open, counts, months, more: rows.length > TIMELINESS_PAGE_SIZE, page, days: (await this.completionDays(trx)).days };
    });
  }

  /**
   * A person's applications (as applicant, person at risk or subject), for their page and the person API: a
   * consultation of everyone they name (recorded only when there are any). Null for a role that may not read them.
   */
  async listFor(actor: Actor, personId: string): Promise<ApplicationSummary[] | null> {
    if (!can(actor, 'dvds:view')) return null;
    return this.db.transaction().execute(async (trx) => {
      const rows = await repo.applicationsAbout(trx, [personId]);
      if (rows.length) {
        await this.audit.record(trx, actor, {
          category: 'consultation',
          action: 'person-dvds-viewed',
          subjects: [...new Set(rows.flatMap(peopleOf))],
          recordType: 'dvds_application',
          recordIds: rows.map((r) => r.id),
        });
      }
      return this.summaries(trx, rows);
    });
  }

  /**
   * The disclosures already made about these people as subjects (or to them as recipients), for the research package
   * at triage, read in the caller's transaction: the caller checks access and records the consultation.
   */
  async previousDisclosures(db: Executor, personIds: readonly string[]): Promise<PreviousDisclosure[]> {
    const rows = (await repo.applicationsAbout(db, personIds)).filter((r) => r.stage === 'disclosed');
    if (rows.length === 0) return [];
    const details = new Map(
      (
        await repo.stageDetailsOf(
          db,
          rows.map((r) => r.id),
          'disclosed',
        )
      ).map((d) => [d.application_id, d]),
    );
    const recipients = rows.map((r) =>
      String((details.get(r.id)?.details as { recipientPersonId?: string })?.recipientPersonId ?? r.applicant_person_id),
    );
    const named = await this.deps.people.identitiesOf(db, [...new Set([...rows.map((r) => r.subject_person_id), ...recipients])]);
    const person = (id: string): PersonNamed => {
      const p = named.get(id);
      return { id, name: p?.name ?? 'Unknown person', dateOfBirth: p?.dateOfBirth ?? null };
    };
    return rows.map((r, i) => {
      const d = details.get(r.id);
      return {
        applicationId: r.id,
        reference: r.reference,
        route: r.route as DvdsRoute,
        subject: person(r.subject_person_id),
        recipient: person(recipients[i]),
        disclosedAt: d?.at ?? r.stage_at,
        disclosedBy: String((d?.details as { disclosedBy?: string })?.disclosedBy ?? ''),
      };
    });
  }

  /** A merge of person records moves the merged record's applications to the survivor (MergeParticipant). */
  moveToSurvivor(trx: Executor, mergedId: string, survivorId: string) {
    return repo.moveToSurvivor(trx, mergedId, survivorId);
  }

  moveBack(trx: Executor, ids: readonly string[], survivorId: string, restoredId: string) {
    return repo.moveBack(trx, ids, survivorId, restoredId);
  }

  private async userNames() {
    return new Map((await this.deps.users.listUsers()).map((u) => [u.id, u.display_name]));
  }

  private async summaries(db: Executor, rows: repo.ApplicationRow[]): Promise<ApplicationSummary[]> {
    if (rows.length === 0) return [];
    const named = await this.deps.people.identitiesOf(db, [...new Set(rows.flatMap(peopleOf))]);
    const users = await this.userNames();
    const person = (id: string): PersonNamed => {
      const p = named.get(id);
      return { id, name: p?.name ?? 'Unknown person', dateOfBirth: p?.dateOfBirth ?? null };
    };
    const now = this.clock.now();
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      route: r.route as DvdsRoute,
      applicantKind: r.applicant_kind as ApplicantKind | null,
      applicant: person(r.applicant_person_id),
      atRisk: r.at_risk_person_id ? person(r.at_risk_person_id) : null,
      subject: person(r.subject_person_id),
      relationship: r.relationship,
      stage: r.stage as DvdsStage,
      stageAt: r.stage_at,
      receivedAt: r.received_at,
      dueBy: r.due_by,
      closedAt: r.closed_at,
      owner: r.owner_id ? { id: r.owner_id, name: users.get(r.owner_id) ?? 'Unknown officer' } : null,
      daysRemaining: r.closed_at ? null : daysRemaining(r.due_by, now),
      daysTaken: r.closed_at ? daysTaken(r.received_at, r.closed_at) : null,
      overdue: r.closed_at ? r.closed_at.getTime() > r.due_by.getTime() : now.getTime() > r.due_by.getTime(),
    }));
  }
}

function peopleOf(row: { applicant_person_id: string; at_risk_person_id: string | null; subject_person_id: string }): string[] {
  return [...new Set([row.applicant_person_id, row.at_risk_person_id, row.subject_person_id].filter((x): x is string => x !== null))];
}

/** The fields a stage needs, each named when missing (the stage's own rules; its order is the stage machine's). */
function stageProblems(input: StageInput, row: repo.ApplicationRow): Record<string, string> {
  const errors: Record<string, string> = {};
  const need = (field: string, value: string, message: string) => {
    if (!value.trim()) errors[field] = message;
  };
  switch (input.stage) {
    case 'initial-contact':
      need('riskNotes', input.riskNotes, 'Describe what the immediate-risk screen found');
      break;
    case 'face-to-face':
      if (!input.identityConfirmed) errors.identityConfirmed = "Confirm the applicant's identity before the application goes on";
      need('identityEvidence', input.identityEvidence, 'Enter how the identity was checked');
      break;
    case 'checks':
      for (const c of DVDS_CHECKS) {
        const r = input.results[c];
        if (!r) errors[`results.${c}.outcome`] = 'Choose the result of this check';
        else if (r.outcome === 'information-found' && !r.note.trim()) errors[`results.${c}.note`] = 'Describe what was found';
      }
      break;
    case 'risk-assessment':
      need('summary', input.summary, 'Summarise the risk assessment');
      break;
    case 'decision-forum': {
      need('attendees', input.attendees, 'Enter who attended the decision forum');
      need('rationale', input.rationale, 'Enter the rationale for the decision');
      const problem = forumDecisionProblem(input.tests, input.decision);
      if (problem) errors.decision = problem;
      break;
    }
    case 'disclosed': {
      const may = [row.applicant_person_id, row.at_risk_person_id].filter(Boolean);
      if (!may.includes(input.recipientPersonId))
        errors.recipientPersonId = 'Choose who the disclosure was made to: the applicant or the person at risk';
      need('disclosedBy', input.disclosedBy, 'Enter who made the disclosure');
      need('wording', input.wording, 'Enter what was said');
      need('safetyPlan', input.safetyPlan, 'Enter the safety plan agreed');
      break;
    }
    case 'not-disclosed':
      need('reason', input.reason, 'Enter why no disclosure is made');
      need('applicantTold', input.applicantTold, 'Enter what the applicant was told');
      break;
  }
  return errors;
}
