import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { incidentSchema } from '../../src/modules/incidents/index.ts';
import { generateForce, type ForceOptions, type GeneratedIncident } from './force.ts';
import { MENTION_COLUMNS, mentionCsv, mentionRows } from './truth.ts';

const START = new Date('2023-01-01T00:00:00Z');
const END = new Date('2026-01-01T00:00:00Z');
const demo = (overrides: Partial<ForceOptions> = {}): GeneratedIncident[] => [
  ...generateForce({ seed: 42, incidents: 3000, start: START, years: 3, ...overrides }),
];
const fingerprint = (incidents: GeneratedIncident[]) => createHash('sha256').update(JSON.stringify(incidents)).digest('hex');
const sample = demo();

/** The distinct values of `value` for each key, over every party. */
function valuesByPerson(incidents: GeneratedIncident[], value: (i: GeneratedIncident, party: number) => string | undefined) {
  const values = new Map<string, Set<string>>();
  for (const incident of incidents) {
    incident.truth.personKeys.forEach((key, party) => {
      const v = value(incident, party);
      if (v === undefined) return;
      if (!values.has(key)) values.set(key, new Set());
      values.get(key)!.add(v);
    });
  }
  return values;
}

test('the same seed gives the same force and another seed a different one', () => {
  assert.equal(fingerprint(demo()), fingerprint(sample));
  const other = demo({ seed: 43 });
  assert.notEqual(fingerprint(other), fingerprint(sample));
  assert.notDeepEqual(
    other.slice(0, 10).map((i) => i.input.parties[0].person),
    sample.slice(0, 10).map((i) => i.input.parties[0].person),
  );
});

