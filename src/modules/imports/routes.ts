import { Readable } from 'node:stream';
import express from 'express';
import multer from 'multer';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/middleware.ts';
import { guard } from '../../platform/auth/route.ts';
import { NotFound } from '../../platform/errors.ts';
import { singleError, type GovukErrors } from '../../platform/forms.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { formatOf, MalformedFile } from './rows.ts';
import { DEFAULT_SOURCE, type ImportRun } from './service.ts';

export const MAX_UPLOAD_MB = 50;

const uploadFields = z.object({
  format: z.enum(['auto', 'csv', 'ndjson']).default('auto'),
  source: z
    .string()
    .optional()
    .transform((v) => v?.trim() || DEFAULT_SOURCE)
    .pipe(
      z
        .string()
        .max(50, 'Source system must be 50 characters or fewer')
        .regex(/^[A-Za-z0-9._-]+$/, 'Source system may use only letters, numbers, dots, hyphens and underscores'),
    ),
});

/** What the progress bar and the page need, and nothing personal. */
export function progressOf(run: ImportRun) {
  const processed = run.accepted + run.duplicate + run.quarantined;
  return {
    state: run.state,
    total: run.total_rows,
    processed,
    percent: run.total_rows ? Math.floor((processed / run.total_rows) * 100) : 100,
    accepted: run.accepted,
    duplicate: run.duplicate,
    quarantined: run.quarantined,
  };
}

/** The administrator's bulk import: upload a file, watch it go through intake, read the reconciliation. */
export function importRoutes(services: Services): express.Router {
  const router = express.Router();
  const { imports } = services;
  const canImport = guard(services, { can: 'incident:import', category: 'collection' });
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_UPLOAD_MB * 1024 * 1024, files: 1, fields: 10 },
  }).single('file');

  const renderIndex = async (res: express.Response, status = 200, errors?: GovukErrors, values: Record<string, unknown> = {}) => {
    res.status(status).render('imports/views/index.njk', {
      pageTitle: 'Import incidents',
      runs: (await imports.latestRuns()).map((run) => ({ ...run, progress: progressOf(run) })),
      maxUploadMb: MAX_UPLOAD_MB,
      errors,
      values,
    });
  };

  router.get(paths.admin.imports, canImport, (_req, res) => renderIndex(res));

  router.post(
    paths.admin.imports,
    canImport,
    (req, res, next) =>
      upload(req, res, (err: unknown) => {
        if (!err) return next();
        const tooBig = err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE';
        const message = tooBig ? `The selected file must be smaller than ${MAX_UPLOAD_MB} MB` : 'The selected file could not be uploaded';
        renderIndex(res, tooBig ? 413 : 400, singleError('file', message)).catch(next);
      }),
    async (req, res) => {
      const fields = uploadFields.safeParse(req.body ?? {});
      if (!fields.success) return renderIndex(res, 422, singleError('source', fields.error.issues[0].message), req.body);
      const file = req.file;
      if (!file || file.size === 0) return renderIndex(res, 422, singleError('file', 'Select a CSV or NDJSON file'), req.body);
      const format = formatOf(file.originalname, fields.data.format === 'auto' ? undefined : fields.data.format);
      if (!format)
        return renderIndex(res, 422, singleError('format', 'Choose the file’s format: its name does not end in .csv or .ndjson'), req.body);
      const name = file.originalname.slice(0, 200);
      try {
        const begun = await imports.begin(
          actorOf(res),
          { name, open: () => Readable.from([file.buffer]) },
          { format, source: fields.data.source },
        );
        if (begun.status !== 'already-imported') await imports.start(begun.run.id);
        const query = begun.status === 'new' ? '' : `?${begun.status}=1`;
        res.redirect(303, paths.admin.importRun({ id: begun.run.id }) + query);
      } catch (e) {
        if (!(e instanceof MalformedFile)) throw e;
        return renderIndex(res, 422, singleError('file', `${e.message}. Nothing was imported.`), req.body);
      }
    },
  );

  const runOf = async (req: express.Request) => {
    const id = z.uuid().safeParse(req.params.id);
    const run = id.success ? await imports.findRun(id.data) : undefined;
    if (!run) throw new NotFound('No such import');
    return run;
  };

  router.get(paths.admin.importRun.pattern, canImport, async (req, res) => {
    const run = await runOf(req);
    res.render('imports/views/run.njk', {
      pageTitle: `Import of ${run.file_name}`,
      run,
      progress: progressOf(run),
      quarantined: run.state === 'processing' ? [] : await imports.quarantined(run.id),
      alreadyImported: req.query['already-imported'] === '1',
      resumed: req.query.resumed === '1',
    });
  });

  router.get(paths.admin.importProgress.pattern, canImport, async (req, res) => {
    res.set('Cache-Control', 'no-store').json(progressOf(await runOf(req)));
  });

  return router;
}
