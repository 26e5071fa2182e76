/**
 * Which people already in the index a new record is compared with. Blocking keys (FellegiSunterModel.blockingKeys)
 * bring records together; in a large force a single name-and-year or postcode key is shared by thousands of people
 * who are not the person, and comparing with all of them is where the time goes. A candidate therefore shares at
 * least two different keys with the record, or one identifying key (PNC ID, phone, email), which is enough alone.
 * A true match nearly always shares several (its date of birth, names, postcode); one that shares a single key has
 * too little in common to be linked automatically anyway.
 */
export const IDENTIFYING_KEY_PREFIXES = ['pnc:', 'ph:', 'em:'] as const;

/** What sharing this key counts towards the two a candidate needs. */
export function sharedKeyWeight(key: string): number {
  return IDENTIFYING_KEY_PREFIXES.some((prefix) => key.startsWith(prefix)) ? 2 : 1;
}

export const CANDIDATE_SHARED_KEY_WEIGHT = 2;
