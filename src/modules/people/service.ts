import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import type { Db } from '../../platform/db/database.ts';
import { assertAllowed } from '../../platform/auth/middleware.ts';
import type { Relationship } from '../../domain/access/policy.ts';
import * as repo from './repository.ts';

export const AUDIT_PAGE_SIZE = 50;

/** Finding and reading person records. Every read is a consultation of each person shown, in the same transaction. */
export class PeopleService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
  ) {}

  async search(actor: Actor, criteria: repo.PersonSearch) {
    assertAllowed(actor, 'person:search', { relationship: 'force' });
    return this.db.transaction().execute(async (trx) => {
      const people = await repo.searchPeople(trx, criteria);
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'person-search',
        subjects: people.map((p) => p.id),
        recordType: 'person',
        details: {
          criteria: { name: criteria.name ? 'given' : 'none', dateOfBirth: criteria.dateOfBirth ? 'given' : 'none' },
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
      const incidents = await repo.incidentsOfPerson(trx, person.id);
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'person-viewed',
        subjects: [person.id],
        recordType: 'person',
        recordIds: [person.id],
      });
      return { person, incidents };
    });
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

  private relationshipTo(actor: Actor): Relationship {
    // Partner users see a person only once a referral shares them with their agency; referrals come with
    // the referrals issue, so until then nothing is shared with any agency.
    return actor.role === 'partner' ? 'none' : 'force';
  }
}
