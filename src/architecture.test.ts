import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'node:test';

/**
 * The dependency rules a newcomer can rely on, checked on the source itself:
 * - `src/platform/` is the framework the modules stand on: it imports no module;
 * - `src/domain/` is pure rules: it imports neither modules nor platform (its tests may: the permission matrix drives
 *   the whole app);
 * - routes get services, never the database: no `routes.ts` touches `services.db` or `services.pool`;
 * - no two files import each other, directly or round a longer loop.
 */
const SRC = path.resolve(import.meta.dirname);

async function sourceFiles(): Promise<string[]> {
  const entries = await readdir(SRC, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && /\.ts$/.test(e.name)).map((e) => path.join(e.parentPath, e.name));
}

/** The files a file imports by relative path (type-only imports included: they still bind the two together). */
async function importsOf(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'(\.{1,2}\/[^']+)'/gm)].map((m) => path.resolve(path.dirname(file), m[1]));
}

const relative = (file: string) => path.relative(SRC, file);

test('platform imports no module, and the domain imports neither modules nor platform', async () => {
  const offences: string[] = [];
  for (const file of await sourceFiles()) {
    const from = relative(file);
    for (const target of await importsOf(file)) {
      const to = relative(target);
      if (from.startsWith('platform/') && to.startsWith('modules/')) offences.push(`${from} → ${to}`);
      if (from.startsWith('domain/') && !from.endsWith('.test.ts') && (to.startsWith('modules/') || to.startsWith('platform/')))
        offences.push(`${from} → ${to}`);
    }
  }
  assert.deepEqual(offences, []);
});

test('no import cycles in the product code', async () => {
  const files = (await sourceFiles()).filter((f) => !f.endsWith('.test.ts'));
  const graph = new Map<string, string[]>();
  for (const file of files)
    graph.set(
      file,
      (await importsOf(file)).filter((t) => t !== file),
    );
  const cycles: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'visiting');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next].map(relative).join(' → '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  assert.deepEqual(cycles, []);
});

test('routes reach the database only through services', async () => {
  const offences: string[] = [];
  for (const file of await sourceFiles()) {
    if (!/routes\.ts$/.test(file)) continue;
    const text = await readFile(file, 'utf8');
    for (const m of text.matchAll(/services\.(db|pool)\b/g)) offences.push(`${relative(file)}: services.${m[1]}`);
  }
  assert.deepEqual(offences, []);
});
