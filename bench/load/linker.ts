import {
  CANDIDATE_SHARED_KEY_WEIGHT,
  candidateKeys,
  isNameKey,
  sharedKeyWeight,
  type CandidateKeys,
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
  private readonly touched: number[] = [];
  private call = 0;

  constructor(private readonly model: LinkageModel) {}

  get people(): number {
    return this.latest.length;
  }

  resolve(details: PersonDetails, exclude: readonly number[]): MemoryResolution {
    const keys = candidateKeys(this.model.blockingKeys(details));
    let best: { person: number; score: PairScore } | undefined;
    for (const person of this.candidates(keys, exclude)) {
      const mentions = this.latest[person];
      for (let i = mentions.length - 1; i >= 0; i--) {
        const score = this.model.compare(details, mentions[i]);
        if (!best || score.weight > best.score.weight) best = { person, score };
      }
    }
    const decision = best?.score.decision;
    const outcome: LinkOutcome = decision === 'match' ? 'matched' : decision === 'review' ? 'review' : 'new';
    const person = outcome === 'matched' ? best!.person : this.newPerson();
    this.remember(person, details, keys.filed);
    return { person, outcome, best, keys: keys.filed };
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
   * thousands of people in a large force, so the shares are counted in flat arrays indexed by person, stamped with the
   * call they belong to, rather than in a map per call. The name keys' lists are the longest of all and sharing them
   * alone never makes a candidate, so they are not walked: only the people found through another key are checked
   * for them.
   */
  private candidates({ lookup: keys, undated }: CandidateKeys, exclude: readonly number[]): number[] {
    const call = ++this.call;
    const { slots, touched } = this;
    touched.length = 0;
    let nameKey = NONE;
    let otherNameKey = NONE;
    for (const key of keys) {
      const id = this.keyIds.get(key);
      if (id === undefined) continue;
      if (isNameKey(key)) {
        if (nameKey === NONE) nameKey = id;
        else otherNameKey = id;
        continue;
      }
      const people = this.peopleWith[id];
      const weight = sharedKeyWeight(key);
      for (let i = 0; i < people.length; i++) {
        const slot = people[i] * SLOTS;
        if (slots[slot + STAMP] === call) slots[slot + SHARED] += weight;
        else {
          slots[slot + STAMP] = call;
          slots[slot + SHARED] = weight;
          touched.push(people[i]);
        }
      }
    }
    if (undated) this.countUndated(nameKey, otherNameKey, call);
    const sharesName = (person: number) => {
      const slot = person * SLOTS;
      const first = slots[slot + NAME];
      const second = slots[slot + OTHER_NAME];
      if (first === NONE) return false;
      if (first === nameKey || first === otherNameKey || (second !== NONE && (second === nameKey || second === otherNameKey))) return true;
      return second === OVERFLOW && this.keysOf[person].some((id) => id === nameKey || id === otherNameKey);
    };
    if (nameKey !== NONE && !undated) for (const person of touched) if (sharesName(person)) slots[person * SLOTS + SHARED] += 1;
    for (const person of exclude) if (slots[person * SLOTS + STAMP] === call) slots[person * SLOTS + SHARED] = 0;
    const sharedBy = (person: number) => slots[person * SLOTS + SHARED];
    const found = touched.filter((person) => sharedBy(person) >= CANDIDATE_SHARED_KEY_WEIGHT);
    if (found.length <= MAX_CANDIDATES) return found;
    // Ties are broken towards the most recently created person (the database leaves them unordered).
    return found.sort((a, b) => sharedBy(b) - sharedBy(a) || b - a).slice(0, MAX_CANDIDATES);
  }

  /** A record without a date of birth: everyone filed under its name keys counts 2 for them (once, however many). */
  private countUndated(nameKey: number, otherNameKey: number, call: number): void {
    const { slots, touched } = this;
    const counted = new Set<number>();
    for (const id of [nameKey, otherNameKey]) {
      if (id === NONE) continue;
      for (const person of this.peopleWith[id]) {
        if (counted.has(person)) continue;
        counted.add(person);
        const slot = person * SLOTS;
        if (slots[slot + STAMP] === call) slots[slot + SHARED] += 2;
        else {
          slots[slot + STAMP] = call;
          slots[slot + SHARED] = 2;
          touched.push(person);
        }
      }
    }
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
