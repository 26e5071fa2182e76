import crypto from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { BULK_LOAD_SETTINGS, bulkLoad, TRUTH_TABLE, type BulkLoadCounts } from '../../bench/load/bulkLoad.ts';
import { listenOnLoopback, signInOverHttp, throughput, timedGet } from '../../bench/load/http.ts';
import { generateForce } from '../../bench/generator/force.ts';
import { typo } from '../../bench/generator/names.ts';
import { Rng } from '../../bench/generator/prng.ts';
import { evaluateLinkage } from '../../bench/linkage/evaluate.ts';
import { formatKindScores, pairKindNames, type KindScore } from '../../bench/linkage/pairKinds.ts';
import { createApp } from '../app.ts';
import type { Config } from '../config.ts';
import { systemActor } from '../platform/audit/actor.ts';
import { openDatabase } from '../platform/db/database.ts';
import { openEmbeddedCluster } from '../platform/db/embedded.ts';
import type { Logger } from '../platform/logging.ts';
import { migrate, type Connection } from '../platform/runtime.ts';
import { buildServices } from '../services.ts';
import type { Services } from '../services.ts';
import { DEMO_PASSWORD, loadDemoOrganisation } from '../modules/demo/index.ts';
import { paths } from '../paths.ts';
import { currentTriageSla } from '../modules/triage/index.ts';
import { actorFromUser } from '../modules/users/index.ts';
import { benchCasework } from './bench/cases.ts';
import { p50p95 } from './bench/stats.ts';
import { benchSupport } from './bench/support.ts';

const USAGE = 'Usage: npx safeguard bench [--scale N] [--seed N] [--fresh]';
const LOAD_SETTING = 'bench.load';
const START = new Date('2016-01-01T00:00:00Z');
const YEARS = 10;

export interface BenchOptions {
  scale: number;
  seed: number;
  fresh: boolean;
  /** Sizes of the measurement samples (smaller in tests). */
  samples?: Partial<Samples>;
  /** Lines of results; the default prints them. */
  print?: (line: string) => void;
  progress?: (text: string) => void;
}

interface Samples {
  apiIncidents: number;
  chronologies: number;
  searches: number;
  queuePages: number;
  throughputSeconds: number;
  throughputRequests: number;
  linkageDatasets: boolean;
}

const DEFAULT_SAMPLES: Samples = {
  apiIncidents: 200,
  chronologies: 500,
  searches: 300,
  queuePages: 50,
  throughputSeconds: 10,
  throughputRequests: 20_000,
  linkageDatasets: true,
};

interface StoredLoad {
  seed: number;
  scale: number;
  seconds: number;
  counts: BulkLoadCounts;
}

/** The benchmark's own database: BENCH_DATABASE_URL, or an embedded cluster in DATA_DIR/bench. Never the app's. */
export async function benchConnection(config: Config, logger: Logger): Promise<Connection> {
  const url = process.env.BENCH_DATABASE_URL;
  if (url) return { ownerUrl: url, appUrl: url, close: async () => {}, embedded: false };
  const cluster = await openEmbeddedCluster(
    path.join(config.dataDir, 'bench'),
    'safeguard_bench',
    (line) => logger.debug({ postgres: line }),
    BULK_LOAD_SETTINGS,
  );
  return { ownerUrl: cluster.ownerUrl, appUrl: cluster.appUrl, appRole: 'safeguard_app', close: cluster.stop, embedded: true };
}

export async function benchCommand(config: Config, logger: Logger, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { scale: { type: 'string' }, seed: { type: 'string' }, fresh: { type: 'boolean' } },
  });
  const scale = Number(values.scale ?? 1_000_000);
  const seed = Number(values.seed ?? 1);
  if (!Number.isInteger(scale) || scale < 1 || !Number.isInteger(seed)) {
    console.error(USAGE);
    return 2;
  }
  const connection = await benchConnection(config, logger);
  try {
    await runBench(config, logger, connection, {
      scale,
      seed,
      fresh: values.fresh ?? false,
      progress: (text) => process.stderr.write(text),
    });
  } finally {
    await connection.close();
  }
  return 0;
}

async function timed<T>(times: number[], work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  times.push(performance.now() - started);
  return result;
}

async function storedLoad(pool: pg.Pool): Promise<StoredLoad | undefined> {
  try {
    const { rows } = await pool.query<{ value: StoredLoad }>('select value from setting where key = $1', [LOAD_SETTING]);
    return rows[0]?.value;
  } catch {
    return undefined;
  }
}

