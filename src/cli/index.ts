import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { systemActor } from '../platform/audit/actor.ts';
import { verifyAuditChain } from '../platform/audit/auditTrail.ts';
import { createLogger } from '../platform/logging.ts';
import { connect, migrate } from '../platform/runtime.ts';
import { openRuntime } from '../services.ts';
import { loadDemoForce, databaseIsEmpty } from '../modules/demo/index.ts';

const USAGE = `Usage: npx safeguard <command>

  serve                        run the web app (same as npm start)
  migrate                      run database migrations
  demo [--incidents N]         load the synthetic demo force into an empty database
  token create --user NAME     create an API token for a user and print it
  audit verify                 check the audit trail's hash chain
  import FILE [--format csv|ndjson] [--source NAME]   bulk incident import (docs/import.md)
  match --input F --output F   link person records in a CSV (--id COL, --map canonical=column,...)
  bench [--scale N] [--fresh]  load a synthetic force into the benchmark database and print the measures
`;

/** Each command works on the app's database: DATABASE_URL, or the embedded cluster in DATA_DIR. */
export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'match') return (await import('./match.ts')).runMatch(rest);
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  switch (command) {
    case 'serve': {
      const { serve } = await import('../main.ts');
      await serve();
      return -1;
    }
    case 'migrate': {
      const connection = await connect(config, logger);
      try {
        const applied = await migrate(connection);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      } finally {
        await connection.close();
      }
      return 0;
    }
    case 'demo': {
      const { values } = parseArgs({ args: rest, options: { incidents: { type: 'string' } } });
      const runtime = await openRuntime(config, { logger });
      try {
        if (config.production) throw new ConfigError('Demo data is never loaded in production');
        if (!(await databaseIsEmpty(runtime.services))) {
          console.error('The database already has data: demo data loads only into an empty database.');
          return 1;
        }
        const incidents = values.incidents ? Number.parseInt(values.incidents, 10) : config.demoIncidents;
        await loadDemoForce(runtime.services, {
          incidents,
          onProgress: (d, t) => process.stderr.write(`\rdemo force: ${d}/${t} incidents`),
        });
        process.stderr.write('\n');
        console.log('demo force loaded');
      } finally {
        await runtime.close();
      }
      return 0;
    }
    case 'token': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { user: { type: 'string' }, label: { type: 'string' } },
      });
      if (positionals[0] !== 'create' || !values.user) {
        console.error('Usage: npx safeguard token create --user NAME');
        return 2;
      }
      const runtime = await openRuntime(config, { logger });
      try {
        console.log(await runtime.services.users.createApiToken(systemActor('cli'), values.user, values.label ?? 'cli'));
      } finally {
        await runtime.close();
      }
      return 0;
    }
    case 'audit': {
      if (rest[0] !== 'verify') {
        console.error('Usage: npx safeguard audit verify');
        return 2;
      }
      const runtime = await openRuntime(config, { logger });
      try {
        const result = await verifyAuditChain(runtime.services.db);
        if (result.ok) {
          console.log(`audit chain ok: ${result.events} events`);
          return 0;
        }
        console.log(`audit chain broken: ${result.broken.length} of ${result.events} events`);
        for (const b of result.broken) console.log(`broken at event ${b.id}: ${b.problem}`);
        return 1;
      } finally {
        await runtime.close();
      }
    }
    case 'import': {
      const runtime = await openRuntime(config, { logger });
      try {
        return await (await import('./import.ts')).importCommand(runtime.services, rest);
      } finally {
        await runtime.close();
      }
    }
    case 'bench':
      return (await import('./bench.ts')).benchCommand(config, logger, rest);
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return command ? 0 : 2;
    default:
      console.error(`Unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

try {
  const code = await runCli(process.argv.slice(2));
  if (code >= 0) process.exit(code);
} catch (e) {
  if (e instanceof ConfigError || (e instanceof Error && /No active user/.test(e.message))) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
