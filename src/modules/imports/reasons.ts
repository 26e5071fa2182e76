import type { z } from 'zod';

/**
 * Why a row of an import is quarantined, in words a person would use ("the victim has no family name"), followed by the
 * CSV column or JSON path that holds the value, so the cell can be found and fixed: "the victim has no family name
 * (victim_family_name)". A reason never quotes the row's values, so the reconciliation shows no personal data.
 */

/** Where a row's fields are: the column or path holding a field, and who a party is. */
export interface RowPlaces {
  /** The CSV column (victim_family_name) or JSON path (parties.0.person.familyName) of a schema path. */
  columnOf(path: readonly PropertyKey[]): string;
  /** A party by its index in the incident: "the victim", "the second child". */
  partyOf(index: number): string;
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
const ordinal = (n: number) => ORDINALS[n - 1] ?? `number ${n}`;

/** A CSV party prefix as a person would name the party: victim → the victim, child2 → the second child. */
export function partyOfPrefix(prefix: string): string {
  const [, role, n] = /^([a-z]+?)(\d*)$/.exec(prefix) ?? [];
  if (!role) return prefix;
  return n ? `the ${ordinal(Number(n))} ${role}` : `the ${role}`;
}

/** A party of an NDJSON incident by its role among the parties: the victim, the suspect, the second child, party 7. */
export function partyOfParties(parties: unknown, index: number): string {
  const list = Array.isArray(parties) ? parties : [];
  const roleOf = (p: unknown) => (typeof p === 'object' && p !== null ? (p as { role?: unknown }).role : undefined);
  const role = roleOf(list[index]);
  if (typeof role !== 'string' || !/^(victim|suspect|child|witness|other)$/.test(role)) return `party ${index + 1}`;
  const same = list.filter((p) => roleOf(p) === role);
  const noun = role === 'other' ? 'other party' : role;
  if (same.length === 1) return `the ${noun}`;
  return `the ${ordinal(list.slice(0, index + 1).filter((p) => roleOf(p) === role).length)} ${noun}`;
}

/** How a field is spoken of: as a thing ("the victim's date of birth") and when it is not given ("the victim has no date of birth"). */
interface FieldWords {
  noun: string;
  lacking: string;
}

const PERSON_FIELDS: Record<string, string> = {
  givenName: 'given name',
  middleName: 'middle name',
  familyName: 'family name',
  dateOfBirth: 'date of birth',
  sex: 'sex',
  address: 'address',
  postcode: 'postcode',
  phone: 'phone number',
  email: 'email address',
  pncId: 'PNC ID',
  school: 'school',
  role: 'role',
};

const INCIDENT_FIELDS: Record<string, FieldWords> = {
  sourceSystem: { noun: 'the source system', lacking: 'the row does not name its source system' },
  sourceReference: { noun: 'the source reference', lacking: 'the row has no source reference' },
  reportedAt: { noun: 'the time it was reported', lacking: 'the row does not say when the incident was reported' },
  occurredAt: { noun: 'the time it happened', lacking: 'the row does not say when the incident happened' },
  classification: { noun: 'the classification', lacking: 'the row has no classification' },
  relationship: { noun: 'the relationship', lacking: 'the row has no relationship' },
  narrative: { noun: 'the narrative', lacking: 'the row has no narrative' },
  location: { noun: 'the location', lacking: 'the row has no location' },
  'location.address': { noun: "the location's address", lacking: 'the location has no address' },
  'location.postcode': { noun: "the location's postcode", lacking: 'the location has no postcode' },
  parties: { noun: 'the people in the incident', lacking: 'the row names no one' },
  riskAssessment: { noun: "the officer's questionnaire", lacking: "the row has no officer's questionnaire" },
  'riskAssessment.instrument': { noun: 'the instrument', lacking: 'the row does not name the instrument the officer answered' },
  'riskAssessment.instrumentVersion': { noun: 'the instrument version', lacking: 'the row does not name the instrument version' },
  'riskAssessment.answers': { noun: "the officer's answers", lacking: "the row has no officer's answers" },
  'riskAssessment.comments': { noun: "the officer's comments", lacking: "the row has no officer's comments" },
  'riskAssessment.officerGrade': {
    noun: "the officer's grade",
    lacking: "the officer's grade is missing (it is needed whenever any of the questionnaire is filled in)",
  },
  'riskAssessment.officerRationale': { noun: "the officer's rationale", lacking: "the officer's rationale is missing" },
};

/** The words for the field at a schema or intake path. */
export function fieldWords(path: readonly PropertyKey[], places: Pick<RowPlaces, 'partyOf'>): FieldWords {
  const [head, ...rest] = path.map(String);
  if (head === 'parties' && rest.length > 0) {
    const who = places.partyOf(Number(rest[0]));
    const field = rest[1] === 'person' ? rest[2] : rest[1];
    if (field === undefined || field === 'person') return { noun: who, lacking: `${who} is not described` };
    if (field === 'present') return { noun: `whether ${who} was present`, lacking: `the row does not say whether ${who} was present` };
    const name = PERSON_FIELDS[field] ?? field;
    return { noun: `${who}'s ${name}`, lacking: `${who} has no ${name}` };
  }
  if (head === 'riskAssessment' && (rest[0] === 'answers' || rest[0] === 'comments') && rest[1] !== undefined) {
    const what = rest[0] === 'answers' ? 'the answer to' : 'the comment on';
    return { noun: `${what} question ${rest[1]}`, lacking: `question ${rest[1]} has no ${rest[0] === 'answers' ? 'answer' : 'comment'}` };
  }
  const key = [head, ...rest].join('.');
  return INCIDENT_FIELDS[key] ?? { noun: `the ${key}`, lacking: `the row has no ${key}` };
}

/** The value at a path of the row as read, to tell a value not given from one given wrongly. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const notGiven = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

const orList = (values: readonly unknown[]) => {
  const words = values.map((v) => (v === 'dont-know' ? "don't know" : String(v)));
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : (words[0] ?? '');
};

const TYPES: Record<string, string> = {
  string: 'text',
  array: 'a list',
  object: 'a JSON object',
  record: 'a JSON object',
  boolean: 'true or false',
  number: 'a number',
};

/** One schema issue as a sentence about the field (without the column). */
export function issueSentence(issue: z.core.$ZodIssue, input: unknown, places: Pick<RowPlaces, 'partyOf'>): string {
  const path = issue.path;
  const field = fieldWords(path, places);
  const last = String(path[path.length - 1] ?? '');
  const problem = (issue as { params?: { problem?: string } }).params?.problem;
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'array') return 'the row names no one: an incident needs at least its victim';
      return field.lacking;
    case 'too_big':
      if (issue.origin === 'array') return `the incident names more than ${issue.maximum} people`;
      return `${field.noun} is longer than the ${issue.maximum} characters allowed`;
    case 'invalid_type':
      if (notGiven(valueAt(input, path))) return field.lacking;
      return `${field.noun} must be ${TYPES[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      if (notGiven(valueAt(input, path))) return field.lacking;
      return `${field.noun} must be ${orList(issue.values)}`;
    case 'invalid_format':
      if (last === 'dateOfBirth') return `${field.noun} is not written as a date like 1986-04-12 (year, month, day)`;
      if (last === 'reportedAt' || last === 'occurredAt') {
        return `${field.noun} is not written as a date and time with its time zone, like 2026-03-01T21:15:00Z`;
      }
      if (last === 'sourceSystem') return 'the source system may use only letters, numbers, dots, hyphens and underscores';
      if (last === 'instrument')
        return "the instrument is not written as an instrument's code, like dash-2009, dara-2022 or a force variant's code";
      return `${field.noun} is not written in the form expected`;
    case 'invalid_key':
      return `the questionnaire has a question id that is not like "1" or "28" (letters, numbers, dots, hyphens and underscores, at most 20)`;
    case 'custom':
      if (problem === 'no-victim') return 'the row names no victim: every incident needs one';
      if (problem === 'occurred-after-reported') return 'the incident is said to have happened after it was reported';
      if (last === 'dateOfBirth') return `${field.noun} is not a real date on or after 1 January 1900`;
      if (last === 'reportedAt' || last === 'occurredAt') return `${field.noun} is not a real date and time after 1900`;
      return `${field.noun} cannot be used: ${issue.message}`;
    default:
      return `${field.noun} cannot be used: ${issue.message}`;
  }
}

/** A sentence with the column or path that holds the value, so the cell can be found. */
const at = (sentence: string, column: string) => `${sentence} (${column})`;

/**
 * The schema's issues of a row, one per field (the first: a date of birth in another form is not also said to be no
 * real date): "sentence (column); sentence (column)".
 */
export function schemaReason(error: z.ZodError, input: unknown, places: RowPlaces): string {
  const seen = new Set<string>();
  return error.issues
    .filter((issue) => {
      const field = issue.path.map(String).join('.');
      return !seen.has(field) && seen.add(field);
    })
    .map((issue) => at(issueSentence(issue, input, places), places.columnOf(issue.path)))
    .join('; ');
}

/** An intake field (riskAssessment.answers.1.2) as a path: a question id may itself contain dots. */
export const intakePath = (field: string): string[] => {
  const [head, name, ...id] = field.split('.');
  return id.length ? [head, name, id.join('.')] : [head, name].filter((p) => p !== undefined);
};

/** What intake refused (a time in the future, answers that do not fit their instrument version), as a sentence. */
export function intakeSentence(field: string, message: string, places: Pick<RowPlaces, 'partyOf'>): string {
  const path = intakePath(field);
  const words = fieldWords(path, places);
  if (/must not be in the future$/.test(message)) return `${words.noun} is in the future`;
  const unpublished = /^instrument must be one the force has published: (.*)$/.exec(message);
  if (unpublished) return `the instrument is not one the force has published (it has published ${unpublished[1]})`;
  if (path[1] === 'instrumentVersion') return `the instrument version is not one the force has published: ${message}`;
  if (path[1] === 'officerRationale') return `the officer's rationale is missing: ${message}`;
  return `${words.noun} cannot be used: ${message}`;
}

