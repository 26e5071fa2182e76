import {
  CANDIDATE_SHARED_KEY_WEIGHT,
  isNameKey,
  namesInFull,
  RARE_NAME_PEOPLE,
  sharedKeyWeight,
  type LinkageModel,
  type PairScore,
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
  /** Key number → every person recorded with it, once each (the name keys' lists are walked only for a name-only record). */
  private readonly peopleWith: number[][] = [];
  /** Person → the numbers of the keys they are listed under (a dozen or two). */
  private readonly keysOf: number[][] = [];
  /** Person → their latest different sets of details (latestDistinctDetails), newest last, and the detailsKey of each. */
  private readonly latest: PersonDetails[][] = [];
  private readonly latestKeys: string[][] = [];
  /**
   * SLOTS numbers per person side by side, so that counting a person touches one cache line (at a million people,
   * candidates() was bound by memory latency, not arithmetic): which call of candidates() last counted them, what
   * they share with that call's mention, and their first two name keys (OVERFLOW when they have more).
   */
  private slots = new Int32Array(0);
  /** The people of the current call whose share has reached CANDIDATE_SHARED_KEY_WEIGHT. */
  private readonly qualified: number[] = [];
  private call = 0;

  constructor(private readonly model: LinkageModel) {}

  get people(): number {
    return this.latest.length;
  }

  resolve(details: PersonDetails, exclude: readonly number[]): MemoryResolution {
    const keys = this.model.blockingKeys(details);
    let best: { person: number; score: PairScore } | undefined;
    for (const person of this.candidates(keys, exclude)) {
      const mentions = this.latest[person];
      for (let i = mentions.length - 1; i >= 0; i--) {
        // A record that cannot outweigh the best so far cannot change the outcome (most of a crowded name's namesakes).
        if (best && this.model.weightAtMost && this.model.weightAtMost(details, mentions[i]) < best.score.weight) continue;
        const score = this.model.compare(details, mentions[i]);
        if (!best || score.weight > best.score.weight) best = { person, score };
      }
    }
    const decision = best?.score.decision;
    const outcome: LinkOutcome = decision === 'match' ? 'matched' : decision === 'review' ? 'review' : 'new';
    const person = outcome === 'matched' ? best!.person : this.newPerson();
    this.remember(person, details, keys);
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

  private remember(person: number, details: PersonDetails, keys: string[]): void {
    const mentions = this.latest[person];
    const detailKeys = (this.latestKeys[person] ??= []);
    const detailKey = detailsKey(details);
    const known = detailKeys.indexOf(detailKey);
    if (known >= 0) {
      mentions.splice(known, 1);
      detailKeys.splice(known, 1);
    }
    mentions.push(details);
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
      if (!isNameKey(key)) continue;
      if (this.slots[slot + NAME] === NONE) this.slots[slot + NAME] = id;
      else if (this.slots[slot + OTHER_NAME] === NONE) this.slots[slot + OTHER_NAME] = id;
      else this.slots[slot + OTHER_NAME] = OVERFLOW;
    }
  }

  private keyId(key: string): number {
    let id = this.keyIds.get(key);
    if (id === undefined) {
      id = this.peopleWith.push([]) - 1;
      this.keyIds.set(key, id);
    }
    return id;
  }

  /**
   * The people sharing most keys with the mention (an identifying key counting double, the name keys once between
   * them: sharedKeysWeight), as the candidate query orders them. A common name with a birth year is shared by
   * thousands of people in a large force, so the shares are counted in a flat array indexed by person, stamped with
   * the call they belong to, rather than in a map per call, and each person's slots are read once: whether they share
   * the name is settled when they are first met, and they are set aside when their share reaches the two a candidate
   * needs, so only those are looked at again. Sharing the name alone makes no candidate, so the name keys' lists are
   * not walked: only the people found through another key are checked for them. The exception is a record without a
   * date of birth of a rare name (namesInFull), whose short name lists are walked first.
   */
  private candidates(keys: string[], exclude: readonly number[]): number[] {
    const call = ++this.call;
    const { slots, qualified } = this;
    qualified.length = 0;
    const inFull = namesInFull(keys, (key) => this.peopleFiledUnder(key) <= RARE_NAME_PEOPLE);
    const nameKeys: number[] = [];
    const fullNameKeys: number[] = [];
    for (const key of keys) {
      const id = this.keyIds.get(key);
      if (id !== undefined && isNameKey(key)) (inFull.includes(key) ? fullNameKeys : nameKeys).push(id);
    }
    // Everyone filed under a rare name counts it in full and is stamped, so the walk below does not count it again.
    this.countNamesInFull(fullNameKeys, call);
    const named = nameKeys.length > 0;
    const [name, otherName = name] = nameKeys;
    for (const key of keys) {
      if (isNameKey(key)) continue;
      const id = this.keyIds.get(key);
      if (id === undefined) continue;
      const people = this.peopleWith[id];
      const weight = sharedKeyWeight(key);
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
        let shared = weight;
        if (named) {
          const first = slots[slot + NAME];
          const second = slots[slot + OTHER_NAME];
          if (first === name || first === otherName || second === name || second === otherName) shared++;
          else if (second === OVERFLOW && (this.keysOf[person].includes(name) || this.keysOf[person].includes(otherName))) shared++;
        }
        slots[slot + SHARED] = shared;
        if (shared >= CANDIDATE_SHARED_KEY_WEIGHT) qualified.push(person);
      }
    }
    const sharedBy = (person: number) => slots[person * SLOTS + SHARED];
    // The MAX_CANDIDATES sharing most, ties broken towards the most recently created person (the database leaves them
    // unordered), picked in one pass: a record without a date of birth may share its name with thousands.
    const best: number[] = [];
    const before = (a: number, b: number) => sharedBy(a) > sharedBy(b) || (sharedBy(a) === sharedBy(b) && a > b);
    for (const person of qualified) {
      if (exclude.includes(person)) continue;
      if (best.length === MAX_CANDIDATES && !before(person, best[MAX_CANDIDATES - 1])) continue;
      let at = Math.min(best.length, MAX_CANDIDATES - 1);
      while (at > 0 && before(person, best[at - 1])) at--;
      best.splice(at, 0, person);
      if (best.length > MAX_CANDIDATES) best.pop();
    }
    return best;
  }

  /** A record without a date of birth, of a rare name: everyone filed under these name keys counts 2 for them (once). */
  private countNamesInFull(nameKeys: number[], call: number): void {
    const { slots, qualified } = this;
    nameKeys.forEach((id, n) => {
      for (const person of this.peopleWith[id]) {
        if (n > 0 && this.isFiledUnder(person, nameKeys[0])) continue; // counted with the first
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

  /** Whether a person is filed under this name key (their name slots, or their key list if they have more). */
  private isFiledUnder(person: number, nameKey: number): boolean {
    const slot = person * SLOTS;
    const first = this.slots[slot + NAME];
    const second = this.slots[slot + OTHER_NAME];
    if (first === nameKey || second === nameKey) return true;
    return second === OVERFLOW && this.keysOf[person].includes(nameKey);
  }
}

/** The slots of a person in MemoryPersonIndex.slots, and the values a name slot holds besides a key number. */
const SLOTS = 4;
const STAMP = 0;
const SHARED = 1;
const NAME = 2;
const OTHER_NAME = 3;
const NONE = -1;
const OVERFLOW = -2;
