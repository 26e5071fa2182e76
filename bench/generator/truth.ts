import type { GeneratedIncident } from './incident.ts';

/** The columns of a person-mention ground-truth file, as `npx safeguard match` and the linkage benchmark read them. */
export const MENTION_COLUMNS = [
  'id',
  'cluster_id',
  'family_id',
  'true_name',
  'given_name',
  'middle_name',
  'family_name',
  'date_of_birth',
  'sex',
  'address',
  'postcode',
  'phone',
  'pnc_id',
] as const;

export type MentionRow = Record<(typeof MENTION_COLUMNS)[number], string>;

/**
 * One row per party of each incident: what the record says, and who the person really is (cluster_id), their family
 * (family_id, shared by relatives) and their true name as born (true_name, shared by namesakes).
 */
export function* mentionRows(incidents: Iterable<GeneratedIncident>): Generator<MentionRow> {
  for (const { input, truth } of incidents) {
    for (let i = 0; i < input.parties.length; i++) {
      const p = input.parties[i].person;
      yield {
        id: `${input.sourceReference}#${i + 1}`,
        cluster_id: truth.personKeys[i],
        family_id: truth.familyKeys[i],
        true_name: truth.names[i],
        given_name: p.givenName,
        middle_name: p.middleName ?? '',
        family_name: p.familyName,
        date_of_birth: p.dateOfBirth ?? '',
        sex: p.sex ?? '',
        address: p.address ?? '',
        postcode: p.postcode ?? '',
        phone: p.phone ?? '',
        pnc_id: p.pncId ?? '',
      };
    }
  }
}

const csvField = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export const MENTION_CSV_HEADER = `${MENTION_COLUMNS.join(',')}\n`;

export const mentionCsvLine = (row: MentionRow): string => `${MENTION_COLUMNS.map((c) => csvField(row[c])).join(',')}\n`;

/** The ground truth as CSV lines (header first, each ending in a newline), to stream into a file. */
export function* mentionCsv(incidents: Iterable<GeneratedIncident>): Generator<string> {
  yield MENTION_CSV_HEADER;
  for (const row of mentionRows(incidents)) yield mentionCsvLine(row);
}
