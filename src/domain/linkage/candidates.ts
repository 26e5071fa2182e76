/**
 * Which people already in the index a new record is compared with. Blocking keys (FellegiSunterModel.blockingKeys)
 * bring records together; in a large force a single name-and-year or postcode key is shared by thousands of people
 * who are not the person, and comparing with all of them is where the time goes. A candidate therefore shares at
 * least two different keys with the record, or one identifying key (PNC ID, phone, email), which is enough alone.
 * A true match nearly always shares several (its date of birth, names, postcode, house); one that shares a single
 * key has too little in common to be linked automatically anyway.
 *
 * The name keys (straight and swapped: `nm:`) count once between them. Any two people whose names sound alike share
 * both, so counting them apart made every namesake in the force a candidate: a common name brought thousands, and a
 * large load spent most of its time comparing them. A candidate shares something besides the name (a birth year, a
 * date of birth, a postcode, a house), or an identifying key.
 *
 * A record without a date of birth ("Nessa Pender, female", sent late by another system; "Kerensa Pollard, 12 Fore
 * Street") is the exception: nothing it has may be shared with the records of her already known (one gives a
 * postcode, the other an address), and a research assistant should still see it beside the Nessa Pender already
 * known. Such a record is compared by name (its name keys count in full), and it is also filed under `nd:` keys,
 * which a dated record looks up, so the pair is found whichever of the two arrives first.
 */
export const IDENTIFYING_KEY_PREFIXES = ['pnc:', 'ph:', 'em:'] as const;

export const CANDIDATE_SHARED_KEY_WEIGHT = 2;

export const NAME_KEY_PREFIX = 'nm:';
/** The name keys of a record without a date of birth. */
export const UNDATED_NAME_KEY_PREFIX = 'nd:';
/** Keys made from the date of birth (model.blockingKeys): a record has one if it gives at least a year. */
const DATED_KEY_PREFIXES = ['dob:', 'fy:', 'gy:'] as const;

export function isNameKey(key: string): boolean {
  return key.startsWith(NAME_KEY_PREFIX);
}

/** What sharing this key (other than a name key) counts towards the two a candidate needs. */
export function sharedKeyWeight(key: string): number {
  return key.startsWith(UNDATED_NAME_KEY_PREFIX) || IDENTIFYING_KEY_PREFIXES.some((prefix) => key.startsWith(prefix)) ? 2 : 1;
}

/** A named record without a date of birth, by its keys. */
export function isUndated(keys: readonly string[]): boolean {
  return keys.some(isNameKey) && !keys.some((key) => DATED_KEY_PREFIXES.some((prefix) => key.startsWith(prefix)));
}

const undatedCopies = (keys: readonly string[]) =>
  keys.filter(isNameKey).map((key) => UNDATED_NAME_KEY_PREFIX + key.slice(NAME_KEY_PREFIX.length));

/** The keys a record is filed under: its blocking keys, and undated copies of its name keys if it has no date of birth. */
export function keysFiledUnder(blockingKeys: readonly string[]): string[] {
  return isUndated(blockingKeys) ? [...blockingKeys, ...undatedCopies(blockingKeys)] : [...blockingKeys];
}

/**
 * The keys looked up to find a record's candidates (given the keys it is filed under): a dated record also looks up
 * the undated copies of its name keys, to find the records of its name that have no date of birth.
 */
export function candidateLookupKeys(filedKeys: readonly string[]): string[] {
  return isUndated(filedKeys) ? [...filedKeys] : [...filedKeys, ...undatedCopies(filedKeys)];
}

/**
 * What a person who shares these keys with a record counts towards CANDIDATE_SHARED_KEY_WEIGHT: each key its
 * sharedKeyWeight, the name keys once between them, in full (2) when the record has no date of birth.
 */
export function sharedKeysWeight(shared: Iterable<string>, undated = false): number {
  let weight = 0;
  let name = false;
  for (const key of shared) {
    if (isNameKey(key)) name = true;
    else weight += sharedKeyWeight(key);
  }
  return weight + (name ? (undated ? 2 : 1) : 0);
}

export interface CandidateKeys {
  /** Filed under, so later records find this one. */
  filed: string[];
  /** Looked up, to find this record's candidates. */
  lookup: string[];
  undated: boolean;
}

/** How a record with these blocking keys is filed and finds its candidates. */
export function candidateKeys(blockingKeys: readonly string[]): CandidateKeys {
  const filed = keysFiledUnder(blockingKeys);
  return { filed, lookup: candidateLookupKeys(filed), undated: isUndated(filed) };
}
