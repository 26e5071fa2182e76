import type { MaracCriteriaInput } from '../../domain/risk/marac.ts';
import type { Executor } from '../../platform/db/executor.ts';
import * as repo from './repository.ts';
import { taskRecords } from '../tasks/index.ts';

const DAY_MS = 86_400_000;
/** A day more than the 365-date windows of the MARAC criteria, so their boundaries are decided by the domain rule. */
const LOOK_BACK_DAYS = 366;

/**
 * What the potential-escalation and repeat-MARAC criteria need to know about a victim: their incidents as victim
 * and the MARAC referrals about them in the year before `occurredAt`. Intake and grading both use this one reading.
 */
export async function victimMaracHistory(
  trx: Executor,
  victimId: string,
  occurredAt: Date,
): Promise<Pick<MaracCriteriaInput, 'victimIncidents' | 'maracReferrals'>> {
  const since = new Date(occurredAt.getTime() - LOOK_BACK_DAYS * DAY_MS);
  const history = await repo.incidentsAsVictimSince(trx, victimId, since);
  const referrals = await taskRecords.maracReferralsOfVictimSince(trx, victimId, since);
  return {
    victimIncidents: history.map((h) => ({ incidentId: h.id, occurredAt: new Date(h.occurred_at) })),
    maracReferrals: referrals
      .filter((r) => r.perpetrator_person_id)
      .map((r) => ({ victimId: r.victim_person_id, perpetratorId: r.perpetrator_person_id!, referredAt: new Date(r.referred_at) })),
  };
}
