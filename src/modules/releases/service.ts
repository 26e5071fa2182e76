import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import { assertAllowed } from '../../platform/auth/access.ts';
import { Conflict } from '../../platform/errors.ts';
import { can } from '../../domain/access/policy.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import type { OrderCondition } from '../../platform/db/schema.ts';
import { readSetting, writeSetting } from '../../platform/db/settings.ts';
import { addDays, type LocalDate } from '../../domain/calendar/localDate.ts';
import { londonDateOf } from '../../domain/calendar/london.ts';
import {
  DEFAULT_REVIEW_LEAD_DAYS,
  leadDaysProblem,
  releaseDateProblems,
  releaseState,
  reviewDueBy,
  reviewOpensAt,
  type MappaValue,
  type NotificationSource,
  type ReleaseState,
  type ReleaseType,
} from '../../domain/releases/releaseRules.ts';
import type { CaseService } from '../cases/index.ts';
import type { OrderService } from '../orders/index.ts';
import type { PeopleService } from '../people/index.ts';
import type { TaskService } from '../tasks/index.ts';
import * as repo from './repository.ts';

export const LEAD_DAYS_SETTING = 'releases.review-lead-days';
export const REGISTER_PAGE_SIZE = 50;

/** A custody and release as it was asked to be recorded (form, already parsed). */
export interface NewRelease {
  personId: string;
  custodyFrom: LocalDate | null;
  releaseOn: LocalDate;
  establishment: string;
  releaseType: ReleaseType;
  licenceEndsOn: LocalDate | null;
  conditions: OrderCondition[];
  mappaCategory: MappaValue | null;
  mappaLevel: MappaValue | null;
  notifiedBy: NotificationSource;
  notifiedOn: LocalDate;
  notes: string | null;
}

/** The release was refused as a whole: each field's problem, by the field's name in NewRelease. */
export class ReleaseRefused extends Error {
  constructor(readonly errors: Record<string, string>) {
    super(Object.values(errors).join('; '));
  }
}

/** Someone changed the setting since it was read. */
export class ReleaseChanged extends Conflict {}

/** One victim linked to the released perpetrator, as the risk review shows her. */
export interface ReviewedVictim {
  id: string;
  name: string;
  restricted: boolean;
  grade: string | null;
  safetyPlan: { caseId: string | null; caseReference: string | null; plannedAt: Date | null; items: string[] };
  orders: { id: string; type: string; reference: string }[];
}

export interface ReleaseSummary {
  id: string;
  reference: string;
  person: { id: string; name: string; dateOfBirth: string | null };
  releaseOn: LocalDate;
  state: ReleaseState;
  establishment: string;
  releaseType: ReleaseType;
  mappaCategory: number | null;
  mappaLevel: number | null;
  reviewDueBy: Date;
  reviewOpensAt: Date;
  review: { taskId: string; state: string; overdue: boolean } | null;
}

export interface ReleaseSources {
  people: PeopleService;
  cases: CaseService;
  orders: OrderService;
  tasks: TaskService;
}

