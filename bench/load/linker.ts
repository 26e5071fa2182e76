import {
  CANDIDATE_SHARED_KEY_WEIGHT,
  FAMILY_YEAR_KEY_PREFIX,
  GIVEN_YEAR_KEY_PREFIX,
  isNameKey,
  namesInFull,
  RARE_NAME_PEOPLE,
  sharedKeyWeight,
  type FellegiSunterModel,
  type PairScore,
  type PreparedRecord,
} from '../../src/domain/linkage/index.ts';
import { detailsKey, MAX_CANDIDATES, MENTIONS_PER_CANDIDATE, type LinkOutcome } from '../../src/modules/people/linking.ts';
import type { PersonDetails } from '../../src/modules/incidents/schemas.ts';

export interface MemoryResolution {
  /** Index of the person in this linker (0, 1, 2, ... in order of creation). */
  person: number;
  outcome: LinkOutcome;
  /** The candidate the mention was scored against (the linked person, or the one a possible match names). */
  best?: { person: number; score: PairScore };
  keys: string[];
}

/**
 * The person index held in memory for a bulk load, deciding exactly as PersonLinking does against the database: the
 * same blocking keys and candidate rule (two keys shared, the name keys counting once, or one identifying key), at
 * most MAX_CANDIDATES people (most keys shared first), each compared through their MENTIONS_PER_CANDIDATE latest
 * different sets of details; match → link, review → new person + possible match, otherwise new person. A fresh load
 * has no researcher decisions, so a review is always proposed against the best-weighted candidate.
 */
export class MemoryPersonIndex {
  /** Each blocking key seen, numbered: the index works in numbers, not strings. */
  private readonly keyIds = new Map<string, number>();
  /** Key number → which of a person's slots it is kept in (NAME, FAMILY_YEAR, GIVEN_YEAR) or OTHER (slotOfKind). */
  private readonly kindOf: number[] = [];
  /** Key number → what sharing it counts towards a candidate's two (sharedKeyWeight; the name keys' is not used). */
  private readonly weightOf: number[] = [];
  /** Key number → every person recorded with it, once each (not every list is walked: candidates()). */
  private readonly peopleWith: number[][] = [];
  /** Person → the numbers of the keys they are listed under (a dozen or two). */
  private readonly keysOf: number[][] = [];
  /**
   * Every person filed under both a family-name-and-year key and a given-name-and-year key, by the two keys' numbers
   * ("family:given"): those who share both with a mention, found without walking either list (candidates()).
   */
  private readonly filedUnderBoth = new Map<string, number[]>();
  /**
   * Person → their latest different sets of details (latestDistinctDetails), newest last, normalised for comparison
   * (kept so, not looked up per comparison), and the detailsKey of each.
   */
  private readonly latest: PreparedRecord[][] = [];
  private readonly latestKeys: string[][] = [];
  /**
   * SLOTS numbers per person side by side, so that counting a person touches one cache line (at a million people,
   * candidates() was bound by memory latency, not arithmetic): which call of candidates() last counted them, what
   * they share with that call's mention, and their first two name keys, family-name-and-year keys and
   * given-name-and-year keys (the second OVERFLOW when they have more).
   */
  private slots = new Int32Array(0);
  /** The people of the current call whose share has reached CANDIDATE_SHARED_KEY_WEIGHT. */
  private readonly qualified: number[] = [];
  private call = 0;
  /**
   * The keys of the current call whose lists are not walked (candidates()): its name keys, or (throughNames) its
   * family-name-and-year and given-name-and-year keys; NONE where it has none.
   */
  private notWalked = { throughNames: false, first: NONE, second: NONE };

  constructor(private readonly model: FellegiSunterModel) {}

  get people(): number {
    return this.latest.length;
  }

