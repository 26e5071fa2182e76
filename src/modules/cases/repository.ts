import { sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';

export interface NewCase {
  victimPersonId: string;
  incidentIds: string[];
  ownerId: string | null;
  teamId: string | null;
  enhancedRights: boolean;
  openedBy: string | null;
}

const columns = [
  'id',
  'reference',
  'victim_person_id',
  'owner_id',
  'team_id',
  'status',
  'enhanced_rights',
  'opened_at',
  'closed_at',
  'closure_reason',
  'version',
] as const;

export async function insertCase(trx: Executor, input: NewCase, now: Date) {
  const row = await trx
    .insertInto('safeguarding_case')
    .values({
      reference: sql<string>`'CASE-' || lpad(nextval('safeguarding_case_number')::text, 6, '0')`,
      victim_person_id: input.victimPersonId,
      owner_id: input.ownerId,
      team_id: input.teamId,
      enhanced_rights: input.enhancedRights,
      opened_at: now,
      opened_by: input.openedBy,
      created_at: now,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  if (input.incidentIds.length > 0) {
    await trx
      .insertInto('case_incident')
      .values(input.incidentIds.map((incidentId) => ({ case_id: row.id, incident_id: incidentId, added_at: now })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  return row;
}

export async function findCase(db: Executor, id: string) {
  return db.selectFrom('safeguarding_case').select(columns).where('id', '=', id).executeTakeFirst();
}

export async function openCaseOf(db: Executor, victimPersonId: string) {
  return db
    .selectFrom('safeguarding_case')
    .select(columns)
    .where('victim_person_id', '=', victimPersonId)
    .where('status', '=', 'open')
    .executeTakeFirst();
}

export async function caseIncidentIds(db: Executor, caseId: string): Promise<string[]> {
  const rows = await db.selectFrom('case_incident').select('incident_id').where('case_id', '=', caseId).execute();
  return rows.map((r) => r.incident_id);
}

/** Who holds each of these people's open cases: the facts the "own caseload" and "team" relationships come from. */
export async function openCaseHolders(db: Executor, personIds: readonly string[]) {
  if (personIds.length === 0) return [];
  return db
    .selectFrom('safeguarding_case')
    .select(['victim_person_id', 'owner_id', 'team_id'])
    .where('victim_person_id', 'in', [...personIds])
    .where('status', '=', 'open')
    .execute();
}

/** Whether the victim has Enhanced Rights under the Victims' Code (changed from the Victims' Code page, with a reason). */
export async function updateEnhancedRights(trx: Executor, caseId: string, enhancedRights: boolean): Promise<boolean> {
  const result = await trx
    .updateTable('safeguarding_case')
    .set({ enhanced_rights: enhancedRights, version: sql<number>`version + 1` })
    .where('id', '=', caseId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
