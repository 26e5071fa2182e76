import { PARTY_ROLES } from '../incidents/index.ts';
import { CANONICAL_PERSON_FIELDS } from '../../domain/linkage/record.ts';
import { csvShape, partyOfPrefix, type RowPlaces } from './reasons.ts';

/**
 * The CSV column mapping (docs/import.md): one row per incident, one group of columns per party, and the officer's
 * questionnaire (any published instrument version) in instrument, answer_N and officer_ columns. Every value
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

/** The officer's questionnaire: which instrument version was answered, the grade and why (riskAssessment.*). */
export const ASSESSMENT_COLUMNS = ['instrument', 'instrument_version', 'officer_grade', 'officer_rationale'] as const;

export const KNOWN_COLUMNS: ReadonlySet<string> = new Set([
  ...INCIDENT_COLUMNS,
  ...PARTY_PREFIXES.flatMap(({ prefix, child }) => [
    ...Object.keys(PERSON_FIELDS).map((f) => `${prefix}_${f}`),
    ...(child ? [`${prefix}_school`, `${prefix}_present`] : []),
  ]),
  ...DASH_QUESTIONS,
  'dash_officer_grade',
  ...ASSESSMENT_COLUMNS,
]);

/**
 * answer_<question id> and comment_<question id>: the answers (and comments) of whichever instrument the row names,
 * keyed by that version's own question ids ("answer_3", "answer_28" for a force's added question).
 */
const QUESTION_COLUMN = /^(answer|comment)_([a-z0-9._-]{1,20})$/;

export const isKnownColumn = (name: string) => KNOWN_COLUMNS.has(name) || QUESTION_COLUMN.test(name);

/** Why a header cannot be imported, or undefined when it can. */
export function headerProblem(header: string[]): string | undefined {
  const names = header.map((h) => h.trim().toLowerCase());
  const unknown = names.filter((n) => !isKnownColumn(n));
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

/** Which columns of a row hold what, so a schema or intake problem can name the cell it is about. */
export interface CsvLayout {
  partyPrefixes: string[];
  /** Question id → the column its answer came from (dash_3 or answer_3). */
  answerColumns: Record<string, string>;
  gradeColumn: string;
}

export type RowConversion = { ok: true; incident: unknown; layout: CsvLayout } | { ok: false; reason: string };

/**
 * One CSV record (values in header order) as the API's incident body. Only shape is decided here (which
 * party exists, yes/no words); every rule about the values is left to incidentSchema.
 */
export function incidentFromCsv(header: string[], values: string[], sourceSystem: string): RowConversion {
  if (values.length !== header.length) {
    return { ok: false, reason: csvShape.fieldCount(values.length, header.length) };
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
      else problems.push(csvShape.present(prefix, `${prefix}_present`));
    }
    partyPrefixes.push(prefix);
    // Names are always sent, empty if missing, so the schema's own "is required" message names the cell.
    Object.assign(person, { givenName: person.givenName ?? '', familyName: person.familyName ?? '' });
    return [{ role, person, ...(present === undefined ? {} : { present }), ...(school ? { school } : {}) }];
  });

  const instrument = value('instrument')?.toLowerCase();
  const answers: Record<string, string> = {};
  const answerColumns: Record<string, string> = {};
  const answer = (column: string, questionId: string) => {
    const word = value(column)?.toLowerCase();
    if (word === undefined) return;
    if (answerColumns[questionId]) {
      problems.push(csvShape.answeredTwice(questionId, answerColumns[questionId], column));
      return;
    }
    answerColumns[questionId] = column;
    if (YES.has(word)) answers[questionId] = 'yes';
    else if (NO.has(word)) answers[questionId] = 'no';
    else if (DONT_KNOW.has(word)) answers[questionId] = 'dont-know';
    else problems.push(csvShape.answer(questionId, column));
  };
  DASH_QUESTIONS.forEach((column, i) => answer(column, String(i + 1)));
  // dash_ columns are DASH 2009's questions; another instrument's answers would be read against the wrong wording.
  const dashColumns = Object.values(answerColumns);
  if (dashColumns.length && instrument !== undefined && instrument !== 'dash-2009') {
    problems.push(csvShape.dashColumnsForOther(instrument, dashColumns[0]));
  }
  const comments: Record<string, string> = {};
  for (const column of row.keys()) {
    const [, kind, questionId] = QUESTION_COLUMN.exec(column) ?? [];
    if (kind === 'answer') answer(column, questionId);
    else if (kind === 'comment' && value(column) !== undefined) comments[questionId] = value(column)!;
  }
  const grades = (['officer_grade', 'dash_officer_grade'] as const).filter((c) => value(c) !== undefined);
  if (grades.length > 1) problems.push(csvShape.twoGrades());
  const gradeColumn = grades[0] ?? (row.has('dash_officer_grade') && !row.has('officer_grade') ? 'dash_officer_grade' : 'officer_grade');
  const officerGrade = grades[0] && value(grades[0])!.toLowerCase();
  const instrumentVersion = value('instrument_version');
  const officerRationale = value('officer_rationale');
  const assessed =
    Object.keys(answers).length > 0 ||
    Object.keys(comments).length > 0 ||
    [officerGrade, instrument, instrumentVersion, officerRationale].some((v) => v !== undefined);

  if (problems.length) return { ok: false, reason: problems.join('; ') };
  const address = value('location_address');
  const postcode = value('location_postcode');
  return {
    ok: true,
    layout: { partyPrefixes, answerColumns, gradeColumn },
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
      riskAssessment: assessed
        ? {
            instrument: instrument ?? 'dash-2009',
            instrumentVersion,
            answers,
            ...(Object.keys(comments).length ? { comments } : {}),
            officerGrade,
            officerRationale,
          }
        : undefined,
    },
  };
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const ASSESSMENT_FIELD_COLUMNS: Record<string, string> = {
  instrument: 'instrument',
  instrumentVersion: 'instrument_version',
  officerRationale: 'officer_rationale',
};

/**
 * A schema path (or an intake field such as riskAssessment.answers.28) named as the CSV column that holds the
 * value, so a quarantine reason points at the cell.
 */
export function csvColumnOf(path: PropertyKey[], { partyPrefixes, answerColumns, gradeColumn }: CsvLayout): string {
  const [head, ...rest] = path.map(String);
  if (head === 'parties' && rest.length === 0) return 'victim_given_name';
  if (head === 'parties') {
    const prefix = partyPrefixes[Number(rest[0])] ?? `party ${rest[0]}`;
    const field = rest[1] === 'person' ? rest[2] : rest[1];
    return field ? `${prefix}_${snake(field)}` : prefix;
  }
  if (head === 'location') return `location_${rest[0] ?? 'address'}`;
  if (head === 'riskAssessment') {
    const [field, questionId] = rest;
    if (field === 'answers' && questionId) return answerColumns[questionId] ?? `answer_${questionId}`;
    if (field === 'comments' && questionId) return `comment_${questionId}`;
    if (field === 'officerGrade') return gradeColumn;
    return ASSESSMENT_FIELD_COLUMNS[field] ?? 'instrument';
  }
  return snake(head);
}

/** Where a CSV row's fields are: their columns, and each party named by its prefix (the victim, the second child). */
export function csvPlaces(layout: CsvLayout): RowPlaces {
  return {
    columnOf: (path) => csvColumnOf([...path], layout),
    partyOf: (index) => (layout.partyPrefixes[index] ? partyOfPrefix(layout.partyPrefixes[index]) : `party ${index + 1}`),
  };
}
