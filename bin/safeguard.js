#!/usr/bin/env node
// `npx safeguard <command>`: runs the TypeScript CLI through tsx (no build step, DESIGN §1).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
