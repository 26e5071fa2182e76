import type { Writable } from 'node:stream';
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
 * COPY into several empty tables at once, one connection and one transaction each, fed as rows are produced so
 * PostgreSQL works while the loader links the next rows. Each transaction empties its table first (TRUNCATE, refused
 * if the table has any row), so the rows can be written frozen (COPY FREEZE: nothing to set on them when they are
 * first read) and, on a cluster with wal_level = minimal, without writing them to the WAL as well (PostgreSQL's
 * "Populating a Database"). The load drops the tables' foreign keys first and checks them once at the end
 * (indexes.ts), so rows are not checked one by one as they arrive. Nothing is visible until `end` commits.
 */
export class ParallelCopy {
  private readonly buffers = new Map<string, string[]>();
  /** Each table's connection and COPY, in the order given; removed once committed. */
  private readonly copies: { table: string; client: pg.PoolClient; stream?: Writable; done?: Promise<void> }[] = [];

  private constructor() {}

  static async open(pool: pg.Pool, tables: readonly TableCopy[]): Promise<ParallelCopy> {
    const copy = new ParallelCopy();
    try {
      for (const table of tables) await copy.start(pool, table);
    } catch (error) {
      await copy.abandon();
      throw error;
    }
    return copy;
  }

  private async start(pool: pg.Pool, { table, columns }: TableCopy): Promise<void> {
    const copy: (typeof this.copies)[number] = { table, client: await pool.connect() };
    this.copies.push(copy);
    await copy.client.query('begin');
    const { rows } = await copy.client.query<{ loaded: boolean }>(`select exists (select 1 from ${table}) as loaded`);
    if (rows[0].loaded) throw new Error(`A bulk load needs an empty ${table} table`);
    await copy.client.query(`truncate ${table}`);
    const stream = copy.client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin with (freeze)`));
    copy.stream = stream;
    copy.done = new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
    });
    copy.done.catch(() => {});
    this.buffers.set(table, []);
  }

  add(table: string, values: Cell[]): void {
    this.buffers.get(table)!.push(copyLine(values));
  }

  /** Hands what has been added so far to PostgreSQL. */
  flush(): void {
    for (const { table, stream } of this.copies) {
      const lines = this.buffers.get(table)!;
      if (lines.length === 0) continue;
      stream!.write(lines.join(''));
      this.buffers.set(table, []);
    }
  }

  /**
   * Ends each COPY and commits it, one table after another in the order given: the triggers that file the names of
   * people and mentions (person_name_term) run as a COPY ends, and one table's would wait for the other's terms to
   * be committed. If one fails, it and the tables after it are rolled back.
   */
  async end(): Promise<void> {
    this.flush();
    try {
      while (this.copies.length > 0) {
        const { client, stream, done } = this.copies[0];
        stream!.end();
        await done;
        await client.query('commit');
        this.copies.shift();
        client.release();
      }
    } catch (error) {
      await this.abandon();
      throw error;
    }
  }

  /** Rolls back every table not yet committed, stopping a COPY still under way first. */
  async abandon(): Promise<void> {
    for (const { client, stream, done } of this.copies.splice(0)) {
      stream?.destroy(new Error('The bulk load was abandoned'));
      await done?.catch(() => {});
      await client.query('rollback').catch(() => {});
      client.release();
    }
  }
}
