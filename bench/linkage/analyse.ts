import { columnMapping } from '../../src/cli/match.ts';
import { deduplicate, FellegiSunterModel, nameFrequencies, type PersonRecord } from '../../src/domain/linkage/index.ts';
import { parseCsvRecords } from '../../src/platform/csv.ts';
import { DATASETS, datasetText } from './evaluate.ts';

/**
 * Error analysis for the linkage engine (a tuning aid, not a benchmark): for one dataset, the true pairs that were
 * not linked (grouped by how the engine decided them and which field levels they had) and the false links.
 * `npx tsx bench/linkage/analyse.ts febrl3 [examples]`
 */

const name = process.argv[2] ?? 'febrl3';
const examples = Number(process.argv[3] ?? 10);
const dataset = DATASETS.find((d) => d.name === name)!;
const text = await datasetText(dataset);
const { header, records: rows } = parseCsvRecords(text);
const mapping = columnMapping(header, dataset.options.map);
const records: PersonRecord[] = rows.map((row) => {
  const record: PersonRecord = {};
  for (const [field, columns] of mapping)
    record[field] = columns
      .map((c) => row[c]?.trim() ?? '')
      .filter(Boolean)
      .join(' ');
  return record;
});
const trimmedRows = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.trim(), v.trim()])));
const truth = trimmedRows.map(dataset.truth);
const ids = records.map((_, i) => String(i));
const parameters = process.env.LINKAGE_PARAMETERS as 'estimated' | undefined;
let scored = new Map<string, ReturnType<FellegiSunterModel['compare']>>();
const result = deduplicate(records, ids, {
  ...dataset.options,
  parameters,
  onResult: (r) => (scored = new Map(r.pairs.map((p) => [`${p.left}:${p.right}`, p.score]))),
});
const model = new FellegiSunterModel(undefined, { nameFrequencies: nameFrequencies(records) });
const byPerson = new Map<string, number[]>();
truth.forEach((t, i) => byPerson.set(t, [...(byPerson.get(t) ?? []), i]));
const show = (i: number) => JSON.stringify(records[i]);
const describe = (a: number, b: number) => {
  const s = scored.get(`${a}:${b}`) ?? model.compare(records[a], records[b]);
  return {
    s,
    text: `${s.decision} w=${s.weight.toFixed(1)} ${s.fields
      .filter((f) => f.level !== 'missing')
      .map((f) => `${f.field}:${f.level}(${f.weight.toFixed(1)})`)
      .join(' ')}`,
  };
};
const missed = new Map<string, number>();
const missedExamples: string[] = [];
for (const members of byPerson.values()) {
  for (let x = 0; x < members.length; x++) {
    for (let y = x + 1; y < members.length; y++) {
      const [a, b] = [members[x], members[y]];
      if (result.clusterIds[a] === result.clusterIds[b]) continue;
      const blocked = scored.has(`${a}:${b}`);
      const { s, text } = describe(a, b);
      const key = `${blocked ? s.decision : 'not-blocked'}`;
      missed.set(key, (missed.get(key) ?? 0) + 1);
      if (missedExamples.length < examples) missedExamples.push(`${key} | ${text}\n   ${show(a)}\n   ${show(b)}`);
    }
  }
}
console.log('missed true pairs by decision:', Object.fromEntries(missed));
console.log(missedExamples.join('\n'));
const clusters = new Map<string, number[]>();
result.clusterIds.forEach((c, i) => clusters.set(c, [...(clusters.get(c) ?? []), i]));
let falseLinks = 0;
const falseExamples: string[] = [];
for (const members of clusters.values())
  for (let x = 0; x < members.length; x++)
    for (let y = x + 1; y < members.length; y++) {
      const [a, b] = [members[x], members[y]];
      if (truth[a] === truth[b]) continue;
      falseLinks++;
      if (falseExamples.length < examples) falseExamples.push(`${describe(a, b).text}\n   ${show(a)}\n   ${show(b)}`);
    }
console.log(`false links: ${falseLinks}`);
console.log(falseExamples.join('\n'));
