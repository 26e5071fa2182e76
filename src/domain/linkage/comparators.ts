import { jaroWinkler } from './jaroWinkler.ts';
import { areNameVariants, formalGivenName, spelledVariantsOf } from './nicknames.ts';
import { compactName, nameParts, type NormalisedDate, type NormalisedPostcode, soundex } from './normalise.ts';

/** Each comparator returns the agreement level of one field; 'missing' when either side lacks it. */

/** A normalised name in the forms the comparators use, worked out once per record (one record meets many). */
export interface NameForm {
  text: string;
  /** Without spaces or hyphens: "smithjones". */
  compact: string;
  parts: readonly string[];
  /** The first part: a given name's first name. */
  first: string;
}

export function nameForm(normalised: string): NameForm {
  const parts = nameParts(normalised);
  return { text: normalised, compact: compactName(normalised), parts, first: parts[0] ?? '' };
}

/** A comparator takes a normalised name, or its forms when the caller has them already. */
type Name = string | NameForm;
const formOf = (name: Name): NameForm => (typeof name === 'string' ? nameForm(name) : name);

/**
 * Given names: the first names agree, are variants of one name (the nickname table), agree closely in spelling or
 * sound, or one is an initial of the other; 'different' when they differ only as a slip could make them differ (one
 * or two edits, a transposition, a middle name recorded as the first: `middleA`/`middleB` when known); 'other-name'
 * when they clearly differ. Two records at one address whose given names clearly differ are most often relatives
 * (twins share a date of birth as well), and autoLinkRefusal never links them without a person deciding.
 */
export function compareGivenName(givenA: Name, givenB: Name, middleA?: Name, middleB?: Name): string {
  const a = formOf(givenA);
  const b = formOf(givenB);
  if (!a.text || !b.text) return 'missing';
  const fa = a.first;
  const fb = b.first;
  if (a.compact === b.compact || fa === fb) return 'exact';
  if (areNameVariants(fa, fb) || formalGivenName(fa) === formalGivenName(fb)) return 'variant';
  const slip =
    withinTwoEdits(fa, fb) ||
    withinTwoEdits(a.compact, b.compact) ||
    middleNameAsFirst(a, b, middleA, middleB) ||
    variantWithATypo(fa, fb) ||
    variantWithATypo(fb, fa);
  const jw = jaroWinkler(fa, fb);
  if (jw >= 0.92) return slip ? 'jw-0.92' : 'other-name';
  if (fa.length === 1 || fb.length === 1) return fa[0] === fb[0] ? 'initial' : 'other-name';
  if (!slip) return 'other-name';
  if (jw >= 0.85) return 'jw-0.85';
  if (soundex(fa) === soundex(fb)) return 'phonetic';
  return 'different';
}

/** Whether two given names clearly differ (compareGivenName's 'other-name'): not a variant, a slip, an initial. */
export function givenNamesClearlyDiffer(givenA: Name, givenB: Name, middleA?: Name, middleB?: Name): boolean {
  return compareGivenName(givenA, givenB, middleA, middleB) === 'other-name';
}

/**
 * One person's first name recorded second: "Jane Louise" and "Louise", or given "Jane", middle "Louise" and "Louise"
 * (or "Louisa": a name of four letters or more may carry a slip of one letter as well).
 */
function middleNameAsFirst(a: NameForm, b: NameForm, middleA?: Name, middleB?: Name): boolean {
  const recordedSecond = (given: NameForm, middle: Name | undefined, first: string) => {
    const names = middle ? [...given.parts.slice(1), ...formOf(middle).parts] : given.parts.slice(1);
    return names.some((name) => name === first || (name.length >= 4 && first.length >= 4 && withinOneEdit(name, first)));
  };
  return recordedSecond(a, middleA, b.first) || recordedSecond(b, middleB, a.first);
}

/**
 * One name is a typo of a variant of the other: "Mickey" and "Micharl" (Michael), "Livvy" and "Oliva" (Olivia), "Dani"
 * and "Daniwlle" (Danielle). One edit or transposition from a form of five letters or more, so that a short form
 * does not make a sibling's name a slip (John's "Jack" is one letter from "Jake").
 */
function variantWithATypo(a: string, b: string): boolean {
  const forms = spelledVariantsOf(a);
  if (!forms) return false;
  for (const form of forms) if (withinOneEdit(form, b)) return true;
  return false;
}

/** At most one edit apart (an insertion, deletion, substitution or adjacent transposition). */
export function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (la === lb) {
    let i = 0;
    while (i < la && a[i] === b[i]) i++;
    if (i === la) return true;
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  if (Math.abs(la - lb) !== 1) return false;
  const [short, long] = la < lb ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}

/** At most two edits apart (insertions, deletions, substitutions, adjacent transpositions): a typing slip. */
export function withinTwoEdits(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 2) return false;
  // Optimal string alignment distance, rows of the full table.
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current.push(d);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] <= 2;
}

export function compareFamilyName(familyA: Name, familyB: Name): string {
  const a = formOf(familyA);
  const b = formOf(familyB);
  if (!a.text || !b.text) return 'missing';
  if (a.compact === b.compact) return 'exact';
  const jw = jaroWinkler(a.compact, b.compact);
  if (jw >= 0.92) return 'jw-0.92';
  // Double-barrelled or multi-part names: "Smith-Jones" and "Jones".
  if (a.parts.some((p) => p.length > 1 && b.parts.includes(p))) return 'part';
  if (jw >= 0.85) return 'jw-0.85';
  if (soundex(a.text) === soundex(b.text)) return 'phonetic';
  return 'different';
}