  resolve(details: PersonDetails, exclude: readonly number[]): MemoryResolution {
    const { model } = this;
    const record = model.prepare(details);
    const keys = model.blockingKeysPrepared(record);
    // The namesake weighing most is found by weight alone, and only its comparison is decided.
    let bestWeight = -Infinity;
    let bestPerson = NONE;
    let bestRecord: PreparedRecord | undefined;
    for (const person of this.candidates(keys, exclude)) {
      const mentions = this.latest[person];
      for (let i = mentions.length - 1; i >= 0; i--) {
        // A record that cannot reach the best so far cannot change the outcome (most of a crowded name's namesakes).
        const weight = model.weightPrepared(record, mentions[i], bestWeight);
        if (weight !== undefined && (!bestRecord || weight > bestWeight)) {
          bestWeight = weight;
          bestPerson = person;
          bestRecord = mentions[i];
        }
      }
    }
    const best = bestRecord && { person: bestPerson, score: model.comparePrepared(record, bestRecord) };
    const decision = best?.score.decision;
    const outcome: LinkOutcome = decision === 'match' ? 'matched' : decision === 'review' ? 'review' : 'new';
    const person = outcome === 'matched' ? best!.person : this.newPerson();
    this.remember(person, details, record, keys);
    return { person, outcome, best, keys };
  }

  private newPerson(): number {
    const person = this.latest.push([]) - 1;
    if (this.slots.length < (person + 1) * SLOTS) {
      const grown = new Int32Array(Math.max(1024, person * 2) * SLOTS).fill(NONE);
      grown.set(this.slots);
      this.slots = grown;
    }
    return person;
  }

  private remember(person: number, details: PersonDetails, record: PreparedRecord, keys: string[]): void {
    const mentions = this.latest[person];
    const detailKeys = (this.latestKeys[person] ??= []);
    const detailKey = detailsKey(details);
    const known = detailKeys.indexOf(detailKey);
    if (known >= 0) {
      mentions.splice(known, 1);
      detailKeys.splice(known, 1);
    }
    mentions.push(record);
    detailKeys.push(detailKey);
    if (mentions.length > MENTIONS_PER_CANDIDATE) {
      mentions.shift();
      detailKeys.shift();
    }
    const listed = (this.keysOf[person] ??= []);
    const slot = person * SLOTS;
    for (const key of keys) {
      const id = this.keyId(key);
      if (listed.includes(id)) continue;
      listed.push(id);
      this.peopleWith[id].push(person);
      const kind = this.kindOf[id];
      if (kind === OTHER) continue;
      if (this.slots[slot + kind] === NONE) this.slots[slot + kind] = id;
      else if (this.slots[slot + kind + 1] === NONE) this.slots[slot + kind + 1] = id;
      else this.slots[slot + kind + 1] = OVERFLOW;
      if (kind !== NAME) this.fileUnderBoth(person, kind, id);
    }
  }

  /** Files a person under each pair of their family-name-and-year and given-name-and-year keys that this key makes. */
  private fileUnderBoth(person: number, kind: number, id: number): void {
    const family = kind === FAMILY_YEAR;
    for (const other of this.keysOf[person]) {
      if (this.kindOf[other] !== (family ? GIVEN_YEAR : FAMILY_YEAR)) continue;
      const pair = family ? `${id}:${other}` : `${other}:${id}`;
      const people = this.filedUnderBoth.get(pair);
      if (people) people.push(person);
      else this.filedUnderBoth.set(pair, [person]);
    }
  }

  /** Whether a person is filed under this key, of the kind kept in their slots from `kind` (NAME, FAMILY_YEAR, GIVEN_YEAR). */
  private isFiledUnder(person: number, kind: number, id: number): boolean {
    const slot = person * SLOTS + kind;
    const first = this.slots[slot];
    const second = this.slots[slot + 1];
    if (first === id || second === id) return true;
    return second === OVERFLOW && this.keysOf[person].includes(id);
  }

  private keyId(key: string): number {
    let id = this.keyIds.get(key);
    if (id === undefined) {
      id = this.peopleWith.push([]) - 1;
      this.keyIds.set(key, id);
      this.kindOf.push(slotOfKind(key));
      this.weightOf.push(sharedKeyWeight(key));
    }
    return id;
  }

