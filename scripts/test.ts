import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { startTestCluster } from '../src/testing/cluster.ts';
import { buildClientBundle } from '../src/platform/views/assets.ts';

/**
 * `npm test` after the type-check: one throw-away embedded PostgreSQL cluster for the whole run, every
 * *.test.ts under src/ and e2e/ (or the files named on the command line), then the cluster is removed.
 */
async function testFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

const named = process.argv.slice(2);
const files = named.length ? named : [...(await testFiles('src')), ...(await testFiles('bench')), ...(await testFiles('e2e'))];
const started = Date.now();
await buildClientBundle({ force: true }); // once, before browser test files start two at a time
const cluster = await startTestCluster();
console.log(`test cluster ready in ${Date.now() - started} ms; ${files.length} test files`);
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
  env: { ...process.env, ...cluster.env, NODE_ENV: 'test' },
});
const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
await cluster.stop();
process.exit(code);
