import type { ListScope } from '../../domain/access/relationship.ts';
import { ENGLAND_AND_WALES, type Calendar } from '../../domain/calendar/bankHolidays.ts';
import {
  decisionProblems,
  disclosesInformation,
  ENQUIRY_RESPONSE_DEFAULT_WORKING_DAYS,
  enquiryOverdue,
  enquiryResponseDueBy,
  type EnquiryDecision,
} from '../../domain/enquiries/enquiries.ts';
import { assertAllowed } from '../../platform/auth/access.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import { readSetting } from '../../platform/db/settings.ts';
import type { PeopleService } from '../people/index.ts';
import type { UserService } from '../users/index.ts';
import * as repo from './repository.ts';
import type { DecisionForm, EnquiryForm } from './schemas.ts';

/** The setting holding the unit's target for answering an enquiry, in working days. */
export const RESPONSE_DAYS_SETTING = 'enquiries.response-working-days';
export const ENQUIRY_PAGE_SIZE = 50;

export interface EnquirySubject {
  id: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
}

export interface Enquiry {
  id: string;
  reference: string;
  requesterName: string;
  requesterOrganisation: string;
  requesterContact: string;
  purpose: string;
  lawfulBasis: string;
  receivedAt: Date;
  dueBy: Date;
  status: 'open' | 'answered';
  overdue: boolean;
  decision: EnquiryDecision | null;
  decisionRationale: string | null;
  disclosedInformation: string | null;
  disclosedAt: Date | null;
  decidedAt: Date | null;
  version: number;
  people: EnquirySubject[];
}

export interface EnquiryDetail extends Enquiry {
  decidedBy: string | null;
  recordedBy: string | null;
}

export interface EnquiryListFilter {
  status: 'open' | 'answered' | 'all';
  overdue: boolean;
  organisation?: string;
  page: number;
}

/** A form the register cannot take as it is: each problem names its field. */
export class EnquiryRejected extends Error {
  constructor(readonly problems: { field: string; message: string }[]) {
    super(problems.map((p) => p.message).join('; '));
  }
}

/** Someone else decided (or changed) the enquiry since the form was read. */
export class EnquiryChanged extends Error {
  constructor() {
    super('Someone else recorded a decision on this enquiry while you were looking at it');
  }
}

export class NoSuchEnquiry extends Error {
  constructor() {
    super('No such enquiry');
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type Row = Awaited<ReturnType<typeof repo.listEnquiries>>[number];

/**
 * The enquiries register: requests from other teams and agencies for what the force holds about people, the decision
 * on each and what was disclosed. Recording, reading and deciding are audited in the same transaction; a disclosure
 * is a `disclosure` event naming its recipient and the people it is about.
 */
export class EnquiryService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly people: PeopleService,
    /** Who decided and who recorded an enquiry, by name. */
    private readonly users: Pick<UserService, 'displayNames'>,
    private readonly calendar: Calendar = ENGLAND_AND_WALES,
  ) {}

  /** The unit's target for a response, in working days (setting, default 5). */
  async responseWorkingDays(db: Executor = this.db): Promise<number> {
    const stored = (await readSetting(db, RESPONSE_DAYS_SETTING))?.value;
    return typeof stored === 'number' && Number.isInteger(stored) && stored >= 1 ? stored : ENQUIRY_RESPONSE_DEFAULT_WORKING_DAYS;
  }

  /** People found by name for the form's "about whom" (a person search, audited as one), among those the user's lists show. */
  findPeople(actor: Actor, name: string, scope: ListScope) {
    return this.people.search(actor, { name }, scope);
  }

