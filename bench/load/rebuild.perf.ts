import pg from 'pg';
import { dropIndexes, rebuildIndexes } from './indexes.ts';

/**
 * The post-load phase of a bulk load on its own: drops the loaded tables' indexes and keys in the database at URL
 * (the bench database, opened with openBenchDb.ts) and rebuilds them as the load does, printing when each starts.
 * `URL=postgres://... npx tsx bench/load/rebuild.perf.ts`
 */
const tables = (
  process.env.TABLES ?? 'person_mention,person_blocking_key,incident,risk_assessment,task,possible_match,incident_party,person'
).split(',');
const pool = new pg.Pool({ connectionString: process.env.URL, max: 4 });
const client = await pool.connect();
const dropped = await dropIndexes(client, tables);
client.release();
const start = performance.now();
const at = () => `${((performance.now() - start) / 1000).toFixed(1)} s`;
await rebuildIndexes(pool, dropped, (name) => console.log(at(), name));
console.log(at(), 'done');
await pool.end();
