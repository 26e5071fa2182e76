import fs from 'node:fs/promises';
import path from 'node:path';
import express from 'express';
import { projectRoot } from './nunjucks.ts';

const bundle = path.join(projectRoot, 'public/build/app.js');

/** Bundles the browser entry once (esbuild, ~100 ms); later starts reuse the file. */
export async function buildClientBundle({ force = false } = {}): Promise<void> {
  if (!force && (await fs.stat(bundle).catch(() => undefined))) return;
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(projectRoot, 'src/client.ts')],
    bundle: true,
    format: 'esm',
    minify: true,
    target: 'es2020',
    outfile: bundle,
    write: false,
    logLevel: 'silent',
  });
  // Written aside and renamed into place, so a process starting alongside (test files run two at a time)
  // never serves a half-written bundle.
  const aside = `${bundle}.${process.pid}.tmp`;
  await fs.mkdir(path.dirname(bundle), { recursive: true });
  await fs.writeFile(aside, result.outputFiles[0].contents);
  await fs.rename(aside, bundle);
}

export function assetRoutes(): express.Router {
  const router = express.Router();
  const options = { maxAge: '1h', immutable: false, index: false } as const;
  router.use('/assets/build', express.static(path.join(projectRoot, 'public/build'), options));
  router.get('/assets/safeguard.css', (_req, res) => res.sendFile(path.join(projectRoot, 'public/safeguard.css')));
  router.get('/assets/govuk-frontend.min.css', (_req, res) =>
    res.sendFile(path.join(projectRoot, 'node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css')),
  );
  router.get('/assets/moj-frontend.min.css', (_req, res) =>
    res.sendFile(path.join(projectRoot, 'node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.css')),
  );
  router.use('/assets', express.static(path.join(projectRoot, 'node_modules/govuk-frontend/dist/govuk/assets'), options));
  router.use('/assets', express.static(path.join(projectRoot, 'node_modules/@ministryofjustice/frontend/moj/assets'), options));
  return router;
}
