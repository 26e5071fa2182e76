import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import type { Db } from '../../platform/db/database.ts';
import { assertAllowed } from '../../platform/auth/access.ts';
import { can } from '../../domain/access/policy.ts';
import { listShows, type ListScope } from '../../domain/access/relationship.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db/executor.ts';
import { assembleHistory, type PersonHistory } from './history.ts';
import * as repo from './repository.ts';
import { insertPerson } from './linkingRepository.ts';
import { undecidedIdentities } from '../matches/index.ts';
import * as safeContacts from './safeContactRepository.ts';
import { SafeContactConflict, type SafeContact, type SafeContactInput } from './safeContactRepository.ts';
import { variantsOfGivenName } from '../../domain/linkage/nicknames.ts';

export const AUDIT_PAGE_SIZE = 50;

/** How a restricted person not open to the user is named in someone else's history. */
export const RESTRICTED_NAME = 'Restricted record';

/** The record that was asked for and the merge that took it into the person shown (the first step, if several). */
export interface MergedFrom {
  id: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  /** The record it was merged into at the time: the person shown, or a record since merged into them. */
  mergedInto: string;
  mergeId: string | null;
  mergedAt: Date | null;
  /** Who merged it (a user's display name); null when the system did. */
  mergedBy: string | null;
  reason: string | null;
}

function mergedFromOf(
  record: { id: string; given_name: string; family_name: string; date_of_birth: string | null },
  steps: repo.MergeStep[],
): MergedFrom {
  const first = steps[0];
  return {
    id: record.id,
    givenName: record.given_name,
    familyName: record.family_name,
    dateOfBirth: record.date_of_birth,
    mergedInto: first.survivorId,
    mergeId: first.mergeId,
    mergedAt: first.mergedAt,
    mergedBy: first.mergedBy,
    reason: first.reason,
  };
}

/** The person and every record merged into them: their history is the history of all these ids. */
export const recordIdsOfPerson = (trx: Executor, personId: string): Promise<string[]> => repo.idsOfPerson(trx, personId);

/** Which of these people have a restricted record: a fact the access module decides on. */
export const restrictedAmong = (db: Executor, personIds: readonly string[]): Promise<string[]> => repo.restrictedAmong(db, personIds);

export interface PersonName {
  givenName: string | null;
  familyName: string | null;
  dateOfBirth: string | null;
}

