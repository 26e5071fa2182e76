import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type Cell = string | number | boolean | null | undefined;

/** One value in COPY's text format: \N for null, and backslash, tab and line breaks escaped. */
function cell(value: Cell): string {
  if (value === null || value === undefined) return '\\N';
  const text = String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : text;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export const copyLine = (values: Cell[]): string => `${values.map(cell).join('\t')}\n`;

export interface TableCopy {
  table: string;
  columns: readonly string[];
}

/**
 * COPY into several tables at once, one connection each, fed as rows are produced so PostgreSQL works while the
 * loader links the next rows. Foreign keys are checked once at the end of the load instead of per row where the
 * role may skip triggers (session_replication_role needs a superuser; otherwise they are checked as rows arrive).
 */
export class ParallelCopy {
  private readonly buffers = new Map<string, string[]>();
  private readonly streams = new Map<string, { stream: NodeJS.WritableStream; done: Promise<void>; client: pg.PoolClient }>();

  private constructor(private readonly tables: readonly TableCopy[]) {}

  static async open(pool: pg.Pool, tables: readonly TableCopy[]): Promise<ParallelCopy> {
    const copy = new ParallelCopy(tables);
    for (const { table, columns } of tables) {
      const client = await pool.connect();
      await client.query('set session_replication_role = replica').catch(() => {});
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
      for (const { client } of this.streams.values()) {
        await client.query('reset session_replication_role').catch(() => {});
        client.release();
      }
    }
  }

  get tableNames(): string[] {
    return this.tables.map((t) => t.table);
  }
}