  /**
   * The people sharing most keys with the mention (an identifying key counting double, the name keys once between
   * them: sharedKeysWeight), as the candidate query orders them. A common name with a birth year is shared by
   * thousands of people in a large force, so the shares are counted in a flat array indexed by person, stamped with
   * the call they belong to, rather than in a map per call, and each person's slots are read once: what else they
   * share is settled when they are first met, and they are set aside when their share reaches the two a candidate
   * needs, so only those are looked at again.
   *
   * Sharing a single key (other than an identifying one) makes no candidate, so not every list need be walked.
   * Either the name keys' lists are not walked (the people found through other keys are checked for the name), or,
   * when that is less to walk, the family-name-and-year and given-name-and-year lists are not: the name keys' lists
   * are walked instead, with the people filed under both year keys (filedUnderBoth), and the people found are checked
   * for the year keys. Both count exactly what the query counts. A record without a date of birth of a rare name
   * (namesInFull) walks its short name lists first and counts them in full.
   */
  private candidates(keys: string[], exclude: readonly number[]): number[] {
    const call = ++this.call;
    const { qualified } = this;
    qualified.length = 0;
    const inFull = namesInFull(keys, (key) => this.peopleFiledUnder(key) <= RARE_NAME_PEOPLE);
    const nameKeys: number[] = [];
    const fullNameKeys: number[] = [];
    const walked: WalkedKey[] = [];
    let familyYear = NONE;
    let givenYear = NONE;
    let namesLength = 0;
    let yearsLength = 0;
    for (const key of keys) {
      const id = this.keyIds.get(key);
      if (id === undefined) continue;
      const length = this.peopleWith[id].length;
      const kind = this.kindOf[id];
      if (kind === NAME) {
        (inFull.includes(key) ? fullNameKeys : nameKeys).push(id);
        namesLength += length;
        continue;
      }
      if (kind === FAMILY_YEAR) familyYear = id;
      else if (kind === GIVEN_YEAR) givenYear = id;
      else {
        walked.push({ id, weight: this.weightOf[id] });
        continue;
      }
      yearsLength += length;
    }
    // Everyone filed under a rare name counts it in full and is stamped, so the walk below does not count it again.
    this.countNamesInFull(fullNameKeys, call);
    const both = familyYear !== NONE && givenYear !== NONE ? (this.filedUnderBoth.get(`${familyYear}:${givenYear}`) ?? []) : [];
    if (nameKeys.length > 0 && fullNameKeys.length === 0 && namesLength + both.length < yearsLength) {
      this.countThroughNames(nameKeys, both, familyYear, givenYear, walked, call);
    } else {
      if (familyYear !== NONE) walked.push({ id: familyYear, weight: 1 });
      if (givenYear !== NONE) walked.push({ id: givenYear, weight: 1 });
      this.countThroughKeys(nameKeys, walked, call);
    }
    // The MAX_CANDIDATES sharing most, ties broken towards the most recently created person (the database leaves them
    // unordered), picked in one pass: a record without a date of birth may share its name with thousands.
    const best: number[] = [];
    for (const person of qualified) {
      if (exclude.includes(person)) continue;
      if (best.length === MAX_CANDIDATES && !this.ranksBefore(person, best[MAX_CANDIDATES - 1])) continue;
      let at = Math.min(best.length, MAX_CANDIDATES - 1);
      while (at > 0 && this.ranksBefore(person, best[at - 1])) at--;
      best.splice(at, 0, person);
      if (best.length > MAX_CANDIDATES) best.pop();
    }
    return best;
  }

  /** Whether a person of this call's candidates ranks before another: sharing more, or as much and created later. */
  private ranksBefore(a: number, b: number): boolean {
    const sharedA = this.slots[a * SLOTS + SHARED];
    const sharedB = this.slots[b * SLOTS + SHARED];
    return sharedA > sharedB || (sharedA === sharedB && a > b);
  }

  /** Walks every list but the name keys', counting the name for each person when first met. */
  private countThroughKeys(nameKeys: number[], walked: WalkedKey[], call: number): void {
    const [name = NONE, otherName = name] = nameKeys;
    this.notWalked = { throughNames: false, first: name, second: otherName };
    this.countThrough(walked, call);
  }

  /**
   * Walks the name keys' lists, the people filed under both year keys, and every other list but the year keys',
   * counting the year keys for each person when first met. Everyone who shares the name is met in the name lists,
   * so a person first met later does not share it; everyone who shares both year keys is met among `both`.
   */
  private countThroughNames(
    nameKeys: number[],
    both: readonly number[],
    familyYear: number,
    givenYear: number,
    walked: WalkedKey[],
    call: number,
  ): void {
    this.notWalked = { throughNames: true, first: familyYear, second: givenYear };
    for (const id of nameKeys) this.meet(this.peopleWith[id], 1, call);
    this.meet(both, 0, call);
    this.countThrough(walked, call);
  }

