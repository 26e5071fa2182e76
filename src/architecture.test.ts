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
 * - no two files import each other, directly or round a longer loop (looking through a module's index.ts to the file
 *   that defines what is imported);
 * - a module is reached through its `index.ts`: no file outside `src/modules/<m>/` (another module, `src/services.ts`,
 *   `src/app.ts`, the CLI, scripts, bench, e2e) imports any other file of `<m>`. Two exceptions: a browser entry
 *   (`*.client.ts`, bundled from `src/client.ts`; its index would pull server code into the bundle), and a module's
 *   test helper (a file named `test*.ts`) imported by a test (`*.test.ts`, `*.perf.ts`, `*.bench.ts`, `e2e/`,
 *   `src/testing/`, the proof suites' `src/proof/`);
 * - services are not HTTP: no module file but its routes (`routes.ts`, `*Routes.ts`) and the session middleware
 *   (`auth/actor.ts`, `auth/establishSession.ts`) imports `express` or `platform/auth/middleware.ts`, or takes from
 *   `platform/errors.ts` anything but `NotFound` and `Conflict` (tests aside). A service throws those, or its own
 *   error for its routes to map.
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

/**
 * The files whose code a file uses. A module's `index.ts` is a doorway, not code: an import through it counts as an
 * import of the file that defines each imported name, so a barrel neither hides a loop nor makes one up.
 */
async function dependenciesOf(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b(?:\s+type)?\s*([^'"]*?)\s*from\s+'(\.{1,2}\/[^']+)'/gm)) {
    const target = path.resolve(path.dirname(file), m[2]);
    const door =
      target !== file && path.basename(target) === 'index.ts' && path.dirname(path.dirname(target)) === path.join(SRC, 'modules');
    if (!door) {
      out.push(target);
      continue;
    }
    const exported = await reExportsOf(target);
    const names = /^\{([\s\S]*)\}$/
      .exec(m[1].trim())?.[1]
      .split(',')
      .map((s) =>
        s
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0]
          .trim(),
      )
      .filter(Boolean);
    if (!names) out.push(...new Set(exported.values()));
    else for (const name of names) out.push(exported.get(name) ?? target);
  }
  return out;
}

/** A module index's `export { a, type B } from './file.ts'` and `export * as a from './file.ts'` lines: exported name → defining file. */
async function reExportsOf(index: string): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  const text = await readFile(index, 'utf8');
  for (const m of text.matchAll(/^\s*export\s+(?:type\s+)?\{([^}]*)\}\s*from\s+'(\.{1,2}\/[^']+)'/gm))
    for (const s of m[1]
      .split(',')
      .map((x) => x.trim().replace(/^type\s+/, ''))
      .filter(Boolean))
      map.set(
        s
          .split(/\s+as\s+/)
          .pop()!
          .trim(),
        path.resolve(path.dirname(index), m[2]),
      );
  for (const m of text.matchAll(/^\s*export\s+\*\s+as\s+(\w+)\s+from\s+'(\.{1,2}\/[^']+)'/gm))
    map.set(m[1], path.resolve(path.dirname(index), m[2]));
  return map;
}

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
      (await dependenciesOf(file)).filter((t) => t !== file),
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

const ROOT = path.resolve(SRC, '..');
const MODULES = path.join(SRC, 'modules');

/** Every TypeScript file the project itself holds: the app, its scripts, bench and browser tests. */
async function projectFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const dir of ['src', 'scripts', 'bench', 'e2e', 'migrations']) {
    const entries = await readdir(path.join(ROOT, dir), { recursive: true, withFileTypes: true });
    files.push(...entries.filter((e) => e.isFile() && /\.ts$/.test(e.name)).map((e) => path.join(e.parentPath, e.name)));
  }
  return files;
}

/** Every relative path a file names in an import, re-export, side-effect import or dynamic `import()`. */
async function everyImportOf(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'(\.{1,2}\/[^']+)'/gm),
    ...text.matchAll(/^\s*import\s+'(\.{1,2}\/[^']+)'/gm),
    ...text.matchAll(/\bimport\(\s*'(\.{1,2}\/[^']+)'\s*\)/g),
  ];
  return specs.map((m) => path.resolve(path.dirname(file), m[1]));
}

/** `src/modules/<m>/…` → `<m>`. */
const moduleOf = (file: string): string | undefined => {
  const inside = path.relative(MODULES, file);
  return inside.startsWith('..') || !inside.includes(path.sep) ? undefined : inside.split(path.sep)[0];
};

const isTest = (file: string) =>
  /\.(test|perf|bench)\.ts$/.test(file) ||
  file.startsWith(path.join(ROOT, 'e2e')) ||
  file.startsWith(path.join(SRC, 'testing')) ||
  file.startsWith(path.join(SRC, 'proof'));

