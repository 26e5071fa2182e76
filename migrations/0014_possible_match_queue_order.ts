import { sql, type Kysely } from 'kysely';

// The possible-matches queue puts first the pairs an assessor needs now. "Needed for triage" walks the open triage
// items in priority order (task_triage_queue) to their mentions and then to the open pairs each mention proposed;
// "All" walks the open pairs by probability. The assessment and person pages ask, for a few people at once, whether
// either side of an open pair is one of their records.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index possible_match_open_mention on possible_match (mention_id) where state = 'open';
    create index possible_match_open_probability on possible_match (probability desc, created_at, id) where state = 'open';
    create index possible_match_open_person on possible_match (person_id) where state = 'open';
    create index possible_match_open_candidate on possible_match (candidate_person_id) where state = 'open';
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