/** An empty, migrated database: the public schema is dropped and made again. */
async function resetDatabase(pool: pg.Pool, connection: Connection): Promise<void> {
  await pool.query('drop schema if exists public cascade; create schema public; grant usage on schema public to public');
  await migrate(connection);
}

/** Loads the force unless a complete load of the same scale and seed is there; prints every measure. */
export async function runBench(config: Config, logger: Logger, connection: Connection, options: BenchOptions): Promise<void> {
  const print = options.print ?? ((line: string) => console.log(line));
  const progress = options.progress ?? (() => {});
  const samples = { ...DEFAULT_SAMPLES, ...options.samples };
  // Connections the cluster ends while the pools close are not errors of the bench.
  let closing = false;
  const onError = (e: Error) => {
    if (!closing) logger.error({ err: e }, 'bench database error');
  };
  const owner = openDatabase(connection.ownerUrl, onError, 12);
  let app: Awaited<ReturnType<typeof listenOnLoopback>> | undefined;
  let database: ReturnType<typeof openDatabase> | undefined;
  try {
    let load = await storedLoad(owner.pool);
    const reuse = !options.fresh && load?.scale === options.scale && load.seed === options.seed;
    if (!reuse) await resetDatabase(owner.pool, connection);
    database = openDatabase(connection.appUrl, onError);
    // Pages are timed as a deployment serves them: templates compiled once and no log line per request, which
    // development mode does not do (it re-reads every template on every render so they can be edited live).
    const env = config.env === 'development' ? 'test' : config.env;
    const services = buildServices({ ...config, env, databaseUrl: connection.appUrl, demoMode: 'off' }, database, logger);
    if (!reuse) {
      await loadDemoOrganisation(services);
      load = await loadForce(services, owner, options, progress);
    }
    const loaded = load!;
    print(
      `ingest: ${loaded.counts.incidents} incidents, ${loaded.counts.mentions} mentions, ${loaded.counts.people} people in ${loaded.seconds.toFixed(1)} s ` +
        `(${Math.round(loaded.counts.incidents / loaded.seconds)} incidents/s, with linkage${reuse ? '; loaded by an earlier run' : ''})`,
    );
    print(
      `links: ${loaded.counts.links.matched} matched, ${loaded.counts.links.new} new, ${loaded.counts.links.review} review (possible matches raised)`,
    );
    print(await truthScores(owner.pool));
    print(await kindScores(owner.pool));
    if (samples.linkageDatasets) {
      for (const s of await evaluateLinkage())
        print(
          `linkage ${s.dataset}: precision ${s.precision.toFixed(4)}, recall ${s.recall.toFixed(4)}, F1 ${s.f1.toFixed(4)} (${s.records} records)`,
        );
    }

    app = await listenOnLoopback(createApp(services));
    const assessor = await services.db.selectFrom('app_user').selectAll().where('username', '=', 'assessor').executeTakeFirstOrThrow();
    const actor = actorFromUser(assessor, 'cli');

    const token = await services.users.createApiToken(systemActor('bench'), 'integration', 'bench');
    const apiTimes: number[] = [];
    const runId = crypto.randomBytes(4).toString('hex');
    const end = new Date(START.getTime() + YEARS * 365.25 * 86_400_000);
    for (const { input } of generateForce({
      seed: options.seed + 1,
      incidents: samples.apiIncidents,
      start: end,
      years: 0.1,
      sourceSystem: `bench-api-${runId}`,
    })) {
      await timed(apiTimes, async () => {
        const res = await fetch(`${app!.baseUrl}/api/v1/incidents`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(input),
        });
        await res.arrayBuffer();
        if (res.status !== 201) throw new Error(`POST /api/v1/incidents answered ${res.status}`);
      });
    }
    print(`single-incident API ingest (POST /api/v1/incidents, ${apiTimes.length} new incidents): ${p50p95(apiTimes)}`);

    // The 20 suspects with the most incidents, each with the most recent of them (the one an assessor would open).
    const longest = await owner.pool.query<{ person_id: string; incidents: string; incident_id: string }>(
      `select p.person_id, count(*) as incidents,
         (array_agg(p.incident_id order by coalesce(i.occurred_at, i.reported_at) desc, p.incident_id))[1] as incident_id
       from incident_party p join incident i on i.id = p.incident_id
       where p.role = 'suspect' group by p.person_id order by count(*) desc limit 20`,
    );
    const random = await owner.pool.query<{ id: string }>('select id from person order by random() limit $1', [
      Math.max(0, samples.chronologies - longest.rows.length),
    ]);
    const chronologyTimes: number[] = [];
    for (const id of [...longest.rows.map((r) => r.person_id), ...random.rows.map((r) => r.id)]) {
      await timed(chronologyTimes, async () =>
        services.people.view(actor, id, { scope: await services.access.listScope(actor, 'person:view') }),
      );
    }
    print(
      `person chronology (PeopleService.view, ${chronologyTimes.length} people incl. the 20 longest suspect histories): ${p50p95(chronologyTimes)}`,
    );

    const cookie = await signInOverHttp(app.baseUrl, 'assessor', DEMO_PASSWORD);
    const top = longest.rows[0];
    if (top) {
      const viewTimes: number[] = [];
      const pageTimes: number[] = [];
      for (let i = 0; i < 10; i++) {
        await timed(viewTimes, async () =>
          services.people.view(actor, top.person_id, { scope: await services.access.listScope(actor, 'person:view') }),
        );
        pageTimes.push(await timedGet(`${app.baseUrl}/people/${top.person_id}`, { cookie }));
      }
      print(
        `suspect with the longest history (${top.incidents} incidents): person page GET /people/:id ${p50p95(pageTimes)}; ` +
          `PeopleService.view ${p50p95(viewTimes)}`,
      );

      // The assessment of that suspect's most recent incident: the page reads every party's whole history.
      const assessmentViewTimes: number[] = [];
      const assessmentPageTimes: number[] = [];
      for (let i = 0; i < 10; i++) {
        await timed(assessmentViewTimes, () => services.assessment.view(actor, top.incident_id));
        assessmentPageTimes.push(await timedGet(`${app.baseUrl}${paths.incidents.assessment({ id: top.incident_id })}`, { cookie }));
      }
      print(
        `assessment page of the longest suspect history (${top.incidents} incidents): GET /incidents/:id/assessment ` +
          `${p50p95(assessmentPageTimes)}; AssessmentService.view ${p50p95(assessmentViewTimes)}`,
      );
    }

    const searchTimes: number[] = [];
    const rng = new Rng(options.seed);
    const { rows: names } = await owner.pool.query<{ given: string; family: string }>(
      `select details->>'givenName' as given, details->>'familyName' as family from person_mention
       where details->>'familyName' <> '' order by random() limit $1`,
      [samples.searches],
    );
    let found = 0;
    for (const { given, family } of names) {
      const result = await timed(searchTimes, async () =>
        services.people.search(actor, { name: `${given} ${typo(family, rng)}` }, await services.access.listScope(actor, 'person:search')),
      );
      if (result.people.length) found++;
    }
    print(`fuzzy person search (${searchTimes.length} names with a typo in the surname, ${found} found someone): ${p50p95(searchTimes)}`);

    // A bare surname, the commonest first: the search a user types before they know better.
    const broadTimes: number[] = [];
    const { rows: surnames } = await owner.pool.query<{ family: string }>(
      `select details->>'familyName' as family from person_mention where details->>'familyName' <> ''
       group by 1 order by count(*) desc limit 20`,
    );
    let currentOnly = 0;
    for (const { family } of surnames) {
      for (let i = 0; i < 3; i++) {
        const result = await timed(broadTimes, async () =>
          services.people.search(actor, { name: family }, await services.access.listScope(actor, 'person:search')),
        );
        if (result.currentNamesOnly) currentOnly++;
      }
    }
    print(
      `broad person search (the ${surnames.length} commonest surnames alone, 3 times each; ${currentOnly} of ${broadTimes.length} ` +
        `searched current names only): ${p50p95(broadTimes)}`,
    );

    const queueTimes: number[] = [];
    const queue = await fetch(`${app.baseUrl}/triage`, { headers: { cookie }, redirect: 'manual' });
    await queue.arrayBuffer();
    if (queue.status === 200) {
      for (let i = 0; i < samples.queuePages; i++) queueTimes.push(await timedGet(`${app.baseUrl}/triage`, { cookie }));
      print(`triage queue page (GET /triage as an assessor, ${queueTimes.length} loads): ${p50p95(queueTimes)}`);
    } else {
      print(`triage queue page: not measured (GET /triage answered ${queue.status})`);
    }

    print(await benchOrders(services, app.baseUrl, options.scale, samples.queuePages));
    print(await benchCasework(services, app.baseUrl, options.scale, samples.queuePages));
    print(await benchSupport(services, app.baseUrl, options.scale, samples.queuePages));

    const people = random.rows.slice(0, 50).map((r) => `${app!.baseUrl}/people/${r.id}`);
    const limits = { concurrency: 8, seconds: samples.throughputSeconds, maxRequests: samples.throughputRequests };
    const health = await throughput([`${app.baseUrl}/health`], {}, limits);
    print(
      `HTTP throughput GET /health: ${Math.round(health.perSecond)} requests/s (${health.requests} in ${health.seconds.toFixed(1)} s, 8 concurrent, ${health.errors} errors)`,
    );
    if (people.length) {
      const pages = await throughput(people, { cookie }, limits);
      print(
        `HTTP throughput GET /people/:id: ${Math.round(pages.perSecond)} requests/s (${pages.requests} in ${pages.seconds.toFixed(1)} s, 8 concurrent, ${pages.errors} errors)`,
      );
    }
  } finally {
    closing = true;
    await app?.close();
    await database?.close();
    await owner.close();
  }
}

