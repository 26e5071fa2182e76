import {
  comparableAddress,
  compareAddress,
  type ComparableAddress,
  nameForm,
  type NameForm,
  compareCrossedName,
  compareDateOfBirth,
  compareEmail,
  compareExact,
  compareFamilyName,
  compareGivenName,
  compareMiddleName,
  comparePostcodeText,
  houseKey,
  namesSwapped,
} from './comparators.ts';
import { FAMILY_YEAR_KEY_PREFIX, GIVEN_YEAR_KEY_PREFIX } from './candidates.ts';
import { formalGivenName } from './nicknames.ts';
import {
  addressTokens,
  dateKey,
  normaliseDate,
  normaliseEmail,
  normaliseName,
  normalisePhone,
  normalisePncId,
  normalisePostcode,
  normaliseSex,
  postcodeCharacters,
  remembered,
  soundex,
  type NormalisedPostcode,
} from './normalise.ts';
import type { FieldComparison, LinkageModel, PairDecision, PairScore, PersonRecord } from './record.ts';

import { STANDARD_PARAMETERS, type FellegiSunterParameters } from './parameters.ts';
import { autoLinkRefusal, evidenceWithinFamily } from './autoLinkRules.ts';

// The model's parameters and its auto-link rules live beside it; imported from here as before.
export * from './parameters.ts';
export * from './autoLinkRules.ts';

/** A record normalised for comparison (FellegiSunterModel.prepare). */
export interface PreparedRecord {
  given: NameForm;
  middle: NameForm;
  family: NameForm;
  dob: ReturnType<typeof normaliseDate>;
  sex: string;
  postcode: ReturnType<typeof normalisePostcode>;
  postcodeText: string;
  address: ComparableAddress;
  phone: string;
  email: string;
  pnc: string;
}

const preparedRecords = new WeakMap<PersonRecord, PreparedRecord>();

/** Normalised once per record object (records are not mutated after they are built): a batch compares each record with many others. */
function prepare(r: PersonRecord): PreparedRecord {
  let prepared = preparedRecords.get(r);
  if (!prepared) {
    prepared = normalise(r);
    preparedRecords.set(r, prepared);
  }
  return prepared;
}

const nameForms = new Map<string, NameForm>();
const postcodes = new Map<string, NormalisedPostcode | undefined>();
const addresses = new Map<string, ComparableAddress>();
const nameFormOf = (raw: string) => nameForm(normaliseName(raw));
const comparableAddressOf = (raw: string) => comparableAddress(addressTokens(raw));

function normalise(r: PersonRecord): PreparedRecord {
  return {
    given: remembered(nameForms, r.givenName ?? '', nameFormOf),
    middle: remembered(nameForms, r.middleName ?? '', nameFormOf),
    family: remembered(nameForms, r.familyName ?? '', nameFormOf),
    dob: normaliseDate(r.dateOfBirth),
    sex: normaliseSex(r.sex),
    postcode: remembered(postcodes, r.postcode ?? '', normalisePostcode),
    postcodeText: postcodeCharacters(r.postcode),
    address: remembered(addresses, r.address ?? '', comparableAddressOf),
    phone: normalisePhone(r.phone),
    email: normaliseEmail(r.email),
    pnc: normalisePncId(r.pncId),
  };
}

const log2 = Math.log2;

/**
 * How common each normalised given and family name is, as a share of records (0..1). Agreement on a common name
 * (SMITH) is weaker evidence than on a rare one: with a table, an exact name agreement weighs log2(m / share)
 * instead of the average log2(m / u).
 */
export interface NameFrequencies {
  givenName: Map<string, number>;
  familyName: Map<string, number>;
  /** The share assumed for a name the table has never seen (rare, so strong evidence). */
  unseen: number;
}

export interface ModelOptions {
  nameFrequencies?: NameFrequencies;
}

