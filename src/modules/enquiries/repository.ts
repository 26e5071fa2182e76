import { sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';

export interface NewEnquiry {
  requesterName: string;
  requesterOrganisation: string;
  requesterContact: string;
  purpose: string;
  lawfulBasis: string;
  receivedAt: Date;
  dueBy: Date;
  personIds: string[];
  createdBy: string | null;
}

const COLUMNS = [
  'enquiry.id',
  'enquiry.reference',
  'enquiry.requester_name',
  'enquiry.requester_organisation',
  'enquiry.requester_contact',
  'enquiry.purpose',
  'enquiry.lawful_basis',
  'enquiry.received_at',
  'enquiry.due_by',
  'enquiry.status',
  'enquiry.decision',
  'enquiry.decision_rationale',
  'enquiry.disclosed_information',
  'enquiry.disclosed_at',
  'enquiry.decided_at',
  'enquiry.created_at',
  'enquiry.version',
] as const;

export async function insertEnquiry(db: Executor, e: NewEnquiry, now: Date) {
  const { rows } = await sql<{ n: string }>`select nextval('enquiry_number') as n`.execute(db);
  const year = now.getUTCFullYear();
  const row = await db
    .insertInto('enquiry')
    .values({
      reference: `ENQ-${year}-${rows[0].n.padStart(5, '0')}`,
      requester_name: e.requesterName,
      requester_organisation: e.requesterOrganisation,
      requester_contact: e.requesterContact,
      purpose: e.purpose,
      lawful_basis: e.lawfulBasis,
      received_at: e.receivedAt,
      due_by: e.dueBy,
      created_by: e.createdBy,
      created_at: now,
    })
    .returning(['id', 'reference'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('enquiry_person')
    .values([...new Set(e.personIds)].map((personId) => ({ enquiry_id: row.id, person_id: personId })))
    .execute();
  return row;
}

export function findEnquiry(db: Executor, id: string) {
  return db
    .selectFrom('enquiry')
    .select(COLUMNS)
    .select(['enquiry.decided_by', 'enquiry.created_by'])
    .where('enquiry.id', '=', id)
    .executeTakeFirst();
}

export async function peopleOf(db: Executor, enquiryIds: readonly string[]) {
  if (enquiryIds.length === 0) return [];
  return db
    .selectFrom('enquiry_person')
    .select(['enquiry_id', 'person_id'])
    .where('enquiry_id', 'in', [...enquiryIds])
    .execute();
}

export interface EnquiryFilter {
  status: 'open' | 'answered' | 'all';
  overdueAt?: Date;
  organisation?: string;
  limit: number;
  offset: number;
}

function filtered(db: Executor, f: Omit<EnquiryFilter, 'limit' | 'offset'>) {
  let q = db.selectFrom('enquiry');
  if (f.status !== 'all') q = q.where('enquiry.status', '=', f.status);
  if (f.overdueAt) q = q.where('enquiry.status', '=', 'open').where('enquiry.due_by', '<', f.overdueAt);
  if (f.organisation) {
    const like = `%${f.organisation.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where('enquiry.requester_organisation', 'ilike', like);
  }
  return q;
}

/** Open enquiries soonest due first; answered ones newest answered first. */
export function listEnquiries(db: Executor, f: EnquiryFilter) {
  let q = filtered(db, f).select(COLUMNS);
  q = f.status === 'answered' ? q.orderBy('enquiry.decided_at', 'desc') : q.orderBy('enquiry.status', 'desc').orderBy('enquiry.due_by');
  return q.orderBy('enquiry.id').limit(f.limit).offset(f.offset).execute();
}

export async function countEnquiries(db: Executor, f: Omit<EnquiryFilter, 'limit' | 'offset'>): Promise<number> {
  const row = await filtered(db, f)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface Decision {
  decision: string;
  rationale: string;
  disclosedInformation: string | null;
  disclosedAt: Date | null;
  decidedBy: string | null;
}

/** Records the decision only if nobody changed the enquiry since `version`; undefined when someone did. */
export function decide(db: Executor, id: string, version: number, d: Decision, now: Date) {
  return db
    .updateTable('enquiry')
    .set({
      status: 'answered',
      decision: d.decision,
      decision_rationale: d.rationale,
      disclosed_information: d.disclosedInformation,
      disclosed_at: d.disclosedAt,
      decided_by: d.decidedBy,
      decided_at: now,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(['id', 'version'])
    .executeTakeFirst();
}
