import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../testing/app.ts';
import { importCommand } from '../../cli/import.ts';
import { csvFile, csvValues, recordingTerminal, writeTemp } from './testFiles.ts';

/**
 * Import speed (a benchmark, not part of `npm test`): `npx tsx scripts/test.ts src/modules/imports/import.bench.ts`.
 * IMPORT_BENCH_ROWS sets the size (default 5,000). Prints rows/s overall and the share spent inside intake.
 */
test('import speed', async () => {
  const rows = Number(process.env.IMPORT_BENCH_ROWS ?? 5000);
  const t = await createTestApp();
  try {
    const file = await writeTemp('bench.csv', csvFile(Array.from({ length: rows }, (_, i) => csvValues(10_000 + i))));
    const intake = t.services.intake;
    const receive = intake.receive.bind(intake);
    let inIntake = 0;
    intake.receive = async (actor, input) => {
      const started = performance.now();
      try {
        return await receive(actor, input);
      } finally {
        inIntake += performance.now() - started;
      }
    };
    const started = performance.now();
    const term = recordingTerminal();
    const code = await importCommand(t.services, [file, '--source', 'bench'], term);
    const seconds = (performance.now() - started) / 1000;
    assert.equal(code, 0);
    assert.equal(term.stdout.at(-1), `accepted ${rows}, duplicate 0, quarantined 0 (of ${rows} rows)`);
    console.log(
      `# import of ${rows} CSV rows: ${seconds.toFixed(1)} s, ${(rows / seconds).toFixed(0)} rows/s; ${((inIntake / 1000 / seconds) * 100).toFixed(0)}% of the time inside IncidentIntake.receive`,
    );
  } finally {
    await t.close();
  }
});
