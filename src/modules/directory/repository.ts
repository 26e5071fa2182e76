import { sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';

export interface ServiceFields {
  name: string;
  description: string;
  needs: string[];
  area: string;
  contact: string;
  referralRoute: string;
  eligibility: string;
  active: boolean;
}

const COLUMNS = [
  'id',
  'name',
  'description',
  'needs',
  'area',
  'contact',
  'referral_route',
  'eligibility',
  'active',
  'updated_at',
  'version',
] as const;

const columnsOf = (f: ServiceFields) => ({
  name: f.name,
  description: f.description,
  needs: f.needs,
  area: f.area,
  contact: f.contact,
  referral_route: f.referralRoute,
  eligibility: f.eligibility,
  active: f.active,
});

export function insertService(db: Executor, f: ServiceFields, now: Date) {
  return db
    .insertInto('directory_service')
    .values({ ...columnsOf(f), created_at: now, updated_at: now })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
}

/** Saves the service only if nobody changed it since `version` was read; undefined when someone did. */
export function updateService(db: Executor, id: string, version: number, f: ServiceFields, now: Date) {
  return db
    .updateTable('directory_service')
    .set({ ...columnsOf(f), updated_at: now, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(COLUMNS)
    .executeTakeFirst();
}

export function findService(db: Executor, id: string) {
  return db.selectFrom('directory_service').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

export function findNamed(db: Executor, name: string, area: string) {
  return db
    .selectFrom('directory_service')
    .select(['id'])
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .where(sql<string>`lower(area)`, '=', area.toLowerCase())
    .executeTakeFirst();
}

export interface ServiceSearch {
  need?: string;
  area?: string;
  text?: string;
  activeOnly: boolean;
}

/** Services meeting a need in an area; a service for the whole force ("Force-wide") is in every area. */
export function searchServices(db: Executor, s: ServiceSearch) {
  let q = db.selectFrom('directory_service').select(COLUMNS);
  if (s.activeOnly) q = q.where('active', '=', true);
  if (s.need) q = q.where(sql<boolean>`${s.need} = any(needs)`);
  if (s.area) q = q.where((eb) => eb.or([eb(sql`lower(area)`, '=', s.area!.toLowerCase()), eb('area', '=', FORCE_WIDE)]));
  if (s.text) {
    const like = `%${s.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('name', 'ilike', like), eb('description', 'ilike', like)]));
  }
  return q.orderBy('active', 'desc').orderBy('name').execute();
}

export const FORCE_WIDE = 'Force-wide';

export async function areas(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('directory_service').select('area').distinct().orderBy('area').execute();
  return rows.map((r) => r.area);
}

export interface NewSignposting {
  personId: string;
  caseId: string | null;
  serviceId: string;
  note: string;
  recordedBy: string | null;
}

export function insertSignposting(db: Executor, s: NewSignposting, now: Date) {
  return db
    .insertInto('signposting')
    .values({
      person_id: s.personId,
      case_id: s.caseId,
      service_id: s.serviceId,
      note: s.note,
      recorded_by: s.recordedBy,
      recorded_at: now,
    })
    .returning(['id', 'recorded_at'])
    .executeTakeFirstOrThrow();
}

export function signpostingOf(db: Executor, personIds: readonly string[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('signposting')
    .innerJoin('directory_service', 'directory_service.id', 'signposting.service_id')
    .select([
      'signposting.id',
      'signposting.person_id',
      'signposting.case_id',
      'signposting.note',
      'signposting.recorded_at',
      'directory_service.name as service_name',
      'directory_service.contact as service_contact',
      'signposting.recorded_by',
    ])
    .where('signposting.person_id', 'in', [...personIds])
    .orderBy('signposting.recorded_at', 'desc')
    .execute();
}