test('exactly the incidents asked for, in strictly increasing report time inside the window', () => {
  assert.equal(sample.length, 3000);
  const times = sample.map((i) => Date.parse(i.input.reportedAt));
  for (let i = 1; i < times.length; i++) assert.ok(times[i] > times[i - 1], `incident ${i} is out of order`);
  assert.ok(times[0] >= START.getTime());
  assert.ok(times[times.length - 1] < START.getTime() + 3 * 365.25 * 86_400_000);
  assert.ok(times[times.length - 1] > END.getTime() - 30 * 86_400_000, 'reports run on to the end of the window');
  for (const { input } of sample) {
    assert.match(input.reportedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    if (input.occurredAt) assert.ok(input.occurredAt <= input.reportedAt);
  }
  assert.equal(new Set(sample.map((i) => i.input.sourceReference)).size, 3000);
  const perYear = [2023, 2024, 2025].map((y) => sample.filter((i) => i.input.reportedAt.startsWith(String(y))).length);
  for (const count of perYear) assert.ok(count > 800 && count < 1200, `reports are spread evenly over the years: ${perYear}`);
});

test('every incident is valid intake input, with one true person per party', () => {
  for (const { input, truth } of sample) {
    incidentSchema.parse(input);
    assert.equal(truth.personKeys.length, input.parties.length);
    assert.equal(input.parties[0].role, 'victim');
    for (const key of truth.personKeys) assert.match(key, /^P\d{6,}$/);
  }
});

test('some victims are victims again, and a serial suspect abuses three or more people', () => {
  const victimIncidents = new Map<string, number>();
  const victimsOfSuspect = new Map<string, Set<string>>();
  for (const { input, truth } of sample) {
    const victim = truth.personKeys[0];
    victimIncidents.set(victim, (victimIncidents.get(victim) ?? 0) + 1);
    input.parties.forEach((party, i) => {
      if (party.role !== 'suspect') return;
      const key = truth.personKeys[i];
      if (!victimsOfSuspect.has(key)) victimsOfSuspect.set(key, new Set());
      victimsOfSuspect.get(key)!.add(victim);
    });
  }
  const repeatVictims = [...victimIncidents.values()].filter((n) => n >= 2).length;
  assert.ok(repeatVictims > 200, `repeat victims: ${repeatVictims}`);
  assert.ok(
    [...victimsOfSuspect.values()].some((victims) => victims.size >= 3),
    'a suspect with three or more victims',
  );
});

test('children in households are under 18, some present and some named with a school', () => {
  const children = sample.flatMap(({ input }) =>
    input.parties.filter((p) => p.role === 'child').map((p) => ({ ...p, reportedAt: input.reportedAt })),
  );
  assert.ok(children.length > 300, `children: ${children.length}`);
  const clean = children
    .filter((c) => c.person.dateOfBirth)
    .map((c) => (Date.parse(c.reportedAt) - Date.parse(c.person.dateOfBirth!)) / (365.25 * 86_400_000));
  assert.ok(clean.filter((age) => age >= 18.1).length <= clean.length * 0.01, 'children are under 18 bar the odd mistyped date');
  assert.ok(children.some((c) => c.present === true) && children.some((c) => c.present === false));
  assert.ok(children.some((c) => c.school?.endsWith('School') || c.school?.endsWith('Academy')));
});

test('the same person is written differently across records: nicknames, typos, maiden names, missing and swapped dates', () => {
  const givenNames = valuesByPerson(sample, (i, p) => i.input.parties[p].person.givenName);
  const familyNames = valuesByPerson(sample, (i, p) =>
    i.input.parties[p].role === 'victim' ? i.input.parties[p].person.familyName : undefined,
  );
  const births = valuesByPerson(sample, (i, p) => i.input.parties[p].person.dateOfBirth);
  const nicknamed = [...givenNames.values()].filter((names) =>
    [
      ['Robert', 'Bob', 'Rob', 'Bobby', 'Robbie'],
      ['James', 'Jim', 'Jamie', 'Jimmy'],
      ['Margaret', 'Maggie', 'Peggy', 'Meg'],
      ['Elizabeth', 'Liz', 'Beth', 'Lizzie', 'Betty'],
      ['Katherine', 'Kate', 'Katie', 'Kathy', 'Catherine', 'Kathryn'],
      ['William', 'Bill', 'Will', 'Billy'],
    ].some((family) => [...names].filter((n) => family.includes(n)).length >= 2),
  );
  assert.ok(nicknamed.length >= 3, `people recorded under a nickname and their full name: ${nicknamed.length}`);
  assert.ok([...givenNames.values()].filter((n) => n.size >= 2).length > 100);
  assert.ok(
    [...familyNames.values()].some((n) => n.size >= 2),
    'a victim recorded under two family names',
  );
  const firstNames = new Map<string, { first: string; married?: string }>();
  for (const { input, truth } of sample) {
    const [victim, suspect] = input.parties;
    const known = firstNames.get(truth.personKeys[0]);
    if (!known) firstNames.set(truth.personKeys[0], { first: victim.person.familyName });
    else if (victim.person.familyName !== known.first && victim.person.familyName === suspect.person.familyName)
      known.married = victim.person.familyName;
  }
  const married = [...firstNames.values()].filter((v) => v.married).length;
  assert.ok(married >= 3, `victims first recorded under another name, later under the suspect's: ${married}`);
  const homes = valuesByPerson(sample, (i, p) => (i.input.parties[p].role === 'victim' ? i.input.parties[p].person.postcode : undefined));
  const moved = [...homes.values()].filter((postcodes) => postcodes.size >= 2).length;
  assert.ok(moved >= 20, `victims recorded at two postcodes: ${moved}`);
  assert.ok(
    [...births.values()].some((d) => d.size >= 2),
    'a person recorded with two dates of birth',
  );
  const mentions = sample.flatMap((i) => i.input.parties.map((p) => p.person));
  const withoutBirth = mentions.filter((m) => !m.dateOfBirth).length / mentions.length;
  assert.ok(withoutBirth > 0.02 && withoutBirth < 0.25, `mentions without a date of birth: ${withoutBirth}`);
  const keyed = sample.flatMap((i) => i.truth.personKeys.map((key, p) => ({ key, person: i.input.parties[p].person })));
  const canonical = new Map<string, string>();
  for (const { key, person } of keyed) if (!canonical.has(key)) canonical.set(key, person.givenName);
  const cleanShare = keyed.filter(({ key, person }) => person.givenName === canonical.get(key)).length / keyed.length;
  assert.ok(cleanShare > 0.8, `most mentions carry the name first seen: ${cleanShare}`);
});

test('DASH answers agree with the story and the officer grade is never below the yes-count band', () => {
  const assessed = sample.filter((i) => i.input.riskAssessment);
  const share = assessed.length / sample.length;
  assert.ok(share > 0.85 && share < 0.98, `most incidents carry a DASH: ${share}`);
  const rank = { standard: 0, medium: 1, high: 2 } as const;
  const grades = { standard: 0, medium: 0, high: 0 };
  for (const { input } of assessed) {
    const ra = input.riskAssessment!;
    assert.equal(ra.instrument, 'dash-2009');
    const yes = Object.values(ra.answers).filter((a) => a === 'yes').length;
    const band = yes >= 14 ? 'high' : yes >= 10 ? 'medium' : 'standard';
    assert.ok(rank[ra.officerGrade] >= rank[band], `grade ${ra.officerGrade} below band ${band}`);
    grades[ra.officerGrade]++;
    if (ra.answers['9'] === 'yes') assert.notEqual(input.parties[0].person.sex, 'male', 'pregnancy question only for women');
  }
  assert.ok(grades.standard > grades.medium && grades.medium > 0 && grades.high > 0, JSON.stringify(grades));
  const stalking = assessed.filter((i) => i.input.classification === 'Domestic abuse - harassment/stalking');
  assert.ok(stalking.filter((i) => i.input.riskAssessment!.answers['8'] === 'yes').length > stalking.length * 0.8);
  const honour = assessed.filter(
    (i) => i.input.riskAssessment!.answers['4'] === 'yes' && i.input.narrative?.includes('shame on the family'),
  );
  assert.ok(honour.length > 5, `honour-based abuse cases prompting the HBA screen: ${honour.length}`);
  const escalated = assessed.filter((i) => i.input.riskAssessment!.answers['14'] === 'yes' && i.input.narrative?.includes('getting worse'));
  assert.ok(escalated.length > 10, `escalating cases: ${escalated.length}`);
});

test('the ground truth lists every party as a mention with its true person', () => {
  const incidents = sample.slice(0, 200);
  const rows = [...mentionRows(incidents)];
  assert.equal(
    rows.length,
    incidents.reduce((n, i) => n + i.input.parties.length, 0),
  );
  assert.equal(rows[0].cluster_id, incidents[0].truth.personKeys[0]);
  assert.equal(rows[0].given_name, incidents[0].input.parties[0].person.givenName);
  const lines = [...mentionCsv(incidents)];
  assert.equal(lines[0], `${MENTION_COLUMNS.join(',')}\n`);
  assert.equal(lines.length, rows.length + 1);
  const quoted = lines.find((l) => l.includes('"'));
  assert.ok(quoted === undefined || /"[^"]*,[^"]*"/.test(quoted), 'fields holding commas are quoted');
});

test('generation rate (printed, not asserted)', () => {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let count = 0;
  for (const _ of generateForce({ seed: 1, incidents: 20_000, start: START, years: 10 })) count++;
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  console.log(
    `generator: ${count} incidents in ${seconds.toFixed(2)} s = ${Math.round(count / seconds)} incidents/s ` +
      `(${Math.round(count / cpuSeconds)} per CPU-second)`,
  );
  assert.equal(count, 20_000);
});
