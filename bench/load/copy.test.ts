import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../src/testing/database.ts';
import { ParallelCopy, type TableCopy } from './copy.ts';
import { dropIndexes } from './indexes.ts';

let database: TestDatabase;
let pool: pg.Pool;
before(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.ownerUrl, max: 4 });
  // As a bulk load does: the foreign keys from and to the tables go first.
  const client = await pool.connect();
  await dropIndexes(client, ['person', 'person_mention']).finally(() => client.release());
});
after(async () => {
  await pool.end();
  await database.drop();
});

const PERSON: TableCopy = { table: 'person', columns: ['id', 'given_name', 'family_name', 'created_at'] };
const MENTION: TableCopy = { table: 'person_mention', columns: ['id', 'person_id', 'incident_id', 'details', 'link', 'created_at'] };
const count = async (from: string) => Number((await pool.query<{ n: string }>(`select count(*) as n from ${from}`)).rows[0].n);
const AT = '2026-01-05T10:00:00Z';

function addNessa(copy: ParallelCopy, given = 'Nessa'): void {
  const id = crypto.randomUUID();
  copy.add('person', [id, given, 'Pender', AT]);
  copy.add('person_mention', [
    crypto.randomUUID(),
    id,
    crypto.randomUUID(),
    JSON.stringify({ givenName: given, familyName: 'Pender' }),
    'new',
    AT,
  ]);
}

test('rows copied into empty tables are there when the copy ends, the names filed by both tables', { timeout: 30_000 }, async () => {
  const copy = await ParallelCopy.open(pool, [PERSON, MENTION]);
  addNessa(copy);
  addNessa(copy, 'Kerensa\twith a tab');
  copy.flush();
  // Both tables' triggers file "pender": the second waits for the first's to be committed.
  await copy.end();
  assert.equal(await count('person'), 2);
  assert.equal(await count('person_mention'), 2);
  assert.equal(await count(`person_name_term where term in ('nessa', 'pender', 'kerensa\twith a tab')`), 3);
  await pool.query('delete from person_mention; delete from person');
});

test('a copy abandoned keeps nothing', async () => {
  const copy = await ParallelCopy.open(pool, [PERSON, MENTION]);
  addNessa(copy);
  copy.flush();
  await copy.abandon();
  assert.equal(await count('person'), 0);
  assert.equal(await count('person_mention'), 0);
});

test('a table that already has rows is refused, and its rows are kept', async () => {
  await pool.query(`insert into person (id, given_name, family_name, created_at) values ($1, 'Jenifer', 'Pascoe', $2)`, [
    crypto.randomUUID(),
    AT,
  ]);
  await assert.rejects(ParallelCopy.open(pool, [MENTION, PERSON]), /A bulk load needs an empty person table/);
  assert.equal(await count('person'), 1);
  await pool.query('delete from person');
});
