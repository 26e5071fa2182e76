import { can } from '../../domain/access/policy.ts';
import { Conflict, NotFound } from '../../platform/errors.ts';
import { ENGLAND_AND_WALES } from '../../domain/calendar/bankHolidays.ts';
import { formatLondonDate } from '../../domain/calendar/display.ts';
import { workingDaysDueBy } from '../../domain/calendar/workingDays.ts';
import {
  CONTACT_OUTCOMES,
  DEFAULT_SHARED_FIELDS,
  RESPONSE_WORKING_DAYS_DEFAULT,
  isContactOutcome,
  needsReminder,
  referralProblems,
  responseDueBy,
  statusAfter,
  stepsOpen,
  SHAREABLE_FIELD_IDS,
  STATUS_NAMES,
  type ReferralProblem,
  type ReferralStatus,
  type ReferralStep,
  type ShareableField,
} from '../../domain/referrals/referral.ts';
import { sharedContentOf, type ReferralSource, type SharedContent } from '../../domain/referrals/sharedContent.ts';
import { assertAllowed } from '../../platform/auth/access.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import type { CaseService } from '../cases/index.ts';
import type { IncidentService } from '../incidents/index.ts';
import type { PeopleService } from '../people/index.ts';
import type { TaskService } from '../tasks/index.ts';
import type { UserService } from '../users/index.ts';
import * as repo from './repository.ts';

export type NewReferral = repo.NewReferral;
export type ForceScope = repo.ForceScope;
export const REFERRAL_PAGE_SIZE = 25;
export const HOME_REFERRAL_LIMIT = 10;

const DONE: Record<ReferralStep, string> = { send: 'sent', accept: 'accepted', reject: 'rejected', withdraw: 'withdrawn', close: 'closed' };

/** A person shared with an agency through a live referral: that agency's users have the "shared" relationship. */
export interface SharedPerson {
  personId: string;
  agencyId: string;
}

/** What the referrer decides: where to, on what basis, with what consent, sharing what. */
export interface ReferralRequest {
  incidentId?: string | null;
  caseId?: string | null;
  /** The agency's code or id. */
  agency: string;
  lawfulBasis: string;
  consent: string;
  overrideReason?: string | null;
  /** Left out: the default minimum (DEFAULT_SHARED_FIELDS). */
  sharedFields?: string[] | null;
  /** Check everything and store nothing (the API's body had a field of the wrong shape: all problems are still named). */
  dryRun?: boolean;
}

export type RequestProblem = ReferralProblem | { field: 'incidentId' | 'caseId'; message: string };

/** The referral is not there for this user (or not at all). */
export class ReferralNotFound extends NotFound {}
/** Someone else changed the referral since the page was read, or the step is no longer open. */
export class ReferralConflict extends Conflict {}
/** What a partner entered cannot be recorded. */
export class ReferralInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ReferralSources {
  users: UserService;
  incidents: IncidentService;
  people: PeopleService;
  cases: CaseService;
  tasks: TaskService;
}

export interface ReferralSummary {
  id: string;
  agencyId: string;
  agencyName: string;
  status: string;
  sentAt: Date | null;
  responseDueAt: Date | null;
  overdue: boolean;
  /** From the shared copy: the victim's name when it was shared. */
  victimName: string | null;
  riskGrade: string | null;
  version: number;
}

