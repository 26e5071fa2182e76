export type { FieldComparison, LinkageModel, PairDecision, PairScore, PersonRecord } from './record.ts';
export { FellegiSunterModel, STANDARD_PARAMETERS, type FellegiSunterParameters, type PreparedRecord } from './model.ts';
export {
  candidatePairs,
  clusterIdsOf,
  clusterPairs,
  matchRecords,
  scorePairs,
  type BatchOptions,
  type BatchResult,
  type ScoredPair,
} from './batch.ts';
export { deduplicate, estimateParameters, type Deduplication, type DeduplicateOptions } from './deduplicate.ts';
export { estimateM, estimateU, randomPairs, seededRandom } from './em.ts';
export {
  givenNamesAgree,
  givenNamesDiffer,
  keptApartByGivenNames,
  nameFrequencies,
  personComparison,
  reviewReason,
  type ComparisonVector,
  type ModelOptions,
  type NameFrequencies,
  type ReviewReason,
} from './model.ts';
export {
  CANDIDATE_SHARED_KEY_WEIGHT,
  FAMILY_YEAR_KEY_PREFIX,
  GIVEN_YEAR_KEY_PREFIX,
  IDENTIFYING_KEY_PREFIXES,
  isNameKey,
  NAME_KEY_PREFIX,
  nameKeysToWeigh,
  namesInFull,
  RARE_NAME_PEOPLE,
  sharedKeyWeight,
  sharedKeysWeight,
} from './candidates.ts';
export { normalisePncId } from './normalise.ts';
