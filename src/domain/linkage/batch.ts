import { contradictingField, keptApartByGivenNames } from './model.ts';
import { normalisePncId } from './normalise.ts';
import type { LinkageModel, PairScore, PersonRecord } from './record.ts';

export interface ScoredPair {
  /** Indexes into the records given to the matcher, left < right. */
  left: number;
  right: number;
  score: PairScore;
}

export interface BatchOptions {
  /**
   * A blocking key shared by more records than this brings no pairs: such keys are too common to discriminate
   * (a shared date of birth in a big file), and the other keys of the same records still meet their true matches.
   */
  maxBlockSize?: number;
  onProgress?: (stage: 'blocking' | 'comparing' | 'clustering', done: number, total: number) => void;
}

export interface BatchResult {
  /** Record indexes per person, each cluster sorted, clusters in order of their first record. */
  clusters: number[][];
  /** Every candidate pair compared, with its score. */
  pairs: ScoredPair[];
  /** Pairs a person should look at: scored 'review', or 'match' but kept apart by the clustering guard. */
  reviewPairs: ScoredPair[];
}

const DEFAULT_MAX_BLOCK_SIZE = 200;
/** Beyond this many cross pairs, only the pairs blocking brought are checked, so one huge cluster cannot stall a run. */
const MAX_CROSS_COMPARISONS = 2_500;

/** Candidate pairs: records sharing at least one blocking key of bounded size, each pair once. */
export function candidatePairs(keysPerRecord: string[][], maxBlockSize = DEFAULT_MAX_BLOCK_SIZE): [number, number][] {
  const blocks = new Map<string, number[]>();
  keysPerRecord.forEach((keys, index) => {
    for (const key of keys) {
      const block = blocks.get(key);
      if (block) block.push(index);
      else blocks.set(key, [index]);
    }
  });
  const seen = new Set<number>();
  const pairs: [number, number][] = [];
  const n = keysPerRecord.length;
  for (const block of blocks.values()) {
    if (block.length < 2 || block.length > maxBlockSize) continue;
    for (let i = 0; i < block.length; i++) {
      for (let j = i + 1; j < block.length; j++) {
        const pairKey = block[i] * n + block[j];
        if (seen.has(pairKey)) continue;
        seen.add(pairKey);
        pairs.push([block[i], block[j]]);
      }
    }
  }
  return pairs;
}

export function scorePairs(model: LinkageModel, records: PersonRecord[], options: BatchOptions = {}): ScoredPair[] {
  const keys = records.map((r) => model.blockingKeys(r));
  const candidates = candidatePairs(keys, options.maxBlockSize);
  const scored: ScoredPair[] = [];
  candidates.forEach(([left, right], done) => {
    if (done % 50_000 === 0) options.onProgress?.('comparing', done, candidates.length);
    scored.push({ left, right, score: model.compare(records[left], records[right]) });
  });
  options.onProgress?.('comparing', candidates.length, candidates.length);
  return scored;
}

/**
 * The fields of a pair speak against one person (their weights, without the prior, add up to less than nothing), or a
 * field shows two people (dates of birth a generation apart, middle names that differ). Not the decision itself: a
 * pair the model calls a non-match only to spare a reviewer (a relative in the same household with little evidence
 * either way) may still be joined through stronger links. Nor is a pair clearly different for falling short of even
 * odds: a sparse record (names, a town, an email address, a mistyped date) agrees with each of its person's other
 * records on too little to reach them without saying that it is someone else, and taking it for someone else kept
 * fake_1000's people in pieces (recall 0.60).
 */
function clearlyDifferent(score: PairScore): boolean {
  return fieldsSpeakAgainst(score) || contradictingField(score.fields) !== undefined;
}

function fieldsSpeakAgainst(score: PairScore): boolean {
  let evidence = 0;
  for (const f of score.fields) evidence += f.weight;
  return evidence < 0;
}

/**
 * Clusters records into people. 'match' pairs are taken strongest first; two clusters are joined only if no pair
 * across them was clearly different (its fields speak against, or dates of birth a generation apart) and their given names do not keep
 * them apart (keptApartByGivenNames) (comparing the cross pairs the blocking did not bring, for small clusters). Plain connected components would chain A~B~C into one person when A and C are clearly different
 * people (a father and son sharing a name, each close to a mistyped record), showing one person's history as
 * another's; the guard keeps them apart and sends the link to review instead.
 */
export function clusterPairs(model: LinkageModel, records: PersonRecord[], pairs: ScoredPair[]): Omit<BatchResult, 'pairs'> {
  const parent = records.map((_, i) => i);
  const members = records.map((_, i) => [i]);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const known = new Map<number, PairScore>();
  const n = records.length;
  const pncs = records.map((r) => normalisePncId(r.pncId));
  const keyOf = (a: number, b: number) => (a < b ? a * n + b : b * n + a);
  for (const p of pairs) known.set(keyOf(p.left, p.right), p.score);
  const scoreOf = (a: number, b: number): PairScore => {
    const key = keyOf(a, b);
    let score = known.get(key);
    if (!score) {
      score = model.compare(records[Math.min(a, b)], records[Math.max(a, b)]);
      known.set(key, score);
    }
    return score;
  };
  const contradicts = (x: number[], y: number[]): boolean => {
    const compareAll = x.length * y.length <= MAX_CROSS_COMPARISONS;
    const cross = (a: number, b: number) => (compareAll ? scoreOf(a, b) : known.get(keyOf(a, b)));
    for (const a of x) {
      for (const b of y) {
        const score = cross(a, b);
        if (score && clearlyDifferent(score)) return true;
      }
    }
    // Each pair may allow the join while the two people's records together do not: twins, each linked to one record
    // without a given name.
    return keptApartByGivenNames(
      x.map((a) => pncs[a]),
      y.map((b) => pncs[b]),
      (i, j) => cross(x[i], y[j])?.fields,
    );
  };

  const reviewPairs: ScoredPair[] = pairs.filter((p) => p.score.decision === 'review');
  const links = pairs.filter((p) => p.score.decision === 'match').sort((p, q) => q.score.weight - p.score.weight);
  for (const link of links) {
    const a = find(link.left);
    const b = find(link.right);
    if (a === b) continue;
    if (contradicts(members[a], members[b])) {
      reviewPairs.push(link);
      continue;
    }
    const [big, small] = members[a].length >= members[b].length ? [a, b] : [b, a];
    parent[small] = big;
    members[big].push(...members[small]);
    members[small] = [];
  }
  const clusters = members.filter((m, i) => m.length && find(i) === i).map((m) => m.sort((x, y) => x - y));
  clusters.sort((x, y) => x[0] - y[0]);
  return { clusters, reviewPairs };
}

/** Deduplicates a batch of person records: blocking, pairwise comparison, guarded clustering. */
export function matchRecords(model: LinkageModel, records: PersonRecord[], options: BatchOptions = {}): BatchResult {
  const pairs = scorePairs(model, records, options);
  options.onProgress?.('clustering', 0, pairs.length);
  const { clusters, reviewPairs } = clusterPairs(model, records, pairs);
  options.onProgress?.('clustering', pairs.length, pairs.length);
  return { clusters, pairs, reviewPairs };
}

/** Each record's cluster id: the id of its cluster's first record, so output is stable across runs. */
export function clusterIdsOf(ids: string[], clusters: number[][]): string[] {
  const result = new Array<string>(ids.length);
  for (const cluster of clusters) for (const index of cluster) result[index] = ids[cluster[0]];
  return result;
}
