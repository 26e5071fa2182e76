import type pg from 'pg';

/** How to put back an index or a constraint dropped for a bulk load. */
export interface DroppedIndex {
  table: string;
  name: string;
  create: string;
}

/**
 * Drops the secondary indexes of these tables, and the primary keys and unique constraints nothing references, so
 * COPY appends rows without maintaining b-trees; `rebuildIndexes` builds each once over the loaded rows (DESIGN §7).
 */
export async function dropIndexes(client: pg.ClientBase, tables: readonly string[]): Promise<DroppedIndex[]> {
  const { rows: indexes } = await client.query<{ table: string; name: string; def: string }>(
    `select t.relname as table, ix.relname as name, pg_get_indexdef(i.indexrelid) as def
     from pg_index i
     join pg_class t on t.oid = i.indrelid
     join pg_class ix on ix.oid = i.indexrelid
     where t.relname = any($1) and t.relnamespace = 'public'::regnamespace
       and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
    [tables],
  );
  const { rows: constraints } = await client.query<{ table: string; name: string; def: string }>(
    `select t.relname as table, c.conname as name, pg_get_constraintdef(c.oid) as def
     from pg_constraint c
     join pg_class t on t.oid = c.conrelid
     where t.relname = any($1) and t.relnamespace = 'public'::regnamespace and c.contype in ('p', 'u')
       and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.confrelid = c.conrelid)`,
    [tables],
  );
  const dropped: DroppedIndex[] = [];
  for (const ix of indexes) {
    await client.query(`drop index "${ix.name}"`);
    dropped.push({ table: ix.table, name: ix.name, create: ix.def });
  }
  for (const c of constraints) {
    await client.query(`alter table "${c.table}" drop constraint "${c.name}"`);
    dropped.push({ table: c.table, name: c.name, create: `alter table "${c.table}" add constraint "${c.name}" ${c.def}` });
  }
  return dropped;
}

/** Indexes built at once: one per core, PostgreSQL sorting on both while Node waits. */
const BUILDERS = 2;

/**
 * Builds the dropped indexes again, BUILDERS at a time on their own connections (two indexes of a table may be built
 * at once; a constraint locks its table, so the constraints come after, and wait for each other where they share a
 * table), then analyzes the tables.
 */
export async function rebuildIndexes(pool: pg.Pool, dropped: readonly DroppedIndex[], onIndex?: (name: string) => void): Promise<void> {
  const isConstraint = (ix: DroppedIndex) => ix.create.startsWith('alter table');
  await inParallel(
    pool,
    dropped.filter((ix) => !isConstraint(ix)).map((ix) => ({ name: ix.name, sql: ix.create })),
    onIndex,
  );
  await inParallel(
    pool,
    dropped.filter(isConstraint).map((ix) => ({ name: ix.name, sql: ix.create })),
    onIndex,
  );
  const tables = [...new Set(dropped.map((d) => d.table))];
  await inParallel(
    pool,
    tables.map((table) => ({ name: `analyze ${table}`, sql: `analyze "${table}"` })),
  );
}

async function inParallel(pool: pg.Pool, work: readonly { name: string; sql: string }[], onStart?: (name: string) => void): Promise<void> {
  const queue = [...work];
  await Promise.all(
    Array.from({ length: BUILDERS }, async () => {
      const client = await pool.connect();
      try {
        await client.query(`set maintenance_work_mem = '512MB'`);
        for (let next = queue.shift(); next; next = queue.shift()) {
          onStart?.(next.name);
          await client.query(next.sql);
        }
      } finally {
        client.release();
      }
    }),
  );
}
