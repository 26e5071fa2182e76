import { sql, type Kysely } from 'kysely';
import { FellegiSunterModel, type PersonRecord } from '../src/domain/linkage/index.ts';

// A blocking key was added (FellegiSunterModel.blockingKeys): the house a record names (`ad:`), which finds one
// person's records when either lacks the postcode or the date of birth. Mentions recorded before it are filed under
// it here, so a new record finds its candidates among old records as it does among new ones.
const BATCH = 5000;
const HOUSE_KEY_PREFIX = 'ad:';

export async function up(db: Kysely<unknown>): Promise<void> {
  const model = new FellegiSunterModel();
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await sql<{ id: string; person_id: string; details: PersonRecord }>`
      select id, person_id, details from person_mention where id > ${after}::uuid order by id limit ${BATCH}
    `.execute(db);
    if (rows.length === 0) return;
    after = rows[rows.length - 1].id;
    const keys = rows.flatMap((m) =>
      model
        .blockingKeys(m.details)
        .filter((key) => key.startsWith(HOUSE_KEY_PREFIX))
        .map((key) => ({ key, person_id: m.person_id, mention_id: m.id })),
    );
    if (keys.length === 0) continue;
    await sql`
      insert into person_blocking_key (key, person_id, mention_id)
      select * from unnest(${keys.map((k) => k.key)}::text[], ${keys.map((k) => k.person_id)}::uuid[], ${keys.map((k) => k.mention_id)}::uuid[])
      on conflict do nothing
    `.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