/** Referrals to partner agencies (migrations 0023, 0029): consent, data minimisation, status, reminders. */
export class ReferralService {
  private sources?: ReferralSources;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly responseWorkingDays: number = RESPONSE_WORKING_DAYS_DEFAULT,
  ) {}

  /** The modules a referral reads from (built after this one in services.ts). */
  use(sources: ReferralSources): this {
    this.sources = sources;
    return this;
  }

  private get from(): ReferralSources {
    if (!this.sources) throw new Error('ReferralService.use(...) was not called in services.ts');
    return this.sources;
  }

  /** Records a referral in the caller's transaction: a disclosure to the agency of the people it names. */
  async record(trx: Executor, actor: Actor, input: NewReferral) {
    const row = await repo.insertReferral(trx, input, this.clock.now());
    await this.audit.record(trx, actor, {
      category: 'disclosure',
      action: 'referral-sent',
      subjects: input.personIds,
      recordType: 'referral',
      recordIds: [row.id],
      recipient: input.agencyId,
    });
    return row;
  }

  /** Which agencies hold which of these people through a live referral. */
  async sharedWith(personIds: readonly string[], db: Executor = this.db): Promise<SharedPerson[]> {
    const rows = await repo.agenciesSharing(db, personIds);
    return rows.map((r) => ({ personId: r.person_id, agencyId: r.agency_id }));
  }

  /** A person merge: the merged record's referrals name the survivor; returns the referrals moved (keep them for moveBack). */
  moveToSurvivor(trx: Executor, fromPersonId: string, toPersonId: string): Promise<string[]> {
    return repo.movePeople(trx, fromPersonId, toPersonId);
  }

  /** Undoing a merge: the referrals moveToSurvivor moved name the merged record again. */
  moveBack(trx: Executor, referralIds: readonly string[], survivorId: string, mergedId: string): Promise<number> {
    return repo.movePeopleBack(trx, referralIds, survivorId, mergedId);
  }

  async agencies() {
    return this.from.users.listAgencies();
  }

  private async agencyNames(): Promise<Map<string, string>> {
    return new Map((await this.from.users.listAgencies()).map((a) => [a.id, a.name]));
  }

  /**
   * Sends a referral: refused (nothing stored) with every problem named when the decision breaks the consent rules,
   * names no agency or incident, or shares nothing. Sent, it is a disclosure to the agency of exactly the fields chosen,
   * recorded with its recipient in the same transaction.
   */
  async send(
    actor: Actor,
    request: ReferralRequest,
  ): Promise<{ ok: true; id: string; responseDueAt: Date } | { ok: false; problems: RequestProblem[] }> {
    assertAllowed(actor, 'referral:create', { relationship: 'force' }, [], 'disclosure');
    const sharedFields = request.sharedFields ?? DEFAULT_SHARED_FIELDS;
    const agencies = await this.from.users.listAgencies();
    const agency = agencies.find((a) => a.code === request.agency || a.id === request.agency);
    const problems: RequestProblem[] = referralProblems({ ...request, sharedFields });
    if (request.agency?.trim() && !agency) problems.push({ field: 'agency', message: 'Select an agency from the list' });
    return this.db.transaction().execute(async (trx) => {
      let incidentId = request.incidentId ?? null;
      const caseId = request.caseId ?? null;
      let victimId: string | null = null;
      if (caseId) {
        const found = await this.from.cases.find(trx, caseId);
        if (!found) problems.push({ field: 'caseId', message: 'No such case' });
        else {
          victimId = found.victimPersonId;
          const ids = await this.from.cases.incidentIds(trx, caseId);
          incidentId ??= ids.at(-1) ?? null;
        }
      }
      const source = incidentId ? await this.from.incidents.forReferral(trx, incidentId) : undefined;
      if (!incidentId) {
        if (!caseId) problems.push({ field: 'incidentId', message: 'Say which incident (or case) the referral is about' });
      } else if (!source) problems.push({ field: 'incidentId', message: 'No such incident' });
      const victimParty =
        source?.parties.find((p) => p.role === 'victim' && (victimId === null || p.person_id === victimId)) ??
        source?.parties.find((p) => p.role === 'victim');
      victimId ??= victimParty?.person_id ?? null;
      if (source && !victimId) problems.push({ field: 'incidentId', message: 'The incident names no victim to refer' });
      if (problems.length || !source || !agency || !victimId || request.dryRun) return { ok: false as const, problems };

      const victim = await this.from.people.recordFor(trx, victimId);
      const details = (victimParty?.details ?? {}) as { address?: string; postcode?: string; phone?: string };
      const named = (p: { given_name: string | null; family_name: string | null }) =>
        `${p.given_name ?? ''} ${(p.family_name ?? '').toUpperCase()}`.trim();
      const children = source.parties.filter((p) => p.role === 'child');
      const perpetrators = source.parties.filter((p) => p.role === 'suspect');
      const referralSource: ReferralSource = {
        victim: {
          givenName: victim?.given_name ?? '',
          familyName: victim?.family_name ?? '',
          dateOfBirth: victim?.date_of_birth ?? null,
          address: [details.address, details.postcode].filter(Boolean).join(', ') || null,
          phone: details.phone ?? null,
          safeContact: victim?.safe_contact ?? null,
        },
        incident: {
          reference: source.incident.reference,
          reportedOn: formatLondonDate(new Date(source.incident.reported_at)),
          classification: source.incident.classification,
          location: source.incident.location_address,
          narrative: source.incident.narrative,
        },
        riskGrade: source.grade,
        children: children.map((c) => ({ name: named(c), dateOfBirth: c.date_of_birth })),
        perpetrators: perpetrators.map((c) => ({ name: named(c), dateOfBirth: c.date_of_birth })),
      };
      const fields = sharedFields as ShareableField[];
      const content = sharedContentOf(fields, referralSource);
      // The people disclosed: the victim always (the referral is about her), and whoever else the shared fields name.
      const personIds = [
        victimId,
        ...(fields.includes('children') ? children.map((c) => c.person_id) : []),
        ...(fields.includes('perpetrator') ? perpetrators.map((c) => c.person_id) : []),
      ].filter((id): id is string => id !== null);
      const now = this.clock.now();
      const dueAt = responseDueBy(now, ENGLAND_AND_WALES, this.responseWorkingDays);
      const row = await repo.insertReferral(
        trx,
        { agencyId: agency.id, incidentId, caseId, personIds, status: 'sent', createdBy: actor.userId },
        now,
        {
          lawfulBasis: request.lawfulBasis,
          consent: request.consent,
          overrideReason: request.consent === 'overridden' ? (request.overrideReason?.trim() ?? null) : null,
          sharedFields: fields,
          sharedContent: content,
          sentAt: now,
          responseDueAt: dueAt,
        },
      );
      await repo.insertEvent(trx, {
        referralId: row.id,
        kind: 'status',
        status: 'sent',
        byUserId: actor.userId,
        byAgencyId: null,
        at: now,
      });
      await this.audit.record(trx, actor, {
        category: 'disclosure',
        action: 'referral-sent',
        subjects: [...new Set(personIds)],
        recordType: 'referral',
        recordIds: [row.id],
        recipient: `${agency.name} (${agency.code})`,
        reason:
          request.consent === 'overridden'
            ? `Consent overridden: ${request.overrideReason?.trim()}`
            : `Lawful basis: ${request.lawfulBasis}`,
        details: {
          agencyId: agency.id,
          lawfulBasis: request.lawfulBasis,
          consent: request.consent,
          sharedFields: fields,
          incidentId,
          caseId,
        },
      });
      return { ok: true as const, id: row.id, responseDueAt: dueAt };
    });
  }

  private summaries(rows: repo.ReferralRow[], names: Map<string, string>, now: Date): ReferralSummary[] {
    return rows.map((r) => {
      const content = r.shared_content as SharedContent;
      return {
        id: r.id,
        agencyId: r.agency_id,
        agencyName: names.get(r.agency_id) ?? 'Unknown agency',
        status: r.status,
        sentAt: r.sent_at,
        responseDueAt: r.response_due_at,
        overdue: r.status === 'sent' && r.response_due_at !== null && new Date(r.response_due_at).getTime() < now.getTime(),
        victimName: typeof content['victim-name'] === 'string' ? content['victim-name'] : null,
        riskGrade: typeof content['risk-grade'] === 'string' ? content['risk-grade'] : null,
        version: r.version,
      };
    });
  }

  /** The force's list of referrals; everyone the page names is recorded as consulted. */
  async listForForce(actor: Actor, scope: ForceScope, page: number) {
    assertAllowed(actor, 'referral:view', { relationship: 'force' });
    const now = this.clock.now();
    const names = await this.agencyNames();
    return this.db.transaction().execute(async (trx) => {
      const total = await repo.countForForce(trx, scope, actor.userId, now);
      const pages = Math.max(1, Math.ceil(total / REFERRAL_PAGE_SIZE));
      const current = Math.min(page, pages);
      const rows = await repo.referralsForForce(trx, scope, actor.userId, now, {
        limit: REFERRAL_PAGE_SIZE,
        offset: (current - 1) * REFERRAL_PAGE_SIZE,
      });
      const people = await repo.peopleOf(
        trx,
        rows.map((r) => r.id),
      );
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'referrals-listed',
        subjects: [...new Set(people.map((p) => p.person_id))],
        recordType: 'referral',
        recordIds: rows.map((r) => r.id),
        details: { scope, page: current },
      });
      return { items: this.summaries(rows, names, now), total, page: current, pages };
    });
  }

  /** Every referral the force has made (a count, not personal data). */
  count(): Promise<number> {
    return repo.countForForce(this.db, 'all', null, this.clock.now());
  }

  /** Counts for a home page (not personal data): awaiting an answer, and past the point the agency is chased. */
  async forceCounts(actor: Actor) {
    const now = this.clock.now();
    return {
      awaiting: await repo.countForForce(this.db, 'awaiting', actor.userId, now),
      overdue: await repo.countForForce(this.db, 'overdue', actor.userId, now),
    };
  }

  /** The referrals that involve an incident (for its page): summaries, recorded by the caller's consultation. */
  async ofIncident(incidentId: string, trx: Executor = this.db) {
    const ids = await repo.referralIdsOfIncident(trx, incidentId);
    const rows = (await Promise.all(ids.map((r) => repo.findReferral(trx, r.id)))).filter((r): r is repo.ReferralRow => r !== undefined);
    return this.summaries(rows, await this.agencyNames(), this.clock.now());
  }

  /** A referral's history, oldest first, each entry with the name of the user who wrote it (the users module's). */
  private async eventsOf(trx: Executor, referralId: string) {
    const events = await repo.eventsOf(trx, referralId);
    const names = new Map((await this.from.users.listUsers()).map((u) => [u.id, u.display_name]));
    return events.map((e) => ({ ...e, by_name: e.by_user_id ? (names.get(e.by_user_id) ?? null) : null }));
  }

  /** A referral as the force sees it: the shared copy, its history and the agency's updates. */
  async showForForce(actor: Actor, id: string) {
    return this.db.transaction().execute(async (trx) => {
      const r = await repo.findReferral(trx, id);
      if (!r) throw new ReferralNotFound('No such referral');
      const people = (await repo.peopleOf(trx, [r.id])).map((p) => p.person_id);
      assertAllowed(actor, 'referral:view', { relationship: actor.role === 'partner' ? 'none' : 'force' }, people);
      const events = await this.eventsOf(trx, r.id);
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'referral-viewed',
        subjects: people,
        recordType: 'referral',
        recordIds: [r.id],
      });
      const names = await this.agencyNames();
      return {
        referral: r,
        summary: this.summaries([r], names, this.clock.now())[0],
        personIds: people,
        events: events.map((e) => ({ ...e, byAgency: e.by_agency_id ? (names.get(e.by_agency_id) ?? 'Partner agency') : null })),
        steps: can(actor, 'referral:manage') ? stepsOpen(r.status, 'force') : [],
      };
    });
  }

  /** The people a referral names (ids only): a refused look is recorded against them. */
  async peopleIn(id: string): Promise<string[]> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return [];
    return (await repo.peopleOf(this.db, [id])).map((p) => p.person_id);
  }

  /** The force withdraws or closes a referral, at the version the user saw. */
  async changeByForce(actor: Actor, id: string, version: number, step: Extract<ReferralStep, 'withdraw' | 'close'>, reason: string | null) {
    return this.db.transaction().execute(async (trx) => {
      const r = await repo.findReferral(trx, id);
      if (!r) throw new ReferralNotFound('No such referral');
      const people = (await repo.peopleOf(trx, [r.id])).map((p) => p.person_id);
      assertAllowed(actor, 'referral:manage', { relationship: 'force' }, people, 'alteration');
      await this.applyStep(trx, actor, r, version, step, reason, null, people);
    });
  }

  private async applyStep(
    trx: Executor,
    actor: Actor,
    r: repo.ReferralRow,
    version: number,
    step: ReferralStep,
    note: string | null,
    agencyId: string | null,
    people: string[],
  ) {
    const to = statusAfter(r.status, step);
    if (!to)
      throw new ReferralConflict(
        `This referral is ${STATUS_NAMES[r.status as ReferralStatus]?.toLowerCase() ?? r.status} now, so it cannot be ${DONE[step]}`,
      );
    const changed = await repo.changeStatus(trx, r.id, version, r.status, to);
    if (!changed) throw new ReferralConflict('Someone else changed this referral since you opened it');
    const now = this.clock.now();
    await repo.insertEvent(trx, {
      referralId: r.id,
      kind: 'status',
      status: to,
      note,
      byUserId: actor.userId,
      byAgencyId: agencyId,
      at: now,
    });
    await this.audit.record(trx, actor, {
      category: 'alteration',
      action: `referral-${to}`,
      subjects: people,
      recordType: 'referral',
      recordIds: [r.id],
      reason: note ?? undefined,
      details: { from: r.status, to },
    });
  }

  /** Sent referrals nobody at the agency has answered by their due time: a task for the referrer, raised once each. */
  async remindUnanswered(actor: Actor): Promise<number> {
    const now = this.clock.now();
    const due = await repo.unansweredPast(this.db, now);
    let raised = 0;
    for (const r of due) {
      if (!needsReminder({ status: r.status, responseDueAt: r.response_due_at, remindedAt: r.reminded_at }, now)) continue;
      await this.db.transaction().execute(async (trx) => {
        if (!(await repo.markReminded(trx, r.id, now))) return;
        const people = (await repo.peopleOf(trx, [r.id])).map((p) => p.person_id);
        const names = await this.agencyNames();
        const task = await this.from.tasks.raise(trx, actor, {
          type: 'referral-chase',
          caseId: r.case_id,
          // The chase is about the referral (named in its details), not the incident's own work.
          incidentId: null,
          subjectPersonId: people[0] ?? null,
          teamId: null,
          assigneeId: r.created_by,
          dueAt: workingDaysDueBy(now, 1, ENGLAND_AND_WALES),
          sourceRule: 'partner-not-responded',
          details: { referralId: r.id, agency: names.get(r.agency_id) ?? null, responseDueAt: r.response_due_at },
        });
        await this.audit.record(trx, actor, {
          category: 'alteration',
          action: 'referral-reminder-raised',
          subjects: people,
          recordType: 'referral',
          recordIds: [r.id, task.id],
          details: { taskId: task.id, responseDueAt: r.response_due_at },
        });
        raised++;
      });
    }
    return raised;
  }

  // ---- The partner portal: every query names the user's agency, so another agency's referral is never read. ----

  private agencyOf(actor: Actor): string {
    if (actor.role !== 'partner' || !actor.agencyId) throw new ReferralNotFound('No such referral');
    return actor.agencyId;
  }

  /** The agency's referrals (new ones first); the people they name are recorded as consulted. */
  async listForPartner(actor: Actor, options: { status?: string; limit?: number } = {}) {
    assertAllowed(actor, 'partner:referrals', { relationship: 'force' });
    const agencyId = this.agencyOf(actor);
    const names = await this.agencyNames();
    return this.db.transaction().execute(async (trx) => {
      const rows = await repo.referralsToAgency(trx, agencyId, options);
      const people = await repo.peopleOf(
        trx,
        rows.map((r) => r.id),
      );
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'partner-referrals-listed',
        subjects: [...new Set(people.map((p) => p.person_id))],
        recordType: 'referral',
        recordIds: rows.map((r) => r.id),
      });
      return { items: this.summaries(rows, names, this.clock.now()), newCount: await repo.countToAgency(trx, agencyId, 'sent') };
    });
  }

  /** How many new referrals await the agency's answer (a count, for its home page). */
  async newForAgency(actor: Actor): Promise<number> {
    return repo.countToAgency(this.db, this.agencyOf(actor), 'sent');
  }

  private async partnerReferral(trx: Executor, actor: Actor, id: string) {
    const agencyId = this.agencyOf(actor);
    const r = await repo.findReferralToAgency(trx, id, agencyId);
    if (!r) {
      // Another agency's referral (or none): the same "not found" either way; an attempt at one is recorded.
      if (await repo.referralExists(trx, id))
        await this.audit.record(trx, actor, {
          category: 'consultation',
          action: 'partner:referral-view',
          outcome: 'refused',
          recordType: 'referral',
          recordIds: [id],
          details: { reason: 'referred to another agency' },
        });
      return undefined;
    }
    return r;
  }

  /** A referral to the user's agency: only the shared copy, the status history and the agency's own updates. */
  async showForPartner(actor: Actor, id: string) {
    assertAllowed(actor, 'partner:referral-view', { relationship: 'shared' });
    const found = await this.db.transaction().execute(async (trx) => {
      const r = await this.partnerReferral(trx, actor, id);
      if (!r) return undefined;
      const people = (await repo.peopleOf(trx, [r.id])).map((p) => p.person_id);
      const events = await this.eventsOf(trx, r.id);
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'partner-referral-viewed',
        subjects: people,
        recordType: 'referral',
        recordIds: [r.id],
      });
      // The force's own notes (a withdrawal's reason) stay with the force: the partner sees the status, not the note.
      const shown = events
        .filter((e) => e.kind === 'status' || e.by_agency_id === r.agency_id)
        .map((e) => ({
          ...e,
          note: e.kind === 'status' && e.by_agency_id === null ? null : e.note,
          by_name: e.by_agency_id === null ? 'Police referrer' : e.by_name,
        }));
      return { referral: r, events: shown };
    });
    if (!found) throw new ReferralNotFound('No such referral');
    const names = await this.agencyNames();
    return {
      id: found.referral.id,
      version: found.referral.version,
      status: found.referral.status,
      agencyName: names.get(found.referral.agency_id) ?? '',
      sentAt: found.referral.sent_at,
      responseDueAt: found.referral.response_due_at,
      lawfulBasis: found.referral.lawful_basis,
      consent: found.referral.consent,
      shared: found.referral.shared_content as SharedContent,
      events: found.events,
      steps: stepsOpen(found.referral.status, 'partner'),
      mayUpdate: found.referral.status === 'accepted',
    };
  }

  /** The agency accepts or rejects (with a reason) a referral awaiting its answer. */
  async respond(actor: Actor, id: string, version: number, answer: 'accept' | 'reject', reason: string | null) {
    assertAllowed(actor, 'partner:referral-respond', { relationship: 'shared' }, [], 'alteration');
    if (answer === 'reject' && !reason?.trim())
      throw new ReferralInputError('reason', 'Give the reason your agency cannot take this referral');
    return this.db.transaction().execute(async (trx) => {
      const r = await this.partnerReferral(trx, actor, id);
      if (!r) throw new ReferralNotFound('No such referral');
      const people = (await repo.peopleOf(trx, [r.id])).map((p) => p.person_id);
      await this.applyStep(trx, actor, r, version, answer, reason?.trim() || null, r.agency_id, people);
    });
  }

  /** The agency adds an update or a contact outcome to a referral it has accepted. */
  async addUpdate(actor: Actor, id: string, input: { kind: 'update' | 'contact'; outcome?: string; note?: string }) {
    assertAllowed(actor, 'partner:referral-respond', { relationship: 'shared' }, [], 'collection');
    const note = input.note?.trim() ?? '';
    if (input.kind === 'contact' && !isContactOutcome(input.outcome ?? ''))
      throw new ReferralInputError('outcome', 'Select the outcome of the contact');
    if (input.kind === 'update' && !note) throw new ReferralInputError('note', 'Enter the update');
    if (note.length > 2000) throw new ReferralInputError('note', 'The note must be 2,000 characters or fewer');
    return this.db.transaction().execute(async (trx) => {
      const r = await this.partnerReferral(trx, actor, id);
      if (!r) throw new ReferralNotFound('No such referral');
      if (r.status !== 'accepted') throw new ReferralConflict('Updates are added once your agency has accepted the referral');
      const people = (await repo.peopleOf(trx, [r.id])).map((p) => p.person_id);
      const event = await repo.insertEvent(trx, {
        referralId: r.id,
        kind: input.kind,
        outcome: input.kind === 'contact' ? (input.outcome ?? null) : null,
        note: note || null,
        byUserId: actor.userId,
        byAgencyId: r.agency_id,
        at: this.clock.now(),
      });
      await this.audit.record(trx, actor, {
        category: 'collection',
        action: input.kind === 'contact' ? 'referral-contact-recorded' : 'referral-update-added',
        subjects: people,
        recordType: 'referral',
        recordIds: [r.id, event.id],
        details: input.kind === 'contact' ? { outcome: input.outcome } : {},
      });
    });
  }

  /**
   * What a referral's PDF holds, for whoever may read it: the force (any referral) or the agency it went to. Only the
   * shared copy goes in; printing it is recorded as a consultation.
   */
  forPrint(actor: Actor, id: string) {
    return this.readShared(actor, id, 'referral-printed');
  }

  /** The referral as the API answers it: the decision, the status and the shared copy, never anything else. */
  async forApi(actor: Actor, id: string) {
    const r = await this.readShared(actor, id, actor.role === 'partner' ? 'partner-referral-viewed' : 'referral-viewed');
    return {
      id: r.id,
      agency: { code: r.agencyCode, name: r.agencyName },
      status: r.status,
      sentAt: r.sentAt,
      responseDueAt: r.responseDueAt,
      lawfulBasis: r.lawfulBasis,
      consent: r.consent,
      sharedFields: SHAREABLE_FIELD_IDS.filter((f) => r.sharedFields.includes(f)),
      // In the catalogue's order (the database keeps JSON keys in an order of its own).
      shared: Object.fromEntries(SHAREABLE_FIELD_IDS.filter((f) => r.shared[f] !== undefined).map((f) => [f, r.shared[f]])),
    };
  }

  private async readShared(actor: Actor, id: string, auditAction: string) {
    const agencies = await this.from.users.listAgencies();
    return this.db.transaction().execute(async (trx) => {
      const r = actor.role === 'partner' ? await this.partnerReferral(trx, actor, id) : await repo.findReferral(trx, id);
      if (!r) throw new ReferralNotFound('No such referral');
      const people = (await repo.peopleOf(trx, [r.id])).map((p) => p.person_id);
      if (actor.role === 'partner') assertAllowed(actor, 'partner:referral-view', { relationship: 'shared' }, people);
      else assertAllowed(actor, 'referral:view', { relationship: 'force' }, people);
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: auditAction,
        subjects: people,
        recordType: 'referral',
        recordIds: [r.id],
      });
      const agency = agencies.find((a) => a.id === r.agency_id);
      return {
        id: r.id,
        agencyName: agency?.name ?? '',
        agencyCode: agency?.code ?? '',
        status: r.status,
        sentAt: r.sent_at,
        responseDueAt: r.response_due_at,
        lawfulBasis: r.lawful_basis,
        consent: r.consent,
        sharedFields: r.shared_fields,
        shared: r.shared_content as SharedContent,
      };
    });
  }

  /** Everyone this agency holds through a live referral: what its users' lists may show. */
  async peopleSharedWith(agencyId: string, db: Executor = this.db): Promise<string[]> {
    return repo.peopleSharedWithAgency(db, agencyId);
  }
}

export { CONTACT_OUTCOMES };
