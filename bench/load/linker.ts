import { CANDIDATE_SHARED_KEY_WEIGHT, sharedKeyWeight, type LinkageModel, type PairScore } from '../../src/domain/linkage/index.ts';
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
 * The person index held in memory for a bulk load, deciding exactly as PersonLinking does against the database:
 * the same blocking keys and candidate rule (two keys shared, or one identifying key), at most MAX_CANDIDATES people
 * (most keys shared first), each compared through their
 * MENTIONS_PER_CANDIDATE latest different sets of details; match → link, review → new person + possible match, otherwise new person.
 * A fresh load has no researcher decisions, so a review is always proposed against the best-weighted candidate.
 */
export class MemoryPersonIndex {
  /** Blocking key → every person recorded with it, once each. */
  private readonly byKey = new Map<string, number[]>();
  /** Person → the keys they are already listed under. */
  private readonly keysOf: Set<string>[] = [];
  /** Person → their latest different sets of details (latestDistinctDetails), newest last, and the detailsKey of each. */
  private readonly latest: PersonDetails[][] = [];
  private readonly latestKeys: string[][] = [];
  /** Scratch space of candidates(): which call last counted a person, and what that person shares with the mention. */
  private stamp = new Uint32Array(0);
  private shared = new Uint16Array(0);
  private readonly touched: number[] = [];
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
        const score = this.model.compare(details, mentions[i]);
        if (!best || score.weight > best.score.weight) best = { person, score };
      }
    }
    const decision = best?.score.decision;
    const outcome: LinkOutcome = decision === 'match' ? 'matched' : decision === 'review' ? 'review' : 'new';
    const person = outcome === 'matched' ? best!.person : this.latest.push([]) - 1;
    this.remember(person, details, keys);
    return { person, outcome, best, keys };
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
    const listed = (this.keysOf[person] ??= new Set());
    for (const key of keys) {
      if (listed.has(key)) continue;
      listed.add(key);
      const people = this.byKey.get(key);
      if (people) people.push(person);
      else this.byKey.set(key, [person]);
    }
  }

  /**
   * The people sharing most keys with the mention (an identifying key counting double), as the candidate query
   * orders them. A common name with a birth year is shared by thousands of people in a large force, so the shares are
   * counted in flat arrays indexed by person, stamped with the call they belong to, rather than in a map per call.
   */
  private candidates(keys: string[], exclude: readonly number[]): number[] {
    const call = ++this.call;
    if (this.stamp.length < this.latest.length) this.grow(this.latest.length);
    const { stamp, shared, touched } = this;
    touched.length = 0;
    for (const key of keys) {
      const people = this.byKey.get(key);
      if (!people) continue;
      const weight = sharedKeyWeight(key);
      for (let i = 0; i < people.length; i++) {
        const person = people[i];
        if (stamp[person] === call) shared[person] += weight;
        else {
          stamp[person] = call;
          shared[person] = weight;
          touched.push(person);
        }
      }
    }
    for (const person of exclude) if (stamp[person] === call) shared[person] = 0;
    const found: number[] = [];
    for (const person of touched) if (shared[person] >= CANDIDATE_SHARED_KEY_WEIGHT) found.push(person);
    if (found.length <= MAX_CANDIDATES) return found;
    // Ties are broken towards the most recently created person (the database leaves them unordered).
    return found.sort((a, b) => shared[b] - shared[a] || b - a).slice(0, MAX_CANDIDATES);
  }

  private grow(people: number): void {
    const size = Math.max(1024, people * 2);
    const stamp = new Uint32Array(size);
    stamp.set(this.stamp);
    this.stamp = stamp;
    this.shared = new Uint16Array(size);
  }
}
