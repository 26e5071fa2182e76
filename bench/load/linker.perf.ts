import { FellegiSunterModel } from '../../src/domain/linkage/index.ts';
import { generateForce } from '../generator/force.ts';
import { FAMILY_HEAVY } from '../generator/story.ts';
import { formatKindScores, pairKindScores, type KindRecord } from '../linkage/pairKinds.ts';
import { MemoryPersonIndex } from './linker.ts';

/**
 * The in-memory linkage of a bulk load on its own (no database): generation, then every party resolved, with the
 * rate every 50k incidents and pairwise precision / recall against the generator's truth at the end.
 * `npx tsx bench/load/linker.perf.ts [incidents]`; FAMILIES=heavy for a family-heavy force (FAMILY_HEAVY).
 */
const total = Number(process.argv[2] ?? 200_000);
/** The model, counting its comparisons: the work per mention, which timing on a shared machine only blurs. */
class CountingModel extends FellegiSunterModel {
  comparisons = 0;
  override weightPrepared(...args: Parameters<FellegiSunterModel['weightPrepared']>) {
    const weight = super.weightPrepared(...args);
    if (weight !== undefined) this.comparisons++; // not those the floor set aside before the names were compared
    return weight;
  }
}
const model = new CountingModel();
const index = new MemoryPersonIndex(model);
const personOf: number[] = [];
const truthOf: string[] = [];
const details: unknown[] = [];
const kindRecords: Omit<KindRecord, 'predicted'>[] = [];
const families = process.env.FAMILIES === 'heavy' ? FAMILY_HEAVY : undefined;
let generated = 0;
const outcomes = { matched: 0, new: 0, review: 0 };
let generationMs = 0;
let linkingMs = 0;
let windowStart = performance.now();
let t = performance.now();
for (const { input, truth } of generateForce({ seed: 1, incidents: total, start: new Date('2016-01-01T00:00:00Z'), years: 10, families })) {
  const afterGeneration = performance.now();
  generationMs += afterGeneration - t;
  const people: number[] = [];
  input.parties.forEach((party, i) => {
    const { person, best, outcome } = index.resolve(party.person, people);
    outcomes[outcome]++;
    people.push(person);
    personOf.push(person);
    truthOf.push(truth.personKeys[i]);
    const p = party.person;
    kindRecords.push({
      person: truth.personKeys[i],
      family: truth.familyKeys[i],
      name: truth.names[i],
      fields: [p.givenName, p.familyName, p.dateOfBirth ?? '', p.address ?? '', p.postcode ?? ''],
    });
    if (process.env.FALSE_LINKS) {
      const why = best
        ? `${best.score.decision} ` + best.score.fields.map((f) => `${f.field}:${f.level}(${f.weight.toFixed(1)})`).join(' ')
        : '';
      details.push({ ...party.person, why });
    }
  });
  t = performance.now();
  linkingMs += t - afterGeneration;
  if (++generated % 50_000 === 0 || generated === total) {
    const rate = (generated % 50_000 || 50_000) / ((t - windowStart) / 1000);
    console.log(
      `${generated} incidents, ${personOf.length} mentions (${outcomes.matched} matched, ${outcomes.new} new, ${outcomes.review} review), ${index.people} people: ${rate.toFixed(0)} incidents/s lately; ` +
        `${(model.comparisons / personOf.length).toFixed(1)} comparisons per mention; generation ${(generationMs / 1000).toFixed(1)} s, linking ${(linkingMs / 1000).toFixed(1)} s, heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB`,
    );
    windowStart = t;
  }
}

const pairs = (groups: Map<string, number>) => [...groups.values()].reduce((sum, n) => sum + (n * (n - 1)) / 2, 0);
const count = (keys: string[]) => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
const predicted = pairs(count(personOf.map(String)));
const actual = pairs(count(truthOf));
const correct = pairs(count(personOf.map((p, i) => `${p}|${truthOf[i]}`)));
const precision = correct / predicted;
const recall = correct / actual;
console.log(
  `precision ${precision.toFixed(4)} recall ${recall.toFixed(4)} F1 ${((2 * precision * recall) / (precision + recall)).toFixed(4)}`,
);

console.log(`by kind of pair:\n${formatKindScores(pairKindScores(kindRecords.map((r, i) => ({ ...r, predicted: String(personOf[i]) }))))}`);

// FALSE_LINKS=N prints N people whose mentions belong to more than one true person, to see what went wrong.
const shown = Number(process.env.FALSE_LINKS ?? 0);
if (shown > 0) {
  const byPerson = new Map<number, number[]>();
  personOf.forEach((p, i) => byPerson.set(p, [...(byPerson.get(p) ?? []), i]));
  let printed = 0;
  const byTruth = new Map<string, number[]>();
  truthOf.forEach((t, i) => byTruth.set(t, [...(byTruth.get(t) ?? []), i]));
  const groups = process.env.MISSED ? byTruth : byPerson;
  for (const [person, mentions] of groups) {
    if (new Set(mentions.map((i) => (process.env.MISSED ? personOf[i] : truthOf[i]))).size < 2) continue;
    console.log(`person ${person}:`);
    for (const i of mentions) console.log(`  ${truthOf[i]} ${JSON.stringify(details[i])}`);
    if (++printed >= shown) break;
  }
}