/** Every intake problem of a row: "sentence (column); …". */
export function intakeReason(errors: { field: string; message: string }[], places: RowPlaces): string {
  return errors.map((e) => at(intakeSentence(e.field, e.message, places), places.columnOf(intakePath(e.field)))).join('; ');
}

/** csv-parse's error codes for a row it cannot read, in words. */
const CSV_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed (a closing double quote is missing)',
  CSV_INVALID_CLOSING_QUOTE: 'a double quote inside a cell is not doubled (write "" for a quote inside a quoted cell)',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a cell has text after its closing double quote',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'the row has another number of cells than the header',
  CSV_RECORD_INCONSISTENT_COLUMNS: 'the row has another number of cells than the header',
  CSV_INVALID_ARGUMENT: 'the row cannot be read',
};

/** A row csv-parse could not read. Its own message is not shown: it can quote the row's text. */
export function unreadableCsvReason(code: string | undefined): string {
  return `the row is not valid CSV: ${(code && CSV_ERRORS[code]) ?? 'it cannot be read as cells separated by commas'}`;
}

export const NUL_REASON = 'the row contains a NUL character (an invisible control character), which cannot be stored: remove it';

/** A line that is not JSON, with where the problem is. */
export const invalidJsonReason = (character?: number) =>
  `the line is not valid JSON${character === undefined ? '' : ` (the first problem is at character ${character})`}`;

