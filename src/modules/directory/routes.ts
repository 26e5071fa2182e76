import express from 'express';
import { SERVICE_NEEDS, serviceNeedName } from '../../domain/directory/needs.ts';
import { actorOf } from '../../platform/auth/middleware.ts';
import { authorise } from '../../platform/auth/route.ts';
import { HttpError } from '../../platform/errors.ts';
import { govukErrors, singleError, type GovukErrors } from '../../platform/forms.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { DuplicateService, NoSuchPerson, NoSuchService, ServiceChanged, type LocalService } from './service.ts';
import { uuidSchema } from '../people/index.ts';
import { serviceSchema, signpostingSchema, versionSchema } from './schemas.ts';

type Form = Record<string, unknown>;
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const withNeedNames = (s: LocalService) => ({ ...s, needNames: s.needs.map(serviceNeedName) });
const formOf = (s: LocalService): Form => ({
  name: s.name,
  description: s.description,
  needs: s.needs,
  area: s.area,
  contact: s.contact,
  referralRoute: s.referralRoute,
  eligibility: s.eligibility,
  active: s.active ? 'yes' : 'no',
});
const asList = (v: unknown) => (Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : []);

/** The signposting directory: staff search it; the administrator keeps it; staff record signposting a person. */
export function directoryRoutes(services: Services): express.Router {
  const router = express.Router();
  const { directory } = services;
  const canSearch = authorise(services, 'directory:search');
  const canManage = authorise(services, 'directory:manage');
  const canChange = authorise(services, 'directory:manage', 'alteration');
  // A refusal is recorded against the person the URL names (when it names one), as a refused look at their record is.
  const canSignpost = authorise(services, 'signposting:record', 'consultation', (req) => {
    const id = uuidSchema.safeParse(req.params.id);
    return id.success ? [id.data] : [];
  });
  const needs = SERVICE_NEEDS.map((n) => ({ value: n.code, text: n.name }));

  const searchOf = (q: express.Request['query']) => ({
    need: SERVICE_NEEDS.some((n) => n.code === q.need) ? (q.need as string) : undefined,
    area: text(q.area) || undefined,
    text: text(q.q).slice(0, 100) || undefined,
  });

  router.get(paths.directory.list, canSearch, async (req, res) => {
    const search = searchOf(req.query);
    res.render('directory/views/search.njk', {
      pageTitle: 'Signposting directory',
      search,
      needs,
      areas: await directory.areas(),
      results: (await directory.search(actorOf(res), search)).map(withNeedNames),
    });
  });

  router.get(paths.directory.manage, canManage, async (req, res) => {
    const flash = req.session.flash;
    delete req.session.flash;
    const search = searchOf(req.query);
    res.render('directory/views/manage.njk', {
      pageTitle: 'Manage the signposting directory',
      search,
      needs,
      areas: await directory.areas(),
      services: (await directory.all(actorOf(res), search)).map(withNeedNames),
      flash,
    });
  });

  const renderForm = (res: express.Response, status: number, view: { values: Form; errors?: GovukErrors; service?: LocalService }) =>
    res.status(status).render('directory/views/service-form.njk', {
      pageTitle: view.service ? `Change ${view.service.name}` : 'Add a service to the directory',
      needs: needs.map((n) => ({ ...n, checked: asList(view.values.needs).includes(n.value) })),
      ...view,
    });

  const problems = (e: unknown): GovukErrors | undefined => {
    if (e instanceof DuplicateService) return singleError('name', e.message);
    return undefined;
  };

  router.get(paths.directory.new, canManage, (_req, res) => renderForm(res, 200, { values: { active: 'yes' } }));

  router.post(paths.directory.new, canChange, async (req, res) => {
    const body = req.body as Form;
    const parsed = serviceSchema.safeParse(body);
    if (!parsed.success) return renderForm(res, 422, { values: body, errors: govukErrors(parsed.error) });
    try {
      const saved = await directory.add(actorOf(res), parsed.data);
      req.session.flash = { text: `Added ${saved.name} to the directory.` };
      res.redirect(303, paths.directory.manage);
    } catch (e) {
      const errors = problems(e);
      if (!errors) throw e;
      renderForm(res, 422, { values: body, errors });
    }
  });

  const serviceOf = async (req: express.Request) => {
    const service = await directory.find(text(req.params.id));
    if (!service) throw new HttpError(404, 'No such service in the directory');
    return service;
  };

  router.get(paths.directory.edit.pattern, canManage, async (req, res) => {
    const service = await serviceOf(req);
    renderForm(res, 200, { values: formOf(service), service });
  });

  router.post(paths.directory.edit.pattern, canChange, async (req, res) => {
    const service = await serviceOf(req);
    const body = req.body as Form;
    const parsed = serviceSchema.safeParse(body);
    const version = versionSchema.safeParse(body);
    if (!parsed.success) return renderForm(res, 422, { values: body, errors: govukErrors(parsed.error), service });
    if (!version.success) throw new HttpError(400, 'The form did not say which version of the service it changes');
    try {
      const saved = await directory.change(actorOf(res), service.id, version.data.version, parsed.data);
      req.session.flash = { text: `Saved ${saved.name}.` };
      res.redirect(303, paths.directory.manage);
    } catch (e) {
      if (e instanceof ServiceChanged) {
        // The form again, against what is saved now, keeping what this administrator typed.
        return renderForm(res, 409, {
          values: body,
          service: e.current,
          errors: {
            description: 'Nothing you entered was saved.',
            errorList: [
              {
                text: `Someone else changed ${e.current.name} while you were editing it: check the saved details and save again`,
                href: '#name',
              },
            ],
            fields: {},
          },
        });
      }
      const errors = problems(e);
      if (!errors) throw e;
      renderForm(res, 422, { values: body, errors, service });
    }
  });

  const renderSignposting = async (
    req: express.Request,
    res: express.Response,
    status: number,
    values: Form = {},
    errors?: GovukErrors,
  ) => {
    const actor = actorOf(res);
    const page = await directory.personPage(actor, text(req.params.id));
    if (!page) throw new HttpError(404, 'No such person');
    const search = searchOf(req.query);
    const available = await directory.search(actor, search);
    res.status(status).render('directory/views/signpost.njk', {
      pageTitle: `Signpost ${page.person.givenName} ${page.person.familyName.toUpperCase()} to a service`,
      ...page,
      search,
      needs,
      areas: await directory.areas(),
      available: available.map((s) => ({ value: s.id, text: `${s.name} (${s.area})`, checked: values.serviceId === s.id })),
      values,
      errors,
      flash: req.session.flash,
    });
    delete req.session.flash;
  };

  router.get(paths.directory.signpost.pattern, canSignpost, (req, res) => renderSignposting(req, res, 200));

  router.post(paths.directory.signpost.pattern, canSignpost, async (req, res) => {
    const body = req.body as Form;
    const parsed = signpostingSchema.safeParse(body);
    if (!parsed.success) return renderSignposting(req, res, 422, body, govukErrors(parsed.error));
    try {
      await directory.signpost(actorOf(res), text(req.params.id), parsed.data);
    } catch (e) {
      if (e instanceof NoSuchPerson) throw new HttpError(404, 'No such person');
      if (e instanceof NoSuchService)
        return renderSignposting(req, res, 422, body, singleError('serviceId', 'Select a service that is in the directory'));
      throw e;
    }
    req.session.flash = { text: 'Signposting recorded.' };
    res.redirect(303, paths.directory.signpost({ id: text(req.params.id) }));
  });

  return router;
}
