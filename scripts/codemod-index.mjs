#!/usr/bin/env node
// Codemod (issue 16): every import of another module goes through that module's index.ts.
//
//   cd <worktree> && node scripts/codemod-index.mjs            # rewrite imports, add missing index exports, run prettier
//   cd <worktree> && node scripts/codemod-index.mjs --check    # report deep imports only; exit 1 if there are any
//   options: --root <dir> (default: cwd)  --no-prettier
//
// What it does, re-runnably (running it twice changes nothing the second time):
// 1. reads every .ts file under src/, scripts/, bench/, e2e/, migrations/;
// 2. finds each static `import … from '…'` / `export … from '…'` whose relative path resolves into
//    src/modules/<m>/<file>.ts from a file that is not itself inside src/modules/<m>/ (a "deep import");
// 3. rewrites it to `…/<m>/index.ts`, merging several imports of the same index in one file into one statement;
// 4. adds each imported name to src/modules/<m>/index.ts as an explicit named re-export
//    (`export { A } from './file.ts';`, `export type { T } from './file.ts';` when only ever imported as a type),
//    creating the index if the module has none, and always exporting the module's `*Service` classes;
// 5. reports what it cannot do by itself (namespace/default/side-effect/dynamic imports, a name two files of one
//    module both export, a name the target file does not seem to export) — fix those by hand and re-run.
// Allowed without the index (the rule's two exceptions, same as src/architecture.test.ts):
//   - a browser entry (`*.client.ts`), bundled by esbuild from src/client.ts: the index would pull server code in;
//   - a module's test helper (a file whose name starts with `test`, e.g. imports/testFiles.ts) imported by a test
//     file (`*.test.ts`, `*.perf.ts`, `*.bench.ts`, or anything under e2e/ or src/testing/).
/* global process, console */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const args = process.argv.slice(2);
const check = args.includes('--check');
const usePrettier = !args.includes('--no-prettier');
const root = path.resolve(args.includes('--root') ? args[args.indexOf('--root') + 1] : process.cwd());
const MODULES = path.join(root, 'src/modules');
if (!existsSync(MODULES)) {
  console.error(`no src/modules under ${root}: run from the repository root or pass --root`);
  process.exit(2);
}

const posix = (p) => p.split(path.sep).join('/');
const rel = (p) => posix(path.relative(root, p));

function tsFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !f.includes(`${path.sep}node_modules${path.sep}`));
}

const files = ['src', 'scripts', 'bench', 'e2e', 'migrations'].flatMap((d) => tsFiles(path.join(root, d))).sort();

/** `src/modules/<m>/…` → m, else undefined. */
function moduleOf(file) {
  const r = path.relative(MODULES, file);
  if (r.startsWith('..') || path.isAbsolute(r)) return undefined;
  const parts = r.split(path.sep);
  return parts.length > 1 ? parts[0] : undefined;
}

const isTestFile = (file) => /\.(test|perf|bench)\.ts$/.test(file) || rel(file).startsWith('e2e/') || rel(file).startsWith('src/testing/');

/** The rule: is this import of `target` from `importer` a deep import into another module? */
function isDeepImport(importer, target) {
  const m = moduleOf(target);
  if (!m) return false;
  if (moduleOf(importer) === m) return false;
  if (path.relative(path.join(MODULES, m), target) === 'index.ts') return false;
  if (target.endsWith('.client.ts')) return false;
  if (isTestFile(importer) && /^test/.test(path.basename(target))) return false;
  return true;
}

// ---- parsing ---------------------------------------------------------------------------------------------------
// A static import/export-from declaration: `import|export [type] <clause> from '<spec>';`
const DECL =
  /^([ \t]*)(import|export)(\s+type)?\s+(\*\s+as\s+\w+|\*|\{[^}]*\}|\w+(?:\s*,\s*(?:\{[^}]*\}|\*\s+as\s+\w+))?)\s*from\s*'([^']+)';?[ \t]*/gm;
const SIDE_EFFECT = /^[ \t]*import\s+'([^']+)'/gm;
const DYNAMIC = /\bimport\(\s*'([^']+)'\s*\)/g;

/** `{ a, type B, c as d }` → [{ name: 'a', local: 'a', type: false }, …]; undefined if not a plain named list. */
function parseNamed(clause) {
  const m = /^\{([\s\S]*)\}$/.exec(clause.trim());
  if (!m) return undefined;
  return m[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const t = /^type\s+/.test(s);
      const body = s.replace(/^type\s+/, '');
      const [name, local] = body.split(/\s+as\s+/).map((x) => x.trim());
      return { name, local: local ?? name, type: t };
    });
}

const specText = (s) => `${s.type ? 'type ' : ''}${s.name}${s.local !== s.name ? ` as ${s.local}` : ''}`;