/** The demo force's proportion of orders to incidents (about 1 in 125: src/modules/demo/orders.ts over 3,000). */
const ORDERS_PER_INCIDENT = 0.008;

/**
 * The order register and an order page, on the loaded force with the demo proportion of orders: restraining orders
 * recorded through the order service (checked and audited as a user's would be) against the latest victim and suspect
 * pairs, until the register holds that many; then GET /orders and GET /orders/:id timed as a coordinator.
 */
async function benchOrders(services: Services, baseUrl: string, scale: number, loads: number): Promise<string> {
  const wanted = Math.max(1, Math.ceil(scale * ORDERS_PER_INCIDENT));
  const { inForce } = await services.orders.counts();
  const coordinator = await services.db.selectFrom('app_user').selectAll().where('username', '=', 'coordinator').executeTakeFirstOrThrow();
  const actor = actorFromUser(coordinator, 'cli');
  const now = services.clock.now();
  if (inForce < wanted) {
    const pairs = await services.incidents.victimSuspectPairs(
      services.db,
      { from: new Date(0), before: new Date(now.getTime() - 86_400_000) },
      wanted - inForce,
    );
    for (const p of pairs) {
      if (p.victimId === p.suspectId) continue;
      await services.orders.record(actor, {
        type: 'restraining-order',
        subjectPersonId: p.suspectId,
        protectedPersonIds: [p.victimId],
        startsAt: new Date(Math.min(p.reportedAt.getTime() + 86_400_000, now.getTime())),
        endsAt: null,
        incidentId: p.incidentId,
        authorisedBy: null,
        conditions: [{ kind: 'no-contact', text: 'Must not contact the person protected directly or through anyone else' }],
      });
    }
  }
  const cookie = await signInOverHttp(baseUrl, 'coordinator', DEMO_PASSWORD);
  const registerTimes: number[] = [];
  for (let i = 0; i < loads; i++) registerTimes.push(await timedGet(`${baseUrl}${paths.orders.register}?view=in-force`, { cookie }));
  const sample = await services.orders.register(actor, 'in-force', 1);
  const pageTimes: number[] = [];
  for (let i = 0; i < loads; i++) {
    const order = sample.orders[i % Math.max(1, sample.orders.length)];
    if (order) pageTimes.push(await timedGet(`${baseUrl}${paths.orders.show({ id: order.id })}`, { cookie }));
  }
  const counts = await services.orders.counts();
  return (
    `order register (GET /orders?view=in-force as a coordinator, ${counts.inForce} orders in force, ${registerTimes.length} loads): ${p50p95(registerTimes)}; ` +
    `order page (GET /orders/:id, ${pageTimes.length} loads): ${pageTimes.length ? p50p95(pageTimes) : 'not measured (no orders)'}`
  );
}

