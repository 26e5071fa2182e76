import { jaroWinkler } from './jaroWinkler.ts';
import { areNameVariants, formalGivenName } from './nicknames.ts';
import { compactName, dateKey, nameParts, type NormalisedDate, type NormalisedPostcode, soundex } from './normalise.ts';

/** Each comparator returns the agreement level of one field; 'missing' when either side lacks it. */

export function compareGivenName(a: string, b: string): string {
  if (!a || !b) return 'missing';
  const [fa] = nameParts(a);
  const [fb] = nameParts(b);
  if (compactName(a) === compactName(b) || fa === fb) return 'exact';
  if (areNameVariants(fa, fb) || formalGivenName(fa) === formalGivenName(fb)) return 'variant';
  const jw = jaroWinkler(fa, fb);
  if (jw >= 0.92) return 'jw-0.92';
  if (fa.length === 1 || fb.length === 1) return fa[0] === fb[0] ? 'initial' : 'different';
  if (jw >= 0.85) return 'jw-0.85';
  if (soundex(fa) === soundex(fb)) return 'phonetic';
  return 'different';
}

export function compareFamilyName(a: string, b: string): string {
  if (!a || !b) return 'missing';
  if (compactName(a) === compactName(b)) return 'exact';
  const pa = nameParts(a);
  const pb = nameParts(b);
  const jw = jaroWinkler(compactName(a), compactName(b));
  if (jw >= 0.92) return 'jw-0.92';
  // Double-barrelled or multi-part names: "Smith-Jones" and "Jones".
  if (pa.some((p) => p.length > 1 && pb.includes(p))) return 'part';
  if (jw >= 0.85) return 'jw-0.85';
  if (soundex(a) === soundex(b)) return 'phonetic';
  return 'different';
}

/**
 * Middle names: full names or initials. "T" and "Thomas" agree as far as an initial can; "Thomas" and "Daniel" are
 * different people more often than a slip (a father and son who share a first name rarely share a middle name).
 */
export function compareMiddleName(a: string, b: string): string {
  if (!a || !b) return 'missing';
  const [fa] = nameParts(a);
  const [fb] = nameParts(b);
  if (compactName(a) === compactName(b) || fa === fb) return fa.length === 1 ? 'initial' : 'exact';
  if (fa.length === 1 || fb.length === 1) return fa[0] === fb[0] ? 'initial' : 'different';
  if (areNameVariants(fa, fb) || jaroWinkler(fa, fb) >= 0.9) return 'exact';
  return 'different';
}

/** How closely a name recorded in one place agrees with a name recorded in the other (for names swapped over). */
export function compareCrossedName(a: string, b: string): string {
  if (!a || !b) return 'missing';
  if (compactName(a) === compactName(b)) return 'exact';
  const jw = jaroWinkler(compactName(a), compactName(b));
  if (jw >= 0.92) return 'jw-0.92';
  if (jw >= 0.85) return 'jw-0.85';
  return 'different';
}

/** Given and family names recorded the other way round. */
export function namesSwapped(givenA: string, familyA: string, givenB: string, familyB: string): boolean {
  if (!givenA || !familyA || !givenB || !familyB) return false;
  return compactName(givenA) === compactName(familyB) && compactName(familyA) === compactName(givenB) && givenA !== familyA;
}

function differingPositions(a: string, b: string): number {
  if (a.length !== b.length) return Infinity;
  let differences = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differences++;
  return differences;
}