function resolveSpec(importer, spec) {
  if (!spec.startsWith('.')) return undefined;
  return path.resolve(path.dirname(importer), spec);
}

function relSpec(fromFile, toFile) {
  let r = posix(path.relative(path.dirname(fromFile), toFile));
  if (!r.startsWith('.')) r = `./${r}`;
  return r;
}

// ---- the module indexes ----------------------------------------------------------------------------------------
const indexes = new Map(); // module → { file, text, exports: Map<name, { from, type }>, changed }

function indexOf(m) {
  if (indexes.has(m)) return indexes.get(m);
  const file = path.join(MODULES, m, 'index.ts');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const exports = new Map();
  for (const d of text.matchAll(DECL)) {
    if (d[2] !== 'export') continue;
    const named = parseNamed(d[4]);
    if (!named) continue;
    for (const s of named)
      exports.set(s.local, { from: path.resolve(path.dirname(file), d[5]), name: s.name, type: Boolean(d[3]) || s.type });
  }
  const entry = { m, file, text, exports, changed: !existsSync(file), existed: existsSync(file) };
  indexes.set(m, entry);
  return entry;
}

const exportCache = new Map();
/** Does `file` seem to export `name` (declaration, export list or re-export)? */
function fileExports(file, name) {
  if (!exportCache.has(file)) exportCache.set(file, existsSync(file) ? readFileSync(file, 'utf8') : '');
  const text = exportCache.get(file);
  const decl = new RegExp(
    `export\\s+(?:declare\\s+)?(?:default\\s+)?(?:async\\s+)?(?:abstract\\s+)?(?:function\\*?|class|const|let|var|type|interface|enum)\\s+${name}\\b`,
  );
  if (decl.test(text)) return true;
  for (const d of text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g))
    if (
      d[1].split(',').some(
        (s) =>
          s
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+/)
            .pop()
            .trim() === name,
      )
    )
      return true;
  return /export\s+\*\s+from/.test(text);
}

const problems = [];
const report = (file, msg) => problems.push(`${rel(file)}: ${msg}`);

/** Make `index` export `name` from `from`; false (and a report) when it cannot. */
function ensureExport(index, name, from, type, importer) {
  const have = index.exports.get(name);
  if (have) {
    if (have.from !== from) {
      report(importer, `${name}: ${rel(index.file)} already exports it from ${rel(have.from)}, not ${rel(from)}; left as it is`);
      return false;
    }
    if (have.type && !type) {
      have.type = false;
      index.changed = true;
    }
    return true;
  }
  if (!fileExports(from, name))
    report(importer, `${name}: ${rel(from)} does not seem to export it (added to the index anyway; tsc will tell)`);
  index.exports.set(name, { from, name, type });
  index.changed = true;
  return true;
}

/** Rewrites the index's `export {…} from './x.ts'` lines from its export map; keeps every other line. */
function renderIndex(index) {
  const byFile = new Map(); // from → { values: [], types: [] }
  for (const [local, e] of index.exports) {
    const g = byFile.get(e.from) ?? { values: [], types: [] };
    (e.type ? g.types : g.values).push(e.name === local ? local : `${e.name} as ${local}`);
    byFile.set(e.from, g);
  }
  const line = (from, kind, names) =>
    names.length
      ? `export ${kind === 'types' ? 'type ' : ''}{ ${[...names].sort().join(', ')} } from '${relSpec(index.file, from)}';\n`
      : '';
  const emitted = new Set();
  let out = index.text.replace(DECL, (whole, _i, kw, _t, clause, spec) => {
    if (kw !== 'export' || !parseNamed(clause)) return whole;
    const from = path.resolve(path.dirname(index.file), spec);
    if (emitted.has(from)) return '';
    emitted.add(from);
    const g = byFile.get(from) ?? { values: [], types: [] };
    return (line(from, 'values', g.values) + line(from, 'types', g.types)).trimEnd();
  });
  out = out.replace(/\n{3,}/g, '\n\n');
  if (!index.existed && !out.trim())
    out = `/** The ${index.m} module's public face: other modules, src/services.ts, src/app.ts, scripts, bench and e2e import it only from here. */\n`;
  const rest = [...byFile.keys()].filter((f) => !emitted.has(f)).sort();
  for (const from of rest)
    out = out.trimEnd() + '\n' + line(from, 'values', byFile.get(from).values) + line(from, 'types', byFile.get(from).types);
  return out.trimEnd() + '\n';
}

// ---- the rewrite -----------------------------------------------------------------------------------------------
let deepBefore = 0;
let rewritten = 0;
const changedFiles = new Set();

