import { assertAllowed } from '../../platform/auth/access.ts';
import { Conflict, NotFound } from '../../platform/errors.ts';
import type { Relationship } from '../../domain/access/policy.ts';
import { ENGLAND_AND_WALES, type Calendar } from '../../domain/calendar/bankHolidays.ts';
import type { LocalDate } from '../../domain/calendar/localDate.ts';
import { endOfLondonDay, londonDateOf, startOfLondonDay } from '../../domain/calendar/london.ts';
import {
  CASE_EVENT_NAMES,
  VICTIMS_CODE_DEFAULTS,
  obligationStanding,
  rightToReviewAcknowledgementDueBy,
  rightToReviewApplies,
  rightToReviewDecisionDueBy,
  rightToReviewRequestBy,
  updateWasLate,
  updateWorkingDays,
  validTimeLimits,
  victimsCodeUpdateDueBy,
  type CaseEventType,
  type VictimsCodeTimeLimits,
} from '../../domain/calendar/victimsCode.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import { readSetting, writeSetting } from '../../platform/db/settings.ts';
import type { CaseService, SafeguardingCase } from '../cases/index.ts';
import type { PeopleService, PersonName } from '../people/index.ts';
import type { UserService } from '../users/index.ts';
import * as repo from './repository.ts';
import type { NeedsAssessment, UpdatePreferences } from './schemas.ts';

/** The settings key of the force's Victims' Code time limits (configurable: a new Code was consulted on in 2026). */
export const TIME_LIMITS_SETTING = 'victims-code-time-limits';
/** How many updates each compliance list and the home page show. */
export const COMPLIANCE_LIST_LIMIT = 50;
export const HOME_UPDATES_LIMIT = 10;

export class CaseNotFound extends NotFound {
  constructor() {
    super('No such case');
  }
}
export class ObligationNotFound extends NotFound {
  constructor() {
    super('No such update');
  }
}
/** Someone else changed the record first (a version mismatch), or the update was already recorded. */
export class VictimsCodeConflict extends Conflict {}
/** A change the record refuses, with the form field it is about. */
export class VictimsCodeRefused extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface VictimsCodeSources {
  cases: CaseService;
  people: PeopleService;
  users: UserService;
}

export type ComplianceFilter = Omit<repo.ComplianceFilter, 'from' | 'to' | 'heldBy'> & { from?: LocalDate; to?: LocalDate };

const nameOf = (n: PersonName | undefined) => (n ? `${(n.familyName ?? '').toUpperCase()}, ${n.givenName ?? ''}`.trim() : 'Unknown person');

/**
 * The Victims' Code on a safeguarding case: the needs assessment, Enhanced Rights, agreed update preferences, the case
 * events the victim must be told of, each with its update obligation (due by DOMAIN.md's working-day rule), the Victim
 * Personal Statement offer and the Right to Review dates; and the compliance view over every obligation.
 * Every read of a victim's record is a consultation and every change is audited, in the same transaction.
 */
