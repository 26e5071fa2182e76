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
 * Street") is the exception when the name is rare (at most RARE_NAME_PEOPLE people filed under it): nothing it has
 * may be shared with the records of her already known (one gives a postcode, the other an address), and a research
 * assistant should still see it beside the Nessa Pender already known, so its name keys count in full. A common
 * name says nothing on its own (a John Smith without a date of birth is any of hundreds). The rule works one way: a
 * dated record does not look for the undated records of its name. When it did (measured on the generator's
 * 200,000-incident force), those namesakes outweighed true matches with a typo often enough to cost 0.4 points of
 * recall, doubled the possible matches raised, and halved the rate of a bulk load.
 */
export const IDENTIFYING_KEY_PREFIXES = ['pnc:', 'ph:', 'em:'] as const;

export const CANDIDATE_SHARED_KEY_WEIGHT = 2;

/** At most this many people filed under a name key, and the name is rare enough to compare an undated record by. */
export const RARE_NAME_PEOPLE = 20;

export const NAME_KEY_PREFIX = 'nm:';
/** The family-name-and-year and given-name-and-year keys (model.blockingKeys): beside the name keys, the longest lists. */
export const FAMILY_YEAR_KEY_PREFIX = 'fy:';
export const GIVEN_YEAR_KEY_PREFIX = 'gy:';
/** Keys made from the date of birth (model.blockingKeys): a record has one if it gives at least a year. */
const DATED_KEY_PREFIXES = ['dob:', FAMILY_YEAR_KEY_PREFIX, GIVEN_YEAR_KEY_PREFIX] as const;

export function isNameKey(key: string): boolean {
  return key.startsWith(NAME_KEY_PREFIX);
}

/** What sharing this key (other than a name key) counts towards the two a candidate needs. */
export function sharedKeyWeight(key: string): number {
  return IDENTIFYING_KEY_PREFIXES.some((prefix) => key.startsWith(prefix)) ? 2 : 1;
}

/** A named record without a date of birth, by its keys. */
export function isUndated(keys: readonly string[]): boolean {
  return keys.some(isNameKey) && !keys.some((key) => DATED_KEY_PREFIXES.some((prefix) => key.startsWith(prefix)));
}

/**
 * What a person who shares these keys with a record counts towards CANDIDATE_SHARED_KEY_WEIGHT: each key its
 * sharedKeyWeight, the name keys once between them, in full (2) if one of them is among `namesInFull` (the rare
 * name keys of a record without a date of birth: namesInFull).
 */
export function sharedKeysWeight(shared: Iterable<string>, namesInFull: readonly string[] = []): number {
  let weight = 0;
  let name = 0;
  for (const key of shared) {
    if (isNameKey(key)) name = Math.max(name, namesInFull.includes(key) ? 2 : 1);
    else weight += sharedKeyWeight(key);
  }
  return weight + name;
}

/** The name keys whose rarity matters for a record: its own, if it has no date of birth. */
export function nameKeysToWeigh(keys: readonly string[]): string[] {
  return isUndated(keys) ? keys.filter(isNameKey) : [];
}

/**
 * The name keys of a record that count in full, given which are rare (at most RARE_NAME_PEOPLE people filed under
 * them): the rare name keys of a record without a date of birth; none otherwise.
 */
export function namesInFull(keys: readonly string[], isRare: (key: string) => boolean): string[] {
  return nameKeysToWeigh(keys).filter(isRare);
}
