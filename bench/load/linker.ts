import { CANDIDATE_SHARED_KEY_WEIGHT, sharedKeyWeight, type LinkageModel, type PairScore } from '../../src/domain/linkage/index.ts';
import { MAX_CANDIDATES, MENTIONS_PER_CANDIDATE, type LinkOutcome } from '../../src/modules/people/linking.ts';
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
 * MENTIONS_PER_CANDIDATE latest mentions; match → link, review → new person + possible match, otherwise new person.
 * A fresh load has no researcher decisions, so a review is always proposed against the best-weighted candidate.
 */
export class MemoryPersonIndex {
  /** Blocking key → every person recorded with it, once each. */
  private readonly byKey = new Map<string, number[]>();
  /** Person → the keys they are already listed under. */
  private readonly keysOf: Set<string>[] = [];
  /** Person → their latest mentions, newest last. */
  private readonly latest: PersonDetails[][] = [];

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
    mentions.push(details);
    if (mentions.length > MENTIONS_PER_CANDIDATE) mentions.shift();
    const known = (this.keysOf[person] ??= new Set());
    for (const key of keys) {
      if (known.has(key)) continue;
      known.add(key);
      const people = this.byKey.get(key);
      if (people) people.push(person);
      else this.byKey.set(key, [person]);
    }
  }

  /** The people sharing most keys with the mention (an identifying key counting double), as the candidate query orders them. */
  private candidates(keys: string[], exclude: readonly number[]): number[] {
    const shared = new Map<number, number>();
    for (const key of keys) {
      const people = this.byKey.get(key);
      if (!people) continue;
      const weight = sharedKeyWeight(key);
      for (const person of people) shared.set(person, (shared.get(person) ?? 0) + weight);
    }
    for (const person of exclude) shared.delete(person);
    const found: [person: number, weight: number][] = [];
    for (const entry of shared) if (entry[1] >= CANDIDATE_SHARED_KEY_WEIGHT) found.push(entry);
    if (found.length <= MAX_CANDIDATES) return found.map(([person]) => person);
    // Ties are broken towards the most recently created person (the database leaves them unordered).
    return found
      .sort((a, b) => b[1] - a[1] || b[0] - a[0])
      .slice(0, MAX_CANDIDATES)
      .map(([person]) => person);
  }
}
