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
import { ENGLAND_AND_WALES, type Calendar } from '../../domain/calendar/bankHolidays.ts';
import {
  DEFAULT_ORDER_REGIME,
  EXPIRY_REVIEW_DAYS,
  NOTICE_ORDER,
  ORDER_REGIMES,
  authorisationProblem,
  durationProblem,
  hearingDueBy,
  isNotice,
  notificationDueBy,
  regimeProblem,
  type OrderRegime,
  type OrderType,
  type PoliceRank,
} from '../../domain/orders/orderRules.ts';
import type { IncidentService } from '../incidents/index.ts';
import type { PeopleService } from '../people/index.ts';
import * as repo from './repository.ts';

export const REGIME_SETTING = 'orders.regime';
export const REGISTER_PAGE_SIZE = 50;

/** A notice or order as it was asked to be recorded (API or form, already parsed). */
export interface NewOrder {
  type: OrderType;
  subjectPersonId: string;
  protectedPersonIds: string[];
  /** Served (a notice) or made (an order). */
  startsAt: Date;
  endsAt: Date | null;
  incidentId?: string | null;
  incidentReference?: string | null;
  authorisedBy: { name: string; rank: PoliceRank | null } | null;
  conditions: OrderCondition[];
  positiveRequirements?: string | null;
  electronicMonitoring?: boolean;
  followsOrderId?: string | null;
}

/** The record was refused as a whole: each field's problem, by the field's name in the request. */
export class OrderRefused extends Error {
  constructor(readonly errors: Record<string, string>) {
    super(Object.values(errors).join('; '));
  }
}

/** Someone changed the order since it was read (optimistic version), or it is no longer in force. */
export class OrderChanged extends Conflict {}

export interface PersonNamed {
  id: string;
  name: string;
  dateOfBirth: string | null;
}

export interface OrderSummary {
  id: string;
  reference: string;
  type: OrderType;
  status: string;
  subject: PersonNamed;
  protectedPeople: PersonNamed[];
  startsAt: Date;
  endsAt: Date | null;
  hearingDueBy: Date | null;
  notificationDueBy: Date | null;
  notifiedAt: Date | null;
  breaches: number;
  dueForExpiryReview: boolean;
}

export type HearingOutcome = 'made' | 'refused' | 'withdrawn';
export type ExpiryDecision = 'extend' | 'further-order' | 'lapse';

