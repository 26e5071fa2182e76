import type { Executor } from '../../platform/db/executor.ts';
import { openMatchesOfPeople } from './repository.ts';

/**
 * Which of these people (as the records now stand) are on either side of an open possible match, each with the
 * likeliest such pair: their identity is undecided, so the history shown for them may be incomplete. One indexed
 * query for all of them.
 */
export async function undecidedIdentities(trx: Executor, personIds: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (personIds.length === 0) return found;
  for (const pair of await openMatchesOfPeople(trx, [...new Set(personIds)])) {
    for (const side of [pair.person_id, pair.candidate_person_id]) {
      if (personIds.includes(side) && !found.has(side)) found.set(side, pair.id);
    }
  }
  return found;
}
