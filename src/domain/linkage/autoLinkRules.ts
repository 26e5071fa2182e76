import type { FieldComparison, PairScore } from './record.ts';
import { STANDARD_PARAMETERS, type FellegiSunterParameters } from './parameters.ts';

/*
 * The auto-link rules: what keeps a probable pair from being linked without a research assistant (a contradicting
 * field, given names that differ, a near date of birth or another surname uncorroborated), why a pair is sent for
 * review, and how a mention's comparisons with one person's records combine into one.
 */

/** Fields that say who the person is within a family, as opposed to which family (surname) and household. */
const PERSONAL_FIELDS = new Set(['givenName', 'middleName', 'dateOfBirth', 'sex', 'phone', 'email', 'pncId']);
/**
 * Evidence the personal fields must give when surname and household already agree: a given name that agrees or
 * nearly agrees gives it, a date of birth that agrees gives it, a different given name with a near date of birth
 * (a brother or sister) does not.
 */
const PERSONAL_EVIDENCE_WITHIN_FAMILY = 3;

/** Levels that show two different people, whatever the rest says (also used to keep clusters apart). */
export function contradictingField(fields: FieldComparison[]): FieldComparison | undefined {
  // A national identifier that agrees outweighs a mistyped date or name: relatives never share one.
  if (fields.some((f) => f.field === 'pncId' && f.level === 'exact')) return undefined;
  return fields.find(
    (f) =>
      // Two full dates of birth a generation apart: a father and son (or mother and daughter) often share names,
      // address and phone, and merging them is the worst error. Dates closer than that cannot be parent and child,
      // and siblings do not share a given name, so they count only as (strong) evidence against.
      (f.field === 'dateOfBirth' && f.level === 'generation-apart') ||
      // Two middle names that differ: the same first name in one household is a father and son.
      (f.field === 'middleName' && f.level === 'different'),
  );
}

/**
 * Why a pair, however probable, is not linked without a person looking (undefined: nothing refuses it): a
 * contradicting field, nothing that identifies one person, a near date of birth or another surname uncorroborated,
 * or surname and household agreeing (one family) without enough evidence that it is the same member of that family.
 * The model's fields assume independence; within a family they are not independent, so siblings would otherwise link.
 */
export function autoLinkRefusal(fields: FieldComparison[]): AutoLinkRefusal | undefined {
  const contradicting = contradictingField(fields);
  if (contradicting) return contradicting.field === 'dateOfBirth' ? 'generation-apart' : 'middle-names-differ';
  if (givenNamesDiffer(fields)) return levelOf(fields, 'givenName') === 'other-name' ? 'different-given-names' : 'swapped-name-differs';
  if (!fields.some(identifiesThePerson)) return 'nothing-identifying';
  if (levelOf(fields, 'pncId') !== 'exact') {
    if (nearDateUncorroborated(fields)) return 'near-date-uncorroborated';
    if (otherSurnameUncorroborated(fields)) return 'other-surname-uncorroborated';
  }
  const within = evidenceWithinFamily(fields);
  return within !== undefined && within < PERSONAL_EVIDENCE_WITHIN_FAMILY ? 'same-family' : undefined;
}

/** The rules that keep a probable pair from being linked automatically (autoLinkRefusal). */
export type AutoLinkRefusal =
  | 'generation-apart'
  | 'different-given-names'
  | 'swapped-name-differs'
  | 'middle-names-differ'
  | 'nothing-identifying'
  | 'near-date-uncorroborated'
  | 'other-surname-uncorroborated'
  | 'same-family';

/**
 * Why a pair was not linked automatically: a rule refused it (autoLinkRefusal, named first because it says more), or
 * the evidence fell short of the match threshold. Undefined for a pair that would be linked.
 */
export function reviewReason(
  probability: number,
  fields: FieldComparison[],
  parameters: Pick<FellegiSunterParameters, 'matchThreshold'> = STANDARD_PARAMETERS,
): ReviewReason | undefined {
  return autoLinkRefusal(fields) ?? (probability < parameters.matchThreshold ? 'not-enough-evidence' : undefined);
}

export type ReviewReason = AutoLinkRefusal | 'not-enough-evidence';

/**
 * Names, sex and a street are shared by many people in a force's area (two Peter Smiths, two Amanda Williamses in
 * one town). A pair is linked without a person looking only when something that identifies one person agrees as
 * well: the date of birth (or a typo of it), the same house, a phone number, an email address or a PNC ID.
 */
const IDENTIFYING_LEVELS: Record<string, readonly string[]> = {
  dateOfBirth: ['exact', 'day-month-swap', 'one-digit', 'two-digits'],
  address: ['exact', 'same-house'],
  phone: ['exact'],
  email: ['exact', 'same-user'],
  pncId: ['exact'],
};

const levelOf = (fields: FieldComparison[], field: string) => fields.find((f) => f.field === field)?.level ?? 'missing';

const NEAR_DATE_LEVELS: readonly string[] = ['day-month-swap', 'one-digit', 'two-digits'];

/**
 * A date of birth a typo away from the other, with nothing of the person's own life agreeing as well (the same house,
 * or the same postcode where no address is given, a phone, an email, a middle name). In a force of a million
 * incidents a common full name has namesakes born a digit apart: of such links made on names and the near date
 * alone, 8,865 of 12,813 joined two people (bench, 2026-11-23). They go to a research assistant instead.
 */
