import {
  CANDIDATE_SHARED_KEY_WEIGHT,
  givenNamesAgree,
  isNameKey,
  personComparison,
  namesInFull,
  RARE_NAME_PEOPLE,
  sharedKeyWeight,
  type FellegiSunterModel,
  type PairScore,
  type PreparedRecord,
} from '../../src/domain/linkage/index.ts';
import { detailsKey, MAX_CANDIDATES, MENTIONS_PER_CANDIDATE, type LinkOutcome } from '../../src/modules/people/index.ts';
import type { PersonDetails } from '../../src/modules/incidents/index.ts';

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
  /** Key number → whether it is a name key (they count once between them). */
  private readonly isName: boolean[] = [];
  /** Key number → what sharing it counts towards a candidate's two (sharedKeyWeight; the name keys' is not used). */
  private readonly weightOf: number[] = [];
  /** Key number → every person recorded with it, once each. */
  private readonly peopleWith: number[][] = [];
  /** Person → the numbers of the keys they are listed under (a dozen or two). */
  private readonly keysOf: number[][] = [];
  /**
   * Person → their latest different sets of details (latestDistinctDetails), newest last, normalised for comparison
   * (kept so, not looked up per comparison), and the detailsKey of each.
   */
  private readonly latest: PreparedRecord[][] = [];
  private readonly latestKeys: string[][] = [];
  /**
   * Person → what they share with the mention of the current call of candidates(), in one number (SHARE): the call,
   * what their name keys count and what the other keys count. Four bytes a person, so that the whole array (5 MB at
   * a million people) stays in the processor's cache while every list of a mention's keys is walked: at a million
   * people, counting was bound by waiting for memory, not by arithmetic.
   */
  private shares = new Int32Array(1024);
  /** The people of the current call whose share has reached CANDIDATE_SHARED_KEY_WEIGHT. */
  private readonly qualified: number[] = [];
  private call = 0;

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
    let bestPerson = -1;
    let bestRecord: PreparedRecord | undefined;
    const candidates = this.candidates(keys, exclude);
    for (const person of candidates) {
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
    let best = bestRecord && { person: bestPerson, score: model.comparePrepared(record, bestRecord) };
    // A link the person's other records may forbid (personComparison): one that says nothing of the given name.
    if (best && best.score.decision === 'match' && !givenNamesAgree(best.score.fields) && this.latest[best.person].length > 1) {
      if (this.personComparison(record, best.person).decision !== 'match') best = this.heaviestPerson(record, candidates);
    }
    const decision = best?.score.decision;
    const outcome: LinkOutcome = decision === 'match' ? 'matched' : decision === 'review' ? 'review' : 'new';
    const person = outcome === 'matched' ? best!.person : this.newPerson();
    this.remember(person, details, record, keys);
    return { person, outcome, best, keys };
  }

  /** What speaks for a person against the record (personComparison over all their latest records). */
  private personComparison(record: PreparedRecord, person: number): PairScore {
    const known = this.latest[person];
    return personComparison(
      known.map((k) => this.model.comparePrepared(record, k)),
      record.pnc,
      known.map((k) => k.pnc),
    );
  }

  /** The candidate whose personComparison weighs most, each compared in full: the way PersonLinking decides. */
  private heaviestPerson(record: PreparedRecord, candidates: readonly number[]): { person: number; score: PairScore } {
    let best: { person: number; score: PairScore } | undefined;
    for (const person of candidates) {
      const score = this.personComparison(record, person);
      if (!best || score.weight > best.score.weight) best = { person, score };
    }
    return best!;
  }

  private newPerson(): number {
    const person = this.latest.push([]) - 1;
    if (this.shares.length <= person) {
      const grown = new Int32Array(this.shares.length * 2);
      grown.set(this.shares);
      this.shares = grown;
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
    for (const key of keys) {
      const id = this.keyId(key);
      if (listed.includes(id)) continue;
      listed.push(id);
      this.peopleWith[id].push(person);
    }
  }

  private keyId(key: string): number {
    let id = this.keyIds.get(key);
    if (id === undefined) {
      id = this.peopleWith.push([]) - 1;
      this.keyIds.set(key, id);
      this.isName.push(isNameKey(key));
      this.weightOf.push(sharedKeyWeight(key));
    }
    return id;
  }

  /**
   * The people sharing most keys with the mention (an identifying key counting double, the name keys once between
   * them, in full for the rare name of a record without a date of birth: sharedKeysWeight), as the candidate query
   * orders them. Every list of the mention's keys is walked, and each person's share counted in `shares`: a common
   * name with a birth year is shared by thousands of people in a large force, and a map per call, or reading more
   * about each person than their share, cost more than the walk.
   */
  private candidates(keys: string[], exclude: readonly number[]): number[] {
    const { qualified } = this;
    qualified.length = 0;
    const stamp = this.nextCall() * SHARE.CALL;
    const inFull = namesInFull(keys, (key) => this.peopleFiledUnder(key) <= RARE_NAME_PEOPLE);
    for (const key of keys) {
      const id = this.keyIds.get(key);
      if (id === undefined) continue;
      const isName = this.isName[id];
      const name = isName ? (inFull.includes(key) ? 2 : 1) : 0;
      const other = isName ? 0 : this.weightOf[id];
      this.count(this.peopleWith[id], stamp, name, other);
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

  /**
   * Counts a key for everyone filed under it: a name key's `name` (the most of the name keys shared counts), another
   * key's `other` (added up); a person's share from an earlier call (below `stamp`) counts as nothing.
   */
  private count(people: readonly number[], stamp: number, name: number, other: number): void {
    const { shares, qualified } = this;
    for (let i = 0; i < people.length; i++) {
      const person = people[i];
      const share = shares[person];
      const current = share >= stamp;
      const sharedName = current ? (share >> SHARE.NAME_SHIFT) & SHARE.NAME_MASK : 0;
      const sharedOther = current ? share & SHARE.OTHER_MASK : 0;
      const nowName = name > sharedName ? name : sharedName;
      const nowOther = sharedOther + other;
      shares[person] = stamp + (nowName << SHARE.NAME_SHIFT) + nowOther;
      if (sharedName + sharedOther < CANDIDATE_SHARED_KEY_WEIGHT && nowName + nowOther >= CANDIDATE_SHARED_KEY_WEIGHT) {
        qualified.push(person);
      }
    }
  }

  /** What a person counted in this call shares with its mention. */
  private sharedBy(person: number): number {
    const share = this.shares[person];
    return ((share >> SHARE.NAME_SHIFT) & SHARE.NAME_MASK) + (share & SHARE.OTHER_MASK);
  }

  /** Whether a person of this call's candidates ranks before another: sharing more, or as much and created later. */
  private ranksBefore(a: number, b: number): boolean {
    const sharedA = this.sharedBy(a);
    const sharedB = this.sharedBy(b);
    return sharedA > sharedB || (sharedA === sharedB && a > b);
  }

  /** The next call's number, starting again from 1 (and every share from nothing) before the stamp would overflow. */
  private nextCall(): number {
    if (++this.call > SHARE.LAST_CALL) {
      this.shares.fill(0);
      this.call = 1;
    }
    return this.call;
  }

  private peopleFiledUnder(key: string): number {
    const id = this.keyIds.get(key);
    return id === undefined ? 0 : this.peopleWith[id].length;
  }
}

/**
 * How a person's share is kept in one 32-bit number (MemoryPersonIndex.shares): the call × CALL, plus what the name
 * keys count (0, 1 or 2) shifted by NAME_SHIFT, plus what the other keys count (at most a dozen keys of 2 each).
 */
const SHARE = {
  CALL: 256,
  NAME_SHIFT: 6,
  NAME_MASK: 3,
  OTHER_MASK: 63,
  /** The last call whose stamp, plus a share, fits below 2^31. */
  LAST_CALL: 2 ** 23 - 1,
} as const;
