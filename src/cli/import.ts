import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { systemActor } from '../platform/audit/actor.ts';
import type { Services } from '../services.ts';
import {
  DEFAULT_SOURCE,
  ImportBusy,
  type ImportRun,
  type ProcessOptions,
  type Progress,
  formatOf,
  MalformedFile,
} from '../modules/imports/index.ts';

export const IMPORT_USAGE = 'Usage: npx safeguard import FILE [--format csv|ndjson] [--source NAME]';

/** Where the command writes: stdout for the reconciliation, stderr for the progress bar and problems. */
export interface Terminal {
  out(line: string): void;
  err(text: string): void;
  /** Wall-clock milliseconds, for rows/s and the ETA only (never stored). */
  now(): number;
  interactive: boolean;
}

export const processTerminal: Terminal = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (text) => process.stderr.write(text),
  now: () => performance.now(),
  interactive: Boolean(process.stderr.isTTY),
};

export const reconciliationLine = (run: Pick<ImportRun, 'accepted' | 'duplicate' | 'quarantined' | 'total_rows'>) =>
  `accepted ${run.accepted}, duplicate ${run.duplicate}, quarantined ${run.quarantined} (of ${run.total_rows} rows)`;

/**
 * `npx safeguard import FILE`: stages the file, takes every row through intake with a progress bar, and prints
 * the reconciliation. Exit 0 when the file was read (quarantined rows are listed, not failures of the command);
 * 1 when the run could not finish; 2 for a file or arguments that cannot be imported at all.
 */
export async function importCommand(
  services: Services,
  args: string[],
  term: Terminal = processTerminal,
  options: ProcessOptions = {},
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string' }, source: { type: 'string' } } });
  } catch (e) {
    term.err(`${(e as Error).message}\n${IMPORT_USAGE}\n`);
    return 2;
  }
  const file = parsed.positionals[0];
  if (!file || parsed.positionals.length > 1) {
    term.err(`${IMPORT_USAGE}\n`);
    return 2;
  }
  const format = formatOf(file, parsed.values.format);
  if (!format) {
    term.err(`Cannot tell the format of ${file}: name it .csv or .ndjson, or give --format csv|ndjson\n`);
    return 2;
  }
  const source = parsed.values.source ?? DEFAULT_SOURCE;
  if (!/^[A-Za-z0-9._-]{1,50}$/.test(source)) {
    term.err('--source may use only letters, numbers, dots, hyphens and underscores (at most 50)\n');
    return 2;
  }
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
    term.err(`No such file: ${file}\n`);
    return 2;
  }

  const { imports } = services;
  let begun;
  try {
    begun = await imports.begin(
      systemActor('cli'),
      { name: path.basename(file), open: () => fs.createReadStream(file) },
      { format, source },
    );
  } catch (e) {
    if (!(e instanceof MalformedFile)) throw e;
    term.err(`${e.message}\nNothing was imported.\n`);
    return 2;
  }
  let run = begun.run;
  if (begun.status === 'already-imported') {
    term.out(`${file} was already imported (run ${run.id}); nothing changed. Its reconciliation:`);
  } else {
    if (begun.status === 'resumed') term.err(`Resuming the unfinished import of ${file} (run ${run.id})\n`);
    const bar = progressBar(term);
    try {
      run = await imports.process(run.id, { ...options, onProgress: (p) => (bar.update(p), options.onProgress?.(p)) });
    } catch (e) {
      bar.end();
      if (e instanceof ImportBusy) {
        term.err(`${e.message}; run this command again once it has finished.\n`);
        return 1;
      }
      term.err(`The import stopped: ${(e as Error).message}\nRun the same command again to resume where it stopped.\n`);
      return 1;
    }
    bar.end();
  }
  for (const row of await imports.quarantined(run.id, 0, Number.MAX_SAFE_INTEGER)) term.out(`row ${row.rowNumber}: ${row.reason}`);
  term.out(reconciliationLine(run));
  return 0;
}

/** One line on stderr, redrawn at most ten times a second: done/total, rows/s and the time left. */
function progressBar(term: Terminal) {
  const started = term.now();
  let drawn = 0;
  let last = '';
  const draw = (p: Progress) => {
    const elapsed = (term.now() - started) / 1000;
    const rate = elapsed > 0 ? p.processed / elapsed : 0;
    const left = rate > 0 ? Math.round((p.total - p.processed) / rate) : undefined;
    const width = 30;
    const filled = p.total ? Math.round((p.processed / p.total) * width) : width;
    last = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.processed}/${p.total} rows, ${rate.toFixed(0)} rows/s, ETA ${left === undefined ? '?' : `${Math.floor(left / 60)}m${String(left % 60).padStart(2, '0')}s`}`;
    term.err(term.interactive ? `\r${last}` : `${last}\n`);
  };
  return {
    update(p: Progress) {
      const now = term.now();
      if (p.processed === p.total || now - drawn >= (term.interactive ? 100 : 2000)) {
        drawn = now;
        draw(p);
      }
    },
    end() {
      if (last && term.interactive) term.err('\n');
    },
  };
}