async function loadForce(
  services: Services,
  owner: ReturnType<typeof openDatabase>,
  options: BenchOptions,
  progress: (text: string) => void,
): Promise<StoredLoad> {
  const started = performance.now();
  const counts = await bulkLoad(owner.pool, owner.db, services.audit, systemActor('bench'), {
    seed: options.seed,
    incidents: options.scale,
    start: START,
    years: YEARS,
    sla: await currentTriageSla(services.db),
    onProgress: (done, total) => progress(progressBar(done, total, (performance.now() - started) / 1000)),
    onPhase: (phase) => progress(`\n${phase} (at ${((performance.now() - started) / 1000).toFixed(1)} s)`),
  });
  const seconds = (performance.now() - started) / 1000;
  progress('\n');
  const load: StoredLoad = { seed: options.seed, scale: options.scale, seconds, counts };
  await owner.pool.query('insert into setting (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value', [
    LOAD_SETTING,
    JSON.stringify(load),
  ]);
  return load;
}

function progressBar(done: number, total: number, seconds: number): string {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const rate = done / Math.max(seconds, 0.001);
  const eta = rate > 0 ? (total - done) / rate : 0;
  return `\rbulk load [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} incidents, ${Math.round(rate)}/s, ${Math.round(eta)} s to go `;
}

