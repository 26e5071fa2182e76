import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { loadConfig } from '../config.ts';
import { createLogger } from '../platform/logging.ts';
import { APP_ROLE } from '../platform/db/embedded.ts';
import { createTestDatabase, type TestDatabase } from '../testing/database.ts';
import { STANDARD_PARAMETERS } from '../domain/linkage/index.ts';
import { runBench } from './bench.ts';

let database: TestDatabase;
let owner: pg.Pool;
before(async () => {
  database = await createTestDatabase();
  owner = new pg.Pool({ connectionString: database.ownerUrl, max: 2 });
});
after(async () => {
  await owner.end();
  await database.drop();
});

const count = async (query: string) => Number((await owner.query<{ n: string }>(query)).rows[0].n);

async function bench(): Promise<string[]> {
  const lines: string[] = [];
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: database.appUrl });
  const connection = { ownerUrl: database.ownerUrl, appUrl: database.appUrl, appRole: APP_ROLE, embedded: false, close: async () => {} };
  await runBench(config, createLogger('silent'), connection, {
    scale: 300,
    seed: 7,
    fresh: false,
    samples: {
      apiIncidents: 5,
      chronologies: 30,
      searches: 10,
      queuePages: 3,
      throughputSeconds: 1,
      throughputRequests: 100,
      linkageDatasets: false,
    },
    print: (line) => lines.push(line),
  });
  return lines;
}

const CONSTRAINTS = `select count(*) as n from pg_constraint where connamespace = 'public'::regnamespace and contype in ('p', 'u', 'f') and convalidated`;

test('the bench loads 300 incidents with every party linked to a person and prints each measure', async () => {
  const constraints = await count(CONSTRAINTS);
  const lines = await bench();
  for (const measure of [
    /^ingest: 300 incidents, \d+ mentions, \d+ people in [\d.]+ s \(\d+ incidents\/s, with linkage\)$/,
    /^links: \d+ matched, \d+ new, \d+ review/,
    /^linkage generator truth: precision [01]\.\d{4}, recall [01]\.\d{4}, F1 [01]\.\d{4}/,
    /^single-incident API ingest .*: p50 [\d.]+ ms, p95 [\d.]+ ms$/,
    /^person chronology .*: p50 [\d.]+ ms, p95 [\d.]+ ms$/,
    /^suspect with the longest history \(\d+ incidents\): person page/,
    /^assessment page of the longest suspect history \(\d+ incidents\): GET \/incidents\/:id\/assessment p50 [\d.]+ ms, p95 [\d.]+ ms; AssessmentService\.view p50 [\d.]+ ms, p95 [\d.]+ ms$/,
    /^fuzzy person search .*: p50 [\d.]+ ms, p95 [\d.]+ ms$/,
    /^broad person search \(the \d+ commonest surnames alone, 3 times each; \d+ of \d+ searched current names only\): p50 [\d.]+ ms, p95 [\d.]+ ms$/,
    /^triage queue page .*: p50 [\d.]+ ms, p95 [\d.]+ ms$/,
    /^casework pages \(\d+ open cases, \d+ referrals, \d+\+ prison releases; \d+ loads each\): case list .* p50 [\d.]+ ms, p95 [\d.]+ ms; case page .* p50 [\d.]+ ms, p95 [\d.]+ ms; .*release page \(GET \/releases\/:id\) p50 [\d.]+ ms, p95 [\d.]+ ms$/,
    /^HTTP throughput GET \/health: \d+ requests\/s .* 0 errors\)$/,
    /^HTTP throughput GET \/people\/:id: \d+ requests\/s .* 0 errors\)$/,
  ]) {
    assert.ok(
      lines.some((l) => measure.test(l)),
      `no line like ${measure} in:\n${lines.join('\n')}`,
    );
  }

  // By kind of pair: the same person's pairs, split by fields differing, add up to the true pairs.
  const kinds = lines.find((l) => l.startsWith('linkage generator truth by kind of pair:'));
  assert.ok(kinds, lines.join('\n'));
  const samePairs = [...kinds.matchAll(/same person, .* differing +(\d+) pairs/g)].map((m) => Number(m[1]));
  assert.equal(samePairs.length, 4);
  const truePairs = Number(/\((\d+) mentions, (\d+) true pairs\)/.exec(lines.find((l) => l.startsWith('linkage generator truth:'))!)![2]);
  assert.equal(
    samePairs.reduce((a, b) => a + b),
    truePairs,
  );
  assert.match(kinds, /relatives \(one family, other names\) +\d+ pairs +\d+ linked/);

  assert.equal(await count(`select count(*) as n from incident where source_system = 'niche-rms'`), 300);
  const parties = await count(
    `select count(*) as n from incident_party p join incident i on i.id = p.incident_id where i.source_system = 'niche-rms'`,
  );
  assert.equal(await count(`select count(*) as n from person_mention where source_system = 'niche-rms'`), parties);
  assert.equal(await count(`select count(*) as n from incident_party where person_id is null`), 0);
  assert.equal(await count(`select count(*) as n from bench_truth`), parties);
  const mentions = Number(/ingest: 300 incidents, (\d+) mentions/.exec(lines[0])![1]);
  assert.equal(mentions, parties);
  // Every incident has its triage task; the indexes, keys and foreign keys dropped for COPY are back (checked); one
  // audit event per batch.
  assert.equal(
    await count(
      `select count(*) as n from task t join incident i on i.id = t.incident_id where t.type = 'triage' and i.source_system = 'niche-rms'`,
    ),
    300,
  );
  assert.equal(
    await count(
      `select count(*) as n from pg_indexes where indexname in ('person_mention_person', 'person_mention_family_trgm', 'task_triage_queue')`,
    ),
    3,
  );
  // Each link's explanation (made on this thread from the levels the linker thread sent) adds up to its weight.
  const { rows: explained } = await owner.query<{ weight: number; explanation: { field: string; weight: number }[] }>(
    `select weight, explanation from possible_match`,
  );
  assert.ok(explained.length > 0);
  for (const { weight, explanation } of explained) {
    assert.equal(explanation.length, 10);
    const sum = explanation.reduce((total, field) => total + field.weight, STANDARD_PARAMETERS.priorWeight);
    assert.ok(Math.abs(sum - weight) < 1e-9, `${JSON.stringify(explanation)} adds up to ${sum}, not ${weight}`);
  }
  assert.equal(await count(`select count(*) as n from person_mention where link <> 'new' and link_explanation is null`), 0);
  assert.equal(await count(CONSTRAINTS), constraints);
  assert.ok(constraints > 40, `${constraints} constraints`);
  assert.equal(await count(`select count(*) as n from audit_event where action = 'bulk-load'`), 1);
  assert.equal(await count(`select count(*) as n from audit_event where action = 'incident-received'`), 5);

  const again = await bench();
  assert.match(again[0], /loaded by an earlier run/);
  assert.equal(await count(`select count(*) as n from incident where source_system = 'niche-rms'`), 300);
});
