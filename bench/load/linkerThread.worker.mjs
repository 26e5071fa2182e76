// The linker thread's entry: a worker starts without the TypeScript loader the CLI registered, so it registers it.
import { register } from 'tsx/esm/api';

register();
await import('./linkerWorker.ts');