/** The order register: protective notices and orders, their statutory clocks and breaches (src/domain/orders). */
export class OrderService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly people: PeopleService,
    private readonly incidents: IncidentService,
    private readonly calendar: Calendar = ENGLAND_AND_WALES,
  ) {}

  /** The people an order names, as ids only: a refused look at it is recorded against them. */
  async peopleIn(id: string): Promise<string[]> {
    const row = await repo.findOrder(this.db, id);
    if (!row) return [];
    return [row.subject_person_id, ...(await repo.protectedPeopleOf(this.db, [id])).map((p) => p.person_id)];
  }

  async mayRecord(actor: Actor): Promise<boolean> {
    return can(actor, 'order:record');
  }

  /**
   * What the "record an order" form offers: the force's regime, and for the person it is against, the people they
   * are linked to through incidents (whom it may protect). Naming them is a consultation.
   */
  async formFor(actor: Actor, subjectId: string | null) {
    assertAllowed(actor, 'order:record', { relationship: 'force' }, subjectId ? [subjectId] : [], 'collection');
    return this.db.transaction().execute(async (trx) => {
      const { regime } = await this.regime(trx);
      if (!subjectId) return { regime, subject: null, related: [] };
      const found = await this.people.historyFor(trx, subjectId);
      if (!found || found.person.merged_into) return { regime, subject: null, related: [] };
      const related = found.relationships.map((r) => ({ id: r.personId, name: r.name, relation: r.relation }));
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'order-form-viewed',
        subjects: [subjectId, ...related.map((r) => r.id)],
        recordType: 'person',
        recordIds: [subjectId],
      });
      return {
        regime,
        subject: { id: subjectId, name: `${found.person.given_name} ${found.person.family_name}`, dateOfBirth: found.person.date_of_birth },
        related,
      };
    });
  }

  /** Which regime the force uses: DVPN/DVPO, DAPN/DAPO or both (configured by an administrator). */
  async regime(db: Executor = this.db): Promise<{ regime: OrderRegime; version: number }> {
    const row = await readSetting(db, REGIME_SETTING);
    const value = row?.value as { regime?: string } | undefined;
    const regime = ORDER_REGIMES.find((r) => r === value?.regime) ?? DEFAULT_ORDER_REGIME;
    return { regime, version: row?.version ?? 0 };
  }

  async setRegime(actor: Actor, regime: OrderRegime, version: number): Promise<void> {
    assertAllowed(actor, 'order:settings', { relationship: 'force' }, [], 'alteration');
    await this.db.transaction().execute(async (trx) => {
      const saved = await writeSetting(trx, REGIME_SETTING, { regime }, version, this.clock.now());
      if (!saved) throw new OrderChanged('Someone changed the order regime since you opened the page');
      await this.audit.record(trx, actor, { category: 'alteration', action: 'order-regime-changed', details: { regime } });
    });
  }

  /** Records a notice or order after checking it against the law and the force's regime; all or nothing. */
  async record(actor: Actor, input: NewOrder) {
    assertAllowed(actor, 'order:record', { relationship: 'force' }, [input.subjectPersonId], 'collection');
    return this.db.transaction().execute(async (trx) => {
      const errors: Record<string, string> = {};
      const { regime } = await this.regime(trx);
      const regimeRefusal = regimeProblem(input.type, regime);
      if (regimeRefusal) errors.type = regimeRefusal;
      const rankRefusal = authorisationProblem(input.type, input.authorisedBy?.rank ?? null);
      if (rankRefusal) errors['authorisedBy.rank'] = rankRefusal;
      if (isNotice(input.type) && !input.authorisedBy?.name.trim()) {
        errors['authorisedBy.name'] = `Enter the name of the officer who authorised the ${input.type}`;
      }
      if (input.startsAt.getTime() > this.clock.now().getTime() + 5 * 60_000) {
        errors.startsAt = 'The date it was served or made must not be in the future';
      }
      const durationRefusal = durationProblem(input.type, input.startsAt, input.endsAt);
      if (durationRefusal) errors.endsAt = durationRefusal;
      const named = await this.people.identitiesOf(trx, [input.subjectPersonId, ...input.protectedPersonIds]);
      const subject = named.get(input.subjectPersonId);
      if (!subject) errors.subjectPersonId = 'No person has that id';
      else if (subject.mergedInto) errors.subjectPersonId = 'That person record was merged into another: use the record it is now part of';
      const unknown = input.protectedPersonIds.filter((id) => !named.get(id));
      if (unknown.length) errors.protectedPersonIds = `No person has the id ${unknown.join(', ')}`;
      if (input.protectedPersonIds.includes(input.subjectPersonId))
        errors.protectedPersonIds = 'The person the order is against cannot also be protected by it';
      if (input.protectedPersonIds.length === 0 && input.type !== 'bail-conditions') {
        errors.protectedPersonIds = 'Choose at least one person the order protects';
      }
      let incidentId: string | null = null;
      if (input.incidentId || input.incidentReference) {
        const [incident] = await this.incidents.identify(trx, {
          ids: input.incidentId ? [input.incidentId] : [],
          references: input.incidentReference ? [input.incidentReference] : [],
        });
        if (!incident) errors[input.incidentId ? 'incidentId' : 'incidentReference'] = 'No incident has that reference';
        else incidentId = incident.id;
      }
      if (input.followsOrderId) {
        const notice = await repo.findOrder(trx, input.followsOrderId);
        if (!notice || NOTICE_ORDER[notice.type as OrderType] !== input.type) {
          errors.followsOrderId = `A ${input.type} follows a notice of its own regime`;
        }
      }
      if (Object.keys(errors).length) throw new OrderRefused(errors);
      const now = this.clock.now();
      const row = await repo.insertOrder(
        trx,
        {
          type: input.type,
          subjectPersonId: input.subjectPersonId,
          protectedPersonIds: input.protectedPersonIds,
          incidentId,
          followsOrderId: input.followsOrderId ?? null,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          hearingDueBy: hearingDueBy(input.type, input.startsAt, this.calendar),
          notificationDueBy: notificationDueBy(input.type, input.startsAt),
          authorisedByName: input.authorisedBy?.name.trim() || null,
          authorisedByRank: input.authorisedBy?.rank ?? null,
          conditions: input.conditions,
          positiveRequirements: input.positiveRequirements?.trim() || null,
          electronicMonitoring: input.electronicMonitoring ?? false,
          recordedBy: actor.userId,
        },
        now,
      );
      await this.audit.record(trx, actor, {
        category: 'collection',
        action: 'order-recorded',
        subjects: [input.subjectPersonId, ...input.protectedPersonIds],
        recordType: 'protective_order',
        recordIds: [row.id],
        details: { type: input.type },
      });
      return row;
    });
  }

  /** How many notices await their hearing and how many orders end within 7 days (counts, not personal data). */
  async counts() {
    const now = this.clock.now();
    const c = await repo.countOrders(this.db, now, new Date(now.getTime() + EXPIRY_REVIEW_DAYS * 86_400_000));
    return { hearings: c.hearings, ending: c.ending, inForce: c.inForce };
  }

  /** One order with the people it names and its breaches; a consultation of each of them. */
  async view(actor: Actor, id: string) {
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.findOrder(trx, id);
      if (!row) return undefined;
      const protectedIds = (await repo.protectedPeopleOf(trx, [row.id])).map((p) => p.person_id);
      const subjects = [row.subject_person_id, ...protectedIds];
      assertAllowed(actor, 'order:view', { relationship: 'force' }, subjects);
      const [summary] = await this.summaries(trx, [row], new Map([[row.id, protectedIds]]));
      const breaches = await repo.breachesOf(trx, row.id);
      const incidents = await this.incidents.identify(trx, {
        ids: [row.incident_id, ...breaches.map((b) => b.incident_id)].filter((x): x is string => x !== null),
      });
      const follows = row.follows_order_id ? await repo.findOrder(trx, row.follows_order_id) : undefined;
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'order-viewed',
        subjects,
        recordType: 'protective_order',
        recordIds: [row.id],
      });
      const incidentById = new Map(incidents.map((i) => [i.id, i]));
      return {
        ...summary,
        version: row.version,
        incident: row.incident_id ? (incidentById.get(row.incident_id) ?? null) : null,
        follows: follows ? { id: follows.id, reference: follows.reference, type: follows.type as OrderType } : null,
        authorisedBy: row.authorised_by_name ? { name: row.authorised_by_name, rank: row.authorised_by_rank as PoliceRank | null } : null,
        conditions: row.conditions,
        positiveRequirements: row.positive_requirements,
        electronicMonitoring: row.electronic_monitoring,
        outcome: row.outcome,
        outcomeReason: row.outcome_reason,
        outcomeAt: row.outcome_at,
        breachList: breaches.map((b) => ({
          id: b.id,
          occurredAt: b.occurred_at,
          description: b.description,
          actionTaken: b.action_taken,
          incident: b.incident_id ? (incidentById.get(b.incident_id) ?? null) : null,
        })),
      };
    });
  }

  /** A page of the register (hearings due, in force, ending within 7 days, all), with the count of each view. */
  async register(actor: Actor, view: repo.RegisterView, page: number) {
    assertAllowed(actor, 'order:view', { relationship: 'force' });
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock.now();
      const reviewUntil = new Date(now.getTime() + EXPIRY_REVIEW_DAYS * 86_400_000);
      const { rows, more } = await repo.listOrders(trx, view, now, reviewUntil, REGISTER_PAGE_SIZE, (page - 1) * REGISTER_PAGE_SIZE);
      const orders = await this.summaries(trx, rows);
      const counts = await repo.countOrders(trx, now, reviewUntil);
      if (orders.length) {
        await this.audit.record(trx, actor, {
          category: 'consultation',
          action: 'order-register-viewed',
          subjects: [...new Set(orders.flatMap((o) => [o.subject.id, ...o.protectedPeople.map((p) => p.id)]))],
          recordType: 'protective_order',
          recordIds: orders.map((o) => o.id),
          details: { view, page },
        });
      }
      return { orders, counts, more, page };
    });
  }

  /**
   * The orders these people are subject to or protected by, for another module's page (person page, research
   * package, API) read in its transaction: the caller checks access and audits.
   */
  async about(db: Executor, personIds: string[]): Promise<OrderSummary[]> {
    return this.summaries(db, await repo.ordersAbout(db, personIds));
  }

  /**
   * The orders a person is subject to or protected by, for their page and the person API: a consultation of everyone
   * those orders name (recorded only when there are any). Empty for a role that may not read the register.
   */
  async listFor(actor: Actor, personId: string): Promise<{ inForce: OrderSummary[]; past: OrderSummary[] } | null> {
    if (!can(actor, 'order:view')) return null;
    return this.db.transaction().execute(async (trx) => {
      const all = await this.about(trx, [personId]);
      if (all.length) {
        await this.audit.record(trx, actor, {
          category: 'consultation',
          action: 'person-orders-viewed',
          subjects: [...new Set(all.flatMap((o) => [o.subject.id, ...o.protectedPeople.map((p) => p.id)]))],
          recordType: 'protective_order',
          recordIds: all.map((o) => o.id),
        });
      }
      return { inForce: all.filter((o) => o.status === 'in-force'), past: all.filter((o) => o.status !== 'in-force') };
    });
  }

  /** The court's decision on a notice: the order it made (14–28 days for a DVPO), or that it refused or was withdrawn. */
  async recordHearingOutcome(
    actor: Actor,
    id: string,
    version: number,
    outcome:
      | {
          outcome: 'made';
          madeAt: Date;
          endsAt: Date | null;
          conditions: OrderCondition[];
          positiveRequirements?: string | null;
          electronicMonitoring?: boolean;
        }
      | { outcome: 'refused' | 'withdrawn'; reason: string },
  ) {
    const notice = await repo.findOrder(this.db, id);
    if (!notice) return undefined;
    const orderType = NOTICE_ORDER[notice.type as OrderType];
    if (!orderType) throw new OrderRefused({ outcome: `A ${notice.type} has no hearing` });
    const protectedIds = (await repo.protectedPeopleOf(this.db, [id])).map((p) => p.person_id);
    assertAllowed(actor, 'order:record', { relationship: 'force' }, [notice.subject_person_id, ...protectedIds], 'alteration');
    if (outcome.outcome === 'made') {
      const problem = durationProblem(orderType, outcome.madeAt, outcome.endsAt);
      if (problem) throw new OrderRefused({ endsAt: problem });
    }
    return this.db.transaction().execute(async (trx) => {
      const closed = await repo.closeOrder(trx, id, version, {
        status: 'heard',
        outcome: outcome.outcome,
        outcomeReason: outcome.outcome === 'made' ? null : outcome.reason.trim(),
        at: this.clock.now(),
      });
      if (!closed) throw new OrderChanged('Someone recorded an outcome for this notice, or changed it, since you opened it');
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'order-hearing-outcome-recorded',
        subjects: [notice.subject_person_id, ...protectedIds],
        recordType: 'protective_order',
        recordIds: [id],
        details: { outcome: outcome.outcome },
      });
      if (outcome.outcome !== 'made') return { noticeId: id, orderId: null };
      const made = await repo.insertOrder(
        trx,
        {
          type: orderType,
          subjectPersonId: notice.subject_person_id,
          protectedPersonIds: protectedIds,
          incidentId: notice.incident_id,
          followsOrderId: notice.id,
          startsAt: outcome.madeAt,
          endsAt: outcome.endsAt,
          hearingDueBy: null,
          notificationDueBy: notificationDueBy(orderType, outcome.madeAt),
          authorisedByName: null,
          authorisedByRank: null,
          conditions: outcome.conditions.length ? outcome.conditions : notice.conditions,
          positiveRequirements: outcome.positiveRequirements?.trim() || null,
          electronicMonitoring: outcome.electronicMonitoring ?? false,
          recordedBy: actor.userId,
        },
        this.clock.now(),
      );
      await this.audit.record(trx, actor, {
        category: 'collection',
        action: 'order-recorded',
        subjects: [notice.subject_person_id, ...protectedIds],
        recordType: 'protective_order',
        recordIds: [made.id],
        details: { type: orderType, follows: notice.id },
      });
      return { noticeId: id, orderId: made.id };
    });
  }

  /** A breach of the order, linked to the incident that reported it when there is one. */
  async recordBreach(
    actor: Actor,
    id: string,
    breach: { occurredAt: Date; description: string; actionTaken: string | null; incidentReference: string | null },
  ) {
    const order = await repo.findOrder(this.db, id);
    if (!order) return undefined;
    const protectedIds = (await repo.protectedPeopleOf(this.db, [id])).map((p) => p.person_id);
    assertAllowed(actor, 'order:record', { relationship: 'force' }, [order.subject_person_id, ...protectedIds], 'alteration');
    return this.db.transaction().execute(async (trx) => {
      let incidentId: string | null = null;
      if (breach.incidentReference) {
        const [incident] = await this.incidents.identify(trx, { references: [breach.incidentReference] });
        if (!incident) throw new OrderRefused({ incidentReference: 'No incident has that reference' });
        incidentId = incident.id;
      }
      if (breach.occurredAt.getTime() < order.starts_at.getTime()) {
        throw new OrderRefused({ occurredAt: 'A breach cannot happen before the order was served or made' });
      }
      if (breach.occurredAt.getTime() > this.clock.now().getTime())
        throw new OrderRefused({ occurredAt: 'The breach must be in the past' });
      const row = await repo.insertBreach(
        trx,
        {
          orderId: id,
          incidentId,
          occurredAt: breach.occurredAt,
          description: breach.description.trim(),
          actionTaken: breach.actionTaken?.trim() || null,
          recordedBy: actor.userId,
        },
        this.clock.now(),
      );
      await this.audit.record(trx, actor, {
        category: 'collection',
        action: 'order-breach-recorded',
        subjects: [order.subject_person_id, ...protectedIds],
        recordType: 'order_breach',
        recordIds: [row.id, id],
      });
      return row;
    });
  }

  /** The review of an order ending within 7 days: extend it, note a further order is sought, or let it lapse. */
  async decideExpiry(
    actor: Actor,
    id: string,
    version: number,
    decision: { decision: ExpiryDecision; endsAt: Date | null; reason: string },
  ) {
    const order = await repo.findOrder(this.db, id);
    if (!order) return undefined;
    const protectedIds = (await repo.protectedPeopleOf(this.db, [id])).map((p) => p.person_id);
    assertAllowed(actor, 'order:record', { relationship: 'force' }, [order.subject_person_id, ...protectedIds], 'alteration');
    if (decision.decision === 'extend') {
      if (!decision.endsAt) throw new OrderRefused({ endsAt: 'Enter the new end date' });
      if (order.ends_at && decision.endsAt.getTime() <= order.ends_at.getTime())
        throw new OrderRefused({ endsAt: 'The new end date must be after the current one' });
      const problem = durationProblem(order.type as OrderType, order.starts_at, decision.endsAt);
      if (problem) throw new OrderRefused({ endsAt: problem });
    }
    return this.db.transaction().execute(async (trx) => {
      const changed =
        decision.decision === 'extend'
          ? await repo.extendOrder(trx, id, version, decision.endsAt!)
          : decision.decision === 'lapse'
            ? await repo.closeOrder(trx, id, version, {
                status: 'lapsed',
                outcome: 'lapsed',
                outcomeReason: decision.reason.trim(),
                at: this.clock.now(),
              })
            : await repo.closeOrder(trx, id, version, {
                status: 'ended',
                outcome: 'further-order-sought',
                outcomeReason: decision.reason.trim(),
                at: this.clock.now(),
              });
      if (!changed) throw new OrderChanged('Someone changed this order since you opened it');
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'order-expiry-decided',
        subjects: [order.subject_person_id, ...protectedIds],
        recordType: 'protective_order',
        recordIds: [id],
        reason: decision.reason.trim(),
        details: { decision: decision.decision },
      });
      return changed;
    });
  }

  /** The DAPO subject notified their name and address. */
  async recordNotification(actor: Actor, id: string, version: number, at: Date) {
    const order = await repo.findOrder(this.db, id);
    if (!order) return undefined;
    assertAllowed(actor, 'order:record', { relationship: 'force' }, [order.subject_person_id], 'alteration');
    if (order.type !== 'DAPO') throw new OrderRefused({ notifiedAt: 'Only a DAPO carries the duty to notify name and address' });
    if (at.getTime() < order.starts_at.getTime() || at.getTime() > this.clock.now().getTime()) {
      throw new OrderRefused({ notifiedAt: 'The notification must fall between the order and now' });
    }
    return this.db.transaction().execute(async (trx) => {
      const changed = await repo.recordNotified(trx, id, version, at);
      if (!changed) throw new OrderChanged('Someone changed this order since you opened it');
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'order-notification-recorded',
        subjects: [order.subject_person_id],
        recordType: 'protective_order',
        recordIds: [id],
      });
      return changed;
    });
  }

  private async summaries(db: Executor, rows: repo.OrderRow[], protectedKnown?: Map<string, string[]>): Promise<OrderSummary[]> {
    const protectedBy = protectedKnown ?? new Map<string, string[]>();
    if (!protectedKnown) {
      for (const p of await repo.protectedPeopleOf(
        db,
        rows.map((r) => r.id),
      )) {
        protectedBy.set(p.order_id, [...(protectedBy.get(p.order_id) ?? []), p.person_id]);
      }
    }
    const named = await this.people.identitiesOf(db, [
      ...new Set(rows.flatMap((r) => [r.subject_person_id, ...(protectedBy.get(r.id) ?? [])])),
    ]);
    const breaches = new Map(
      (
        await repo.breachCounts(
          db,
          rows.map((r) => r.id),
        )
      ).map((b) => [b.order_id, b.breaches]),
    );
    const person = (id: string): PersonNamed => {
      const p = named.get(id);
      return { id, name: p?.name ?? 'Unknown person', dateOfBirth: p?.dateOfBirth ?? null };
    };
    const now = this.clock.now();
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      type: r.type as OrderType,
      status: r.status,
      subject: person(r.subject_person_id),
      protectedPeople: (protectedBy.get(r.id) ?? []).map(person),
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      hearingDueBy: r.status === 'in-force' ? r.hearing_due_by : null,
      notificationDueBy: r.notified_at ? null : r.notification_due_by,
      notifiedAt: r.notified_at,
      breaches: breaches.get(r.id) ?? 0,
      dueForExpiryReview:
        r.status === 'in-force' &&
        r.ends_at !== null &&
        r.ends_at.getTime() >= now.getTime() &&
        r.ends_at.getTime() - now.getTime() <= EXPIRY_REVIEW_DAYS * 86_400_000,
    }));
  }
}
