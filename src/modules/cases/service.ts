import { can, type Relationship } from '../../domain/access/policy.ts';
import {
  CLOSURE_REASONS,
  CONTACT_DIRECTIONS,
  CONTACT_METHODS,
  CONTACT_OUTCOMES,
  contactDue,
  relationshipToCase,
  tasksRaisedByContact,
  type ClosureReason,
} from '../../domain/cases/contacts.ts';
import { londonDateOf } from '../../domain/calendar/london.ts';
import { assertAllowed } from '../../platform/auth/access.ts';
import { systemActor, type Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import type { PeopleService, SafeContactInput } from '../people/index.ts';
import type { TaskService } from '../tasks/index.ts';
import type { UserService } from '../users/index.ts';
import type { ContactForm } from './schemas.ts';
import * as repo from './repository.ts';

export type NewCase = repo.NewCase;
export type CaseScope = repo.CaseScope;

export const CASE_PAGE_SIZE = 25;
export const HOME_CASE_LIMIT = 10;

export interface SafeguardingCase {
  id: string;
  reference: string;
  victimPersonId: string;
  ownerId: string | null;
  teamId: string | null;
  status: 'open' | 'closed';
  enhancedRights: boolean;
  openedAt: Date;
  closedAt: Date | null;
  closureReason: string | null;
  nextContactDueOn: string | null;
  version: number;
}

/** Who holds a person's open case: the owner is that person's "own caseload" officer, the team theirs. */
export interface CaseHolder {
  personId: string;
  ownerId: string | null;
  teamId: string | null;
}

/** The case cannot be opened or changed as asked: the field it is about, and what to do. */
export class CaseInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The victim already has an open case: there is one per victim at a time. */
export class CaseAlreadyOpen extends CaseInputError {
  constructor(readonly existing: { id: string; reference: string }) {
    super('incidents', `She already has an open case, ${existing.reference}: add to that one`);
  }
}

/** Someone else changed the case since the page was loaded. */
export class CaseConflict extends Error {}

/** There is no such case (or person). */
export class CaseNotFound extends Error {}

type CaseRow = NonNullable<Awaited<ReturnType<typeof repo.findCase>>>;

function shown(r: CaseRow): SafeguardingCase {
  return {
    id: r.id,
    reference: r.reference,
    victimPersonId: r.victim_person_id,
    ownerId: r.owner_id,
    teamId: r.team_id,
    status: r.status as SafeguardingCase['status'],
    enhancedRights: r.enhanced_rights,
    openedAt: r.opened_at,
    closedAt: r.closed_at,
    closureReason: r.closure_reason,
    nextContactDueOn: r.next_contact_due_on,
    version: r.version,
  };
}

const HISTORY_NAMES: Record<string, string> = {
  opened: 'Case opened',
  transferred: 'Case transferred',
  closed: 'Case closed',
  reopened: 'Case reopened',
  'closed-by-merge': 'Case closed: her records were merged',
  'moved-by-merge': 'Case moved by a merge of her records',
};

/** The modules a case page draws on: it owns no person, task or user data of its own. */
export interface CaseSources {
  people: PeopleService;
  tasks: TaskService;
  users: UserService;
}

/** Safeguarding cases: the victim-centred record of the work after triage (migrations 0023, 0027). */
export class CaseService {
  private sources?: CaseSources;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    sources?: CaseSources,
  ) {
    this.sources = sources;
  }

  private get deps(): CaseSources {
    if (!this.sources) throw new Error('CaseService was built without the people, tasks and users services');
    return this.sources;
  }

  /** Opens a case for a victim in the caller's transaction; a victim has at most one open case. */
  async open(trx: Executor, actor: Actor, input: NewCase): Promise<SafeguardingCase> {
    const row = shown(await repo.insertCase(trx, input, this.clock.now()));
    await repo.insertHistory(trx, {
      caseId: row.id,
      kind: 'opened',
      toOwnerId: input.ownerId,
      toTeamId: input.teamId,
      by: actor.userId,
      at: this.clock.now(),
    });
    await this.audit.record(trx, actor, {
      category: 'collection',
      action: 'case-opened',
      subjects: [input.victimPersonId],
      recordType: 'safeguarding_case',
      recordIds: [row.id],
      details: { incidents: input.incidentIds.length },
    });
    return row;
  }

  /** A case by id, without auditing: the caller audits the view it is part of. */
  async find(db: Executor, id: string): Promise<SafeguardingCase | undefined> {
    const row = await repo.findCase(db, id);
    return row && shown(row);
  }

  async openCaseOf(db: Executor, victimPersonId: string): Promise<SafeguardingCase | undefined> {
    const row = await repo.openCaseOf(db, victimPersonId);
    return row && shown(row);
  }

  /**
   * A victim's safety plan as it stands, for another module's page read in its transaction (the caller checks access
   * and audits): her open case, and the latest contact that recorded safety-plan items.
   */
  async safetyPlanOf(
    db: Executor,
    victimPersonId: string,
  ): Promise<{ caseId: string | null; caseReference: string | null; plannedAt: Date | null; items: string[] }> {
    const open = await repo.openCaseOf(db, victimPersonId);
    if (!open) return { caseId: null, caseReference: null, plannedAt: null, items: [] };
    const plan = await repo.latestSafetyPlan(db, open.id);
    return {
      caseId: open.id,
      caseReference: open.reference,
      plannedAt: plan ? new Date(plan.occurred_at) : null,
      items: plan ? (plan.safety_plan as string[]) : [],
    };
  }

  async incidentIds(db: Executor, caseId: string): Promise<string[]> {
    return repo.caseIncidentIds(db, caseId);
  }

  /** Changes the case's Enhanced Rights in the caller's transaction; the Victims' Code module records why and audits it. */
  async setEnhancedRights(trx: Executor, caseId: string, enhancedRights: boolean): Promise<boolean> {
    return repo.updateEnhancedRights(trx, caseId, enhancedRights);
  }

  /** Who holds these people's open cases (for working out a user's relationship to them). */
  async holders(personIds: readonly string[], db: Executor = this.db): Promise<CaseHolder[]> {
    const rows = await repo.openCaseHolders(db, personIds);
    return rows.map((r) => ({ personId: r.victim_person_id, ownerId: r.owner_id, teamId: r.team_id }));
  }

  /** For each victim: has she an open case, and a closed one (ids and flags only: not a consultation). */
  async caseStanding(db: Executor, personIds: readonly string[]): Promise<Map<string, { open: boolean; closed: boolean }>> {
    const rows = await repo.caseStanding(db, personIds);
    return new Map(rows.map((r) => [r.victim_person_id, { open: r.open, closed: r.closed }]));
  }

  /** The victims whose open case this user owns: their restricted records are open to their officer. */
  async victimsOwnedBy(userId: string, db: Executor = this.db): Promise<string[]> {
    return repo.victimsOfCasesOwnedBy(db, userId);
  }

  /** The victim a case is about (for naming her in a refusal); undefined when there is no such case. */
  async victimOf(id: string): Promise<string | undefined> {
    return (await repo.findCase(this.db, id))?.victim_person_id;
  }

  relationship(actor: Actor, c: Pick<SafeguardingCase, 'ownerId' | 'teamId'>): Relationship {
    return relationshipToCase(actor, c);
  }

  /** The officers and teams a case can be held by, for the owner and team pickers. */
  async holdersToChoose() {
    const [users, teams] = await Promise.all([this.deps.users.listUsers(), this.deps.users.listTeams()]);
    const officers = users
      .filter((u) => !u.disabled_at && ['coordinator', 'victimcare', 'supervisor', 'assessor'].includes(u.role))
      .map((u) => ({ id: u.id, name: u.display_name, teamId: u.team_id, role: u.role }));
    return { officers, teams: teams.map((t) => ({ id: t.id, name: t.name })) };
  }

  private async names() {
    const { officers, teams } = await this.holdersToChoose();
    const users = await this.deps.users.listUsers();
    return {
      officer: new Map(users.map((u) => [u.id, u.display_name])),
      team: new Map(teams.map((t) => [t.id, t.name])),
      officers,
      teams,
    };
  }

  /**
   * The "Open a case" form for a victim: who she is, her safe-contact instructions, the incidents in which she is the
   * victim (to pick which the case spans) and any open case she already has. A consultation of her record.
   */
  async newCaseForm(actor: Actor, personId: string) {
    assertAllowed(actor, 'case:open', { relationship: 'force' }, [personId]);
    return this.db.transaction().execute(async (trx) => {
      const found = await this.deps.people.historyFor(trx, personId);
      if (!found) throw new CaseNotFound('No such person');
      const incidents = found.chronology.filter((e) => e.kind === 'incident' && e.role === 'victim');
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'case-form-viewed',
        subjects: [personId],
        recordType: 'person',
        recordIds: [personId],
        details: { form: 'open-case', incidents: incidents.length },
      });
      return {
        person: found.person,
        safeContact: await this.deps.people.safeContactOf(personId, trx),
        incidents,
        existing: await this.openCaseOf(trx, personId),
      };
    });
  }

  /** Opens a case from the form or the API, after checking the incidents are hers and she has no open case. */
  async openFor(
    actor: Actor,
    input: { victimPersonId: string; incidentIds: string[]; ownerId: string | null; teamId: string | null; enhancedRights: boolean },
  ): Promise<SafeguardingCase> {
    assertAllowed(actor, 'case:open', { relationship: 'force' }, [input.victimPersonId], 'collection');
    return this.db.transaction().execute(async (trx) => {
      const found = await this.deps.people.historyFor(trx, input.victimPersonId);
      if (!found) throw new CaseInputError('victimPersonId', 'There is no person with that id');
      if (found.person.merged_into)
        throw new CaseInputError('victimPersonId', 'That record was merged into another: open the case on hers');
      const hers = new Set(found.chronology.filter((e) => e.kind === 'incident' && e.role === 'victim').map((e) => e.incidentId));
      const notHers = input.incidentIds.filter((id) => !hers.has(id));
      if (notHers.length) throw new CaseInputError('incidentIds', 'Select only incidents in which she is the victim');
      const existing = await this.openCaseOf(trx, input.victimPersonId);
      if (existing) throw new CaseAlreadyOpen(existing);
      const { officers, teams } = await this.holdersToChoose();
      const owner = input.ownerId ?? (actor.userId && officers.some((o) => o.id === actor.userId) ? actor.userId : null);
      if (owner && !officers.some((o) => o.id === owner)) throw new CaseInputError('owner', 'Select an officer who can hold cases');
      const team = input.teamId ?? officers.find((o) => o.id === owner)?.teamId ?? actor.teamId;
      if (team && !teams.some((t) => t.id === team)) throw new CaseInputError('team', 'Select a team');
      return this.open(trx, actor, {
        victimPersonId: input.victimPersonId,
        incidentIds: [...new Set(input.incidentIds)],
        ownerId: owner,
        teamId: team ?? null,
        enhancedRights: input.enhancedRights,
        openedBy: actor.userId,
      });
    });
  }

  /** A page of cases (own, team or the force's; open or closed; optionally only those with a contact due). */
  async list(actor: Actor, scope: CaseScope, page: number, pageSize = CASE_PAGE_SIZE) {
    assertAllowed(actor, 'case:view', { relationship: 'force' });
    const owner = { userId: actor.userId, teamId: actor.teamId };
    const names = await this.names();
    const today = londonDateOf(this.clock.now());
    return this.db.transaction().execute(async (trx) => {
      const rows = await repo.casesInScope(trx, owner, scope, { limit: pageSize, offset: (Math.max(1, page) - 1) * pageSize });
      const total = await repo.countCasesInScope(trx, owner, scope);
      const people = await this.deps.people.listLabelsOf(
        trx,
        rows.map((r) => r.victim_person_id),
      );
      const items = rows.map((r) => {
        const c = shown(r);
        return {
          ...c,
          victim: people.get(c.victimPersonId) ?? { name: 'Unknown', dateOfBirth: null, restricted: false },
          ownerName: c.ownerId ? (names.officer.get(c.ownerId) ?? 'Unknown') : null,
          teamName: c.teamId ? (names.team.get(c.teamId) ?? 'Unknown') : null,
          due: contactDue(c.nextContactDueOn, today),
        };
      });
      if (items.length)
        await this.audit.record(trx, actor, {
          category: 'consultation',
          action: 'cases-listed',
          subjects: items.filter((i) => !i.victim.restricted).map((i) => i.victimPersonId),
          recordType: 'safeguarding_case',
          recordIds: items.map((i) => i.id),
          details: { scope, page },
        });
      return { items, total, page, pages: Math.max(1, Math.ceil(total / pageSize)) };
    });
  }

  /** The home page's cases for a case-holding role: her open cases, contacts due first, and how many are due. */
  async homeFor(actor: Actor) {
    if (!can(actor, 'contact:record')) return undefined;
    const open = await this.list(actor, { whose: 'mine', status: 'open' }, 1, HOME_CASE_LIMIT);
    const owner = { userId: actor.userId, teamId: actor.teamId };
    const dueContacts = await repo.countCasesInScope(this.db, owner, {
      whose: 'mine',
      status: 'open',
      dueBy: londonDateOf(this.clock.now()),
    });
    return { ...open, dueContacts };
  }

  /** The case page: victim, safe contact, incidents, contacts timeline, history and tasks. A consultation. */
  async view(actor: Actor, id: string) {
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.findCase(trx, id);
      if (!row) throw new CaseNotFound('No such case');
      const c = shown(row);
      const relationship = this.relationship(actor, c);
      assertAllowed(actor, 'case:view', { relationship }, [c.victimPersonId]);
      const found = await this.deps.people.historyFor(trx, c.victimPersonId);
      if (!found) throw new CaseNotFound('No such case');
      const caseIncidents = new Set(await repo.caseIncidentIds(trx, id));
      const incidents = found.chronology.filter((e) => e.kind === 'incident' && caseIncidents.has(e.incidentId));
      const names = await this.names();
      const contacts = (await repo.contactsOf(trx, id)).map((k) => ({
        id: k.id,
        method: CONTACT_METHODS[k.method as keyof typeof CONTACT_METHODS] ?? k.method,
        direction: CONTACT_DIRECTIONS[k.direction as keyof typeof CONTACT_DIRECTIONS] ?? k.direction,
        occurredAt: new Date(k.occurred_at),
        withWhom: k.with_whom,
        outcome: CONTACT_OUTCOMES[k.outcome as keyof typeof CONTACT_OUTCOMES] ?? k.outcome,
        outcomeCode: k.outcome,
        advice: k.advice,
        safetyPlan: k.safety_plan as string[],
        literature: k.literature as string[],
        notes: k.notes,
        urgent: k.urgent,
        ndmRationale: k.ndm_rationale,
        policeResourceRequested: k.police_resource_requested,
        unseenCrime: k.unseen_crime,
        intelligence: k.intelligence,
        recordedBy: k.recorded_by ? (names.officer.get(k.recorded_by) ?? 'Unknown') : 'The system',
      }));
      const history = (await repo.historyOf(trx, id)).map((h) => ({
        kind: h.kind,
        name: HISTORY_NAMES[h.kind] ?? h.kind,
        at: new Date(h.recorded_at),
        from: [h.from_owner_id && names.officer.get(h.from_owner_id), h.from_team_id && names.team.get(h.from_team_id)]
          .filter(Boolean)
          .join(', '),
        to: [h.to_owner_id && names.officer.get(h.to_owner_id), h.to_team_id && names.team.get(h.to_team_id)].filter(Boolean).join(', '),
        reason: h.reason,
        by: h.recorded_by ? (names.officer.get(h.recorded_by) ?? 'Unknown') : 'The system',
      }));
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'case-viewed',
        subjects: [c.victimPersonId],
        recordType: 'safeguarding_case',
        recordIds: [id],
        details: { contacts: contacts.length, incidents: incidents.length },
      });
      return {
        case: {
          ...c,
          ownerName: c.ownerId ? (names.officer.get(c.ownerId) ?? 'Unknown') : null,
          teamName: c.teamId ? (names.team.get(c.teamId) ?? 'Unknown') : null,
          closureReasonText: c.closureReason,
          due: contactDue(c.nextContactDueOn, londonDateOf(this.clock.now())),
        },
        victim: found.person,
        indicators: found.indicators,
        safeContact: await this.deps.people.safeContactOf(c.victimPersonId, trx),
        incidents,
        contacts,
        history,
        tasks: await this.deps.tasks.ofCase(trx, id),
        may: {
          manage: can(actor, 'case:manage', { relationship }),
          recordContact: can(actor, 'contact:record', { relationship }),
        },
        holders: { officers: names.officers, teams: names.teams },
      };
    });
  }

  /** A case for one of its forms (transfer, close, contact): checked and audited as a consultation of her record. */
  async forForm(actor: Actor, id: string, action: 'case:manage' | 'contact:record', form: string) {
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.findCase(trx, id);
      if (!row) throw new CaseNotFound('No such case');
      const c = shown(row);
      assertAllowed(actor, action, { relationship: this.relationship(actor, c) }, [c.victimPersonId]);
      const person = await this.deps.people.historyFor(trx, c.victimPersonId);
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'case-form-viewed',
        subjects: [c.victimPersonId],
        recordType: 'safeguarding_case',
        recordIds: [id],
        details: { form },
      });
      return {
        case: c,
        victim: person!.person,
        safeContact: await this.deps.people.safeContactOf(c.victimPersonId, trx),
        holders: await this.holdersToChoose(),
      };
    });
  }

  /** Changes a case the actor may manage, at the version they saw, recording its history and audit in one go. */
  private async change(
    actor: Actor,
    id: string,
    version: number,
    work: (
      trx: Executor,
      c: SafeguardingCase,
    ) => Promise<{
      change: Parameters<typeof repo.updateCase>[3];
      history: Omit<Parameters<typeof repo.insertHistory>[1], 'caseId' | 'by' | 'at'>;
      action: string;
    }>,
  ) {
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.findCase(trx, id);
      if (!row) throw new CaseNotFound('No such case');
      const c = shown(row);
      assertAllowed(actor, 'case:manage', { relationship: this.relationship(actor, c) }, [c.victimPersonId], 'alteration');
      const { change, history, action } = await work(trx, c);
      const now = this.clock.now();
      const updated = await repo.updateCase(trx, id, version, change, now);
      if (!updated) throw new CaseConflict('Someone else changed this case while you were looking at it.');
      await repo.insertHistory(trx, { caseId: id, ...history, by: actor.userId, at: now });
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action,
        subjects: [c.victimPersonId],
        recordType: 'safeguarding_case',
        recordIds: [id],
        reason: history.reason ?? undefined,
        details: { kind: history.kind },
      });
      return shown(updated);
    });
  }

  /** Hands a case to another officer or team, with the reason (audited). */
  async transfer(actor: Actor, id: string, input: { version: number; ownerId: string | null; teamId: string | null; reason: string }) {
    return this.change(actor, id, input.version, async (_trx, c) => {
      if (c.status !== 'open') throw new CaseInputError('team', 'Reopen the case before transferring it');
      const { officers, teams } = await this.holdersToChoose();
      if (input.ownerId && !officers.some((o) => o.id === input.ownerId))
        throw new CaseInputError('owner', 'Select an officer who can hold cases');
      if (!input.teamId || !teams.some((t) => t.id === input.teamId)) throw new CaseInputError('team', 'Select the team the case goes to');
      if (input.ownerId === c.ownerId && input.teamId === c.teamId)
        throw new CaseInputError('owner', 'Select a different officer or team: the case is already held there');
      return {
        change: { owner_id: input.ownerId, team_id: input.teamId },
        history: {
          kind: 'transferred',
          fromOwnerId: c.ownerId,
          fromTeamId: c.teamId,
          toOwnerId: input.ownerId,
          toTeamId: input.teamId,
          reason: input.reason,
        },
        action: 'case-transferred',
      };
    });
  }

  async close(actor: Actor, id: string, input: { version: number; reason: ClosureReason; detail: string | null }) {
    const reason = input.detail ? `${CLOSURE_REASONS[input.reason]}: ${input.detail}` : CLOSURE_REASONS[input.reason];
    return this.change(actor, id, input.version, async (_trx, c) => {
      if (c.status === 'closed') throw new CaseConflict('This case has already been closed.');
      return {
        change: { status: 'closed', closed_at: this.clock.now(), closure_reason: reason, next_contact_due_on: null },
        history: { kind: 'closed', reason },
        action: 'case-closed',
      };
    });
  }

  async reopen(actor: Actor, id: string, input: { version: number; reason: string }) {
    return this.change(actor, id, input.version, async (trx, c) => {
      if (c.status === 'open') throw new CaseConflict('This case is already open.');
      const other = await this.openCaseOf(trx, c.victimPersonId);
      if (other) throw new CaseInputError('reason', `She has another open case, ${other.reference}: work that one instead`);
      return {
        change: { status: 'open', closed_at: null, closure_reason: null },
        history: { kind: 'reopened', reason: input.reason },
        action: 'case-reopened',
      };
    });
  }

  /**
   * Records a contact with the victim, sets when the next is due, and raises what it calls for: an urgent task for
   * the case team's supervisor when a police resource was requested, and a task to record unseen crime or submit
   * intelligence she disclosed, each linked to the case. One transaction, audited.
   */
  async recordContact(actor: Actor, id: string, input: ContactForm) {
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.findCase(trx, id);
      if (!row) throw new CaseNotFound('No such case');
      const c = shown(row);
      assertAllowed(actor, 'contact:record', { relationship: this.relationship(actor, c) }, [c.victimPersonId], 'collection');
      const now = this.clock.now();
      if (input.occurredAt.getTime() > now.getTime() + 60_000)
        throw new CaseInputError('occurred-day', 'The date and time of the contact must be now or in the past');
      if (input.nextContactDueOn && input.nextContactDueOn < londonDateOf(now))
        throw new CaseInputError('next-day', 'Next contact due must be today or in the future');
      if (c.status !== 'open') throw new CaseInputError('method', 'Reopen the case before recording a contact on it');
      const contact = await repo.insertContact(trx, { caseId: id, ...input, recordedBy: actor.userId }, now);
      await repo.setNextContactDue(trx, id, input.nextContactDueOn, now);
      const raised = [];
      for (const t of tasksRaisedByContact(input, now)) {
        const assigneeId = t.for === 'recorder' ? actor.userId : await this.supervisorOf(c.teamId ?? actor.teamId);
        raised.push(
          await this.deps.tasks.raise(trx, actor, {
            type: t.type,
            caseId: id,
            incidentId: null,
            subjectPersonId: c.victimPersonId,
            teamId: c.teamId ?? actor.teamId,
            assigneeId,
            dueAt: t.dueAt,
            sourceRule: t.sourceRule,
            details: {
              contactId: contact.id,
              caseReference: c.reference,
              ...(t.type === 'police-resource-requested' ? { urgent: true, ndmRationale: input.ndmRationale } : {}),
              ...(t.type === 'record-unseen-crime' ? { disclosed: input.unseenCrime } : {}),
              ...(t.type === 'submit-intelligence' ? { disclosed: input.intelligence } : {}),
            },
          }),
        );
      }
      await this.audit.record(trx, actor, {
        category: 'collection',
        action: 'contact-recorded',
        subjects: [c.victimPersonId],
        recordType: 'case_contact',
        recordIds: [contact.id, id],
        details: { method: input.method, outcome: input.outcome, urgent: input.urgent, tasks: raised.map((r) => r.type) },
      });
      return { contactId: contact.id, tasks: raised };
    });
  }

  /** The supervisor of a team who is to act on an urgent task (the first active one); null leaves it to the team. */
  private async supervisorOf(teamId: string | null): Promise<string | null> {
    const users = await this.deps.users.listUsers();
    const inTeam = users.filter((u) => u.role === 'supervisor' && !u.disabled_at);
    return (inTeam.find((u) => u.team_id === teamId) ?? inTeam[0])?.id ?? null;
  }

  /** Records the victim's safe-contact instructions from her case (through the people module). */
  async recordSafeContact(actor: Actor, id: string, version: number, input: SafeContactInput) {
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.findCase(trx, id);
      if (!row) throw new CaseNotFound('No such case');
      const c = shown(row);
      assertAllowed(actor, 'contact:record', { relationship: this.relationship(actor, c) }, [c.victimPersonId], 'alteration');
      await this.deps.people.recordSafeContact(trx, actor, c.victimPersonId, input, version);
    });
  }

  /**
   * A person merge (the lead wires this): the merged record's cases move to the survivor. She keeps one open case: if
   * both had one, the merged record's is closed, saying so, and `moveBack` reopens it when the merge is undone.
   */
  async moveToSurvivor(trx: Executor, fromPersonId: string, toPersonId: string): Promise<string[]> {
    const moving = await repo.casesOfVictim(trx, fromPersonId);
    if (moving.length === 0) return [];
    const survivorsOpen = await repo.openCaseOf(trx, toPersonId);
    const now = this.clock.now();
    for (const m of moving) {
      if (m.status === 'open' && survivorsOpen) {
        const reason = `Her records were merged: her open case is ${survivorsOpen.reference}`;
        await repo.updateCase(
          trx,
          m.id,
          m.version,
          { status: 'closed', closed_at: now, closure_reason: reason, next_contact_due_on: null },
          now,
        );
        await repo.insertHistory(trx, { caseId: m.id, kind: 'closed-by-merge', reason, by: null, at: now });
      } else {
        await repo.insertHistory(trx, { caseId: m.id, kind: 'moved-by-merge', by: null, at: now });
      }
    }
    const ids = moving.map((m) => m.id);
    await repo.moveCases(trx, ids, toPersonId);
    await this.audit.record(trx, systemActor('person-merge'), {
      category: 'alteration',
      action: 'cases-moved-by-merge',
      subjects: [fromPersonId, toPersonId],
      recordType: 'safeguarding_case',
      recordIds: ids,
    });
    return ids;
  }

  /** Undoing a merge: the cases go back to the record they came from; one a merge closed is open again. */
  async moveBack(trx: Executor, ids: readonly string[], toPersonId: string): Promise<void> {
    if (ids.length === 0) return;
    const reopen = await repo.closedByMerge(trx, ids);
    await repo.moveCases(trx, ids, toPersonId);
    const now = this.clock.now();
    for (const id of ids) {
      const row = (await repo.findCase(trx, id))!;
      if (reopen.includes(id) && !(await repo.openCaseOf(trx, toPersonId))) {
        await repo.updateCase(trx, id, row.version, { status: 'open', closed_at: null, closure_reason: null }, now);
        await repo.insertHistory(trx, { caseId: id, kind: 'reopened', reason: 'The merge of her records was undone', by: null, at: now });
      } else {
        await repo.insertHistory(trx, {
          caseId: id,
          kind: 'moved-by-merge',
          reason: 'The merge of her records was undone',
          by: null,
          at: now,
        });
      }
    }
    await this.audit.record(trx, systemActor('person-merge'), {
      category: 'alteration',
      action: 'cases-moved-back',
      subjects: [toPersonId],
      recordType: 'safeguarding_case',
      recordIds: [...ids],
    });
  }
}
