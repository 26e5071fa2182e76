import { sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';

export interface NewSchool {
  name: string;
  town: string | null;
  keyAdultName: string | null;
  keyAdultEmail: string | null;
  keyAdultPhone: string | null;
}

const columns = ['id', 'name', 'town', 'key_adult_name', 'key_adult_email', 'key_adult_phone'] as const;

/** Schools whose name or town contains the words typed, or is close to them (typos), best first. */
export async function searchSchools(db: Executor, query: string, limit: number) {
  const q = query.trim().toLowerCase();
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .selectFrom('school')
    .select(columns)
    .where((eb) =>
      eb.or([
        eb(sql`lower(name)`, 'like', like),
        eb(sql`lower(coalesce(town, ''))`, 'like', like),
        eb(sql<number>`word_similarity(${q}, lower(name))`, '>', 0.5),
      ]),
    )
    .orderBy(sql`word_similarity(${q}, lower(name))`, 'desc')
    .orderBy('name')
    .orderBy('town')
    .limit(limit)
    .execute();
}

export async function findSchool(db: Executor, id: string) {
  return db.selectFrom('school').select(columns).where('id', '=', id).executeTakeFirst();
}

export async function findSchoolNamed(db: Executor, name: string, town: string | null) {
  return db
    .selectFrom('school')
    .select(columns)
    .where(sql`lower(name)`, '=', name.toLowerCase())
    .where(sql`lower(coalesce(town, ''))`, '=', (town ?? '').toLowerCase())
    .executeTakeFirst();
}

export async function insertSchool(db: Executor, school: NewSchool, createdBy: string | null, at: Date) {
  return db
    .insertInto('school')
    .values({
      name: school.name,
      town: school.town,
      key_adult_name: school.keyAdultName,
      key_adult_email: school.keyAdultEmail,
      key_adult_phone: school.keyAdultPhone,
      created_by: createdBy,
      created_at: at,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

/** A known school whose key adult was not recorded gets the contact the officer found. */
export async function recordKeyAdult(db: Executor, id: string, school: NewSchool) {
  return db
    .updateTable('school')
    .set({
      key_adult_name: school.keyAdultName,
      key_adult_email: school.keyAdultEmail,
      key_adult_phone: school.keyAdultPhone,
      version: sql`version + 1`,
    })
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirstOrThrow();
}

/** Every school of that name, in any town. */
export async function schoolsNamed(db: Executor, name: string) {
  return db
    .selectFrom('school')
    .select(columns)
    .where(sql`lower(name)`, '=', name.toLowerCase())
    .orderBy('town')
    .limit(10)
    .execute();
}