/** Prison releases of DA perpetrators and the risk review each one sets off (src/domain/releases). */
export class ReleaseService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly from: ReleaseSources,
  ) {}

  /** The person a release is about, as ids only: a refused look at it is recorded against him. */
  /** The risk review task raised for a release, if raised yet (ids only: not a consultation). */
  async reviewTaskOf(id: string): Promise<string | null> {
    return (await repo.findRelease(this.db, id))?.review_task_id ?? null;
  }

  async peopleIn(id: string): Promise<string[]> {
    const row = await repo.findRelease(this.db, id);
    return row ? [row.person_id] : [];
  }

  /** How many days before a release its risk review is raised (administrators and supervisors set it). */
  async leadDays(db: Executor = this.db): Promise<{ days: number; version: number }> {
    const row = await readSetting(db, LEAD_DAYS_SETTING);
    const days = (row?.value as { days?: unknown } | undefined)?.days;
    return {
      days: typeof days === 'number' && leadDaysProblem(days) === null ? days : DEFAULT_REVIEW_LEAD_DAYS,
      version: row?.version ?? 0,
    };
  }

  async setLeadDays(actor: Actor, days: number, version: number): Promise<void> {
    assertAllowed(actor, 'release:settings', { relationship: 'force' }, [], 'alteration');
    const problem = leadDaysProblem(days);
    if (problem) throw new ReleaseRefused({ days: problem });
    await this.db.transaction().execute(async (trx) => {
      const before = await this.leadDays(trx);
      const saved = await writeSetting(trx, LEAD_DAYS_SETTING, { days }, version, this.clock.now());
      if (!saved) throw new ReleaseChanged('Someone changed the number of days since you opened the page');
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'release-review-days-changed',
        details: { from: before.days, to: days },
      });
    });
  }

  /** The person the "record a release" form is for (a consultation of his record). */
  async formFor(actor: Actor, personId: string) {
    assertAllowed(actor, 'release:record', { relationship: 'force' }, [personId], 'collection');
    return this.db.transaction().execute(async (trx) => {
      const person = (await this.from.people.identitiesOf(trx, [personId])).get(personId);
      if (!person || person.mergedInto) return undefined;
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'release-form-viewed',
        subjects: [personId],
        recordType: 'person',
        recordIds: [personId],
      });
      return { ...person, leadDays: (await this.leadDays(trx)).days };
    });
  }

  /** Records a custody and release; raises its risk review at once when the release is that close. All or nothing. */
  async record(actor: Actor, input: NewRelease) {
    assertAllowed(actor, 'release:record', { relationship: 'force' }, [input.personId], 'collection');
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock.now();
      const errors = releaseDateProblems({ ...input, today: londonDateOf(now) });
      const person = (await this.from.people.identitiesOf(trx, [input.personId])).get(input.personId);
      if (!person) errors.personId = 'No person has that id';
      else if (person.mergedInto) errors.personId = 'That person record was merged into another: use the record it is now part of';
      if (!input.establishment.trim()) errors.establishment = 'Enter the prison or establishment he is released from';
      if (input.mappaLevel !== null && input.mappaCategory === null)
        errors.mappaCategory = 'Select the MAPPA category as well as the level, or neither';
      if (Object.keys(errors).length) throw new ReleaseRefused(errors);
      const { days } = await this.leadDays(trx);
      const row = await repo.insertRelease(
        trx,
        {
          ...input,
          establishment: input.establishment.trim(),
          notes: input.notes?.trim() || null,
          reviewOpensAt: reviewOpensAt(input.releaseOn, days),
          reviewDueBy: reviewDueBy(input.releaseOn, now),
          recordedBy: actor.userId,
        },
        now,
      );
      await this.audit.record(trx, actor, {
        category: 'collection',
        action: 'release-recorded',
        subjects: [input.personId],
        recordType: 'prison_release',
        recordIds: [row.id],
        details: { releaseOn: input.releaseOn, releaseType: input.releaseType },
      });
      const task = row.review_opens_at.getTime() <= now.getTime() ? await this.raiseReview(trx, actor, row) : null;
      return { ...row, reviewTaskId: task?.id ?? null };
    });
  }

  /** Every release whose review is now due to be raised and has not been: a task each (the recurring job). */
  async raiseDueReviews(actor: Actor): Promise<number> {
    let raised = 0;
    for (const row of await repo.reviewsToRaise(this.db, this.clock.now())) {
      await this.db.transaction().execute(async (trx) => {
        if (await this.raiseReview(trx, actor, row)) raised++;
      });
    }
    return raised;
  }

  /**
   * The risk review of a release: every victim linked to him through incidents (she was the victim where he was the
   * suspect), her current grade, safety plan and the orders in force, as the people, cases and orders modules hold
   * them now. Read in the caller's transaction; the caller checks access and audits.
   */
  async reviewOf(db: Executor, personId: string): Promise<ReviewedVictim[]> {
    const history = await this.from.people.historyFor(db, personId);
    if (!history) return [];
    const victimIds = history.relationships.filter((r) => r.relation === 'harmed').map((r) => r.personId);
    const named = await this.from.people.identitiesOf(db, victimIds);
    const victims: ReviewedVictim[] = [];
    for (const id of victimIds) {
      const who = named.get(id);
      if (!who || who.mergedInto) continue;
      if (who.restricted) {
        // A restricted record stays closed here: the reviewer is told there is one and asks its holder.
        victims.push({ id, name: 'Restricted record', restricted: true, grade: null, safetyPlan: empty(), orders: [] });
        continue;
      }
      const own = await this.from.people.historyFor(db, id);
      const graded = own?.chronology.find((e) => e.kind === 'incident' && e.role === 'victim' && e.grade);
      const orders = (await this.from.orders.about(db, [id])).filter((o) => o.status === 'in-force');
      victims.push({
        id,
        name: who.name,
        restricted: false,
        grade: graded?.grade ?? null,
        safetyPlan: await this.from.cases.safetyPlanOf(db, id),
        orders: orders.map((o) => ({ id: o.id, type: o.type, reference: o.reference })),
      });
    }
    return victims;
  }

  private async raiseReview(trx: Executor, actor: Actor, row: repo.ReleaseRow) {
    const victims = await this.reviewOf(trx, row.person_id);
    const shown = victims.filter((v) => !v.restricted);
    const task = await this.from.tasks.raise(trx, actor, {
      type: 'release-risk-review',
      caseId: null,
      incidentId: null,
      subjectPersonId: row.person_id,
      teamId: null,
      assigneeId: null,
      dueAt: row.review_due_by,
      sourceRule: 'prison-release-review',
      details: {
        releaseId: row.id,
        reference: row.reference,
        releaseOn: row.release_on,
        establishment: row.establishment,
        victimIds: shown.map((v) => v.id),
        victims: victims.map((v) => ({
          id: v.id,
          name: v.name,
          grade: v.grade,
          safetyPlan: { ...v.safetyPlan, plannedAt: v.safetyPlan.plannedAt?.toISOString() ?? null },
          orders: v.orders,
        })),
      },
    });
    if (!(await repo.setReviewTask(trx, row.id, task.id))) return null;
    await this.audit.record(trx, actor, {
      category: 'alteration',
      action: 'release-review-raised',
      subjects: [row.person_id, ...shown.map((v) => v.id)],
      recordType: 'prison_release',
      recordIds: [row.id, task.id],
      details: { taskId: task.id, victims: victims.length },
    });
    return task;
  }

  /** One release with its risk review as it stands now; a consultation of him and of every victim it names. */
  async view(actor: Actor, id: string) {
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.findRelease(trx, id);
      if (!row) return undefined;
      assertAllowed(actor, 'release:view', { relationship: 'force' }, [row.person_id]);
      const [summary] = await this.summaries(trx, [row]);
      const victims = await this.reviewOf(trx, row.person_id);
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'release-viewed',
        subjects: [row.person_id, ...victims.filter((v) => !v.restricted).map((v) => v.id)],
        recordType: 'prison_release',
        recordIds: [row.id],
      });
      return {
        ...summary,
        custodyFrom: row.custody_from,
        licenceEndsOn: row.licence_ends_on,
        conditions: row.conditions,
        notifiedBy: row.notified_by as NotificationSource,
        notifiedOn: row.notified_on,
        notes: row.notes,
        victims,
      };
    });
  }

  /** A page of the register (upcoming, today, reviews overdue, past, all) with each view's count. */
  async register(actor: Actor, view: repo.RegisterView, page: number) {
    assertAllowed(actor, 'release:view', { relationship: 'force' });
    return this.db.transaction().execute(async (trx) => {
      const today = londonDateOf(this.clock.now());
      const overdue = await this.from.tasks.openOverdueOfType(trx, 'release-risk-review');
      const { days } = await this.leadDays(trx);
      const { rows, more } = await repo.listReleases(trx, view, today, overdue, REGISTER_PAGE_SIZE, (page - 1) * REGISTER_PAGE_SIZE);
      const releases = await this.summaries(trx, rows);
      const counts = await repo.countReleases(trx, today, addDays(today, days), overdue);
      if (releases.length) {
        await this.audit.record(trx, actor, {
          category: 'consultation',
          action: 'release-register-viewed',
          subjects: [...new Set(releases.map((r) => r.person.id))],
          recordType: 'prison_release',
          recordIds: releases.map((r) => r.id),
          details: { view, page },
        });
      }
      return { releases, counts, more, page, leadDays: days };
    });
  }

  /** Releases today, within the lead days, and reviews overdue (counts, not personal data: the home page). */
  async counts() {
    const today = londonDateOf(this.clock.now());
    const overdue = await this.from.tasks.openOverdueOfType(this.db, 'release-risk-review');
    const { days } = await this.leadDays();
    const c = await repo.countReleases(this.db, today, addDays(today, days), overdue);
    return { today: c.today, soon: c.soon, overdue: c.overdue, leadDays: days };
  }

  /** A person's releases for his page (a consultation when there are any); null for a role that may not read them. */
  async listFor(actor: Actor, personId: string): Promise<ReleaseSummary[] | null> {
    if (!can(actor, 'release:view')) return null;
    return this.db.transaction().execute(async (trx) => {
      const releases = await this.summaries(trx, await repo.releasesOf(trx, personId));
      if (releases.length) {
        await this.audit.record(trx, actor, {
          category: 'consultation',
          action: 'person-releases-viewed',
          subjects: [personId],
          recordType: 'prison_release',
          recordIds: releases.map((r) => r.id),
        });
      }
      return releases;
    });
  }

  mayRecord(actor: Actor): boolean {
    return can(actor, 'release:record');
  }

  async moveToSurvivor(trx: Executor, mergedId: string, survivorId: string): Promise<string[]> {
    return repo.moveReleases(trx, mergedId, survivorId);
  }

  async moveBack(trx: Executor, ids: readonly string[], survivorId: string, restoredId: string): Promise<void> {
    return repo.moveReleasesBack(trx, ids, survivorId, restoredId);
  }

  private async summaries(db: Executor, rows: repo.ReleaseRow[]): Promise<ReleaseSummary[]> {
    const named = await this.from.people.identitiesOf(db, [...new Set(rows.map((r) => r.person_id))]);
    const tasks = await this.from.tasks.statesOf(
      db,
      rows.map((r) => r.review_task_id).filter((t): t is string => t !== null),
    );
    const now = this.clock.now();
    return rows.map((r) => {
      const p = named.get(r.person_id);
      const task = r.review_task_id ? tasks.get(r.review_task_id) : undefined;
      return {
        id: r.id,
        reference: r.reference,
        person: { id: r.person_id, name: p?.name ?? 'Unknown person', dateOfBirth: p?.dateOfBirth ?? null },
        releaseOn: r.release_on,
        state: releaseState(r.release_on, now),
        establishment: r.establishment,
        releaseType: r.release_type as ReleaseType,
        mappaCategory: r.mappa_category,
        mappaLevel: r.mappa_level,
        reviewDueBy: r.review_due_by,
        reviewOpensAt: r.review_opens_at,
        review:
          r.review_task_id && task
            ? { taskId: r.review_task_id, state: task.state, overdue: task.state === 'open' && task.dueAt.getTime() < now.getTime() }
            : null,
      };
    });
  }
}

function empty(): ReviewedVictim['safetyPlan'] {
  return { caseId: null, caseReference: null, plannedAt: null, items: [] };
}