function nearDateUncorroborated(fields: FieldComparison[]): boolean {
  if (!NEAR_DATE_LEVELS.includes(levelOf(fields, 'dateOfBirth'))) return false;
  const address = levelOf(fields, 'address');
  const corroborated =
    address === 'exact' ||
    address === 'same-house' ||
    (address === 'missing' && levelOf(fields, 'postcode') === 'exact') ||
    levelOf(fields, 'phone') === 'exact' ||
    ['exact', 'same-user'].includes(levelOf(fields, 'email')) ||
    levelOf(fields, 'middleName') === 'exact';
  return !corroborated;
}

/**
 * Another surname (not a variant or a part of it) is a married or former name only if the date of birth says it is
 * the same woman or man: the same given name at the same house with another surname and no agreeing date is a
 * lodger, a relative or a namesake (none of 142 such links in the bench was right).
 */
function otherSurnameUncorroborated(fields: FieldComparison[]): boolean {
  if (levelOf(fields, 'familyName') !== 'different') return false;
  const dob = levelOf(fields, 'dateOfBirth');
  return dob !== 'exact' && !NEAR_DATE_LEVELS.includes(dob);
}

function identifiesThePerson(f: FieldComparison): boolean {
  return IDENTIFYING_LEVELS[f.field]?.includes(f.level) ?? false;
}

/**
 * Given names that clearly differ (not a variant, a slip, an initial, a swap or a middle name recorded first), however
 * much else agrees: twins share surname, date of birth, address and a phone, and merging two people is the worst
 * error linkage can make. Only a PNC ID agreeing outweighs it (the pair page still shows the names differing).
 */
export function givenNamesDiffer(fields: FieldComparison[]): boolean {
  if (levelOf(fields, 'pncId') === 'exact') return false;
  if (levelOf(fields, 'givenName') === 'other-name') return true;
  // Names compared crossed, one of them agreeing and the other not: which of the two is the given name the records
  // do not say, so it may be the one that differs ("Eloise Hnae" and "Hane Platn", her twin brother).
  return fields.some((f) => f.field === 'swappedNames' && f.level === 'different');
}

/** When surname and household agree (one family), the evidence of the personal fields; otherwise undefined. */
export function evidenceWithinFamily(fields: FieldComparison[]): number | undefined {
  const positive = (field: string) => fields.some((f) => f.field === field && f.weight > 0);
  if (!positive('familyName') || !(positive('postcode') || positive('address'))) return undefined;
  return fields.filter((f) => PERSONAL_FIELDS.has(f.field)).reduce((sum, f) => sum + f.weight, 0);
}

/**
 * Whether the given names of a comparison agree as one person's can: at any level but missing or clearly different
 * (a variant, a slip, an initial), or names recorded the other way round.
 */
export function givenNamesAgree(fields: FieldComparison[]): boolean {
  const given = levelOf(fields, 'givenName');
  if (given !== 'missing') return given !== 'other-name';
  return fields.some((f) => f.field === 'swappedNames' && f.level !== 'missing' && f.level !== 'different');
}

/**
 * Whether two groups of records, each taken for one person, are kept apart by their given names: a record of one
 * has a given name that clearly differs from a record of the other (givenNamesDiffer), and the difference is not
 * bridged by a PNC ID. Pairs alone do not show it: "Chris Whitfield" agrees with Christopher and with Christine, his
 * twin, and a record without a given name agrees with anyone; linked pair by pair, they would make the twins one
 * person. The one bridge is the PNC ID's exception: Mia's record is in a group because its PNC ID is that of
 * Luke's, and a later "Luke" (without it) agrees with that Luke's record. `fieldsOf(i, j)` compares record i of the
 * first group with record j of the second (undefined when not compared); `pncA` and `pncB` are the records'
 * normalised PNC IDs ('' for none).
 */
export function keptApartByGivenNames(
  pncA: readonly string[],
  pncB: readonly string[],
  fieldsOf: (i: number, j: number) => FieldComparison[] | undefined,
): boolean {
  const differing: [number, number][] = [];
  const agreeing: [number, number][] = [];
  for (let i = 0; i < pncA.length; i++) {
    for (let j = 0; j < pncB.length; j++) {
      const fields = fieldsOf(i, j);
      if (!fields) continue;
      if (givenNamesDiffer(fields)) differing.push([i, j]);
      else if (givenNamesAgree(fields)) agreeing.push([i, j]);
    }
  }
  // i differs from j, but agrees with another record of j's group that has j's PNC ID (or the other way round).
  const bridged = ([i, j]: [number, number]) =>
    agreeing.some(
      ([ai, aj]) =>
        (ai === i && aj !== j && pncB[j] !== '' && pncB[aj] === pncB[j]) ||
        (aj === j && ai !== i && pncA[i] !== '' && pncA[ai] === pncA[i]),
    );
  return differing.some((pair) => !bridged(pair));
}

/**
 * The comparison that speaks for a person, from the comparisons of a record with each of that person's records
 * (with the normalised PNC IDs of the record and of the person's records, in the same order): the heaviest, unless it would link the record while the person's records keep it
 * apart by given names (keptApartByGivenNames: another of them has a clearly different given name). Then the
 * heaviest of those that differ speaks, and the pair is proposed as likely relatives, not linked.
 */
export function personComparison(comparisons: readonly PairScore[], recordPnc = '', knownPncs: readonly string[] = []): PairScore {
  const heaviest = comparisons.reduce((a, b) => (b.weight > a.weight ? b : a));
  if (heaviest.decision !== 'match' || comparisons.length < 2) return heaviest;
  const pncs = comparisons.map((_, j) => knownPncs[j] ?? '');
  if (!keptApartByGivenNames([recordPnc], pncs, (_, j) => comparisons[j].fields)) return heaviest;
  return comparisons.filter((c) => givenNamesDiffer(c.fields)).reduce((a, b) => (b.weight > a.weight ? b : a));
}