  /** Counts people met in a name list (`name` 1) or among those filed under both year keys (0), once each. */
  private meet(people: readonly number[], name: number, call: number): void {
    const { slots, qualified } = this;
    for (let i = 0; i < people.length; i++) {
      const person = people[i];
      const slot = person * SLOTS;
      if (slots[slot + STAMP] === call) continue;
      slots[slot + STAMP] = call;
      const shared = name + this.sharedBesides(person);
      slots[slot + SHARED] = shared;
      if (shared >= CANDIDATE_SHARED_KEY_WEIGHT) qualified.push(person);
    }
  }

  /**
   * Walks these keys' lists: a person met before in this call adds the key's weight to their share; a person met for
   * the first time starts with it and what they share of the keys not walked (sharedBesides).
   */
  private countThrough(walked: WalkedKey[], call: number): void {
    const { slots, qualified } = this;
    for (const { id, weight } of walked) {
      const people = this.peopleWith[id];
      for (let i = 0; i < people.length; i++) {
        const person = people[i];
        const slot = person * SLOTS;
        if (slots[slot + STAMP] === call) {
          const before = slots[slot + SHARED];
          slots[slot + SHARED] = before + weight;
          if (before < CANDIDATE_SHARED_KEY_WEIGHT && before + weight >= CANDIDATE_SHARED_KEY_WEIGHT) qualified.push(person);
          continue;
        }
        slots[slot + STAMP] = call;
        const shared = weight + this.sharedBesides(person);
        slots[slot + SHARED] = shared;
        if (shared >= CANDIDATE_SHARED_KEY_WEIGHT) qualified.push(person);
      }
    }
  }

  /**
   * What a person first met in this call's walk shares of the keys whose lists are not walked: the name keys (one
   * for either), or the family-name-and-year and given-name-and-year keys (one each).
   */
  private sharedBesides(person: number): number {
    const { throughNames, first, second } = this.notWalked;
    if (!throughNames) return first !== NONE && (this.isFiledUnder(person, NAME, first) || this.isFiledUnder(person, NAME, second)) ? 1 : 0;
    return (
      (first !== NONE && this.isFiledUnder(person, FAMILY_YEAR, first) ? 1 : 0) +
      (second !== NONE && this.isFiledUnder(person, GIVEN_YEAR, second) ? 1 : 0)
    );
  }

  /** A record without a date of birth, of a rare name: everyone filed under these name keys counts 2 for them (once). */
  private countNamesInFull(nameKeys: number[], call: number): void {
    const { slots, qualified } = this;
    nameKeys.forEach((id, n) => {
      for (const person of this.peopleWith[id]) {
        if (n > 0 && this.isFiledUnder(person, NAME, nameKeys[0])) continue; // counted with the first
        slots[person * SLOTS + STAMP] = call;
        slots[person * SLOTS + SHARED] = 2;
        qualified.push(person);
      }
    });
  }

  private peopleFiledUnder(key: string): number {
    const id = this.keyIds.get(key);
    return id === undefined ? 0 : this.peopleWith[id].length;
  }
}

/**
 * The slots of a person in MemoryPersonIndex.slots (eight numbers: 32 bytes, so one cache line), each kind of key
 * kept in two (the first number given), and the values a key slot holds besides a key number.
 */
const SLOTS = 8;
const STAMP = 0;
const SHARED = 1;
const NAME = 2;
const FAMILY_YEAR = 4;
const GIVEN_YEAR = 6;
const NONE = -1;
const OVERFLOW = -2;
/** The kind of a key not kept in a person's slots. */
const OTHER = -1;

/** A key whose list candidates() walks, and what sharing it counts. */
interface WalkedKey {
  id: number;
  weight: number;
}

/** Which of a person's key slots a key is kept in, or OTHER. */
function slotOfKind(key: string): number {
  if (isNameKey(key)) return NAME;
  if (key.startsWith(FAMILY_YEAR_KEY_PREFIX)) return FAMILY_YEAR;
  if (key.startsWith(GIVEN_YEAR_KEY_PREFIX)) return GIVEN_YEAR;
  return OTHER;
}
