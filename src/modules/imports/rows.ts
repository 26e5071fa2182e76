import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parse, type CsvError, type Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { incidentSchema, type IncidentInput } from '../incidents/index.ts';
import { csvPlaces, headerProblem, incidentFromCsv } from './columns.ts';
import {
  intakeReason,
  invalidJsonReason,
  NOT_AN_OBJECT_REASON,
  NUL_REASON,
  partyOfParties,
  schemaReason,
  unreadableCsvReason,
  type RowPlaces,
} from './reasons.ts';

export const FORMATS = ['csv', 'ndjson'] as const;
export type ImportFormat = (typeof FORMATS)[number];

/** A row as staged: where it is in the file, its text as written, and a reason if it could not even be read. */
export interface StagedRow {
  rowNumber: number;
  raw: string;
  problem?: string;
}

/** The file as a whole cannot be imported (no header, unknown columns, not text): nothing is staged. */
export class MalformedFile extends Error {}

// PostgreSQL text cannot hold NUL; such a row is quarantined with the character shown, never silently changed.
const storable = (raw: string) => raw.replaceAll('\u0000', '\\u0000');
const nulProblem = (raw: string) => (raw.includes('\u0000') ? NUL_REASON : undefined);

export function formatOf(fileName: string, given?: string): ImportFormat | undefined {
  if (given) return (FORMATS as readonly string[]).includes(given) ? (given as ImportFormat) : undefined;
  if (/\.csv$/i.test(fileName)) return 'csv';
  if (/\.(ndjson|jsonl)$/i.test(fileName)) return 'ndjson';
  return undefined;
}

/**
 * Splits a file into staged rows. NDJSON: a row is a non-blank line, numbered by its line in the file.
 * CSV: the first record is the header (row 1) and each later record is numbered as a spreadsheet shows it.
 */
export async function* readRows(file: Readable, format: ImportFormat, onHeader: (header: string[]) => void): AsyncGenerator<StagedRow> {
  if (format === 'ndjson') yield* ndjsonRows(file);
  else yield* csvRows(file, onHeader);
}

async function* ndjsonRows(file: Readable): AsyncGenerator<StagedRow> {
  let line = 0;
  for await (const text of createInterface({ input: file, crlfDelay: Infinity })) {
    line += 1;
    const raw = line === 1 ? text.replace(/^\uFEFF/, '') : text;
    if (!raw.trim()) continue;
    yield { rowNumber: line, raw: storable(raw), problem: nulProblem(raw) };
  }
}

interface NumberedRecord {
  rowNumber: number;
  record: string[];
  raw: string;
}

async function* csvRows(file: Readable, onHeader: (header: string[]) => void): AsyncGenerator<StagedRow> {
  // csv-parse calls on_record and on_skip synchronously in file order, so rows are numbered there; a skipped
  // (unreadable) record is held until the records before it have been yielded.
  let counted = 0;
  const skipped: StagedRow[] = [];
  const text = (raw: unknown) =>
    String(raw ?? '')
      .replace(/\r?\n$/, '')
      .replace(/\r$/, '');
  const options: Options<NumberedRecord, string[]> = {
    bom: true,
    raw: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    // With `raw`, csv-parse hands on_record { record, raw } although its types say the record alone.
    on_record: (parsed: string[]) => ({ rowNumber: ++counted, ...(parsed as unknown as { record: string[]; raw: string }) }),
    on_skip: (error: CsvError | undefined, raw: string | undefined) => {
      skipped.push({ rowNumber: ++counted, raw: storable(text(raw)), problem: unreadableCsvReason(error?.code) });
      return undefined;
    },
  };
  // csv-parse's overloads only type on_record's result for object (columns) records.
  const parser = file.pipe(parse(options as unknown as Options));
  let seen = 0;
  const before = (rowNumber: number) => skipped.splice(0, skipped.filter((s) => s.rowNumber < rowNumber).length);
  for await (const { rowNumber, record, raw } of parser as AsyncIterable<NumberedRecord>) {
    yield* before(rowNumber);
    seen += 1;
    if (rowNumber === 1) {
      const problem = headerProblem(record);
      if (problem) throw new MalformedFile(`The CSV header cannot be imported: ${problem}`);
      onHeader(record.map((h) => h.trim().toLowerCase()));
      continue;
    }
    if (seen === 1) throw new MalformedFile('The first row of the file cannot be read as a CSV header');
    yield { rowNumber, raw: storable(text(raw)), problem: nulProblem(text(raw)) };
  }
  if (seen === 0 && !skipped.length)
    throw new MalformedFile('The file is empty: a CSV import needs a header row and at least one incident');
  if (seen === 0) throw new MalformedFile('The first row of the file cannot be read as a CSV header');
  yield* skipped.splice(0);
}

export type RowReading =
  | {
      ok: true;
      incident: IncidentInput;
      /** What intake refused in the row (riskAssessment.answers.28), in words, naming the CSV column or the JSON path. */
      intakeReason: (errors: { field: string; message: string }[]) => string;
    }
  | { ok: false; reason: string };

/** Where an NDJSON line's fields are: their JSON paths, and each party named by its role (the victim, the second child). */
const ndjsonPlaces = (body: unknown): RowPlaces => ({
  columnOf: (path) => path.map(String).join('.') || '(line)',
  partyOf: (index) => partyOfParties((body as { parties?: unknown }).parties, index),
});

/** A staged row as the API's validated incident, or why it is quarantined (in words, naming the column). */
export function incidentFromRow(run: { format: string; source: string; header: string[] | null }, raw: string): RowReading {
  if (run.format === 'ndjson') {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch (e) {
      // Node's message quotes the text it could not read; the reason must not copy personal data out of the row.
      const at = /position (\d+)/.exec((e as Error).message);
      return { ok: false, reason: invalidJsonReason(at ? Number(at[1]) + 1 : undefined) };
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, reason: NOT_AN_OBJECT_REASON };
    const withSource = { sourceSystem: run.source, ...body };
    const parsed = incidentSchema.safeParse(withSource);
    const places = ndjsonPlaces(withSource);
    return parsed.success
      ? { ok: true, incident: parsed.data, intakeReason: (errors) => intakeReason(errors, places) }
      : { ok: false, reason: schemaReason(parsed.error, withSource, places) };
  }
  let values: string[];
  try {
    [values] = parseSync(raw, { relax_column_count: true }) as string[][];
  } catch (e) {
    return { ok: false, reason: unreadableCsvReason((e as CsvError).code) };
  }
  const converted = incidentFromCsv(run.header ?? [], values ?? [], run.source);
  if (!converted.ok) return converted;
  const parsed = incidentSchema.safeParse(converted.incident);
  const places = csvPlaces(converted.layout);
  return parsed.success
    ? { ok: true, incident: parsed.data, intakeReason: (errors) => intakeReason(errors, places) }
    : { ok: false, reason: schemaReason(parsed.error, converted.incident, places) };
}
