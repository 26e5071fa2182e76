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
  /** Blocking key → the person of every mention recorded with it (one entry per mention, as the table has). */
  private readonly byKey = new Map<string, number[]>();
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
    for (const key of keys) {
      const people = this.byKey.get(key);
      if (people) people.push(person);
      else this.byKey.set(key, [person]);
    }
  }

  /** The people sharing most key entries with the mention, as the candidate query orders them. */
  private candidates(keys: string[], exclude: readonly number[]): number[] {
    const counts = new Map<number, number>();
    const shared = new Map<number, number>();
    for (const key of keys) {
      const people = this.byKey.get(key);
      if (!people) continue;
      const weight = sharedKeyWeight(key);
      const seen = new Set<number>();
      for (const person of people) {
        counts.set(person, (counts.get(person) ?? 0) + 1);
        if (seen.has(person)) continue;
        seen.add(person);
        shared.set(person, (shared.get(person) ?? 0) + weight);
      }
    }
    for (const person of exclude) counts.delete(person);
    for (const [person, weight] of shared) if (weight < CANDIDATE_SHARED_KEY_WEIGHT) counts.delete(person);
    if (counts.size <= MAX_CANDIDATES) return [...counts.keys()];
    // Ties are broken towards the most recently created person (the database leaves them unordered).
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || b[0] - a[0])
      .slice(0, MAX_CANDIDATES)
      .map(([person]) => person);
  }
}
