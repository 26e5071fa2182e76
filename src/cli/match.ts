import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { deduplicate, type DeduplicateOptions } from '../domain/linkage/index.ts';
import { CANONICAL_PERSON_FIELDS } from '../domain/linkage/record.ts';
import type { PersonRecord } from '../domain/linkage/index.ts';
import { csvRow, parseCsvRecords } from '../platform/csv.ts';

export const MATCH_USAGE = `Usage: npx safeguard match --input FILE.csv --output FILE.csv [--id COL] [--map canonical=column,...]

  Writes id,cluster_id: records with the same cluster_id are the same person.
  Canonical fields: given_name, middle_name, family_name, date_of_birth, sex, address, postcode, phone, email, pnc_id.
  A column named like a canonical field is used without mapping; --map given_name=forename,family_name=surname
  maps others, and column+column joins several columns into one field (address=street+town).
  --id defaults to a column named id, else the row number.
`;

const CANONICAL: Record<string, keyof PersonRecord> = CANONICAL_PERSON_FIELDS;

export class MatchUsageError extends Error {}

/** Canonical field → the columns it is read from, from the header and the --map option. */
export function columnMapping(header: string[], map: string | undefined): Map<keyof PersonRecord, string[]> {
  const mapping = new Map<keyof PersonRecord, string[]>();
  const trimmed = header.map((h) => h.trim());
  for (const [canonical, field] of Object.entries(CANONICAL))
    if (trimmed.includes(canonical)) mapping.set(field, [header[trimmed.indexOf(canonical)]]);
  for (const entry of (map ?? '').split(',').filter((e) => e.trim())) {
    const [canonical, columns] = entry.split('=').map((s) => s.trim());
    const field = CANONICAL[canonical];
    if (!field || !columns)
      throw new MatchUsageError(`--map: "${entry}" is not canonical=column (canonical fields: ${Object.keys(CANONICAL).join(', ')})`);
    mapping.set(
      field,
      columns.split('+').map((column) => {
        const index = trimmed.indexOf(column.trim());
        if (index < 0) throw new MatchUsageError(`--map: the input has no column "${column}"`);
        return header[index];
      }),
    );
  }
  return mapping;
}

export interface MatchCsvOptions extends DeduplicateOptions {
  idColumn?: string;
  map?: string;
}

/** The match command without files: CSV text in, id,cluster_id CSV text out. */
export function matchCsv(text: string, options: MatchCsvOptions = {}): { output: string; ids: string[]; clusterIds: string[] } {
  const { header, records: rows } = parseCsvRecords(text);
  const mapping = columnMapping(header, options.map);
  const trimmed = header.map((h) => h.trim());
  const idName = options.idColumn ?? (trimmed.includes('id') ? 'id' : undefined);
  const idColumn = idName === undefined ? undefined : header[trimmed.indexOf(idName)];
  if (idName !== undefined && idColumn === undefined) throw new MatchUsageError(`--id: the input has no column "${idName}"`);
  const ids = rows.map((row, i) => (idColumn === undefined ? String(i + 1) : row[idColumn].trim()));
  const records = rows.map((row) => {
    const record: PersonRecord = {};
    for (const [field, columns] of mapping) {
      record[field] = columns
        .map((c) => row[c]?.trim() ?? '')
        .filter(Boolean)
        .join(' ');
    }
    return record;
  });
  const { clusterIds } = deduplicate(records, ids, options);
  let output = csvRow(['id', 'cluster_id']);
  ids.forEach((id, i) => (output += csvRow([id, clusterIds[i]])));
  return { output, ids, clusterIds };
}

export async function runMatch(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { input: { type: 'string' }, output: { type: 'string' }, id: { type: 'string' }, map: { type: 'string' } },
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${MATCH_USAGE}`);
    return 2;
  }
  if (!values.input || !values.output) {
    console.error(MATCH_USAGE);
    return 2;
  }
  const started = performance.now();
  try {
    const text = await readFile(values.input, 'utf8');
    const { output, ids, clusterIds } = matchCsv(text, {
      idColumn: values.id,
      map: values.map,
      onProgress: (stage, done, total) => process.stderr.write(`\r${stage}: ${done}/${total}`.padEnd(40)),
    });
    process.stderr.write('\n');
    await writeFile(values.output, output);
    const people = new Set(clusterIds).size;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.error(`matched ${ids.length} records into ${people} people in ${seconds} s`);
    return 0;
  } catch (e) {
    if (e instanceof MatchUsageError || (e as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error((e as Error).message);
      return 2;
    }
    throw e;
  }
}