/** The name frequency table of a set of records (each record counted once per name). */
export function nameFrequencies(records: PersonRecord[]): NameFrequencies {
  const count = (values: string[]) => {
    const counts = new Map<string, number>();
    for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
    const total = values.filter(Boolean).length || 1;
    return new Map([...counts].map(([v, n]) => [v, n / total]));
  };
  const prepared = records.map(prepare);
  return {
    givenName: count(prepared.map((p) => p.given.first)),
    familyName: count(prepared.map((p) => p.family.compact)),
    unseen: 1 / (records.length + 1),
  };
}

/**
 * Evidence the weaker of postcode and address still adds when the stronger already agrees: a full postcode covers
 * about fifteen households, so the same address within the same postcode is worth about log2(0.8 / (1/15)).
 */
const HOUSEHOLD_WITHIN_POSTCODE = 3.5;

/**
 * Postcode and address agreeing are largely one piece of evidence (the same household), not two independent ones.
 * The stronger positive weight counts in full; the weaker adds only what it says beyond it.
 */
function countHouseholdOnce(fields: FieldComparison[]): void {
  const postcode = fields.find((f) => f.field === 'postcode');
  const address = fields.find((f) => f.field === 'address');
  if (!postcode || !address) return;
  const postcodeWeight = postcode.weight;
  postcode.weight = householdWeight(postcodeWeight, address.weight, 'postcode');
  address.weight = householdWeight(address.weight, postcodeWeight, 'address');
}

/**
 * What postcode or address weighs beside the other (countHouseholdOnce): in full, unless both agree and it is the
 * weaker (the address when they weigh the same), when it adds at most HOUSEHOLD_WITHIN_POSTCODE.
 */
function householdWeight(weight: number, other: number, field: 'postcode' | 'address'): number {
  const weaker = weight < other || (weight === other && field === 'address');
  return weight > 0 && other > 0 && weaker ? Math.min(weight, HOUSEHOLD_WITHIN_POSTCODE) : weight;
}

/** A field and the agreement level of a pair on it. */
export type ComparisonVector = [field: string, level: string][];

/** The fields a comparison weighs (swappedNames: each of the two names compared crossed, in place of both). */
const COMPARED_FIELDS = [
  'givenName',
  'familyName',
  'swappedNames',
  'middleName',
  'dateOfBirth',
  'sex',
  'postcode',
  'address',
  'phone',
  'email',
  'pncId',
] as const;
type ComparedField = (typeof COMPARED_FIELDS)[number];

/** The levels of the two names: given and family name in place, or each crossed with the other (swappedNames). */
interface NameLevels {
  crossed: boolean;
  first: string;
  second: string;
}
const NAME_FIELDS = ['givenName', 'familyName'] as const;
const CROSSED_NAME_FIELDS = ['swappedNames', 'swappedNames'] as const;
const SWAPPED: NameLevels = { crossed: true, first: 'swapped', second: 'swapped' };
/** More than floating-point addition can put between two sums of the same dozen weights. */
const ROUNDING = 1e-9;
/** Crossed names are considered only if one of them agrees at least this closely. */
const CLOSE_CROSSED_LEVELS: readonly string[] = ['exact', 'jw-0.92'];

/**
 * A name recorded in one place that compareCrossedName found different from a name recorded in the other, where
 * either may be a given name: one that differs in spelling but is a variant or a slip of it as a given name ("Jonathan" and "Jonny",
 * "Jonathan Dooley" recorded as given "Dooley", family "Jonathan") agrees as closely as a typo would.
 */
function crossedGivenNameLevel(a: NameForm, b: NameForm): string {
  const asGiven = compareGivenName(a, b);
  return asGiven === 'exact' || asGiven === 'variant' ? 'jw-0.92' : asGiven === 'other-name' ? 'different' : 'jw-0.85';
}

/** A Fellegi–Sunter model: independent field comparisons, each adding log2(m/u) of evidence. */
export class FellegiSunterModel implements LinkageModel {
  /**
   * log2(m / u) per field and level, worked out once (a large load weighs hundreds of millions of levels); a field
   * the parameters leave out has no levels, and a level without parameters (such as 'missing') weighs 0.
   */
  private readonly levelWeights: Record<ComparedField, Record<string, number>>;

