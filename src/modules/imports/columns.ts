import type { z } from 'zod';
import { PARTY_ROLES } from '../incidents/schemas.ts';
import { CANONICAL_PERSON_FIELDS } from '../../domain/linkage/record.ts';

/**
 * The CSV column mapping (docs/import.md): one row per incident, one group of columns per party. Every value
 * is passed to the same zod schema as the API, so a row is accepted exactly when the same incident sent as JSON
 * would be. Unknown columns are refused rather than ignored, so a misspelt header never drops data silently.
 */
export const INCIDENT_COLUMNS = [
  'source_reference',
  'reported_at',
  'occurred_at',
  'classification',
  'relationship',
  'location_address',
  'location_postcode',
  'narrative',
] as const;

/** A party's person columns: the canonical person columns, after the party's prefix (victim_given_name). */
export const PERSON_FIELDS = CANONICAL_PERSON_FIELDS;

type PartyRole = (typeof PARTY_ROLES)[number];

/** Column prefix → role, in the order parties appear in the incident. */
export const PARTY_PREFIXES: { prefix: string; role: PartyRole; child?: true }[] = [
  { prefix: 'victim', role: 'victim' },
  { prefix: 'suspect', role: 'suspect' },
  ...[1, 2, 3, 4].map((n) => ({ prefix: `child${n}`, role: 'child' as const, child: true as const })),
  { prefix: 'witness1', role: 'witness' },
  { prefix: 'witness2', role: 'witness' },
];

const DASH_QUESTIONS = Array.from({ length: 27 }, (_, i) => `dash_${i + 1}`);

export const REQUIRED_COLUMNS = ['source_reference', 'reported_at', 'classification', 'victim_given_name', 'victim_family_name'];

export const KNOWN_COLUMNS: ReadonlySet<string> = new Set([
  ...INCIDENT_COLUMNS,
  ...PARTY_PREFIXES.flatMap(({ prefix, child }) => [
    ...Object.keys(PERSON_FIELDS).map((f) => `${prefix}_${f}`),
    ...(child ? [`${prefix}_school`, `${prefix}_present`] : []),
  ]),
  ...DASH_QUESTIONS,
  'dash_officer_grade',
]);

/** Why a header cannot be imported, or undefined when it can. */
export function headerProblem(header: string[]): string | undefined {
  const names = header.map((h) => h.trim().toLowerCase());
  const unknown = names.filter((n) => !KNOWN_COLUMNS.has(n));
  if (unknown.length) return `unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.slice(0, 5).join(', ')} (see docs/import.md)`;
  const duplicated = names.filter((n, i) => names.indexOf(n) !== i);
  if (duplicated.length) return `column ${duplicated[0]} appears more than once`;
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length) return `missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`;
  return undefined;
}

const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0']);
const DONT_KNOW = new Set(['dont-know', "don't know", 'dont know', 'dk', 'not known']);

export type RowConversion = { ok: true; incident: unknown; partyPrefixes: string[] } | { ok: false; reason: string };

/**
 * One CSV record (values in header order) as the API's incident body. Only shape is decided here (which
 * party exists, yes/no words); every rule about the values is left to incidentSchema.
 */
export function incidentFromCsv(header: string[], values: string[], sourceSystem: string): RowConversion {
  if (values.length !== header.length) {
    return { ok: false, reason: `the row has ${values.length} fields but the header has ${header.length}` };
  }
  const row = new Map(header.map((h, i) => [h.trim().toLowerCase(), values[i].trim()]));
  const value = (column: string) => row.get(column) || undefined;
  const problems: string[] = [];

  const partyPrefixes: string[] = [];
  const parties = PARTY_PREFIXES.flatMap(({ prefix, role, child }) => {
    const person = Object.fromEntries(
      Object.entries(PERSON_FIELDS)
        .map(([column, field]) => [field, value(`${prefix}_${column}`)])
        .filter(([, v]) => v !== undefined),
    );
    const school = child ? value(`${prefix}_school`) : undefined;
    const presentText = child ? value(`${prefix}_present`) : undefined;
    if (!Object.keys(person).length && !school && !presentText) return [];
    let present: boolean | undefined;
    if (presentText !== undefined) {
      const word = presentText.toLowerCase();
      if (YES.has(word)) present = true;
      else if (NO.has(word)) present = false;
      else problems.push(`${prefix}_present: must be yes or no`);
    }
    partyPrefixes.push(prefix);
    // Names are always sent, empty if missing, so the schema's own "is required" message names the cell.
    Object.assign(person, { givenName: person.givenName ?? '', familyName: person.familyName ?? '' });
    return [{ role, person, ...(present === undefined ? {} : { present }), ...(school ? { school } : {}) }];
  });

  const answers: Record<string, string> = {};
  DASH_QUESTIONS.forEach((column, i) => {
    const answer = value(column)?.toLowerCase();
    if (answer === undefined) return;
    if (YES.has(answer)) answers[String(i + 1)] = 'yes';
    else if (NO.has(answer)) answers[String(i + 1)] = 'no';
    else if (DONT_KNOW.has(answer)) answers[String(i + 1)] = 'dont-know';
    else problems.push(`${column}: must be yes, no or dont-know`);
  });
  const officerGrade = value('dash_officer_grade')?.toLowerCase();
  const assessed = Object.keys(answers).length > 0 || officerGrade !== undefined;

  if (problems.length) return { ok: false, reason: problems.join('; ') };
  const address = value('location_address');
  const postcode = value('location_postcode');
  return {
    ok: true,
    partyPrefixes,
    incident: {
      sourceSystem,
      sourceReference: value('source_reference') ?? '',
      reportedAt: value('reported_at') ?? '',
      occurredAt: value('occurred_at'),
      location: address || postcode ? { address: address ?? '', postcode } : undefined,
      classification: value('classification') ?? '',
      relationship: value('relationship'),
      narrative: value('narrative'),
      parties,
      riskAssessment: assessed ? { instrument: 'dash-2009', answers, officerGrade } : undefined,
    },
  };
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A schema path named as the CSV column that holds the value, so a quarantine reason points at the cell. */
export function csvColumnOf(path: PropertyKey[], partyPrefixes: string[]): string {
  const [head, ...rest] = path.map(String);
  if (head === 'parties' && rest.length === 0) return 'victim_given_name';
  if (head === 'parties') {
    const prefix = partyPrefixes[Number(rest[0])] ?? `party ${rest[0]}`;
    const field = rest[1] === 'person' ? rest[2] : rest[1];
    return field ? `${prefix}_${snake(field)}` : prefix;
  }
  if (head === 'location') return `location_${rest[0] ?? 'address'}`;
  if (head === 'riskAssessment')
    return rest[0] === 'answers' && rest[1] ? `dash_${rest[1]}` : rest[0] === 'officerGrade' ? 'dash_officer_grade' : 'dash';
  return snake(head);
}

/** zod issues as one line: "column: message; column: message". */
export function reasonOf(error: z.ZodError, nameOf: (path: PropertyKey[]) => string): string {
  const seen = new Set<string>();
  return error.issues
    .map((i) => `${nameOf(i.path)}: ${i.message}`)
    .filter((line) => !seen.has(line) && seen.add(line))
    .join('; ');
}