export class VictimsCodeService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly sources: VictimsCodeSources,
    private readonly calendar: Calendar = ENGLAND_AND_WALES,
  ) {}

  /** The force's time limits (the Code's 1 and 5 working days unless an administrator changed them). */
  async timeLimits(db: Executor = this.db): Promise<VictimsCodeTimeLimits & { version: number }> {
    const stored = await readSetting(db, TIME_LIMITS_SETTING);
    if (stored && validTimeLimits(stored.value)) return { ...(stored.value as VictimsCodeTimeLimits), version: stored.version };
    return { ...VICTIMS_CODE_DEFAULTS, version: stored?.version ?? 0 };
  }

  /** Changes the force's time limits at the version the administrator saw; false when someone changed them first. */
  async changeTimeLimits(actor: Actor, limits: VictimsCodeTimeLimits, version: number): Promise<boolean> {
    assertAllowed(actor, 'victims-code:settings', { relationship: 'force' }, [], 'alteration');
    if (!validTimeLimits(limits)) throw new VictimsCodeRefused('enhanced-rights-working-days', 'Time limits must be 1 to 30 working days');
    return this.db.transaction().execute(async (trx) => {
      const before = await this.timeLimits(trx);
      const written = await writeSetting(trx, TIME_LIMITS_SETTING, limits, version, this.clock.now());
      if (!written) return false;
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'victims-code-time-limits-changed',
        recordType: 'setting',
        details: {
          from: { enhancedRightsWorkingDays: before.enhancedRightsWorkingDays, standardWorkingDays: before.standardWorkingDays },
          to: limits,
        },
      });
      return true;
    });
  }

  private relationshipTo(actor: Actor, c: SafeguardingCase): Relationship {
    if (c.ownerId !== null && c.ownerId === actor.userId) return 'own';
    if (c.teamId !== null && c.teamId === actor.teamId) return 'team';
    return 'force';
  }

  /** The case, after the record-level check; CaseNotFound when there is none. */
  private async caseFor(db: Executor, actor: Actor, caseId: string, action: 'victims-code:view' | 'victims-code:record') {
    const found = await this.sources.cases.find(db, caseId);
    if (!found) throw new CaseNotFound();
    assertAllowed(
      actor,
      action,
      { relationship: this.relationshipTo(actor, found) },
      [found.victimPersonId],
      action === 'victims-code:view' ? 'consultation' : 'collection',
    );
    return found;
  }

  /**
   * Records a case event and the update obligation it creates: tell the victim within 1 working day with Enhanced
   * Rights, 5 without (the force's limits), counted from the London date of the event.
   */
  async recordEvent(actor: Actor, caseId: string, input: { type: CaseEventType; occurredAt: Date }) {
    return this.db.transaction().execute(async (trx) => {
      const c = await this.caseFor(trx, actor, caseId, 'victims-code:record');
      const now = this.clock.now();
      const limits = await this.timeLimits(trx);
      const workingDays = updateWorkingDays(c.enhancedRights, limits);
      const dueBy = victimsCodeUpdateDueBy(input.occurredAt, workingDays, this.calendar);
      const event = await repo.insertCaseEvent(trx, {
        caseId,
        type: input.type,
        occurredAt: input.occurredAt,
        recordedBy: actor.userId,
        at: now,
      });
      const obligation = await repo.insertObligation(trx, {
        caseEventId: event.id,
        caseId,
        victimPersonId: c.victimPersonId,
        officerId: c.ownerId,
        teamId: c.teamId,
        enhancedRights: c.enhancedRights,
        workingDays,
        dueBy,
        at: now,
      });
      await this.audit.record(trx, actor, {
        category: 'collection',
        action: 'case-event-recorded',
        subjects: [c.victimPersonId],
        recordType: 'case_event',
        recordIds: [event.id, obligation.id],
        details: { caseId, type: input.type, occurredAt: input.occurredAt.toISOString(), dueBy: dueBy.toISOString(), workingDays },
      });
      return {
        event: { id: event.id, caseId, type: input.type, occurredAt: event.occurred_at },
        obligation: {
          id: obligation.id,
          dueBy: obligation.due_by,
          workingDays,
          enhancedRights: c.enhancedRights,
          state: obligation.state,
          standing: obligationStanding(dueBy, now),
        },
      };
    });
  }

  /** Records that the victim was told (how, when, by whom); told after the end of the due day is recorded as late. */
  async giveUpdate(actor: Actor, obligationId: string, input: { version: number; toldAt: Date; method: string; note: string | null }) {
    return this.db.transaction().execute(async (trx) => {
      const o = await repo.findObligation(trx, obligationId);
      if (!o) throw new ObligationNotFound();
      await this.caseFor(trx, actor, o.case_id, 'victims-code:record');
      if (o.state === 'met') throw new VictimsCodeConflict('This update has already been recorded as given');
      if (input.toldAt.getTime() < new Date(o.occurred_at).getTime())
        throw new VictimsCodeRefused('told-day', 'The victim cannot have been told before the event happened: check the date and time');
      const late = updateWasLate(new Date(o.due_by), input.toldAt);
      const met = await repo.markObligationMet(trx, obligationId, input.version, {
        updatedAt: input.toldAt,
        method: input.method,
        note: input.note,
        by: actor.userId,
        at: this.clock.now(),
        late,
      });
      if (!met) throw new VictimsCodeConflict('Someone else changed this update while you were recording it');
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'victim-update-given',
        subjects: [o.victim_person_id],
        recordType: 'victim_update_obligation',
        recordIds: [obligationId],
        details: { caseId: o.case_id, event: o.type, method: input.method, toldAt: input.toldAt.toISOString(), late },
      });
      return { caseId: o.case_id, late, toldAt: input.toldAt, dueBy: o.due_by };
    });
  }

  /** The case's Victims' Code page: everything recorded, each obligation where it stands now, Right to Review dates. */
  async caseView(actor: Actor, caseId: string) {
    return this.db.transaction().execute(async (trx) => {
      const c = await this.caseFor(trx, actor, caseId, 'victims-code:view');
      const now = this.clock.now();
      const [names, record, changes, events, limits, users] = await Promise.all([
        this.sources.people.namesOf(trx, [c.victimPersonId]),
        repo.caseRecord(trx, caseId),
        repo.enhancedRightsChanges(trx, caseId),
        repo.eventsOfCase(trx, caseId),
        this.timeLimits(trx),
        this.userNames(),
      ]);
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'victims-code-viewed',
        subjects: [c.victimPersonId],
        recordType: 'safeguarding_case',
        recordIds: [caseId],
        details: { events: events.length },
      });
      const by = (id: string | null) => (id ? (users.get(id) ?? 'Unknown user') : null);
      return {
        case: c,
        victim: { id: c.victimPersonId, name: nameOf(names.get(c.victimPersonId)) },
        limits,
        recordVersion: record?.version ?? 0,
        needsAssessment: record?.needs_assessment
          ? { ...(record.needs_assessment as NeedsAssessment), at: record.needs_assessed_at, by: by(record.needs_assessed_by) }
          : null,
        preferences: record?.update_preferences
          ? { ...(record.update_preferences as UpdatePreferences), at: record.preferences_agreed_at, by: by(record.preferences_agreed_by) }
          : null,
        personalStatement: record?.personal_statement
          ? { status: record.personal_statement, on: record.personal_statement_on, by: by(record.personal_statement_recorded_by) }
          : null,
        enhancedRightsChanges: changes.map((ch) => ({
          enhancedRights: ch.enhanced_rights,
          reason: ch.reason,
          at: ch.changed_at,
          by: by(ch.changed_by),
        })),
        events: events.map((e) => {
          const type = e.type as CaseEventType;
          const occurredAt = new Date(e.occurred_at);
          const requestedAt = e.review_requested_at ? new Date(e.review_requested_at) : null;
          return {
            id: e.case_event_id,
            type,
            name: CASE_EVENT_NAMES[type],
            occurredAt,
            recordedBy: by(e.recorded_by),
            obligation: {
              id: e.id,
              dueBy: e.due_by,
              workingDays: e.working_days,
              enhancedRights: e.enhanced_rights,
              state: e.state,
              standing: e.state === 'met' ? (e.late ? 'met-late' : 'met-on-time') : obligationStanding(new Date(e.due_by), now),
              updatedAt: e.updated_at,
              method: e.update_method,
              note: e.update_note,
              updatedBy: by(e.updated_by),
              version: e.version,
            },
            review: rightToReviewApplies(type)
              ? {
                  requestBy: rightToReviewRequestBy(occurredAt),
                  requestedAt,
                  acknowledgeBy: requestedAt && rightToReviewAcknowledgementDueBy(requestedAt, this.calendar),
                  decideBy: requestedAt && rightToReviewDecisionDueBy(requestedAt, this.calendar),
                }
              : null,
          };
        }),
      };
    });
  }

  private async userNames(): Promise<Map<string, string>> {
    return new Map((await this.sources.users.listUsers()).map((u) => [u.id, u.display_name]));
  }

  /** Changes the case's Victims' Code row at the version the officer saw, and audits the change. */
  private async changeRecord(
    actor: Actor,
    caseId: string,
    version: number,
    change: Parameters<typeof repo.updateCaseRecord>[3],
    audit: { action: string; details: Record<string, unknown> },
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const c = await this.caseFor(trx, actor, caseId, 'victims-code:record');
      await repo.lockCaseRecord(trx, caseId);
      const written = await repo.updateCaseRecord(trx, caseId, version, change);
      if (!written) throw new VictimsCodeConflict("Someone else changed this case's Victims' Code record while you were editing it");
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: audit.action,
        subjects: [c.victimPersonId],
        recordType: 'victims_code_case',
        recordIds: [caseId],
        details: audit.details,
      });
    });
  }

  async recordNeedsAssessment(actor: Actor, caseId: string, input: { version: number; assessment: NeedsAssessment }): Promise<void> {
    const at = this.clock.now();
    await this.changeRecord(
      actor,
      caseId,
      input.version,
      { needs_assessment: JSON.stringify(input.assessment), needs_assessed_at: at, needs_assessed_by: actor.userId },
      { action: 'needs-assessment-recorded', details: { supportNeeds: input.assessment.supportNeeds } },
    );
  }

  async agreePreferences(actor: Actor, caseId: string, input: { version: number; preferences: UpdatePreferences }): Promise<void> {
    const at = this.clock.now();
    const { method, frequency, via } = input.preferences;
    await this.changeRecord(
      actor,
      caseId,
      input.version,
      { update_preferences: JSON.stringify(input.preferences), preferences_agreed_at: at, preferences_agreed_by: actor.userId },
      { action: 'update-preferences-agreed', details: { method, frequency, via } },
    );
  }

  async recordPersonalStatement(actor: Actor, caseId: string, input: { version: number; status: string; on: LocalDate }): Promise<void> {
    await this.changeRecord(
      actor,
      caseId,
      input.version,
      { personal_statement: input.status, personal_statement_on: input.on, personal_statement_recorded_by: actor.userId },
      { action: 'personal-statement-recorded', details: { status: input.status, on: input.on } },
    );
  }

  /**
   * Changes whether the victim has Enhanced Rights, with the reason, at the case version the officer saw. Updates
   * already owed keep the clock they started with; events recorded from now on use the new time limit.
   */
  async changeEnhancedRights(
    actor: Actor,
    caseId: string,
    input: { enhancedRights: boolean; reason: string; version: number },
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const c = await this.caseFor(trx, actor, caseId, 'victims-code:record');
      if (c.version !== input.version) throw new VictimsCodeConflict('Someone else changed this case while you were editing it');
      if (c.enhancedRights === input.enhancedRights)
        throw new VictimsCodeRefused(
          'enhanced-rights',
          input.enhancedRights ? 'The victim already has Enhanced Rights' : 'The victim already does not have Enhanced Rights',
        );
      await this.sources.cases.setEnhancedRights(trx, caseId, input.enhancedRights);
      const change = await repo.insertEnhancedRightsChange(trx, {
        caseId,
        enhancedRights: input.enhancedRights,
        reason: input.reason,
        changedBy: actor.userId,
        at: this.clock.now(),
      });
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'enhanced-rights-changed',
        subjects: [c.victimPersonId],
        recordType: 'safeguarding_case',
        recordIds: [caseId, change.id],
        reason: input.reason,
        details: { from: c.enhancedRights, to: input.enhancedRights },
      });
    });
  }

  /** The date the victim asked for a review of a decision not to charge: starts the acknowledgement and decision clocks. */
  async recordReviewRequest(actor: Actor, eventId: string, requestedOn: LocalDate): Promise<{ caseId: string }> {
    return this.db.transaction().execute(async (trx) => {
      const event = await repo.findCaseEvent(trx, eventId);
      if (!event) throw new ObligationNotFound();
      const c = await this.caseFor(trx, actor, event.case_id, 'victims-code:record');
      if (!rightToReviewApplies(event.type as CaseEventType))
        throw new VictimsCodeRefused('requested-day', 'Only a decision not to charge can be reviewed under the Right to Review');
      if (requestedOn < londonDateOf(new Date(event.occurred_at)))
        throw new VictimsCodeRefused('requested-day', 'The victim cannot have asked for a review before the decision was made');
      // Midday London time on the day asked: the clocks count from the London date, whatever the hour.
      const requestedAt = new Date((startOfLondonDay(requestedOn).getTime() + endOfLondonDay(requestedOn).getTime()) / 2);
      if (!(await repo.recordReviewRequest(trx, eventId, requestedAt)))
        throw new VictimsCodeConflict('A review request is already recorded for this decision');
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'review-request-recorded',
        subjects: [c.victimPersonId],
        recordType: 'case_event',
        recordIds: [eventId],
        details: { requestedOn },
      });
      return { caseId: c.id };
    });
  }

  private today() {
    const date = londonDateOf(this.clock.now());
    return { start: startOfLondonDay(date), end: endOfLondonDay(date) };
  }

  private async listed(trx: Executor, rows: Awaited<ReturnType<typeof repo.complianceList>>, now: Date) {
    const [names, users, teams] = await Promise.all([
      this.sources.people.namesOf(
        trx,
        rows.map((r) => r.victim_person_id),
      ),
      this.userNames(),
      this.sources.users.listTeams(),
    ]);
    const teamNames = new Map(teams.map((t) => [t.id, t.name]));
    return rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      victim: nameOf(names.get(r.victim_person_id)),
      victimPersonId: r.victim_person_id,
      event: CASE_EVENT_NAMES[r.type as CaseEventType],
      occurredAt: r.occurred_at,
      dueBy: r.due_by,
      enhancedRights: r.enhanced_rights,
      workingDays: r.working_days,
      updatedAt: r.updated_at,
      method: r.update_method,
      late: r.late,
      standing: r.state === 'met' ? (r.late ? 'met-late' : 'met-on-time') : obligationStanding(new Date(r.due_by), now),
      officer: r.officer_id ? (users.get(r.officer_id) ?? null) : null,
      team: r.team_id ? (teamNames.get(r.team_id) ?? null) : null,
    }));
  }

  /** The compliance view: counts and lists of updates due today, overdue, met on time and met late, filtered. */
  async compliance(actor: Actor, filter: ComplianceFilter) {
    assertAllowed(actor, 'victims-code:compliance', { relationship: 'force' });
    const now = this.clock.now();
    const today = this.today();
    const f: repo.ComplianceFilter = {
      teamId: filter.teamId,
      officerId: filter.officerId,
      from: filter.from ? startOfLondonDay(filter.from) : undefined,
      to: filter.to ? endOfLondonDay(filter.to) : undefined,
    };
    return this.db.transaction().execute(async (trx) => {
      const counts = await repo.complianceCounts(trx, f, today, now);
      const lists = {} as Record<repo.ComplianceList, Awaited<ReturnType<VictimsCodeService['listed']>>>;
      for (const list of ['overdue', 'due-today', 'met-late', 'met-on-time'] as const) {
        lists[list] = await this.listed(trx, await repo.complianceList(trx, f, list, today, now, COMPLIANCE_LIST_LIMIT), now);
      }
      const holders = await repo.holdersOfObligations(trx);
      const [users, teams] = await Promise.all([this.userNames(), this.sources.users.listTeams()]);
      const shown = [...new Set(Object.values(lists).flatMap((l) => l.map((i) => i.victimPersonId)))];
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'victims-code-compliance-viewed',
        subjects: shown,
        recordType: 'victim_update_obligation',
        recordIds: Object.values(lists).flatMap((l) => l.map((i) => i.id)),
        details: { filter: { ...filter }, counts },
      });
      return {
        counts,
        lists,
        officers: holders.officerIds
          .map((id) => ({ id, name: users.get(id) ?? 'Unknown user' }))
          .sort((a, b) => a.name.localeCompare(b.name)),
        teams: teams.filter((t) => holders.teamIds.includes(t.id)).map((t) => ({ id: t.id, name: t.name })),
      };
    });
  }

  /** The updates due today and overdue on the actor's and their team's cases, for the home page (a consultation). */
  async dueForHome(actor: Actor) {
    assertAllowed(actor, 'victims-code:view', { relationship: 'own' });
    const now = this.clock.now();
    const today = this.today();
    const f: repo.ComplianceFilter = { heldBy: { userId: actor.userId, teamId: actor.teamId } };
    return this.db.transaction().execute(async (trx) => {
      const counts = await repo.complianceCounts(trx, f, today, now);
      const overdue = await this.listed(trx, await repo.complianceList(trx, f, 'overdue', today, now, HOME_UPDATES_LIMIT), now);
      const dueToday = await this.listed(trx, await repo.complianceList(trx, f, 'due-today', today, now, HOME_UPDATES_LIMIT), now);
      const shown = [...new Set([...overdue, ...dueToday].map((i) => i.victimPersonId))];
      if (shown.length)
        await this.audit.record(trx, actor, {
          category: 'consultation',
          action: 'victims-code-updates-listed',
          subjects: shown,
          recordType: 'victim_update_obligation',
          recordIds: [...overdue, ...dueToday].map((i) => i.id),
          details: { overdue: counts.overdue, dueToday: counts.dueToday },
        });
      return { counts, overdue, dueToday };
    });
  }

  /** The victim a case is about (id only, no personal data): a refused look is recorded against her. */
  async victimOfCase(caseId: string): Promise<string[]> {
    const c = await this.sources.cases.find(this.db, caseId);
    return c ? [c.victimPersonId] : [];
  }

  /** The victim an update obligation or a decision is about (ids only): a refused look is recorded against her. */
  async victimOfObligation(obligationId: string): Promise<string[]> {
    const o = await repo.findObligation(this.db, obligationId);
    return o ? [o.victim_person_id] : [];
  }

  async victimOfEvent(eventId: string): Promise<string[]> {
    const caseId = await this.caseOfEvent(eventId);
    return caseId ? this.victimOfCase(caseId) : [];
  }

  async caseOfEvent(eventId: string): Promise<string | undefined> {
    return (await repo.findCaseEvent(this.db, eventId))?.case_id;
  }

  /** The obligation to show on its own page ("Record the update given"), with the case it belongs to. */
  async obligation(actor: Actor, obligationId: string) {
    return this.db.transaction().execute(async (trx) => {
      const o = await repo.findObligation(trx, obligationId);
      if (!o) throw new ObligationNotFound();
      const c = await this.caseFor(trx, actor, o.case_id, 'victims-code:view');
      const names = await this.sources.people.namesOf(trx, [o.victim_person_id]);
      const record = await repo.caseRecord(trx, o.case_id);
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'victims-code-viewed',
        subjects: [o.victim_person_id],
        recordType: 'victim_update_obligation',
        recordIds: [obligationId],
      });
      return {
        id: o.id,
        case: c,
        victim: nameOf(names.get(o.victim_person_id)),
        event: CASE_EVENT_NAMES[o.type as CaseEventType],
        occurredAt: o.occurred_at,
        dueBy: o.due_by,
        workingDays: o.working_days,
        enhancedRights: o.enhanced_rights,
        state: o.state,
        standing: o.state === 'met' ? (o.late ? 'met-late' : 'met-on-time') : obligationStanding(new Date(o.due_by), this.clock.now()),
        updatedAt: o.updated_at,
        method: o.update_method,
        version: o.version,
        preferences: (record?.update_preferences ?? null) as UpdatePreferences | null,
      };
    });
  }
}