/** The rule itself, so the test below and its own check of the rule share one statement of it. */
export function isDeepImport(importer: string, target: string): boolean {
  const m = moduleOf(target);
  if (!m || moduleOf(importer) === m) return false;
  if (target === path.join(MODULES, m, 'index.ts')) return false;
  if (target.endsWith('.client.ts')) return false;
  if (isTest(importer) && /^test/.test(path.basename(target))) return false;
  return true;
}

test('a module is reached only through its index.ts', async () => {
  const offences: string[] = [];
  for (const file of await projectFiles())
    for (const target of await everyImportOf(file))
      if (isDeepImport(file, target)) offences.push(`${path.relative(ROOT, file)} → ${path.relative(ROOT, target)}`);
  assert.deepEqual(offences, [], `${offences.length} deep imports; fix with: node scripts/codemod-index.mjs`);
});

test('the index rule: what counts as reaching into another module', () => {
  const at = (p: string) => path.join(ROOT, p);
  const cases: [string, string, boolean][] = [
    ['src/modules/tasks/service.ts', 'src/modules/triage/service.ts', true],
    ['src/modules/tasks/service.ts', 'src/modules/triage/repository.ts', true],
    ['src/modules/tasks/service.ts', 'src/modules/triage/index.ts', false],
    ['src/modules/tasks/routes.ts', 'src/modules/tasks/repository.ts', false],
    ['src/services.ts', 'src/modules/tasks/service.ts', true],
    ['src/app.ts', 'src/modules/tasks/routes.ts', true],
    ['e2e/roles.test.ts', 'src/modules/demo/accounts.ts', true],
    ['src/client.ts', 'src/modules/tasks/copyNotice.client.ts', false],
    ['src/modules/incidents/intake.test.ts', 'src/modules/imports/testFiles.ts', false],
    ['src/modules/incidents/intake.ts', 'src/modules/imports/testFiles.ts', true],
    ['src/modules/tasks/service.ts', 'src/domain/triage/priority.ts', false],
  ];
  for (const [from, to, deep] of cases) assert.equal(isDeepImport(at(from), at(to)), deep, `${from} → ${to}`);
});

const HTTP_FACING = /(^|\/)(routes|\w+Routes)\.ts$|^auth\/(actor|establishSession)\.ts$/;
/** What a module file takes from a path: the names in `import { a, type B } from '…'`, or `*` for anything else. */
async function namesImported(file: string): Promise<{ spec: string; names: string[] }[]> {
  const text = await readFile(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b(?:\s+type)?\s*([^'"]*?)\s*from\s+'([^']+)'/gm)].map((m) => ({
    spec: m[2],
    names: /^\{([\s\S]*)\}$/
      .exec(m[1].trim())?.[1]
      .split(',')
      .map((n) =>
        n
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0]
          .trim(),
      )
      .filter(Boolean) ?? ['*'],
  }));
}

export function httpOffence(fileInModules: string, spec: string, names: string[], resolved: string): string | undefined {
  if (HTTP_FACING.test(fileInModules) || /\.(test|perf|bench)\.ts$|\.client\.ts$/.test(fileInModules)) return undefined;
  if (spec === 'express' || spec.startsWith('express/')) return 'imports express';
  if (resolved === path.join(SRC, 'platform/auth/middleware.ts')) return 'imports the HTTP middleware';
  if (resolved === path.join(SRC, 'platform/errors.ts')) {
    const http = names.filter((n) => n !== 'NotFound' && n !== 'Conflict');
    if (http.length) return `takes ${http.join(', ')} from platform/errors.ts`;
  }
  return undefined;
}

test('services are not HTTP: only routes import express, the HTTP middleware or HTTP errors', async () => {
  const offences: string[] = [];
  for (const file of await sourceFiles()) {
    const inModules = path.relative(MODULES, file);
    if (inModules.startsWith('..')) continue;
    for (const { spec, names } of await namesImported(file)) {
      const offence = httpOffence(inModules, spec, names, path.resolve(path.dirname(file), spec));
      if (offence) offences.push(`modules/${inModules} ${offence}`);
    }
  }
  assert.deepEqual(offences, []);
});

test('the HTTP rule: what a service may take from the platform', () => {
  const errors = path.join(SRC, 'platform/errors.ts');
  assert.equal(httpOffence('tasks/service.ts', '../../platform/errors.ts', ['NotFound', 'Conflict'], errors), undefined);
  assert.match(httpOffence('tasks/service.ts', '../../platform/errors.ts', ['HttpError'], errors) ?? '', /HttpError/);
  assert.match(httpOffence('people/linking.ts', 'express', ['*'], '') ?? '', /express/);
  assert.match(
    httpOffence(
      'tasks/service.ts',
      '../../platform/auth/middleware.ts',
      ['assertAllowed'],
      path.join(SRC, 'platform/auth/middleware.ts'),
    ) ?? '',
    /middleware/,
  );
  assert.equal(httpOffence('tasks/routes.ts', '../../platform/errors.ts', ['HttpError'], errors), undefined);
  assert.equal(httpOffence('auth/oidcRoutes.ts', 'express', ['*'], ''), undefined);
});
