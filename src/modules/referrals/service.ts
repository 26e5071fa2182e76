import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import * as repo from './repository.ts';

export type NewReferral = repo.NewReferral;

/** A person shared with an agency through a live referral: that agency's users have the "shared" relationship. */
export interface SharedPerson {
  personId: string;
  agencyId: string;
}

/** Referrals to partner agencies (migration 0023). */
export class ReferralService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

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

  /** Everyone this agency holds through a live referral: what its users' lists may show. */
  async peopleSharedWith(agencyId: string, db: Executor = this.db): Promise<string[]> {
    return repo.peopleSharedWithAgency(db, agencyId);
  }
}