for (const file of files) {
  if (path.basename(file) === 'index.ts' && moduleOf(file) && path.dirname(file) === path.join(MODULES, moduleOf(file))) continue;
  const text = readFileSync(file, 'utf8');
  for (const d of text.matchAll(SIDE_EFFECT)) {
    const t = resolveSpec(file, d[1]);
    if (t && isDeepImport(file, t)) {
      deepBefore++;
      report(file, `side-effect import '${d[1]}': rewrite by hand`);
    }
  }
  for (const d of text.matchAll(DYNAMIC)) {
    const t = resolveSpec(file, d[1]);
    if (t && isDeepImport(file, t)) {
      deepBefore++;
      report(file, `dynamic import('${d[1]}'): rewrite by hand`);
    }
  }
  let changed = false;
  let out = text.replace(DECL, (whole, indent, kw, declType, clause, spec) => {
    const target = resolveSpec(file, spec);
    if (!target || !isDeepImport(file, target)) return whole;
    deepBefore++;
    const m = moduleOf(target);
    const named = parseNamed(clause);
    if (!named) {
      report(file, `${kw} ${clause} from '${spec}': not a named list (namespace or default); rewrite by hand`);
      return whole;
    }
    const index = indexOf(m);
    const ok = named.every((s) => ensureExport(index, s.name, target, Boolean(declType) || s.type, file));
    if (!ok) return whole;
    rewritten++;
    changed = true;
    return `${indent}${kw}${declType ?? ''} ${clause} from '${relSpec(file, index.file)}';`;
  });
  if (changed) out = mergeIndexImports(file, out);
  if (changed && !check) {
    writeFileSync(file, out);
    changedFiles.add(file);
  }
}

/** Several `import {…} from '…/<m>/index.ts'` in one file become one statement, at the first one's place. */
function mergeIndexImports(file, text) {
  const groups = new Map(); // target index → [{ start, end, specs }]
  for (const d of text.matchAll(DECL)) {
    if (d[2] !== 'import') continue;
    const target = resolveSpec(file, d[5]);
    const m = target && moduleOf(target);
    if (!m || target !== path.join(MODULES, m, 'index.ts')) continue;
    const named = parseNamed(d[4]);
    if (!named) continue;
    const specs = named.map((s) => ({ ...s, type: Boolean(d[3]) || s.type }));
    const g = groups.get(target) ?? [];
    g.push({ start: d.index, end: d.index + d[0].length, indent: d[1], spec: d[5], specs });
    groups.set(target, g);
  }
  const edits = [];
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    const specs = new Map();
    for (const s of g.flatMap((x) => x.specs)) {
      const key = `${s.name} as ${s.local}`;
      const have = specs.get(key);
      specs.set(key, have ? { ...s, type: have.type && s.type } : s);
    }
    const list = [...specs.values()];
    const allTypes = list.every((s) => s.type);
    const clause = `{ ${list.map((s) => specText({ ...s, type: !allTypes && s.type })).join(', ')} }`;
    edits.push({ start: g[0].start, end: g[0].end, text: `${g[0].indent}import${allTypes ? ' type' : ''} ${clause} from '${g[0].spec}';` });
    for (const x of g.slice(1)) edits.push({ start: x.start, end: x.end, text: '' });
  }
  edits.sort((a, b) => b.start - a.start);
  for (const e of edits) {
    let end = e.end;
    if (e.text === '' && text[end] === '\n') end++;
    text = text.slice(0, e.start) + e.text + text.slice(end);
  }
  return text;
}

// Every module's index exports its service classes, whether or not anyone imports them yet.
for (const m of readdirSync(MODULES, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort()) {
  const service = path.join(MODULES, m, 'service.ts');
  if (!existsSync(service)) continue;
  const text = readFileSync(service, 'utf8');
  for (const c of text.matchAll(/^export\s+class\s+(\w+Service)\b/gm)) {
    const index = indexOf(m);
    if (!index.exports.has(c[1])) ensureExport(index, c[1], service, false, index.file);
  }
}

for (const index of indexes.values()) {
  if (!index.changed) continue;
  const text = renderIndex(index);
  if (text === index.text) continue;
  if (!check) {
    writeFileSync(index.file, text);
    changedFiles.add(index.file);
  }
}

if (!check && usePrettier && changedFiles.size) {
  try {
    const prettier = createRequire(path.join(root, 'package.json'))('prettier');
    for (const f of changedFiles) {
      const options = (await prettier.resolveConfig(f)) ?? {};
      writeFileSync(f, await prettier.format(readFileSync(f, 'utf8'), { ...options, filepath: f }));
    }
  } catch (err) {
    console.error(`prettier not run (${err.message}); run: npx prettier --write <changed files>`);
  }
}

console.log(
  `deep imports of another module found: ${deepBefore}; rewritten to index.ts: ${check ? 0 : rewritten}${check ? ` (would rewrite ${rewritten})` : ''}`,
);
if (!check) for (const f of [...changedFiles].sort()) console.log(`  changed ${rel(f)}`);
for (const p of problems) console.log(`  TODO ${p}`);
if (check && deepBefore) process.exit(1);
