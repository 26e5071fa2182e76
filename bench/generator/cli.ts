import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateForce } from './force.ts';
import { MENTION_CSV_HEADER, mentionCsvLine, mentionRows } from './truth.ts';

/**
 * Writes a synthetic force to files in one pass:
 *   npx tsx bench/generator/cli.ts --incidents 3000 --years 3 --start 2023-01-01 --ndjson force.ndjson --truth mentions.csv
 */
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    incidents: { type: 'string', default: '3000' },
    years: { type: 'string', default: '3' },
    start: { type: 'string', default: '2023-01-01' },
    ndjson: { type: 'string' },
    truth: { type: 'string' },
  },
});

async function write(stream: WriteStream | undefined, text: string): Promise<void> {
  if (stream && !stream.write(text)) await once(stream, 'drain');
}

async function close(stream: WriteStream | undefined): Promise<void> {
  if (stream) await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

const incidentsFile = values.ndjson ? createWriteStream(values.ndjson) : undefined;
const truthFile = values.truth ? createWriteStream(values.truth) : undefined;
await write(truthFile, MENTION_CSV_HEADER);
const started = performance.now();
let count = 0;
for (const incident of generateForce({
  seed: Number(values.seed),
  incidents: Number(values.incidents),
  years: Number(values.years),
  start: new Date(`${values.start}${values.start.includes('T') ? '' : 'T00:00:00Z'}`),
})) {
  count++;
  if (incidentsFile) await write(incidentsFile, `${JSON.stringify(incident.input)}\n`);
  if (truthFile) for (const row of mentionRows([incident])) await write(truthFile, mentionCsvLine(row));
}
await Promise.all([close(incidentsFile), close(truthFile)]);
const seconds = (performance.now() - started) / 1000;
console.log(`${count} incidents in ${seconds.toFixed(1)} s (${Math.round(count / seconds)} incidents/s)`);
