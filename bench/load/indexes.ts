import type pg from 'pg';

/** How to put back an index or a constraint dropped for a bulk load. */
export interface DroppedIndex {
  table: string;
  name: string;
  kind: 'index' | 'key' | 'foreign key';
  create: string;
}

/**
 * Drops the foreign keys from and to these tables, then their primary keys, unique constraints and other indexes, so
 * COPY appends rows without checking each against the rows it references (a trigger and an index probe per row:
 * some fifty million at a million incidents) or maintaining b-trees; `rebuildIndexes` builds
 * each index once over the loaded rows and checks each foreign key over them in one join (PostgreSQL's "Populating a
 * Database": build indexes after a bulk load, not during it).
 */
export async function dropIndexes(client: pg.ClientBase, tables: readonly string[]): Promise<DroppedIndex[]> {
  const { rows: foreignKeys } = await client.query<{ table: string; name: string; def: string }>(
    `select t.relname as table, c.conname as name, pg_get_constraintdef(c.oid) as def
     from pg_constraint c
     join pg_class t on t.oid = c.conrelid
     where c.contype = 'f' and c.connamespace = 'public'::regnamespace
       and (t.relname = any($1) or c.confrelid in (select oid from pg_class where relname = any($1) and relnamespace = 'public'::regnamespace))`,
    [tables],
  );
  const { rows: keys } = await client.query<{ table: string; name: string; def: string }>(
    `select t.relname as table, c.conname as name, pg_get_constraintdef(c.oid) as def
     from pg_constraint c
     join pg_class t on t.oid = c.conrelid
     where t.relname = any($1) and t.relnamespace = 'public'::regnamespace and c.contype in ('p', 'u')`,
    [tables],
  );
  const { rows: indexes } = await client.query<{ table: string; name: string; def: string }>(
    `select t.relname as table, ix.relname as name, pg_get_indexdef(i.indexrelid) as def
     from pg_index i
     join pg_class t on t.oid = i.indrelid
     join pg_class ix on ix.oid = i.indexrelid
     where t.relname = any($1) and t.relnamespace = 'public'::regnamespace
       and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
    [tables],
  );
  const dropped: DroppedIndex[] = [];
  const dropConstraint = async (kind: DroppedIndex['kind'], c: { table: string; name: string; def: string }) => {
    await client.query(`alter table "${c.table}" drop constraint "${c.name}"`);
    dropped.push({ table: c.table, name: c.name, kind, create: `alter table "${c.table}" add constraint "${c.name}" ${c.def}` });
  };
  for (const fk of foreignKeys) await dropConstraint('foreign key', fk);
  for (const key of keys) await dropConstraint('key', key);
  for (const ix of indexes) {
    await client.query(`drop index "${ix.name}"`);
    dropped.push({ table: ix.table, name: ix.name, kind: 'index', create: ix.def });
  }
  return dropped;
}

/** Indexes built at once: one per core, PostgreSQL sorting on both while Node waits. */
const BUILDERS = 2;

/**
 * Builds the dropped indexes, primary keys and unique constraints again, BUILDERS at a time on their own
 * connections, the largest tables' first (a table's key before its indexes: the key is the longest build of a large
 * table, and nothing else of that table can be built beside it, since adding a key locks the table; two indexes of
 * one table can be built at once). Then the foreign keys, which need the keys they reference, each checked over
 * every loaded row; then analyzes the tables.
 */
export async function rebuildIndexes(pool: pg.Pool, dropped: readonly DroppedIndex[], onIndex?: (name: string) => void): Promise<void> {
  const tables = [...new Set(dropped.map((d) => d.table))];
  const { rows } = await pool.query<{ table: string; bytes: string }>(
    `select relname as table, pg_relation_size(oid) as bytes from pg_class
     where relname = any($1) and relnamespace = 'public'::regnamespace and relkind = 'r'`,
    [tables],
  );
  const bytes = new Map(rows.map((r) => [r.table, Number(r.bytes)]));
  const builds = dropped
    .filter((d) => d.kind !== 'foreign key')
    .sort((a, b) => (bytes.get(b.table) ?? 0) - (bytes.get(a.table) ?? 0) || a.table.localeCompare(b.table) || keyFirst(a) - keyFirst(b));
  await inParallel(pool, builds, onIndex, (a, b) => a.table === b.table && (a.kind === 'key' || b.kind === 'key'));
  await inParallel(
    pool,
    dropped.filter((d) => d.kind === 'foreign key'),
    onIndex,
  );
  await inParallel(
    pool,
    tables.map((table) => ({ name: `analyze ${table}`, create: `analyze "${table}"` })),
  );
}

const keyFirst = (d: DroppedIndex) => (d.kind === 'key' ? 0 : 1);

/**
 * Runs the statements BUILDERS at a time, in order, except that one is not started while a statement it
 * conflicts with is running (the next that does not conflict goes first).
 */
async function inParallel<Statement extends { name: string; create: string }>(
  pool: pg.Pool,
  work: readonly Statement[],
  onStart?: (name: string) => void,
  conflict: (a: Statement, b: Statement) => boolean = () => false,
): Promise<void> {
  const queue = [...work];
  const running = new Set<Statement>();
  let oneFinished!: () => void;
  let finishing = new Promise<void>((resolve) => (oneFinished = resolve));
  await Promise.all(
    Array.from({ length: BUILDERS }, async () => {
      const client = await pool.connect();
      try {
        await client.query(`set maintenance_work_mem = '512MB'`);
        while (queue.length > 0) {
          const at = queue.findIndex((next) => ![...running].some((r) => conflict(r, next)));
          if (at < 0) {
            await finishing;
            continue;
          }
          const [next] = queue.splice(at, 1);
          running.add(next);
          onStart?.(next.name);
          try {
            await client.query(next.create);
          } finally {
            running.delete(next);
            oneFinished();
            finishing = new Promise<void>((resolve) => (oneFinished = resolve));
          }
        }
      } finally {
        client.release();
      }
    }),
  );
}
