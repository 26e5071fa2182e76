import crypto from 'node:crypto';
import pg from 'pg';
import { TEMPLATE_DATABASE, testCluster } from './cluster.ts';

export interface TestDatabase {
  name: string;
  appUrl: string;
  ownerUrl: string;
  drop(): Promise<void>;
}

/** A fresh database copied from the migrated template: each test file gets its own. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const cluster = await testCluster();
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  await asOwner(cluster.ownerUrl('postgres'), `create database ${name} template ${TEMPLATE_DATABASE}`);
  return {
    name,
    appUrl: cluster.appUrl(name),
    ownerUrl: cluster.ownerUrl(name),
    drop: async () => {
      await asOwner(cluster.ownerUrl('postgres'), `drop database if exists ${name} with (force)`);
    },
  };
}

export async function asOwner(url: string, statement: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await client.query(statement, params);
  } finally {
    await client.end();
  }
}
