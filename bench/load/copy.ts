import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type Cell = string | number | boolean | null | undefined;

/** One value in COPY's text format: \N for null, and backslash, tab and line breaks escaped. */
function cell(value: Cell): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value !== 'string') return String(value);
  return TO_ESCAPE.test(value) ? value.replace(ESCAPED, escapeCharacter) : value;
}

const TO_ESCAPE = /[\\\t\n\r]/;
const ESCAPED = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeCharacter = (c: string) => ESCAPES[c];

/** A row in COPY's text format (millions are written: a loop, not map and join). */
export function copyLine(values: readonly Cell[]): string {
  let line = cell(values[0]);
  for (let i = 1; i < values.length; i++) line += `\t${cell(values[i])}`;
  return `${line}\n`;
}

export interface TableCopy {
  table: string;
  columns: readonly string[];
}

/**
 * COPY into several tables at once, one connection each, fed as rows are produced so PostgreSQL works while the
 * loader links the next rows. The load drops the tables' foreign keys first and checks them once at the end
 * (indexes.ts), so rows are not checked one by one as they arrive.
 */
export class ParallelCopy {
  private readonly buffers = new Map<string, string[]>();
  private readonly streams = new Map<string, { stream: NodeJS.WritableStream; done: Promise<void>; client: pg.PoolClient }>();

  private constructor(private readonly tables: readonly TableCopy[]) {}

  static async open(pool: pg.Pool, tables: readonly TableCopy[]): Promise<ParallelCopy> {
    const copy = new ParallelCopy(tables);
    for (const { table, columns } of tables) {
      const client = await pool.connect();
      const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
      const done = new Promise<void>((resolve, reject) => {
        stream.on('finish', resolve);
        stream.on('error', reject);
      });
      done.catch(() => {});
      copy.streams.set(table, { stream, done, client });
      copy.buffers.set(table, []);
    }
    return copy;
  }

  add(table: string, values: Cell[]): void {
    this.buffers.get(table)!.push(copyLine(values));
  }

  /** Hands what has been added so far to PostgreSQL. */
  flush(): void {
    for (const [table, lines] of this.buffers) {
      if (lines.length === 0) continue;
      this.streams.get(table)!.stream.write(lines.join(''));
      this.buffers.set(table, []);
    }
  }

  async end(): Promise<void> {
    this.flush();
    for (const { stream } of this.streams.values()) stream.end();
    try {
      await Promise.all([...this.streams.values()].map((s) => s.done));
    } finally {
      for (const { client } of this.streams.values()) client.release();
    }
  }

  get tableNames(): string[] {
    return this.tables.map((t) => t.table);
  }
}
