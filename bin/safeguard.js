#!/usr/bin/env node
// `npx safeguard <command>`: the TypeScript CLI through tsx in a checkout (no build step); where tsx is not installed
// (a production install, `npm ci --omit=dev`), the compiled CLI from `npm run build`.
let tsx;
try {
  tsx = await import('tsx/esm/api');
} catch {
  tsx = undefined;
}
if (tsx) {
  tsx.register();
  await import('../src/cli/index.ts');
} else {
  await import('../dist/src/cli/index.js');
}