  /** The most a field's level can weigh (0 at least: a field missing on either side weighs 0). */
  private readonly bestWeight: Record<ComparedField, number>;
  /** The most the names can weigh together: given and family in place, or both crossed when swapped. */
  private readonly bestNamesWeight: number;

  constructor(
    readonly parameters: FellegiSunterParameters = STANDARD_PARAMETERS,
    readonly options: ModelOptions = {},
  ) {
    const parametersOf = (field: ComparedField) => Object.entries(parameters.fields[field] ?? {});
    this.levelWeights = Object.fromEntries(
      COMPARED_FIELDS.map((field) => [field, Object.fromEntries(parametersOf(field).map(([level, p]) => [level, log2(p.m / p.u)]))]),
    ) as FellegiSunterModel['levelWeights'];
    this.bestWeight = Object.fromEntries(
      COMPARED_FIELDS.map((field) => [field, Math.max(0, ...Object.values(this.levelWeights[field]))]),
    ) as FellegiSunterModel['bestWeight'];
    const best = this.bestWeight;
    this.bestNamesWeight = Math.max(best.givenName + best.familyName, 2 * best.swappedNames);
  }

  /**
   * A record normalised for comparison, for a caller that keeps records and compares them many times (the bulk
   * load's in-memory index): blockingKeysPrepared, weightPrepared and comparePrepared take it,
   * and nothing is looked up per comparison. The methods taking a PersonRecord normalise each record object once and
   * remember it.
   */
  prepare(record: PersonRecord): PreparedRecord {
    return normalise(record);
  }

  /** Keys that bring candidate pairs together; two records are compared only if they share one. */
  blockingKeys(record: PersonRecord): string[] {
    return this.blockingKeysPrepared(prepare(record));
  }

  blockingKeysPrepared(p: PreparedRecord): string[] {
    const keys: string[] = [];
    const given = p.given.first;
    const family = p.family.compact;
    const dob = p.dob && p.dob.month !== undefined && p.dob.day !== undefined ? dateKey(p.dob) : '';
    const postcode = p.postcode?.full ?? p.postcodeText;
    if (p.pnc) keys.push(`pnc:${p.pnc}`);
    if (dob) keys.push(`dob:${dob}`);
    // Each sound worked out once: a bulk load makes keys for millions of records.
    const familySound = family ? soundex(family) : '';
    const formalGivenSound = given ? soundex(formalGivenName(given)) : '';
    if (family && given) {
      keys.push(`nm:${familySound}:${formalGivenSound}`);
      keys.push(`nm:${soundex(given)}:${familySound}`); // swapped names meet their unswapped form
    }
    if (family && p.dob) keys.push(`${FAMILY_YEAR_KEY_PREFIX}${familySound}:${p.dob.year}`);
    if (given && p.dob) keys.push(`${GIVEN_YEAR_KEY_PREFIX}${formalGivenSound}:${p.dob.year}`);
    if (given && postcode) keys.push(`gp:${given[0]}:${postcode}`);
    if (family && postcode) keys.push(`fp:${family[0]}:${postcode}`);
    const house = houseKey(p.address.words);
    if (house && (family || given)) keys.push(`ad:${house}`);
    if (p.phone) keys.push(`ph:${p.phone}`);
    if (p.email) keys.push(`em:${p.email}`);
    return [...new Set(keys)];
  }

  /** The agreement level of each field, before any weighting (EM learns from these). */
  compareLevels(a: PersonRecord, b: PersonRecord): ComparisonVector {
    return this.levelsOf(prepare(a), prepare(b));
  }

  private levelsOf(pa: PreparedRecord, pb: PreparedRecord): ComparisonVector {
    const names = this.compareNames(pa, pb);
    const [first, second] = names.crossed ? CROSSED_NAME_FIELDS : NAME_FIELDS;
    return [
      [first, names.first],
      [second, names.second],
      ['middleName', compareMiddleName(pa.middle, pb.middle)],
      ['dateOfBirth', compareDateOfBirth(pa.dob, pb.dob)],
      ['sex', compareExact(pa.sex, pb.sex)],
      ['postcode', comparePostcodeText(pa.postcode, pb.postcode, pa.postcodeText, pb.postcodeText)],
      ['address', compareAddress(pa.address, pb.address)],
      ['phone', compareExact(pa.phone, pb.phone)],
      ['email', compareEmail(pa.email, pb.email)],
      ['pncId', compareExact(pa.pnc, pb.pnc)],
    ];
  }

