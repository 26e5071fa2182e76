import { sql, type Kysely } from 'kysely';
import { candidateKeys, FellegiSunterModel, type PersonRecord } from '../src/domain/linkage/index.ts';

// Two kinds of blocking key were added (src/domain/linkage/candidates.ts): the house a record names (`ad:`), and the
// undated copies of the name keys of a record without a date of birth (`nd:`). Mentions recorded before them are
// filed under them here, so a new record finds its candidates among old records as it does among new ones.
const BATCH = 5000;
const NEW_KEY_PREFIXES = ['ad:', 'nd:'];

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
      candidateKeys(model.blockingKeys(m.details))
        .filed.filter((key) => NEW_KEY_PREFIXES.some((prefix) => key.startsWith(prefix)))
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
