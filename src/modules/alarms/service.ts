import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import { assertAllowed } from '../../platform/auth/access.ts';
import { Conflict } from '../../platform/errors.ts';
import { can } from '../../domain/access/policy.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import { readSetting, writeSetting } from '../../platform/db/settings.ts';
import { addDays, type LocalDate } from '../../domain/calendar/localDate.ts';
import { endOfLondonDay, londonDateOf } from '../../domain/calendar/london.ts';
import {
  DEFAULT_ALARM_REVIEW_DAYS,
  alarmDateProblems,
  alarmState,
  reviewDaysProblem,
  reviewDueOn,
  taskKindFor,
  type AlarmDevice,
  type AlarmState,
  type ReturnReason,
} from '../../domain/support/alarmRules.ts';
import type { CaseService } from '../cases/index.ts';
import type { IncidentService } from '../incidents/index.ts';
import type { PeopleService } from '../people/index.ts';
import type { TaskService } from '../tasks/index.ts';
import * as repo from './repository.ts';

export const REVIEW_DAYS_SETTING = 'alarms.review-days';
export const REGISTER_PAGE_SIZE = 50;
/** A recovery task is due this many days after it is raised (the product's choice). */
const RETURN_TASK_DAYS = 14;

export interface NewAlarm {
  personId: string;
  device: AlarmDevice;
  serialNumber: string;
  installer: string;
  issuedOn: LocalDate;
  notes: string | null;
}

/** The step was refused as a whole: each field's problem, by the field's name in the input. */
export class AlarmRefused extends Error {
  constructor(readonly errors: Record<string, string>) {
    super(Object.values(errors).join('; '));
  }
}

/** Someone changed the alarm (or the setting) since it was read. */
export class AlarmChanged extends Conflict {}

export interface AlarmSummary {
  id: string;
  reference: string;
  person: { id: string; name: string; dateOfBirth: string | null };
  device: AlarmDevice;
  serialNumber: string;
  installer: string;
  issuedOn: LocalDate;
  reviewDueOn: LocalDate;
  returnedOn: LocalDate | null;
  state: AlarmState;
  task: { id: string; kind: string; state: string } | null;
  version: number;
}

export interface AlarmSources {
  people: PeopleService;
  cases: CaseService;
  incidents: IncidentService;
  tasks: TaskService;
}