  /**
   * Given and family names compared straight, or crossed when that agrees better (recorded the wrong way round,
   * perhaps with a typo as well): one of the crossed names must agree at least closely.
   */
  private compareNames(pa: PreparedRecord, pb: PreparedRecord): NameLevels {
    if (namesSwapped(pa.given, pa.family, pb.given, pb.family)) return SWAPPED;
    const straight: NameLevels = {
      crossed: false,
      first: compareGivenName(pa.given, pb.given, pa.middle, pb.middle),
      second: compareFamilyName(pa.family, pb.family),
    };
    // Both names agreeing in place outweigh any crossed agreement.
    if (straight.first === 'exact' && straight.second === 'exact') return straight;
    let crossedFirst = compareCrossedName(pa.given, pb.family);
    let crossedSecond = compareCrossedName(pa.family, pb.given);
    // One record without a family name whose given name is the other's family name ("Toby" and "Dreckow Toby"): a
    // swap recorded by half, weighed on the one name crossed.
    if (crossedFirst === 'missing' && crossedSecond === 'missing') return straight;
    if (!CLOSE_CROSSED_LEVELS.includes(crossedFirst) && !CLOSE_CROSSED_LEVELS.includes(crossedSecond)) return straight;
    // Only now, for the few pairs that may be crossed: the other name may be a variant or slip of a given name.
    if (crossedFirst === 'different') crossedFirst = crossedGivenNameLevel(pa.given, pb.family);
    if (crossedSecond === 'different') crossedSecond = crossedGivenNameLevel(pa.family, pb.given);
    const crossed: NameLevels = {
      crossed: true,
      first: crossedFirst === 'exact' ? 'swapped' : crossedFirst,
      second: crossedSecond === 'exact' ? 'swapped' : crossedSecond,
    };
    return this.namesWeight(crossed) > this.namesWeight(straight) ? crossed : straight;
  }

  /** What the two names weigh together at these levels. */
  private namesWeight(names: NameLevels): number {
    const [first, second] = names.crossed ? CROSSED_NAME_FIELDS : NAME_FIELDS;
    return this.averageWeight(first, names.first) + this.averageWeight(second, names.second);
  }

  /** log2(m / u) of a field's level (0 for a level without parameters, such as 'missing'). */
  private averageWeight(field: string, level: string): number {
    return this.levelWeights[field as ComparedField]?.[level] ?? 0;
  }

  compare(a: PersonRecord, b: PersonRecord): PairScore {
    return this.comparePrepared(prepare(a), prepare(b));
  }

  comparePrepared(pa: PreparedRecord, pb: PreparedRecord): PairScore {
    const fields = this.fieldsOf(pa, pb);
    const weight = this.weightOfFields(fields);
    const probability = 1 / (1 + 2 ** -weight);
    return { weight, probability, decision: this.decide(probability, fields), fields };
  }

