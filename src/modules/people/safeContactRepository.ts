import type { Executor } from '../../platform/db/executor.ts';

/** How, when and on which number it is safe to contact a person, and who must not know (DOMAIN.md "Safe contact"). */
export interface SafeContact {
  method: string;
  safeTimes: string | null;
  phone: string | null;
  mustNotKnow: string | null;
  notes: string | null;
  updatedAt: Date | null;
  version: number;
  /** The free-text instruction recorded before the structured one (person.safe_contact), when that is all there is. */
  legacyText: string | null;
}

export type SafeContactInput = Pick<SafeContact, 'method' | 'safeTimes' | 'phone' | 'mustNotKnow' | 'notes'>;

/** Someone else saved the person's safe-contact instructions since the form was loaded. */
export class SafeContactConflict extends Error {}

/** The one line kept in person.safe_contact, which older pages and exports show. */
export function safeContactLine(s: SafeContactInput): string {
  return [
    s.method,
    s.safeTimes && `when: ${s.safeTimes}`,
    s.phone && `number: ${s.phone}`,
    s.mustNotKnow && `must not know: ${s.mustNotKnow}`,
  ]
    .filter(Boolean)
    .join('; ');
}

export async function findSafeContact(db: Executor, personId: string): Promise<SafeContact | undefined> {
  const person = await db.selectFrom('person').select(['safe_contact']).where('id', '=', personId).executeTakeFirst();
  if (!person) return undefined;
  const row = await db.selectFrom('person_safe_contact').selectAll().where('person_id', '=', personId).executeTakeFirst();
  if (!row)
    return person.safe_contact
      ? {
          method: '',
          safeTimes: null,
          phone: null,
          mustNotKnow: null,
          notes: null,
          updatedAt: null,
          version: 0,
          legacyText: person.safe_contact,
        }
      : undefined;
  return {
    method: row.method,
    safeTimes: row.safe_times,
    phone: row.phone,
    mustNotKnow: row.must_not_know,
    notes: row.notes,
    updatedAt: new Date(row.updated_at),
    version: row.version,
    legacyText: null,
  };
}

/** Saves the instructions at the version the user saw (0: none saved yet); false when someone saved since. */
export async function saveSafeContact(
  db: Executor,
  personId: string,
  input: SafeContactInput,
  version: number,
  by: string | null,
  now: Date,
): Promise<boolean> {
  const values = {
    method: input.method,
    safe_times: input.safeTimes,
    phone: input.phone,
    must_not_know: input.mustNotKnow,
    notes: input.notes,
    updated_by: by,
    updated_at: now,
  };
  const saved =
    version === 0
      ? await db
          .insertInto('person_safe_contact')
          .values({ person_id: personId, ...values })
          .onConflict((oc) => oc.column('person_id').doNothing())
          .returning('person_id')
          .executeTakeFirst()
      : await db
          .updateTable('person_safe_contact')
          .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
          .where('person_id', '=', personId)
          .where('version', '=', version)
          .returning('person_id')
          .executeTakeFirst();
  if (!saved) return false;
  await db
    .updateTable('person')
    .set({ safe_contact: safeContactLine(input) })
    .where('id', '=', personId)
    .execute();
  return true;
}

/** Display names of people ("SURNAME, Given"), a restricted record named as such. */
export async function namesOf(db: Executor, personIds: readonly string[]) {
  if (personIds.length === 0) return new Map<string, { name: string; dateOfBirth: string | null; restricted: boolean }>();
  const rows = await db
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name', 'date_of_birth', 'restriction'])
    .where('id', 'in', [...personIds])
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      r.restriction === 'none'
        ? { name: `${r.family_name.toUpperCase()}, ${r.given_name}`, dateOfBirth: r.date_of_birth, restricted: false }
        : { name: 'Restricted record', dateOfBirth: null, restricted: true },
    ]),
  );
}
