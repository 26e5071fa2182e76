import express from 'express';
import type { InstrumentDefinition } from '../../domain/risk/instrument.ts';
import {
  builtInCode,
  builtInInstrument,
  guidanceField,
  questionField,
  type VariantChanges,
  type VariantError,
} from '../../domain/risk/variant.ts';
import { actorOf } from '../../platform/auth/middleware.ts';
import { guard } from '../../platform/auth/route.ts';
import { NotFound } from '../../platform/errors.ts';
import { singleError, type GovukErrors } from '../../platform/forms.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { VariantRejected } from './service.ts';

type Form = Record<string, string | undefined>;
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const count = (value: unknown) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN);

function govukVariantErrors(errors: VariantError[]): GovukErrors {
  const result: GovukErrors = { errorList: [], fields: {} };
  for (const e of errors) {
    result.errorList.push({ text: e.message, href: `#${e.field}` });
    result.fields[e.field] ??= { text: e.message };
  }
  return result;
}

/** The form's fields for a definition, so a new version starts from the wording of the one it varies. */
function formFor(from: InstrumentDefinition, builtIn: boolean): Form {
  const form: Form = {
    from: builtIn ? builtInCode(from) : from.id,
    fromVersion: from.version,
    code: builtIn ? '' : from.id,
    version: builtIn ? '1' : '',
    title: builtIn ? `${from.title} (force variant)` : from.title,
  };
  for (const q of from.questions) {
    form[questionField(q.id)] = q.text;
    form[guidanceField(q.id)] = q.guidance ?? '';
  }
  if (from.grading.method === 'yes-count-bands') {
    for (const band of from.grading.bands) if (band.grade !== 'standard') form[`band-${band.grade}`] = String(band.fromYesCount);
  }
  return form;
}

function changesFrom(from: InstrumentDefinition, body: Form): VariantChanges {
  return {
    code: text(body.code),
    version: text(body.version),
    title: text(body.title),
    questions: Object.fromEntries(
      from.questions.map((q) => [q.id, { text: text(body[questionField(q.id)]), guidance: text(body[guidanceField(q.id)]) }]),
    ),
    thresholds:
      from.grading.method === 'yes-count-bands' ? { medium: count(body['band-medium']), high: count(body['band-high']) } : undefined,
    addedQuestion: { label: text(body['added-label']), text: text(body['added-text']), countsTowardBand: body['added-counts'] === 'yes' },
  };
}

/** Risk instruments as versioned data: the built-in ones and each force variant an administrator has saved. */
export function instrumentRoutes(services: Services): express.Router {
  const router = express.Router();
  const instruments = services.instruments;
  const canView = guard(services, { can: 'instrument:manage' });
  const canManage = guard(services, { can: 'instrument:manage', category: 'alteration' });

  const renderList = async (res: express.Response, status: number, view: Record<string, unknown> = {}) => {
    res
      .status(status)
      .render('instruments/views/instruments.njk', { pageTitle: 'Risk instruments', instruments: await instruments.catalogue(), ...view });
  };

  const renderForm = (res: express.Response, status: number, from: InstrumentDefinition, values: Form, errors?: GovukErrors) => {
    res.status(status).render('instruments/views/new-version.njk', {
      pageTitle: builtInInstrument(from.id, from.version) ? `Create a force variant of ${from.title}` : `New version of ${from.title}`,
      from,
      graded: from.grading.method === 'yes-count-bands',
      values,
      errors,
    });
  };

  router.get(paths.admin.instruments, canView, async (req, res) => {
    const flash = req.session.flash;
    delete req.session.flash;
    await renderList(res, 200, { flash });
  });

  router.get(paths.admin.newInstrumentVersion, canView, async (req, res) => {
    const from = await instruments.definition(text(req.query.from), text(req.query.version));
    if (!from) throw new NotFound('No such instrument version');
    renderForm(res, 200, from, formFor(from, builtInInstrument(from.id, from.version) !== undefined));
  });

  router.post(paths.admin.newInstrumentVersion, canManage, async (req, res) => {
    const body = req.body as Form;
    const from = await instruments.definition(text(body.from), text(body.fromVersion));
    if (!from) return renderList(res, 422, { errors: singleError('instruments', 'Choose an instrument to create a version from') });
    try {
      const saved = await instruments.saveVersion(actorOf(res), from, changesFrom(from, body));
      req.session.flash = { text: `Saved ${saved.title}, version ${saved.version}. Assessments already made keep the version they used.` };
      res.redirect(303, paths.admin.instrument({ code: saved.id, version: saved.version }));
    } catch (e) {
      if (!(e instanceof VariantRejected)) throw e;
      renderForm(res, 422, from, body, govukVariantErrors(e.errors));
    }
  });

  router.get(paths.admin.instrument.pattern, canView, async (req, res) => {
    const code = text(req.params.code);
    const version = text(req.params.version);
    const definition = await instruments.definition(code, version);
    if (!definition) throw new NotFound('No such instrument version');
    const flash = req.session.flash;
    delete req.session.flash;
    const builtIn = builtInInstrument(code, version) !== undefined;
    res.render('instruments/views/instrument.njk', {
      pageTitle: `${definition.title}, version ${definition.version}`,
      definition,
      builtIn,
      newVersionHref: `${paths.admin.newInstrumentVersion}?${new URLSearchParams({ from: code, version })}`,
      flash,
    });
  });

  return router;
}