  /**
   * The weight comparePrepared gives, without the decision and without building the comparison: a bulk load weighs
   * a record against several namesakes and decides only on the one that weighs most. Given `floor` (the heaviest
   * weight so far), it is undefined when the pair cannot reach it: the cheap fields (date of birth, sex, postcode,
   * identifiers) are weighed first, with the names and address assumed to agree as well as they can, and the rest
   * only if that bound reaches the floor (most of a crowded name's namesakes do not). Reducing the household's weight
   * (countHouseholdOnce) only lowers the weight, so the bound holds. With name frequencies there is no such bound.
   */
  weightPrepared(pa: PreparedRecord, pb: PreparedRecord, floor = -Infinity): number | undefined {
    if (this.options.nameFrequencies) return this.weightOfFields(this.fieldsOf(pa, pb));
    const levels = this.levelWeights;
    const dateOfBirth = levels.dateOfBirth[compareDateOfBirth(pa.dob, pb.dob)] ?? 0;
    const sex = levels.sex[compareExact(pa.sex, pb.sex)] ?? 0;
    const postcode = levels.postcode[comparePostcodeText(pa.postcode, pb.postcode, pa.postcodeText, pb.postcodeText)] ?? 0;
    const phone = levels.phone[compareExact(pa.phone, pb.phone)] ?? 0;
    const email = levels.email[compareEmail(pa.email, pb.email)] ?? 0;
    const pncId = levels.pncId[compareExact(pa.pnc, pb.pnc)] ?? 0;
    const bound =
      this.parameters.priorWeight +
      this.bestNamesWeight +
      this.bestWeight.middleName +
      dateOfBirth +
      sex +
      postcode +
      this.bestWeight.address +
      phone +
      email +
      pncId;
    // The bound adds the same weights in another order: a pair that weighs the bound exactly may sum a hair above it.
    if (bound + ROUNDING < floor) return undefined;
    const names = this.compareNames(pa, pb);
    const [first, second] = names.crossed ? CROSSED_NAME_FIELDS : NAME_FIELDS;
    const middleName = levels.middleName[compareMiddleName(pa.middle, pb.middle)] ?? 0;
    const address = levels.address[compareAddress(pa.address, pb.address)] ?? 0;
    // Added in the order of the fields, as weightOfFields adds them, so that the sum is the same to the last bit.
    const sum =
      0 +
      (levels[first][names.first] ?? 0) +
      (levels[second][names.second] ?? 0) +
      middleName +
      dateOfBirth +
      sex +
      householdWeight(postcode, address, 'postcode') +
      householdWeight(address, postcode, 'address') +
      phone +
      email +
      pncId;
    return this.parameters.priorWeight + sum;
  }

  private fieldsOf(pa: PreparedRecord, pb: PreparedRecord): FieldComparison[] {
    return this.weighLevels(this.levelsOf(pa, pb), pa);
  }

  /**
   * The fields of a comparison at these levels, weighed as comparePrepared weighs them: for a caller that has the
   * levels of a comparison made elsewhere (the bulk load's linker thread sends them, not the weights). Without name
   * frequencies only: with them, an agreeing name weighs by the record's name, which the levels do not give.
   */
  explainLevels(levels: ComparisonVector): FieldComparison[] {
    if (this.options.nameFrequencies) throw new Error('With name frequencies, a comparison is weighed from its records');
    return this.weighLevels(levels);
  }

  private weighLevels(levels: ComparisonVector, a?: PreparedRecord): FieldComparison[] {
    const fields: FieldComparison[] = levels.map(([field, level]) => ({ field, level, weight: this.weightOf(field, level, a) }));
    countHouseholdOnce(fields);
    return fields;
  }

  private weightOfFields(fields: FieldComparison[]): number {
    return this.parameters.priorWeight + fields.reduce((sum, f) => sum + f.weight, 0);
  }

  private weightOf(field: string, level: string, a: PreparedRecord | undefined): number {
    if (level === 'exact' && this.options.nameFrequencies && a) {
      const probabilities = this.parameters.fields[field]?.[level];
      const share = this.nameShare(field, a);
      if (probabilities && share !== undefined) return log2(probabilities.m / share);
    }
    return this.averageWeight(field, level);
  }

  /** The share of records with this record's name, when a frequency table was given. */
  private nameShare(field: string, a: PreparedRecord): number | undefined {
    const table = this.options.nameFrequencies;
    if (!table) return undefined;
    if (field === 'givenName') return table.givenName.get(a.given.first) ?? table.unseen;
    if (field === 'familyName') return table.familyName.get(a.family.compact) ?? table.unseen;
    return undefined;
  }

  private decide(probability: number, fields: FieldComparison[]): PairDecision {
    const within = evidenceWithinFamily(fields);
    // Same family and household, but the person's own details speak against: a relative, not worth a review.
    if (within !== undefined && within < 0) return 'non-match';
    if (probability >= this.parameters.matchThreshold && !autoLinkRefusal(fields)) return 'match';
    if (probability >= this.parameters.reviewThreshold) return 'review';
    return 'non-match';
  }
}