/** Panic alarms issued to victims: review, activations, return (src/domain/support/alarmRules.ts). */
export class AlarmService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly from: AlarmSources,
  ) {}

  /** The person an alarm was issued to, as ids only: a refused look at it is recorded against her. */
  async peopleIn(id: string): Promise<string[]> {
    const row = await repo.findAlarm(this.db, id);
    return row ? [row.person_id] : [];
  }

  async reviewDays(db: Executor = this.db): Promise<{ days: number; version: number }> {
    const row = await readSetting(db, REVIEW_DAYS_SETTING);
    const days = (row?.value as { days?: unknown } | undefined)?.days;
    return {
      days: typeof days === 'number' && reviewDaysProblem(days) === null ? days : DEFAULT_ALARM_REVIEW_DAYS,
      version: row?.version ?? 0,
    };
  }

  async setReviewDays(actor: Actor, days: number, version: number): Promise<void> {
    assertAllowed(actor, 'support:settings', { relationship: 'force' }, [], 'alteration');
    const problem = reviewDaysProblem(days);
    if (problem) throw new AlarmRefused({ days: problem });
    await this.db.transaction().execute(async (trx) => {
      const before = await this.reviewDays(trx);
      if (!(await writeSetting(trx, REVIEW_DAYS_SETTING, { days }, version, this.clock.now())))
        throw new AlarmChanged('Someone changed the review period since you opened the page');
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'alarm-review-days-changed',
        details: { from: before.days, to: days },
      });
    });
  }

  /** The person the "issue an alarm" form is for (a consultation of her record). */
  async formFor(actor: Actor, personId: string) {
    assertAllowed(actor, 'support:record', { relationship: 'force' }, [personId], 'collection');
    return this.db.transaction().execute(async (trx) => {
      const person = (await this.from.people.identitiesOf(trx, [personId])).get(personId);
      if (!person || person.mergedInto) return undefined;
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'alarm-form-viewed',
        subjects: [personId],
        recordType: 'person',
        recordIds: [personId],
      });
      return { ...person, reviewDays: (await this.reviewDays(trx)).days };
    });
  }

  /** Issues an alarm; its review date is the force's review period after the issue. All or nothing. */
  async issue(actor: Actor, input: NewAlarm) {
    assertAllowed(actor, 'support:record', { relationship: 'force' }, [input.personId], 'collection');
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock.now();
      const errors = alarmDateProblems({ issuedOn: input.issuedOn, today: londonDateOf(now) });
      const person = (await this.from.people.identitiesOf(trx, [input.personId])).get(input.personId);
      if (!person) errors.personId = 'No person has that id';
      else if (person.mergedInto) errors.personId = 'That person record was merged into another: use the record it is now part of';
      const serial = input.serialNumber.trim();
      const out = serial ? await repo.outWithSerial(trx, serial) : undefined;
      if (out) errors.serialNumber = `The alarm with serial number ${serial} is still issued (${out.reference}): record its return first`;
      if (Object.keys(errors).length) throw new AlarmRefused(errors);
      const { days } = await this.reviewDays(trx);
      const row = await repo.insertAlarm(
        trx,
        {
          ...input,
          serialNumber: serial,
          installer: input.installer.trim(),
          notes: input.notes?.trim() || null,
          reviewDueOn: reviewDueOn(input.issuedOn, days),
          recordedBy: actor.userId,
        },
        now,
      );
      await this.audit.record(trx, actor, {
        category: 'collection',
        action: 'alarm-issued',
        subjects: [input.personId],
        recordType: 'panic_alarm',
        recordIds: [row.id],
        details: { device: input.device, issuedOn: input.issuedOn, reviewDueOn: row.review_due_on },
      });
      // An alarm recorded late may be due for review already: its task is raised at once.
      await this.raiseTaskIfDue(trx, actor, row);
      return row;
    });
  }

  /** Every alarm still out that now needs its review or its return: a task each, raised once (the recurring job). */
  async raiseDueTasks(actor: Actor): Promise<number> {
    let raised = 0;
    for (const row of await repo.alarmsOut(this.db)) {
      await this.db.transaction().execute(async (trx) => {
        if (await this.raiseTaskIfDue(trx, actor, row)) raised++;
      });
    }
    return raised;
  }

  private async stateOf(db: Executor, rows: repo.AlarmRow[]): Promise<Map<string, AlarmState>> {
    const standing = await this.from.cases.caseStanding(db, [...new Set(rows.map((r) => r.person_id))]);
    const today = londonDateOf(this.clock.now());
    return new Map(
      rows.map((r) => {
        const s = standing.get(r.person_id);
        return [
          r.id,
          alarmState(
            { reviewDueOn: r.review_due_on, returnedOn: r.returned_on, caseOpen: s ? s.open : null, caseClosed: s?.closed ?? false },
            today,
          ),
        ];
      }),
    );
  }

  private async raiseTaskIfDue(trx: Executor, actor: Actor, row: repo.AlarmRow) {
    const state = (await this.stateOf(trx, [row])).get(row.id)!;
    const kind = taskKindFor(state);
    if (!kind || row.task_kind === kind) return null;
    const now = this.clock.now();
    const task = await this.from.tasks.raise(trx, actor, {
      type: kind,
      caseId: null,
      incidentId: null,
      subjectPersonId: row.person_id,
      teamId: null,
      assigneeId: row.recorded_by,
      dueAt: kind === 'alarm-review' ? endOfLondonDay(row.review_due_on) : endOfLondonDay(addDays(londonDateOf(now), RETURN_TASK_DAYS)),
      sourceRule: kind === 'alarm-review' ? 'panic-alarm-review' : 'panic-alarm-unreturned',
      details: { alarmId: row.id, reference: row.reference, serialNumber: row.serial_number, reviewDueOn: row.review_due_on },
    });
    if (!(await repo.setTask(trx, row.id, task.id, kind))) return null;
    await this.audit.record(trx, actor, {
      category: 'alteration',
      action: 'alarm-task-raised',
      subjects: [row.person_id],
      recordType: 'panic_alarm',
      recordIds: [row.id, task.id],
      details: { taskId: task.id, kind },
    });
    return task;
  }

  /** One alarm with its activations; a consultation of her record. */
  async view(actor: Actor, id: string) {
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.findAlarm(trx, id);
      if (!row) return undefined;
      assertAllowed(actor, 'support:view', { relationship: 'force' }, [row.person_id]);
      const [summary] = await this.summaries(trx, [row]);
      const activations = await repo.activationsOf(trx, row.id);
      const incidents = await this.from.incidents.summaries(
        trx,
        activations.map((a) => a.incident_id).filter((i): i is string => i !== null),
      );
      const byId = new Map(incidents.map((i) => [i.id, i]));
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'alarm-viewed',
        subjects: [row.person_id],
        recordType: 'panic_alarm',
        recordIds: [row.id],
      });
      return {
        ...summary,
        notes: row.notes,
        returnReason: row.return_reason as ReturnReason | null,
        activations: activations.map((a) => ({
          id: a.id,
          activatedAt: a.activated_at,
          outcome: a.outcome,
          incident: a.incident_id ? { id: a.incident_id, reference: byId.get(a.incident_id)?.reference ?? 'incident' } : null,
        })),
      };
    });
  }

  private async change<T>(
    actor: Actor,
    id: string,
    version: number,
    step: (trx: Executor, row: repo.AlarmRow, today: LocalDate) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.findAlarm(trx, id);
      if (!row) throw new AlarmRefused({ alarm: 'No alarm has that id' });
      assertAllowed(actor, 'support:record', { relationship: 'force' }, [row.person_id], 'alteration');
      if (row.version !== version) throw new AlarmChanged('Someone changed this alarm since you opened the page');
      return step(trx, row, londonDateOf(this.clock.now()));
    });
  }

  /** An activation, linked to the incident it led to when there is one. */
  async recordActivation(
    actor: Actor,
    id: string,
    input: { version: number; activatedAt: Date; incidentReference: string | null; outcome: string },
  ) {
    return this.change(actor, id, input.version, async (trx, row) => {
      const errors: Record<string, string> = {};
      if (input.activatedAt.getTime() > this.clock.now().getTime()) errors.activatedAt = 'The activation must be now or in the past';
      else if (londonDateOf(input.activatedAt) < row.issued_on)
        errors.activatedAt = 'The activation must be on or after the day the alarm was issued';
      const incident = input.incidentReference ? await this.from.incidents.findByReference(trx, input.incidentReference) : undefined;
      if (input.incidentReference && !incident) errors.incident = `No incident has the reference ${input.incidentReference}`;
      if (!input.outcome.trim()) errors.outcome = 'Enter what happened when the alarm was activated';
      if (Object.keys(errors).length) throw new AlarmRefused(errors);
      const a = await repo.insertActivation(
        trx,
        {
          alarmId: row.id,
          activatedAt: input.activatedAt,
          incidentId: incident?.id ?? null,
          outcome: input.outcome.trim(),
          recordedBy: actor.userId,
        },
        this.clock.now(),
      );
      await repo.updateAlarm(trx, row.id, row.version, {});
      await this.audit.record(trx, actor, {
        category: 'collection',
        action: 'alarm-activation-recorded',
        subjects: [row.person_id],
        recordType: 'panic_alarm',
        recordIds: [row.id, a.id],
        details: { incidentId: incident?.id ?? null },
      });
      return a;
    });
  }

  /** The review: she keeps it (the next review is the period after today) and its review task closes. */
  async recordReview(actor: Actor, id: string, input: { version: number; note: string }) {
    return this.change(actor, id, input.version, async (trx, row, today) => {
      if (row.returned_on) throw new AlarmRefused({ alarm: 'This alarm has been returned: there is nothing to review' });
      const { days } = await this.reviewDays(trx);
      const next = reviewDueOn(today, days);
      const updated = await repo.updateAlarm(trx, row.id, row.version, {
        review_due_on: next,
        ...(row.task_kind === 'alarm-review' ? { task_id: null, task_kind: null } : {}),
      });
      if (!updated) throw new AlarmChanged('Someone changed this alarm since you opened the page');
      await this.from.tasks.completeRaised(trx, actor, { type: 'alarm-review', key: 'alarmId', value: row.id, outcome: 'alarm-reviewed' });
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'alarm-reviewed',
        subjects: [row.person_id],
        recordType: 'panic_alarm',
        recordIds: [row.id],
        details: { nextReviewOn: next, note: input.note.trim() || null },
      });
      // Her case may have closed meanwhile: the recovery task then follows at once.
      await this.raiseTaskIfDue(trx, actor, updated);
      return updated;
    });
  }

  /** The return: the alarm comes back; any review or recovery task closes with it. */
  async recordReturn(actor: Actor, id: string, input: { version: number; returnedOn: LocalDate; reason: ReturnReason }) {
    return this.change(actor, id, input.version, async (trx, row, today) => {
      if (row.returned_on) throw new AlarmRefused({ alarm: `This alarm was returned on ${row.returned_on}` });
      const errors = alarmDateProblems({ returnedOn: input.returnedOn, issuedBefore: row.issued_on, today });
      if (Object.keys(errors).length) throw new AlarmRefused(errors);
      const updated = await repo.updateAlarm(trx, row.id, row.version, {
        returned_on: input.returnedOn,
        return_reason: input.reason,
        task_id: null,
        task_kind: null,
      });
      if (!updated) throw new AlarmChanged('Someone changed this alarm since you opened the page');
      for (const type of ['alarm-review', 'alarm-return'] as const)
        await this.from.tasks.completeRaised(trx, actor, { type, key: 'alarmId', value: row.id, outcome: 'alarm-returned' });
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'alarm-returned',
        subjects: [row.person_id],
        recordType: 'panic_alarm',
        recordIds: [row.id],
        details: { returnedOn: input.returnedOn, reason: input.reason },
      });
      return updated;
    });
  }

  /** A page of the register with each view's count; a consultation of every victim it shows. */
  async register(actor: Actor, view: repo.RegisterView, page: number) {
    assertAllowed(actor, 'support:view', { relationship: 'force' });
    return this.db.transaction().execute(async (trx) => {
      const today = londonDateOf(this.clock.now());
      const { rows, more } = await repo.listAlarms(trx, view, today, REGISTER_PAGE_SIZE, (page - 1) * REGISTER_PAGE_SIZE);
      const alarms = await this.summaries(trx, rows);
      const counts = await repo.countAlarms(trx, today);
      if (alarms.length)
        await this.audit.record(trx, actor, {
          category: 'consultation',
          action: 'alarm-register-viewed',
          subjects: [...new Set(alarms.map((a) => a.person.id))],
          recordType: 'panic_alarm',
          recordIds: alarms.map((a) => a.id),
          details: { view, page },
        });
      return { alarms, counts, more, page, reviewDays: (await this.reviewDays(trx)).days };
    });
  }

  /** Alarms out, due for review and to be recovered (counts, not personal data: the home page). */
  async counts() {
    const c = await repo.countAlarms(this.db, londonDateOf(this.clock.now()));
    return { out: c.out, reviewDue: c['review-due'], unreturned: c.unreturned };
  }

  /** A person's alarms for her page (a consultation when there are any); null for a role that may not read them. */
  async listFor(actor: Actor, personId: string): Promise<AlarmSummary[] | null> {
    if (!can(actor, 'support:view')) return null;
    return this.db.transaction().execute(async (trx) => {
      const alarms = await this.summaries(trx, await repo.alarmsOf(trx, personId));
      if (alarms.length)
        await this.audit.record(trx, actor, {
          category: 'consultation',
          action: 'person-alarms-viewed',
          subjects: [personId],
          recordType: 'panic_alarm',
          recordIds: alarms.map((a) => a.id),
        });
      return alarms;
    });
  }

  mayRecord(actor: Actor): boolean {
    return can(actor, 'support:record');
  }

  async moveToSurvivor(trx: Executor, mergedId: string, survivorId: string): Promise<string[]> {
    return repo.moveAlarms(trx, mergedId, survivorId);
  }

  async moveBack(trx: Executor, ids: readonly string[], survivorId: string, restoredId: string): Promise<void> {
    return repo.moveAlarmsBack(trx, ids, survivorId, restoredId);
  }

  private async summaries(db: Executor, rows: repo.AlarmRow[]): Promise<AlarmSummary[]> {
    const named = await this.from.people.identitiesOf(db, [...new Set(rows.map((r) => r.person_id))]);
    const states = await this.stateOf(db, rows);
    const tasks = await this.from.tasks.statesOf(
      db,
      rows.map((r) => r.task_id).filter((t): t is string => t !== null),
    );
    return rows.map((r) => {
      const p = named.get(r.person_id);
      const t = r.task_id ? tasks.get(r.task_id) : undefined;
      return {
        id: r.id,
        reference: r.reference,
        person: { id: r.person_id, name: p?.name ?? 'Unknown person', dateOfBirth: p?.dateOfBirth ?? null },
        device: r.device as AlarmDevice,
        serialNumber: r.serial_number,
        installer: r.installer,
        issuedOn: r.issued_on,
        reviewDueOn: r.review_due_on,
        returnedOn: r.returned_on,
        state: states.get(r.id)!,
        task: r.task_id && r.task_kind && t ? { id: r.task_id, kind: r.task_kind, state: t.state } : null,
        version: r.version,
      };
    });
  }
}
