import { buildClientBundle } from '../src/platform/views/assets.ts';

await buildClientBundle({ force: true });
console.log('built public/build/app.js');
