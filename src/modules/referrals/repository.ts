import { sql } from 'kysely';
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

/** A referral's detail (migration 0029): its lawful basis, consent and the copy of what it shares. */
export interface ReferralDetail {
  lawfulBasis: string;
  consent: string;
  overrideReason: string | null;
  sharedFields: string[];
  sharedContent: Record<string, unknown>;
  sentAt: Date | null;
  responseDueAt: Date | null;
}

export async function insertReferral(trx: Executor, input: NewReferral, now: Date, detail?: ReferralDetail) {
  const row = await trx
    .insertInto('referral')
    .values({
      agency_id: input.agencyId,
      incident_id: input.incidentId,
      case_id: input.caseId,
      status: input.status,
      created_by: input.createdBy,
      created_at: now,
      ...(detail
        ? {
            lawful_basis: detail.lawfulBasis,
            consent: detail.consent,
            override_reason: detail.overrideReason,
            shared_fields: detail.sharedFields,
            shared_content: JSON.stringify(detail.sharedContent),
            sent_at: detail.sentAt,
            response_due_at: detail.responseDueAt,
          }
        : {}),
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

const referralColumns = [
  'referral.id',
  'referral.agency_id',
  'referral.incident_id',
  'referral.case_id',
  'referral.status',
  'referral.created_by',
  'referral.created_at',
  'referral.version',
  'referral.lawful_basis',
  'referral.consent',
  'referral.override_reason',
  'referral.shared_fields',
  'referral.shared_content',
  'referral.sent_at',
  'referral.response_due_at',
  'referral.reminded_at',
] as const;

export function findReferral(db: Executor, id: string) {
  return db.selectFrom('referral').select(referralColumns).where('referral.id', '=', id).executeTakeFirst();
}
export type ReferralRow = NonNullable<Awaited<ReturnType<typeof findReferral>>>;

/** A referral to this agency only: the partner's one way to a referral (never a draft, never another agency's). */
export function findReferralToAgency(db: Executor, id: string, agencyId: string) {
  return db
    .selectFrom('referral')
    .select(referralColumns)
    .where('referral.id', '=', id)
    .where('referral.agency_id', '=', agencyId)
    .where('referral.status', '<>', 'draft')
    .executeTakeFirst();
}

export async function referralExists(db: Executor, id: string): Promise<boolean> {
  return Boolean(await db.selectFrom('referral').select('id').where('id', '=', id).executeTakeFirst());
}

export const PARTNER_LIST_LIMIT = 100;

/** This agency's referrals, new ones (awaiting its answer) first, then the newest. */
export function referralsToAgency(db: Executor, agencyId: string, options: { status?: string; limit?: number } = {}) {
  let q = db
    .selectFrom('referral')
    .select(referralColumns)
    .where('referral.agency_id', '=', agencyId)
    .where('referral.status', '<>', 'draft');
  if (options.status) q = q.where('referral.status', '=', options.status);
  return q
    .orderBy(sql`referral.status = 'sent'`, 'desc')
    .orderBy('referral.sent_at', 'desc')
    .limit(options.limit ?? PARTNER_LIST_LIMIT)
    .execute();
}

export type ForceScope = 'awaiting' | 'overdue' | 'mine' | 'all';

/** The force's list: referrals awaiting an answer (soonest due first), past their response time, made by me, or all. */
export function referralsForForce(
  db: Executor,
  scope: ForceScope,
  userId: string | null,
  now: Date,
  page: { limit: number; offset: number },
) {
  let q = db.selectFrom('referral').select(referralColumns);
  if (scope === 'awaiting') q = q.where('referral.status', '=', 'sent').orderBy('referral.response_due_at', 'asc');
  else if (scope === 'overdue')
    q = q.where('referral.status', '=', 'sent').where('referral.response_due_at', '<', now).orderBy('referral.response_due_at', 'asc');
  else if (scope === 'mine') q = q.where('referral.created_by', '=', userId).orderBy('referral.created_at', 'desc');
  else q = q.orderBy('referral.created_at', 'desc');
  return q.orderBy('referral.id').limit(page.limit).offset(page.offset).execute();
}

export async function countForForce(db: Executor, scope: ForceScope, userId: string | null, now: Date): Promise<number> {
  let q = db.selectFrom('referral').select((eb) => eb.fn.countAll<string>().as('n'));
  if (scope === 'awaiting') q = q.where('status', '=', 'sent');
  else if (scope === 'overdue') q = q.where('status', '=', 'sent').where('response_due_at', '<', now);
  else if (scope === 'mine') q = q.where('created_by', '=', userId);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countToAgency(db: Executor, agencyId: string, status: string): Promise<number> {
  const row = await db
    .selectFrom('referral')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('agency_id', '=', agencyId)
    .where('status', '=', status)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function peopleOf(db: Executor, referralIds: readonly string[]) {
  if (referralIds.length === 0) return [];
  return db
    .selectFrom('referral_person')
    .select(['referral_id', 'person_id'])
    .where('referral_id', 'in', [...referralIds])
    .execute();
}

/** The referrals that name a person (their page's "referrals" list). */
export function referralIdsOfPeople(db: Executor, personIds: readonly string[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('referral_person')
    .select('referral_id')
    .distinct()
    .where('person_id', 'in', [...personIds])
    .execute();
}

export function referralIdsOfIncident(db: Executor, incidentId: string) {
  return db.selectFrom('referral').select('id').where('incident_id', '=', incidentId).orderBy('created_at', 'desc').execute();
}

/** A change of status, only from the status and at the version the user saw. */
export function changeStatus(db: Executor, id: string, version: number, from: string, to: string) {
  return db
    .updateTable('referral')
    .set({ status: to, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', from)
    .returning(['id', 'version', 'status'])
    .executeTakeFirst();
}

export interface NewReferralEvent {
  referralId: string;
  kind: 'status' | 'update' | 'contact';
  status?: string | null;
  outcome?: string | null;
  note?: string | null;
  byUserId: string | null;
  byAgencyId: string | null;
  at: Date;
}

export function insertEvent(db: Executor, e: NewReferralEvent) {
  return db
    .insertInto('referral_event')
    .values({
      referral_id: e.referralId,
      kind: e.kind,
      status: e.status ?? null,
      outcome: e.outcome ?? null,
      note: e.note ?? null,
      by_user_id: e.byUserId,
      by_agency_id: e.byAgencyId,
      at: e.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** A referral's history, oldest first, with who wrote each entry (a user id; the service names them). */
export function eventsOf(db: Executor, referralId: string) {
  return (
    db
      .selectFrom('referral_event')
      .select([
        'referral_event.id',
        'referral_event.kind',
        'referral_event.status',
        'referral_event.outcome',
        'referral_event.note',
        'referral_event.by_agency_id',
        'referral_event.at',
        'referral_event.by_user_id',
      ])
      .where('referral_event.referral_id', '=', referralId)
      .orderBy('referral_event.at')
      // Entries at the same moment in the order a referral's life goes.
      .orderBy(
        sql`case referral_event.status when 'draft' then 0 when 'sent' then 1 when 'accepted' then 2 when 'rejected' then 2 when 'withdrawn' then 4 when 'closed' then 4 else 3 end`,
      )
      .orderBy('referral_event.id')
      .execute()
  );
}

/** Sent referrals whose agency has not answered by their due time and which nobody has chased yet. */
export function unansweredPast(db: Executor, now: Date, limit = 500) {
  return db
    .selectFrom('referral')
    .select(referralColumns)
    .where('referral.status', '=', 'sent')
    .where('referral.response_due_at', '<', now)
    .where('referral.reminded_at', 'is', null)
    .orderBy('referral.response_due_at')
    .limit(limit)
    .execute();
}

export function markReminded(db: Executor, id: string, at: Date) {
  return db
    .updateTable('referral')
    .set({ reminded_at: at })
    .where('id', '=', id)
    .where('reminded_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
}

/** A merge: the merged record's referrals now name the survivor, except where the survivor is already named. */
export async function movePeople(db: Executor, fromPersonId: string, toPersonId: string): Promise<string[]> {
  const rows = await db
    .updateTable('referral_person')
    .set({ person_id: toPersonId })
    .where('person_id', '=', fromPersonId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('referral_person as other')
            .select('other.referral_id')
            .whereRef('other.referral_id', '=', 'referral_person.referral_id')
            .where('other.person_id', '=', toPersonId),
        ),
      ),
    )
    .returning('referral_id')
    .execute();
  return rows.map((r) => r.referral_id);
}

/** Undoing a merge: exactly the referrals the merge moved name the merged record again. */
export async function movePeopleBack(db: Executor, referralIds: readonly string[], survivorId: string, mergedId: string): Promise<number> {
  if (referralIds.length === 0) return 0;
  const result = await db
    .updateTable('referral_person')
    .set({ person_id: mergedId })
    .where('person_id', '=', survivorId)
    .where('referral_id', 'in', [...referralIds])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
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