function adjacentTransposition(a: string, b: string): boolean {
  for (let i = 0; i + 1 < a.length; i++) {
    if (a[i] === b[i]) continue;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return false;
}

function differsByOneDigit(a: string, b: string): boolean {
  return differingPositions(a, b) === 1;
}

export function compareDateOfBirth(a: NormalisedDate | undefined, b: NormalisedDate | undefined): string {
  if (!a || !b) return 'missing';
  const complete = a.month !== undefined && a.day !== undefined && b.month !== undefined && b.day !== undefined;
  if (!complete) {
    if (a.year !== b.year) return 'different';
    return a.month === undefined || b.month === undefined || a.month === b.month ? 'year' : 'different';
  }
  const ka = dateKey(a);
  const kb = dateKey(b);
  if (ka === kb) return 'exact';
  if (a.year === b.year && a.day === b.month && a.month === b.day) return 'day-month-swap';
  const da = ka.replace(/-/g, '');
  const db = kb.replace(/-/g, '');
  const differences = differingPositions(da, db);
  if (differences === 1) return 'one-digit';
  // Two neighbouring digits typed the wrong way round (1956 → 1965). Any other two digits apart (02 June and
  // 26 June) is as likely a neighbour of the same age as a mistake, so it is not evidence of the same person.
  if (differences === 2 && adjacentTransposition(da, db)) return 'two-digits';
  if (a.year === b.year) return 'year';
  // A parent and child are this many years apart or more; a person's own dates, mistyped, may be anything.
  return Math.abs(a.year - b.year) >= GENERATION_YEARS ? 'generation-apart' : 'different';
}

/** The smallest gap between the birth years of a parent and their child that the model assumes. */
export const GENERATION_YEARS = 14;

export function comparePostcode(a: NormalisedPostcode | undefined, b: NormalisedPostcode | undefined): string {
  if (!a || !b) return 'missing';
  if (a.full === b.full) return 'exact';
  if (a.sector === b.sector) return 'sector';
  if (a.district === b.district) return 'district';
  return 'different';
}

export function compareExact(a: string, b: string): string {
  if (!a || !b) return 'missing';
  return a === b ? 'exact' : 'different';
}

/**
 * Addresses as sets of words, each word agreeing if spelt the same or within a typo (Jaro–Winkler ≥ 0.9, words of
 * four letters or more): the Dice share of agreeing words gives the level, so word order and abbreviations that
 * drop a word cost little.
 */
export function compareAddress(a: string[], b: string[]): string {
  if (!a.length || !b.length) return 'missing';
  const sortedA = [...a].sort().join(' ');
  const sortedB = [...b].sort().join(' ');
  if (sortedA === sortedB) return 'exact';
  // Both give house or flat numbers and none agree: at most the same street, i.e. neighbours, not one household.
  const numbersA = a.filter(isHouseNumber);
  const numbersB = b.filter(isHouseNumber);
  const otherNumber = numbersA.length > 0 && numbersB.length > 0 && !numbersA.some((n) => numbersB.includes(n));
  const unused = [...b];
  let agreeing = 0;
  for (const word of a) {
    let index = unused.indexOf(word);
    if (index < 0 && word.length >= 4) index = unused.findIndex((w) => w.length >= 4 && jaroWinkler(word, w) >= 0.9);
    if (index < 0) continue;
    agreeing++;
    unused.splice(index, 1);
  }
  const share = (2 * agreeing) / (a.length + b.length);
  if (otherNumber) return share >= 0.4 ? 'other-number' : 'different';
  // Most words agree, the house number among them: one house written two ways ("129 Lucienne Bank, Gibsonworth").
  if (share >= 0.75 && numbersA.length > 0 && numbersB.length > 0) return 'same-house';
  if (share >= 0.75) return 'most';
  if (share >= 0.4) return 'some';
  return 'different';
}

/** 12, 12a, 3b: a house or flat number token of a normalised address. */
function isHouseNumber(token: string): boolean {
  return /^\d+[a-z]?$/.test(token);
}

/** UK postcodes by sector and district; others only exact or different. */
export function comparePostcodeText(
  a: NormalisedPostcode | undefined,
  b: NormalisedPostcode | undefined,
  rawA: string,
  rawB: string,
): string {
  if (a && b) return comparePostcode(a, b);
  if (!rawA || !rawB) return 'missing';
  if (rawA === rawB) return 'exact';
  return differsByOneDigit(rawA, rawB) ? 'one-character' : 'different';
}

export function compareEmail(a: string, b: string): string {
  if (!a || !b) return 'missing';
  if (a === b) return 'exact';
  return a.split('@')[0] === b.split('@')[0] ? 'same-user' : 'different';
}
