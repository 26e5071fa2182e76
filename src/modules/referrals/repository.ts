import type { Executor } from '../../platform/db/executor.ts';

/** Referral states in which the agency holds what was shared with it. */
export const SHARING_STATUSES = ['sent', 'accepted'] as const;

export interface NewReferral {
  agencyId: string;
  incidentId: string | null;
  caseId: string | null;
  personIds: string[];
  status: 'draft' | 'sent';
  createdBy: string | null;
}

export async function insertReferral(trx: Executor, input: NewReferral, now: Date) {
  const row = await trx
    .insertInto('referral')
    .values({
      agency_id: input.agencyId,
      incident_id: input.incidentId,
      case_id: input.caseId,
      status: input.status,
      created_by: input.createdBy,
      created_at: now,
    })
    .returning(['id', 'agency_id', 'incident_id', 'case_id', 'status', 'created_at', 'version'])
    .executeTakeFirstOrThrow();
  if (input.personIds.length > 0) {
    await trx
      .insertInto('referral_person')
      .values([...new Set(input.personIds)].map((personId) => ({ referral_id: row.id, person_id: personId })))
      .execute();
  }
  return row;
}

/** Which of these people each agency holds through a live referral. */
export async function agenciesSharing(db: Executor, personIds: readonly string[]) {
  if (personIds.length === 0) return [];
  return db
    .selectFrom('referral_person')
    .innerJoin('referral', 'referral.id', 'referral_person.referral_id')
    .select(['referral_person.person_id', 'referral.agency_id'])
    .distinct()
    .where('referral_person.person_id', 'in', [...personIds])
    .where('referral.status', 'in', [...SHARING_STATUSES])
    .execute();
}

/** Everyone an agency holds through a live referral. */
export async function peopleSharedWithAgency(db: Executor, agencyId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('referral_person')
    .innerJoin('referral', 'referral.id', 'referral_person.referral_id')
    .select('referral_person.person_id')
    .distinct()
    .where('referral.agency_id', '=', agencyId)
    .where('referral.status', 'in', [...SHARING_STATUSES])
    .execute();
  return rows.map((r) => r.person_id);
}
