import { execFileSync } from 'node:child_process';
import { cp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * `npm run build`: the production start's JavaScript (docs/decisions/0009-compiled-production-start.md). The server,
 * CLI and migrations compiled file by file into dist/ (relative `.ts` imports rewritten to `.js`), the templates copied
 * beside the compiled modules, and the browser bundle built into public/build/. `npm run start:prod` then needs Node only.
 */
const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');

await rm(dist, { recursive: true, force: true });
execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
const templates = (await readdir(path.join(root, 'src'), { recursive: true, withFileTypes: true })).filter(
  (e) => e.isFile() && e.name.endsWith('.njk'),
);
for (const t of templates) {
  const from = path.join(t.parentPath, t.name);
  await cp(from, path.join(dist, path.relative(root, from)));
}
const { buildClientBundle } = await import('../src/platform/views/assets.ts');
await buildClientBundle({ force: true });
console.log(`built dist/ (${templates.length} templates) and public/build/app.js`);
