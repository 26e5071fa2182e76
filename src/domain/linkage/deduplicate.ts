import { type BatchOptions, type BatchResult, candidatePairs, clusterIdsOf, matchRecords } from './batch.ts';
import { estimateM, estimateU, randomPairs } from './em.ts';
import { type FellegiSunterParameters, FellegiSunterModel, nameFrequencies, STANDARD_PARAMETERS } from './model.ts';
import type { PersonRecord } from './record.ts';

export interface DeduplicateOptions extends BatchOptions {
  /** 'estimated': u from random pairs and m by EM over this batch; 'standard': the hand-set STANDARD_PARAMETERS. */
  parameters?: 'estimated' | 'standard';
  /** Weigh exact name agreement by how common the name is in this batch. */
  termFrequencies?: boolean;
  /** Sees the full result (pairs, review pairs), for evaluation and reporting. */
  onResult?: (result: BatchResult, parameters: FellegiSunterParameters) => void;
}

export interface Deduplication extends BatchResult {
  /** Per record, the id of the person (cluster) it belongs to. */
  clusterIds: string[];
}

const RANDOM_PAIRS = 40_000;

/** Parameters learnt from the batch itself: u from seeded random pairs, then m and the match share by EM. */
export function estimateParameters(
  model: FellegiSunterModel,
  records: PersonRecord[],
  options: BatchOptions = {},
): FellegiSunterParameters {
  const random = randomPairs(records.length, RANDOM_PAIRS).map(([a, b]) => model.compareLevels(records[a], records[b]));
  const withU = estimateU(random, model.parameters);
  const candidates = candidatePairs(
    records.map((r) => model.blockingKeys(r)),
    options.maxBlockSize,
  );
  const vectors = candidates.map(([a, b]) => model.compareLevels(records[a], records[b]));
  // EM left free to move the match share drifts to "every candidate is a match" on blocked pairs; the share the
  // prior model gives is a stable anchor, and EM then only learns how each field behaves among matches.
  const likely = candidates.filter(([a, b]) => model.compare(records[a], records[b]).probability >= 0.5).length;
  const { parameters } = estimateM(vectors, withU, { fixedMatchProportion: Math.max(1e-4, likely / Math.max(1, candidates.length)) });
  return { ...parameters, matchThreshold: model.parameters.matchThreshold, reviewThreshold: model.parameters.reviewThreshold };
}

/** The `match` command's engine: one person id per record of a batch. */
export function deduplicate(records: PersonRecord[], ids: string[], options: DeduplicateOptions = {}): Deduplication {
  const modelOptions = options.termFrequencies === false ? {} : { nameFrequencies: nameFrequencies(records) };
  let model = new FellegiSunterModel(STANDARD_PARAMETERS, modelOptions);
  if (options.parameters === 'estimated') model = new FellegiSunterModel(estimateParameters(model, records, options), modelOptions);
  const result = matchRecords(model, records, options);
  options.onResult?.(result, model.parameters);
  return { ...result, clusterIds: clusterIdsOf(ids, result.clusters) };
}