/**
 * Middle names: full names or initials. "T" and "Thomas" agree as far as an initial can; "Thomas" and "Daniel" are
 * different people more often than a slip (a father and son who share a first name rarely share a middle name).
 */
export function compareMiddleName(middleA: Name, middleB: Name): string {
  const a = formOf(middleA);
  const b = formOf(middleB);
  if (!a.text || !b.text) return 'missing';
  const fa = a.first;
  const fb = b.first;
  if (a.compact === b.compact || fa === fb) return fa.length === 1 ? 'initial' : 'exact';
  if (fa.length === 1 || fb.length === 1) return fa[0] === fb[0] ? 'initial' : 'different';
  if (areNameVariants(fa, fb) || jaroWinkler(fa, fb) >= 0.9) return 'exact';
  return 'different';
}

/** How closely a name recorded in one place agrees with a name recorded in the other (for names swapped over). */
export function compareCrossedName(nameA: Name, nameB: Name): string {
  const a = formOf(nameA);
  const b = formOf(nameB);
  if (!a.text || !b.text) return 'missing';
  if (a.compact === b.compact) return 'exact';
  const jw = jaroWinkler(a.compact, b.compact);
  if (jw >= 0.92) return 'jw-0.92';
  if (jw >= 0.85) return 'jw-0.85';
  return 'different';
}

/** Given and family names recorded the other way round. */
export function namesSwapped(givenA: Name, familyA: Name, givenB: Name, familyB: Name): boolean {
  const ga = formOf(givenA);
  const fa = formOf(familyA);
  const gb = formOf(givenB);
  const fb = formOf(familyB);
  if (!ga.text || !fa.text || !gb.text || !fb.text) return false;
  return ga.compact === fb.compact && fa.compact === gb.compact && ga.text !== fa.text;
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
  if (a.year === b.year && a.month === b.month && a.day === b.day) return 'exact';
  if (a.year === b.year && a.day === b.month && a.month === b.day) return 'day-month-swap';
  // A generation apart even when one digit of the year would make the two agree (1960 and 1980, a father and son
  // with one birthday): taking it for a typo would merge two people of one name and house.
  if (Math.abs(a.year - b.year) >= GENERATION_YEARS) return 'generation-apart';
  const da = completeDateDigits(a);
  const db = completeDateDigits(b);
  const differences = differingPositions(da, db);
  if (differences === 1) return 'one-digit';
  // Two neighbouring digits typed the wrong way round (1956 → 1965). Any other two digits apart (02 June and
  // 26 June) is as likely a neighbour of the same age as a mistake, so it is not evidence of the same person.
  if (differences === 2 && adjacentTransposition(da, db)) return 'two-digits';
  if (a.year === b.year) return 'year';
  return 'different';
}

/** A complete date as its eight digits, YYYYMMDD (a normalised year has four). */
function completeDateDigits(d: NormalisedDate): string {
  return String(d.year * 10000 + d.month! * 100 + d.day!);
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
/** An address's words as compared: the words, the same sorted into one string, and its house or flat numbers. */
export interface ComparableAddress {
  words: readonly string[];
  sorted: string;
  numbers: readonly string[];
}

/** Worked out once per record, since one record is compared with many. */
export function comparableAddress(words: readonly string[]): ComparableAddress {
  return { words, sorted: [...words].sort().join(' '), numbers: words.filter(isHouseNumber) };
}

export function compareAddress(a: readonly string[] | ComparableAddress, b: readonly string[] | ComparableAddress): string {
  const pa = 'sorted' in a ? a : comparableAddress(a);
  const pb = 'sorted' in b ? b : comparableAddress(b);
  if (!pa.words.length || !pb.words.length) return 'missing';
  if (pa.sorted === pb.sorted) return 'exact';
  // Both give house or flat numbers and none agree: at most the same street, i.e. neighbours, not one household.
  const numbersA = pa.numbers;
  const numbersB = pb.numbers;
  const otherNumber = numbersA.length > 0 && numbersB.length > 0 && !numbersA.some((n) => numbersB.includes(n));
  const unused = [...pb.words];
  let agreeing = 0;
  for (const word of pa.words) {
    let index = unused.indexOf(word);
    if (index < 0 && word.length >= 4) index = unused.findIndex((w) => w.length >= 4 && jaroWinkler(word, w) >= 0.9);
    if (index < 0) continue;
    agreeing++;
    unused.splice(index, 1);
  }
  const share = (2 * agreeing) / (pa.words.length + pb.words.length);
  if (otherNumber) return share >= 0.4 ? 'other-number' : 'different';
  // Most words agree, the house number among them: one house written two ways ("129 Lucienne Bank, Gibsonworth").
  if (share >= 0.75 && numbersA.length > 0 && numbersB.length > 0) return 'same-house';
  if (share >= 0.75) return 'most';
  if (share >= 0.4) return 'some';
  return 'different';
}

/**
 * The house an address names, as its last number followed by a word ("Flat 3, 64 Wood Street" → "64:wood"), or ''
 * when it gives none: the blocking key that brings together two records of one person at one house when either lacks
 * the postcode or the date of birth.
 */
export function houseKey(words: readonly string[]): string {
  let key = '';
  for (let i = 0; i + 1 < words.length; i++)
    if (isHouseNumber(words[i]) && !isHouseNumber(words[i + 1])) key = `${words[i]}:${words[i + 1]}`;
  return key;
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
