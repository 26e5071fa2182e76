import crypto from 'node:crypto';
import type { Db } from '../platform/db/database.ts';

/** Synthetic people and incidents written straight to a test database (the intake API is not needed to read them). */
export interface PersonFixture {
  givenName?: string;
  familyName?: string;
  dateOfBirth?: string | null;
  restriction?: 'none' | 'restricted';
}

export async function aPerson(db: Db, p: PersonFixture = {}): Promise<string> {
  const row = await db
    .insertInto('person')
    .values({
      given_name: p.givenName ?? 'Testy',
      family_name: p.familyName ?? `Fixture${crypto.randomBytes(3).toString('hex')}`,
      date_of_birth: p.dateOfBirth ?? '1990-01-01',
      pnc_id: null,
      safe_contact: null,
      merged_into: null,
      restriction: p.restriction ?? 'none',
      created_at: new Date('2026-01-01T00:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An incident with the given person as victim; returns the incident id. */
export async function anIncidentWithVictim(db: Db, personId: string, reportedAt = new Date('2026-02-01T12:00:00Z')): Promise<string> {
  const ref = crypto.randomBytes(4).toString('hex');
  const incident = await db
    .insertInto('incident')
    .values({
      reference: `FIX-${ref}`,
      source_system: 'fixture',
      source_reference: ref,
      reported_at: reportedAt,
      occurred_at: null,
      location_address: null,
      location_postcode: null,
      classification: 'Domestic incident (non-crime)',
      relationship: null,
      narrative: null,
      team_id: null,
      created_at: reportedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const mention = await db
    .insertInto('person_mention')
    .values({
      person_id: personId,
      incident_id: incident.id,
      details: JSON.stringify({ givenName: 'Testy' }),
      link: 'new',
      link_score: null,
      link_explanation: null,
      linked_by: null,
      created_at: reportedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('incident_party')
    .values({ incident_id: incident.id, mention_id: mention.id, person_id: personId, role: 'victim', present: null, school: null })
    .execute();
  return incident.id;
}

/** An open task on an incident, of the team and assignee (a username) given: for who-may-do-what tests. */
export async function aTask(
  db: Db,
  t: { type: string; incidentId: string; subjectPersonId?: string | null; teamId?: string | null; assignee?: string },
): Promise<string> {
  const assignee = t.assignee
    ? (await db.selectFrom('app_user').select('id').where('username', '=', t.assignee).executeTakeFirstOrThrow()).id
    : null;
  const row = await db
    .insertInto('task')
    .values({
      type: t.type,
      incident_id: t.incidentId,
      subject_person_id: t.subjectPersonId ?? null,
      team_id: t.teamId ?? null,
      assignee_id: assignee,
      due_at: new Date('2026-03-11T10:00:00Z'),
      source_rule: 'test',
      details: JSON.stringify({}),
      created_at: new Date('2026-03-10T09:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