/** Finding and reading person records. Every read is a consultation of each person shown, in the same transaction. */
export class PeopleService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly searchOptions: repo.SearchOptions = {},
  ) {}

  /** A person's safe-contact instructions, for another module's page (the caller audits the page it is part of). */
  safeContactOf(personId: string, db: Executor = this.db): Promise<SafeContact | undefined> {
    return safeContacts.findSafeContact(db, personId);
  }

  /** Records a person's safe-contact instructions at the version the user saw, audited in the caller's transaction. */
  async recordSafeContact(trx: Executor, actor: Actor, personId: string, input: SafeContactInput, version: number): Promise<void> {
    if (!(await safeContacts.saveSafeContact(trx, personId, input, version, actor.userId, this.clock.now())))
      throw new SafeContactConflict('Someone else saved her safe-contact instructions while you were editing them.');
    await this.audit.record(trx, actor, {
      category: version === 0 ? 'collection' : 'alteration',
      action: 'safe-contact-recorded',
      subjects: [personId],
      recordType: 'person',
      recordIds: [personId],
    });
  }

  /** People as a list names them ("SURNAME, Given"; a restricted record masked), for another module's list (the caller audits it). */
  listLabelsOf(db: Executor, personIds: readonly string[]) {
    return safeContacts.namesOf(db, personIds);
  }

  /** People in the index, merged records not counted (a count, not personal data). */
  countCurrent(): Promise<number> {
    return repo.countCurrentPeople(this.db);
  }

  /**
   * The record an id names and the record it now answers as (itself, or the record it was merged into): whose data a
   * request for that id touches. Empty when there is no such record. Ids only: not a consultation.
   */
  async recordAndSurvivor(personId: string): Promise<string[]> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(personId)) return [];
    const located = await repo.survivorOf(this.db, personId);
    return located ? [...new Set([personId, located.survivorId])] : [];
  }

  /** Whether a person record with this id exists (ids only: not a consultation). */
  async exists(personId: string): Promise<boolean> {
    return (await repo.findPerson(this.db, personId)) !== undefined;
  }

  /** People matching the criteria, among those the user's list scope shows (access module `listScope`). */
  async search(actor: Actor, criteria: repo.PersonSearch, scope: ListScope) {
    assertAllowed(actor, 'person:search');
    return this.db.transaction().execute(async (trx) => {
      const result = await repo.searchPeople(trx, criteria, variantsOfGivenName, this.searchOptions, scope);
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'person-search',
        subjects: result.people.map((p) => p.id),
        recordType: 'person',
        details: {
          // The terms themselves: misuse (looking up an ex-partner, say) shows in what was searched for, not only in
          // who was found. The audit trail is append-only and readable only by auditors and supervisors.
          criteria: Object.fromEntries(Object.entries(criteria).filter(([, v]) => v !== undefined)),
          results: result.people.length,
          ...(result.currentNamesOnly && { currentNamesOnly: true }),
        },
      });
      return result;
    });
  }

  /**
   * Where a person id should be read: the record itself, or the record it was merged into (undefined: no such
   * person). Only ids, no personal data, so not a consultation; the same access check as reading the record.
   */
  async locate(actor: Actor, personId: string): Promise<string | undefined> {
    assertAllowed(actor, 'person:view');
    const person = await repo.findPerson(this.db, personId);
    if (!person) return undefined;
    return (await repo.survivorOf(this.db, personId))?.survivorId;
  }

  /**
   * A person and their linked history. A record merged into another answers as the record it was merged into
   * (the survivor), with `mergedFrom` saying which record was asked for and the merge that took it there;
   * `mergedFrom` names a record the caller came from (a redirect), shown only while it is still merged into this one.
   * The route has decided the user's access to the record (and to `mergedFrom`); `scope` says which of the other
   * people in the history the user may see named (the rest are shown as restricted, or left out for a partner).
   */
  async view(actor: Actor, personId: string, options: { mergedFrom?: string; scope: ListScope }) {
    assertAllowed(actor, 'person:view');
    return this.db.transaction().execute(async (trx) => {
      const requested = await repo.findPerson(trx, personId);
      if (!requested) return undefined;
      const located = (await repo.survivorOf(trx, personId))!;
      const person = located.survivorId === requested.id ? requested : await repo.findPerson(trx, located.survivorId);
      if (!person) return undefined;
      let merged = located.steps.length ? { record: requested, steps: located.steps } : undefined;
      if (!merged && options.mergedFrom && options.mergedFrom !== person.id) {
        const from = await repo.findPerson(trx, options.mergedFrom);
        const fromLocated = from && (await repo.survivorOf(trx, from.id));
        if (from && fromLocated?.survivorId === person.id && fromLocated.steps.length) merged = { record: from, steps: fromLocated.steps };
      }
      const history = await this.historyOf(trx, person, options.scope);
      const mergedFrom = merged ? mergedFromOf(merged.record, merged.steps) : null;
      const undecidedMatchId = (await undecidedIdentities(trx, [person.id])).get(person.id);
      const named = history.relationships.filter((r) => r.name !== RESTRICTED_NAME).map((r) => r.personId);
      const shown = new Set([person.id, ...(merged ? [merged.record.id] : []), ...named]);
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'person-viewed',
        subjects: [...shown],
        recordType: 'person',
        recordIds: merged ? [person.id, merged.record.id] : [person.id],
        details: { incidents: history.chronology.length, ...(merged ? { requested: merged.record.id } : {}) },
      });
      return { person, ...history, mergedFrom, undecidedMatchId, canLink: can(actor, 'person:link') };
    });
  }

  /**
   * A new person record for someone another module's work names who is not on any incident (a Clare's Law applicant):
   * created in that module's transaction, recorded as a collection. Person search finds them by name at once.
   */
  async createPerson(
    trx: Executor,
    actor: Actor,
    details: { givenName: string; familyName: string; dateOfBirth: string | null },
    why: string,
  ): Promise<string> {
    const id = await insertPerson(
      trx,
      {
        givenName: details.givenName,
        middleName: undefined,
        familyName: details.familyName,
        dateOfBirth: details.dateOfBirth ?? undefined,
        address: undefined,
        postcode: undefined,
        phone: undefined,
        email: undefined,
        pncId: undefined,
      },
      this.clock.now(),
    );
    await this.audit.record(trx, actor, {
      category: 'collection',
      action: 'person-created',
      subjects: [id],
      recordType: 'person',
      recordIds: [id],
      details: { why },
    });
    return id;
  }

  /** A person's own record for another module, read in its transaction (a referral's copy of what it shares). */
  async recordFor(trx: Executor, personId: string) {
    return repo.findPerson(trx, personId);
  }

  /**
   * People's names for another module's page or list, read in its transaction. The caller has checked access and
   * records the consultation (naming everyone it shows) in the same transaction.
   */
  async namesOf(db: Executor, ids: readonly string[]): Promise<Map<string, PersonName>> {
    const rows = await repo.identitiesOf(db, [...new Set(ids)]);
    return new Map(rows.map((r) => [r.id, { givenName: r.given_name, familyName: r.family_name, dateOfBirth: r.date_of_birth }]));
  }

  /**
   * Who these people are (names, date of birth, whether merged or restricted) for another module's page, read in
   * that module's transaction; the caller checks access and records the consultation.
   */
  async identitiesOf(db: Executor, ids: readonly string[]) {
    const rows = await repo.identitiesOf(db, ids);
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          name: `${r.given_name} ${r.family_name}`.trim(),
          dateOfBirth: r.date_of_birth,
          mergedInto: r.merged_into,
          restricted: r.restriction !== 'none',
        },
      ]),
    );
  }

  /**
   * A person and their linked history for another module's page, read in that module's transaction. The caller has
   * checked access and records the consultation (naming everyone it shows) in the same transaction.
   */
  async historyFor(trx: Executor, personId: string, scope: ListScope = { among: null, restrictedOpen: [] }) {
    const person = await repo.findPerson(trx, personId);
    if (!person) return undefined;
    // The other people in it as the user's lists show them (by default every restricted one is named "Restricted record").
    return { person, ...(await this.historyOf(trx, person, scope)) };
  }

  /**
   * The audit log's lookup of a person by name or date of birth: who they are (names, date of birth) and nothing of
   * their case, so an auditor can filter the log by them without reading their record. Audited like any search.
   */
  async identityLookup(actor: Actor, criteria: repo.PersonSearch) {
    assertAllowed(actor, 'audit:search');
    return this.db.transaction().execute(async (trx) => {
      const result = await repo.searchPeople(trx, criteria, variantsOfGivenName, this.searchOptions);
      const people = result.people.map((p) => ({
        id: p.id,
        given_name: p.given_name,
        middle_names: p.middle_names,
        family_name: p.family_name,
        date_of_birth: p.date_of_birth,
      }));
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'person-identity-lookup',
        subjects: people.map((p) => p.id),
        recordType: 'person',
        details: { criteria: Object.fromEntries(Object.entries(criteria).filter(([, v]) => v !== undefined)), results: people.length },
      });
      return { people, more: result.more };
    });
  }

  /**
   * Who these people are (names and date of birth) for another module's page, read in that module's transaction.
   * The caller checks access and records the consultation of everyone it shows in the same transaction.
   */
  async identities(trx: Executor, personIds: readonly string[]) {
    const rows = await repo.identitiesOf(trx, personIds);
    return rows.map((p) => ({
      id: p.id,
      givenName: p.given_name,
      familyName: p.family_name,
      dateOfBirth: p.date_of_birth,
      restricted: p.restriction !== 'none',
    }));
  }

  /** "Who has looked at this record": every consultation, change and disclosure about the person. */
  async auditLog(actor: Actor, personId: string, page: number) {
    return this.db.transaction().execute(async (trx) => {
      const person = await repo.findPerson(trx, personId);
      if (!person) return undefined;
      assertAllowed(actor, 'person:audit-log', undefined, [person.id]);
      const offset = (Math.max(1, page) - 1) * AUDIT_PAGE_SIZE;
      const events = await repo.auditEventsAbout(trx, person.id, { limit: AUDIT_PAGE_SIZE, offset });
      const total = await repo.countAuditEventsAbout(trx, person.id);
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'person-audit-log-viewed',
        subjects: [person.id],
        recordType: 'person',
        recordIds: [person.id],
      });
      return { person, events, total };
    });
  }

  private async historyOf(
    trx: Executor,
    person: { id: string; given_name: string; family_name: string },
    scope: ListScope,
  ): Promise<PersonHistory> {
    const ids = await repo.idsOfPerson(trx, person.id);
    const incidents = await repo.incidentsOfPerson(trx, ids);
    const referrals = await repo.maracReferralsOf(trx, ids);
    const details = await repo.recordedDetailsOf(trx, ids);
    const found = await repo.otherPartiesOf(
      trx,
      incidents.map((i) => i.id),
      ids,
    );
    // The other people in the history as the user's lists would show them: a partner sees only those shared with their
    // agency; a restricted person not open to the user is named "Restricted record", nothing else of them shown.
    const parties = found
      .filter((p) => scope.among === null || scope.among.includes(p.person_id))
      .map((p) =>
        listShows(scope, { id: p.person_id, restricted: p.restriction !== 'none' })
          ? p
          : { ...p, given_name: RESTRICTED_NAME, family_name: '', date_of_birth: null },
      );
    return assembleHistory(person, { incidents, parties, referrals, details }, this.clock.now());
  }
}

/** What a merge of two person records changes in the people module's records, in the merge's transaction. */
export { mentionIdsOf, moveMentions, setMergedInto, repointMergedInto, restoreMergedInto } from './mergeRepository.ts';

/** Intake records each party as a mention, in its transaction, before linking resolves it to a person. */
export { insertMention as recordMention } from './linkingRepository.ts';