  /** The people a form has chosen so far, shown again with it: read and recorded as read. */
  async chosenPeople(actor: Actor, personIds: readonly string[]): Promise<EnquirySubject[]> {
    assertAllowed(actor, 'enquiry:record', { relationship: 'force' });
    const ids = personIds.filter((id) => UUID.test(id));
    if (ids.length === 0) return [];
    return this.db.transaction().execute(async (trx) => {
      const people = await this.people.identities(trx, ids);
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'person-search',
        subjects: people.map((p) => p.id),
        recordType: 'person',
        details: { chosenFor: 'enquiry' },
      });
      return people;
    });
  }

  async record(actor: Actor, form: EnquiryForm): Promise<{ id: string; reference: string }> {
    assertAllowed(actor, 'enquiry:record', { relationship: 'force' }, form.personIds, 'collection');
    const now = this.clock.now();
    if (form.receivedAt.getTime() > now.getTime())
      throw new EnquiryRejected([{ field: 'received-day', message: 'Date received must be today or in the past' }]);
    return this.db.transaction().execute(async (trx) => {
      const known = await this.people.identities(trx, form.personIds);
      if (known.length !== form.personIds.length)
        throw new EnquiryRejected([{ field: 'personIds', message: 'Select people from the person index' }]);
      const dueBy = enquiryResponseDueBy(form.receivedAt, await this.responseWorkingDays(trx), this.calendar);
      const row = await repo.insertEnquiry(trx, { ...form, dueBy, createdBy: actor.userId }, now);
      await this.audit.record(trx, actor, {
        category: 'collection',
        action: 'enquiry-recorded',
        subjects: form.personIds,
        recordType: 'enquiry',
        recordIds: [row.id],
        details: { reference: row.reference, organisation: form.requesterOrganisation, lawfulBasis: form.lawfulBasis },
      });
      return row;
    });
  }

  /** A page of the register, filtered in SQL; every person it names is recorded as consulted. */
  async list(actor: Actor, filter: EnquiryListFilter) {
    assertAllowed(actor, 'enquiry:view', { relationship: 'force' });
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const where = { status: filter.status, overdueAt: filter.overdue ? now : undefined, organisation: filter.organisation };
      const rows = await repo.listEnquiries(trx, { ...where, limit: ENQUIRY_PAGE_SIZE, offset: (filter.page - 1) * ENQUIRY_PAGE_SIZE });
      const total = await repo.countEnquiries(trx, where);
      const enquiries = await this.withPeople(trx, rows, now);
      const subjects = enquiries.flatMap((e) => e.people.map((p) => p.id));
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'enquiries-listed',
        subjects,
        recordType: 'enquiry',
        recordIds: enquiries.map((e) => e.id),
        details: { status: filter.status, overdue: filter.overdue, page: filter.page },
      });
      return { enquiries, total };
    });
  }

  async view(actor: Actor, id: string): Promise<EnquiryDetail | undefined> {
    assertAllowed(actor, 'enquiry:view', { relationship: 'force' });
    if (!UUID.test(id)) return undefined;
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.findEnquiry(trx, id);
      if (!row) return undefined;
      const [enquiry] = await this.withPeople(trx, [row], this.clock.now());
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'enquiry-viewed',
        subjects: enquiry.people.map((p) => p.id),
        recordType: 'enquiry',
        recordIds: [id],
      });
      const names = await this.users.displayNames(trx, [row.decided_by, row.created_by]);
      return {
        ...enquiry,
        decidedBy: (row.decided_by && names.get(row.decided_by)) ?? null,
        recordedBy: (row.created_by && names.get(row.created_by)) ?? null,
      };
    });
  }

  /**
   * Records the decision on an open enquiry at the version the form was read at. A decision to disclose (fully or in
   * part) is also the disclosure: one `disclosure` event naming the recipient and the people, in the same transaction.
   */
  async decide(actor: Actor, id: string, form: DecisionForm): Promise<void> {
    assertAllowed(actor, 'enquiry:decide', { relationship: 'force' }, [], 'alteration');
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const row = UUID.test(id) ? await repo.findEnquiry(trx, id) : undefined;
      if (!row) throw new NoSuchEnquiry();
      if (row.version !== form.version || row.status !== 'open') throw new EnquiryChanged();
      const problems = decisionProblems(form, row.received_at, now);
      if (problems.length)
        throw new EnquiryRejected(
          problems.map((p) => ({ field: p.field === 'disclosedAt' ? 'disclosed-day' : p.field, message: p.message })),
        );
      const decision = form.decision as EnquiryDecision;
      const discloses = disclosesInformation(decision);
      const saved = await repo.decide(
        trx,
        id,
        form.version,
        {
          decision,
          rationale: form.rationale,
          disclosedInformation: discloses ? form.disclosedInformation : null,
          disclosedAt: discloses ? form.disclosedAt : null,
          decidedBy: actor.userId,
        },
        now,
      );
      if (!saved) throw new EnquiryChanged();
      const subjects = (await repo.peopleOf(trx, [id])).map((p) => p.person_id);
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'enquiry-decided',
        subjects,
        recordType: 'enquiry',
        recordIds: [id],
        details: { reference: row.reference, decision },
      });
      if (discloses) {
        await this.audit.record(trx, actor, {
          category: 'disclosure',
          action: 'enquiry-disclosure',
          subjects,
          recordType: 'enquiry',
          recordIds: [id],
          recipient: `${row.requester_name}, ${row.requester_organisation}`,
          reason: row.lawful_basis,
          details: { reference: row.reference, decision, disclosedAt: form.disclosedAt?.toISOString(), purpose: row.purpose },
        });
      }
    });
  }

  /** Open and overdue enquiries (counts, not personal data), for the home page. */
  async counts(): Promise<{ open: number; overdue: number }> {
    const [open, overdue] = await Promise.all([
      repo.countEnquiries(this.db, { status: 'open' }),
      repo.countEnquiries(this.db, { status: 'open', overdueAt: this.clock.now() }),
    ]);
    return { open, overdue };
  }

  private async withPeople(trx: Executor, rows: Row[], now: Date): Promise<Enquiry[]> {
    const links = await repo.peopleOf(
      trx,
      rows.map((r) => r.id),
    );
    const people = new Map((await this.people.identities(trx, [...new Set(links.map((l) => l.person_id))])).map((p) => [p.id, p]));
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      requesterName: r.requester_name,
      requesterOrganisation: r.requester_organisation,
      requesterContact: r.requester_contact,
      purpose: r.purpose,
      lawfulBasis: r.lawful_basis,
      receivedAt: r.received_at,
      dueBy: r.due_by,
      status: r.status as Enquiry['status'],
      overdue: enquiryOverdue({ status: r.status, dueBy: r.due_by }, now),
      decision: r.decision as EnquiryDecision | null,
      decisionRationale: r.decision_rationale,
      disclosedInformation: r.disclosed_information,
      disclosedAt: r.disclosed_at,
      decidedAt: r.decided_at,
      version: r.version,
      people: links
        .filter((l) => l.enquiry_id === r.id)
        .map((l) => people.get(l.person_id))
        .filter((p): p is NonNullable<typeof p> => p !== undefined)
        .map((p) => ({ id: p.id, givenName: p.givenName, familyName: p.familyName, dateOfBirth: p.dateOfBirth })),
    }));
  }
}
