import { sql, type Kysely } from 'kysely';

// A researcher can record that a proposed pair are relatives (twins, siblings, a parent and child), not one person: a
// decision of its own, so that the pair is kept apart like 'different' and the queue and audit say why.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table possible_match drop constraint possible_match_state_check;
    alter table possible_match add constraint possible_match_state_check
      check (state in ('open','same','different','relatives','superseded'));
    alter table person_pair_decision drop constraint person_pair_decision_decision_check;
    alter table person_pair_decision add constraint person_pair_decision_decision_check
      check (decision in ('same','different','relatives'));
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
