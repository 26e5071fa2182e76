import type { ComparisonVector, FellegiSunterParameters, LevelProbabilities } from './model.ts';

/** A small seeded PRNG (mulberry32): the same sample of random pairs on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Up to `count` distinct random pairs of different records, from a seeded PRNG. */
export function randomPairs(records: number, count: number, seed = 20240601): [number, number][] {
  const random = seededRandom(seed);
  const possible = (records * (records - 1)) / 2;
  const wanted = Math.min(count, possible);
  const seen = new Set<number>();
  const pairs: [number, number][] = [];
  for (let attempts = 0; pairs.length < wanted && attempts < wanted * 20; attempts++) {
    const a = Math.floor(random() * records);
    const b = Math.floor(random() * records);
    if (a === b) continue;
    const [left, right] = a < b ? [a, b] : [b, a];
    if (seen.has(left * records + right)) continue;
    seen.add(left * records + right);
    pairs.push([left, right]);
  }
  return pairs;
}

type Counts = Map<string, Map<string, number>>;

function add(counts: Counts, field: string, level: string, amount: number): void {
  let levels = counts.get(field);
  if (!levels) counts.set(field, (levels = new Map()));
  levels.set(level, (levels.get(level) ?? 0) + amount);
}

/**
 * u per level from pairs of random records (almost all different people). A level never seen among them keeps the
 * prior u if that is smaller than half a sample, so rare agreements (a shared phone) are not overstated.
 */
export function estimateU(vectors: ComparisonVector[], prior: FellegiSunterParameters): FellegiSunterParameters {
  const counts: Counts = new Map();
  for (const vector of vectors) for (const [field, level] of vector) if (level !== 'missing') add(counts, field, level, 1);
  const fields: Record<string, LevelProbabilities> = {};
  for (const [field, levels] of Object.entries(prior.fields)) {
    const seen = counts.get(field);
    const total = seen ? [...seen.values()].reduce((s, n) => s + n, 0) : 0;
    // A field with one level (names swapped) has no disagreement level to share u with: keep the prior.
    if (Object.keys(levels).length < 2) {
      fields[field] = levels;
      continue;
    }
    fields[field] = Object.fromEntries(
      Object.entries(levels).map(([level, p]) => {
        const n = seen?.get(level) ?? 0;
        const u = total === 0 ? p.u : n > 0 ? n / total : Math.min(p.u, 0.5 / total);
        return [level, { m: p.m, u }];
      }),
    );
  }
  return { ...prior, fields };
}

export interface EmResult {
  parameters: FellegiSunterParameters;
  /** Estimated share of candidate pairs that are the same person. */
  matchProportion: number;
  iterations: number;
}

/**
 * Expectation–maximisation of m and the match proportion over the candidate pairs' comparison vectors, with u held
 * fixed (from random pairs). Identical vectors are grouped, so each iteration costs the number of distinct patterns.
 */
export function estimateM(
  vectors: ComparisonVector[],
  start: FellegiSunterParameters,
  options: { fixedMatchProportion?: number; maxIterations?: number } = {},
): EmResult {
  const maxIterations = options.maxIterations ?? 25;
  const patterns = new Map<string, { vector: ComparisonVector; count: number }>();
  for (const vector of vectors) {
    const key = vector.map(([f, l]) => `${f}=${l}`).join('|');
    const pattern = patterns.get(key);
    if (pattern) pattern.count++;
    else patterns.set(key, { vector, count: 1 });
  }
  let parameters = start;
  let lambda = options.fixedMatchProportion ?? 1 / (1 + 2 ** -start.priorWeight);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const matchCounts: Counts = new Map();
    let expectedMatches = 0;
    for (const { vector, count } of patterns.values()) {
      let logOdds = Math.log2(lambda / (1 - lambda));
      for (const [field, level] of vector) {
        const p = parameters.fields[field]?.[level];
        if (p) logOdds += Math.log2(p.m / p.u);
      }
      const matchProbability = 1 / (1 + 2 ** -logOdds);
      expectedMatches += matchProbability * count;
      for (const [field, level] of vector) if (level !== 'missing') add(matchCounts, field, level, matchProbability * count);
    }
    const nextLambda = options.fixedMatchProportion ?? Math.min(0.999, Math.max(1e-6, expectedMatches / vectors.length));
    const fields: Record<string, LevelProbabilities> = {};
    for (const [field, levels] of Object.entries(parameters.fields)) {
      const seen = matchCounts.get(field);
      const total = seen ? [...seen.values()].reduce((s, n) => s + n, 0) : 0;
      const size = Object.keys(levels).length;
      // A little smoothing keeps every level possible among matches, so no weight becomes -infinity.
      fields[field] = Object.fromEntries(
        Object.entries(levels).map(([level, p]) => [
          level,
          { m: total > 0 ? ((seen!.get(level) ?? 0) + 0.01) / (total + 0.01 * size) : p.m, u: p.u },
        ]),
      );
    }
    const converged = options.fixedMatchProportion === undefined && Math.abs(nextLambda - lambda) < 1e-5;
    lambda = nextLambda;
    parameters = { ...parameters, fields, priorWeight: Math.log2(lambda / (1 - lambda)) };
    if (converged) break;
  }
  return { parameters, matchProportion: lambda, iterations };
}