/** Pairwise precision, recall and F1 of the loaded person ids against the generator's true people. */
async function truthScores(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ true_pairs: string; predicted_pairs: string; correct: string; mentions: string }>(`
    with m as (select pm.person_id, t.truth_key from person_mention pm join ${TRUTH_TABLE} t on t.mention_id = pm.id)
    select
      (select coalesce(sum(n * (n - 1) / 2), 0) from (select count(*)::numeric as n from m group by truth_key) a) as true_pairs,
      (select coalesce(sum(n * (n - 1) / 2), 0) from (select count(*)::numeric as n from m group by person_id) b) as predicted_pairs,
      (select coalesce(sum(n * (n - 1) / 2), 0) from (select count(*)::numeric as n from m group by person_id, truth_key) c) as correct,
      (select count(*) from m) as mentions`);
  const [truePairs, predicted, correct] = [rows[0].true_pairs, rows[0].predicted_pairs, rows[0].correct].map(Number);
  const precision = predicted ? correct / predicted : 1;
  const recall = truePairs ? correct / truePairs : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return `linkage generator truth: precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}, F1 ${f1.toFixed(4)} (${rows[0].mentions} mentions, ${truePairs} true pairs)`;
}

/** A field of a mention's details as pairKinds.asWritten compares it: case, spaces and punctuation aside. */
const writtenSql = (field: string) => `regexp_replace(lower(coalesce(pm.details->>'${field}', '')), '[^a-z0-9]', '', 'g')`;

/** Linkage by kind of pair on the generator's truth, as bench/linkage/pairKinds.ts measures it, in the database. */
async function kindScores(pool: pg.Pool): Promise<string> {
  const { rows: columns } = await pool.query(
    `select 1 from information_schema.columns where table_name = '${TRUTH_TABLE}' and column_name = 'family_key'`,
  );
  if (!columns.length) return 'linkage by kind of pair: not measured (the load predates the truth of families; run with --fresh)';
  const m = `select pm.id, pm.person_id::text as predicted, t.truth_key as person, t.family_key as family, t.true_name as name,
      ${['givenName', 'familyName', 'dateOfBirth', 'address', 'postcode'].map((f, i) => `${writtenSql(f)} as f${i}`).join(', ')}
    from person_mention pm join ${TRUTH_TABLE} t on t.mention_id = pm.id`;
  const differ = [0, 1, 2, 3, 4].map((i) => `(a.f${i} <> '' and b.f${i} <> '' and a.f${i} <> b.f${i})::int`).join(' + ');
  const { rows: same } = await pool.query<{ d: number; pairs: string; linked: string }>(
    `with m as (${m}) select least(3, ${differ}) as d, count(*) as pairs, count(*) filter (where a.predicted = b.predicted) as linked
     from m a join m b on a.person = b.person and a.id < b.id group by 1`,
  );
  const pairsBy = async (...keys: string[]) => {
    const { rows } = await pool.query<{ n: string }>(
      `with m as (${m}) select coalesce(sum(n * (n - 1) / 2), 0) as n from (select count(*)::numeric as n from m group by ${keys.join(', ')}) g`,
    );
    return Number(rows[0].n);
  };
  const names = pairKindNames();
  const scores: KindScore[] = names.same.map((kind, d) => {
    const row = same.find((r) => Number(r.d) === d);
    return { kind, sameP: true, pairs: Number(row?.pairs ?? 0), linked: Number(row?.linked ?? 0) };
  });
  scores.push(
    {
      kind: names.relatives,
      sameP: false,
      pairs: (await pairsBy('family')) - (await pairsBy('family', 'name')),
      linked: (await pairsBy('family', 'predicted')) - (await pairsBy('family', 'name', 'predicted')),
    },
    {
      kind: names.namesakeRelatives,
      sameP: false,
      pairs: (await pairsBy('family', 'name')) - (await pairsBy('family', 'name', 'person')),
      linked: (await pairsBy('family', 'name', 'predicted')) - (await pairsBy('family', 'name', 'person', 'predicted')),
    },
    {
      kind: names.namesakes,
      sameP: false,
      pairs: (await pairsBy('name')) - (await pairsBy('name', 'family')),
      linked: (await pairsBy('name', 'predicted')) - (await pairsBy('name', 'family', 'predicted')),
    },
  );
  return `linkage generator truth by kind of pair:\n${formatKindScores(scores)}`;
}
