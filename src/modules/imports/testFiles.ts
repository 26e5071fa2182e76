import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { csvRow } from '../../platform/csv.ts';
import type { Terminal } from '../../cli/import.ts';

/** Synthetic import files for tests: deterministic, varied names so linkage has distinct people to resolve. */
const GIVEN = ['Margaret', 'Aisha', 'Joanne', 'Priya', 'Sian', 'Kerry', 'Bethany', 'Nadia', 'Claire', 'Rhiannon', 'Leanne', 'Tamsin'];
const MALE = ['Robert', 'Darren', 'Imran', 'Craig', 'Wayne', 'Lee', 'Gareth', 'Tomasz', 'Kieran', 'Jason', 'Dean', 'Mark'];
const FAMILY = [
  'Ellison',
  'Hussain',
  'Prendergast',
  'Okafor',
  'Whitlock',
  'Baxendale',
  'Nowak',
  'Featherstone',
  'Quayle',
  'Ashworth',
  'Tennant',
];
const POSTCODES = ['S70 4QT', 'LS6 2AB', 'M14 5RT', 'BD7 1HX', 'HU3 6PL', 'DN4 8JS', 'WF1 3QE'];

export const CSV_HEADER = [
  'source_reference',
  'reported_at',
  'classification',
  'relationship',
  'location_address',
  'location_postcode',
  'narrative',
  'victim_given_name',
  'victim_family_name',
  'victim_date_of_birth',
  'victim_sex',
  'victim_postcode',
  'suspect_given_name',
  'suspect_family_name',
  'suspect_date_of_birth',
  'suspect_sex',
  'child1_given_name',
  'child1_family_name',
  'child1_date_of_birth',
  'child1_school',
  'child1_present',
  'dash_1',
  'dash_2',
  'dash_officer_grade',
];

/** The n-th synthetic incident as a CSV row (values in CSV_HEADER order); override any column by name. */
export function csvValues(n: number, overrides: Record<string, string> = {}): string[] {
  const family = `${FAMILY[n % FAMILY.length]}${n > FAMILY.length * 7 ? `-${FAMILY[Math.floor(n / 7) % FAMILY.length]}` : ''}`;
  const day = String(1 + (n % 28)).padStart(2, '0');
  const withChild = n % 3 === 0;
  const base: Record<string, string> = {
    source_reference: `CSV-${n}`,
    reported_at: `2026-02-${day}T2${n % 4}:15:00Z`,
    classification: 'Domestic abuse - assault',
    relationship: 'partner',
    location_address: `${n} Alder Close, Barnsley`,
    location_postcode: POSTCODES[n % POSTCODES.length],
    narrative: `Neighbour called, "shouting, banging".\nOfficers attended.`,
    victim_given_name: GIVEN[n % GIVEN.length],
    victim_family_name: family,
    victim_date_of_birth: `19${70 + (n % 30)}-0${1 + (n % 9)}-${day}`,
    victim_sex: 'female',
    victim_postcode: POSTCODES[n % POSTCODES.length],
    suspect_given_name: MALE[(n * 7) % MALE.length],
    suspect_family_name: FAMILY[(n * 5) % FAMILY.length],
    suspect_date_of_birth: `19${68 + (n % 30)}-1${n % 3}-${day}`,
    suspect_sex: 'male',
    child1_given_name: withChild ? 'Ella' : '',
    child1_family_name: withChild ? family : '',
    child1_date_of_birth: withChild ? `2018-0${1 + (n % 9)}-${day}` : '',
    child1_school: withChild ? 'Greenfield Primary School' : '',
    child1_present: withChild ? 'yes' : '',
    dash_1: 'yes',
    dash_2: 'no',
    dash_officer_grade: 'standard',
  };
  return CSV_HEADER.map((c) => overrides[c] ?? base[c]);
}

export function csvFile(rows: string[][], header = CSV_HEADER, eol = '\n'): string {
  return [header, ...rows].map((r) => csvRow(r).replace(/\n$/, eol)).join('');
}

/** The n-th synthetic incident as the API's JSON body. */
export function anIncidentBody(n: number, overrides: Record<string, unknown> = {}) {
  const [ref, reportedAt, classification, , address, postcode, , given, family, dob] = csvValues(n);
  return {
    sourceSystem: 'niche-rms',
    sourceReference: ref.replace('CSV', 'ND'),
    reportedAt,
    classification,
    location: { address, postcode },
    parties: [
      { role: 'victim', person: { givenName: given, familyName: family, dateOfBirth: dob, sex: 'female' } },
      { role: 'suspect', person: { givenName: MALE[n % MALE.length], familyName: FAMILY[(n * 3) % FAMILY.length], sex: 'male' } },
    ],
    ...overrides,
  };
}

export const ndjsonFile = (lines: unknown[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';

export async function writeTemp(name: string, content: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'safeguard-import-'));
  const file = path.join(dir, name);
  await fs.writeFile(file, content);
  return file;
}

/** A terminal that keeps what the command printed. */
export function recordingTerminal(): Terminal & { stdout: string[]; stderr: string } {
  const term = {
    stdout: [] as string[],
    stderr: '',
    out: (line: string) => void term.stdout.push(line),
    err: (text: string) => void (term.stderr += text),
    now: () => 0,
    interactive: false,
  };
  return term;
}
