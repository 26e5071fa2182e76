import { sql, type Kysely } from 'kysely';

// Person search looks at every way a person has been recorded (aliases, previous surnames, old addresses and
// phones), so the recorded details carry the indexes: trigram for fuzzy names, btree for exact keys.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index person_mention_given_trgm on person_mention using gin (lower(details->>'givenName') gin_trgm_ops);
    create index person_mention_family_trgm on person_mention using gin (lower(details->>'familyName') gin_trgm_ops);
    create index person_mention_given on person_mention (lower(details->>'givenName'));
    create index person_mention_dob on person_mention ((details->>'dateOfBirth'));
    create index person_mention_postcode on person_mention ((upper(replace(details->>'postcode', ' ', ''))));
    create index person_mention_phone on person_mention ((right(regexp_replace(details->>'phone', '\\D', '', 'g'), 10)));
    create index person_mention_pnc on person_mention ((upper(details->>'pncId')));
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