export const NOT_AN_OBJECT_REASON = 'the line is not one JSON object: each line must hold one incident, in braces { }';

/** What the database refused, by SQLSTATE (classes 22 and 23: the row's own data). */
export function unstorableReason(code: string): string {
  const why: Record<string, string> = {
    '22001': 'a value is too long to store',
    '22021': 'a value has characters that cannot be stored',
    '22P05': 'a value has characters that cannot be stored',
    '22003': 'a number is too large to store',
    '22007': 'a date or time cannot be stored',
    '22008': 'a date or time is out of range',
    '23505': 'it clashes with a record already stored',
  };
  return `the row could not be stored: ${why[code] ?? `the database refused one of its values (error ${code})`}`;
}

/** The problems of a CSV row's shape (incidentFromCsv), before the schema sees it. */
export const csvShape = {
  fieldCount: (values: number, header: number) =>
    `the row has ${values} cells but the header has ${header} columns (a comma or quote may be missing or extra)`,
  present: (prefix: string, column: string) => at(`it is not clear whether ${partyOfPrefix(prefix)} was present: write yes or no`, column),
  answer: (questionId: string, column: string) => at(`the answer to question ${questionId} must be yes, no or don't know`, column),
  answeredTwice: (questionId: string, first: string, column: string) =>
    `question ${questionId} is answered twice, in ${first} and ${column}: fill one`,
  dashColumnsForOther: (instrument: string, column: string) =>
    at(`dash_ columns hold DASH 2009 answers, but the row names the instrument ${instrument}: give its answers in answer_ columns`, column),
  twoGrades: () => "the officer's grade is given twice, in officer_grade and dash_officer_grade: fill one",
};
