import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import type { Db } from '../../platform/db/database.ts';
import { assertAllowed } from '../../platform/auth/middleware.ts';
import type { Relationship } from '../../domain/access/policy.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db/executor.ts';
import { assembleHistory, type PersonHistory } from './history.ts';
import * as repo from './repository.ts';
import { variantsOfGivenName } from '../../domain/linkage/nicknames.ts';

export const AUDIT_PAGE_SIZE = 50;

/** The person and every record merged into them: their history is the history of all these ids. */
export const recordIdsOfPerson = (trx: Executor, personId: string): Promise<string[]> => repo.idsOfPerson(trx, personId);

/** Finding and reading person records. Every read is a consultation of each person shown, in the same transaction. */
export class PeopleService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async search(actor: Actor, criteria: repo.PersonSearch) {
    assertAllowed(actor, 'person:search', { relationship: 'force' });
    return this.db.transaction().execute(async (trx) => {
      const people = await repo.searchPeople(trx, criteria, variantsOfGivenName);
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'person-search',
        subjects: people.map((p) => p.id),
        recordType: 'person',
        details: {
          // The terms themselves: misuse (looking up an ex-partner, say) shows in what was searched for, not only in
          // who was found. The audit trail is append-only and readable only by auditors and supervisors.
          criteria: Object.fromEntries(Object.entries(criteria).filter(([, v]) => v !== undefined)),
          results: people.length,
        },
      });
      return people;
    });
  }

  async view(actor: Actor, personId: string) {
    return this.db.transaction().execute(async (trx) => {
      const person = await repo.findPerson(trx, personId);
      if (!person) return undefined;
      assertAllowed(actor, 'person:view', { relationship: this.relationshipTo(actor), restricted: person.restriction !== 'none' }, [
        person.id,
      ]);
      const history = await this.historyOf(trx, person);
      const shown = new Set([person.id, ...history.relationships.map((r) => r.personId)]);
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'person-viewed',
        subjects: [...shown],
        recordType: 'person',
        recordIds: [person.id],
        details: { incidents: history.chronology.length },
      });
      return { person, ...history };
    });
  }

  /**
   * A person and their linked history for another module's page, read in that module's transaction. The caller has
   * checked access and records the consultation (naming everyone it shows) in the same transaction.
   */
  async historyFor(trx: Executor, personId: string) {
    const person = await repo.findPerson(trx, personId);
    if (!person) return undefined;
    return { person, ...(await this.historyOf(trx, person)) };
  }

  /** "Who has looked at this record": every consultation, change and disclosure about the person. */
  async auditLog(actor: Actor, personId: string, page: number) {
    return this.db.transaction().execute(async (trx) => {
      const person = await repo.findPerson(trx, personId);
      if (!person) return undefined;
      assertAllowed(actor, 'person:audit-log', { relationship: 'force' }, [person.id]);
      const offset = (Math.max(1, page) - 1) * AUDIT_PAGE_SIZE;
      const [events, total] = await Promise.all([
        repo.auditEventsAbout(trx, person.id, { limit: AUDIT_PAGE_SIZE, offset }),
        repo.countAuditEventsAbout(trx, person.id),
      ]);
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

  private async historyOf(trx: Executor, person: { id: string; given_name: string; family_name: string }): Promise<PersonHistory> {
    const ids = await repo.idsOfPerson(trx, person.id);
    const [incidents, referrals, details] = await Promise.all([
      repo.incidentsOfPerson(trx, ids),
      repo.maracReferralsOf(trx, ids),
      repo.recordedDetailsOf(trx, ids),
    ]);
    const parties = await repo.otherPartiesOf(
      trx,
      incidents.map((i) => i.id),
      ids,
    );
    return assembleHistory(person, { incidents, parties, referrals, details }, this.clock.now());
  }

  private relationshipTo(actor: Actor): Relationship {
    // Partner users see a person only once a referral shares them with their agency; referrals come with
    // the referrals issue, so until then nothing is shared with any agency.
    return actor.role === 'partner' ? 'none' : 'force';
  }
}
