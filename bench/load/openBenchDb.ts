import path from 'node:path';
import { BULK_LOAD_SETTINGS } from './bulkLoad.ts';
import { openEmbeddedCluster } from '../../src/platform/db/embedded.ts';

/**
 * Starts the benchmark's embedded cluster (DATA_DIR/bench, default .data/bench) and keeps it running, printing its
 * owner URL, so its data can be queried (psql, EXPLAIN ANALYZE) after `npx safeguard bench`. Stop with Ctrl+C.
 * `npx tsx bench/load/openBenchDb.ts`
 */
const dataDir = process.env.DATA_DIR ?? '.data';
const cluster = await openEmbeddedCluster(
  path.join(dataDir, 'bench'),
  'safeguard_bench',
  (line) => console.error(line),
  BULK_LOAD_SETTINGS,
);
console.log(cluster.ownerUrl);
const stop = async () => {
  await cluster.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => {}, 1 << 30);
