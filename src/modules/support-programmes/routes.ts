import express from 'express';
import { actorOf } from '../../platform/auth/middleware.ts';
import { authorise } from '../../platform/auth/route.ts';
import { UUID_PATTERN as UUID } from '../../platform/dateFields.ts';
import { HttpError, NotFound, conflictGoesBackTo } from '../../platform/errors.ts';
import { govukErrors, type GovukErrors } from '../../platform/forms.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { can } from '../../domain/access/policy.ts';
import { SUPPORT_REFERRALS, SUPPORT_REFERRAL_NAMES, VISIT_OUTCOMES, VISIT_OUTCOME_NAMES } from '../../domain/support/secondResponder.ts';
import { outcomeFormSchema, visitFormSchema } from './schemas.ts';
import { SupportChanged, SupportRefused } from './service.ts';

const FORM_FIELD: Record<string, string> = { personId: 'person', visitAt: 'visit-day', visitors: 'visitors', outcome: 'outcome' };

function refusalErrors(e: SupportRefused): GovukErrors {
  const errors: GovukErrors = { errorList: [], fields: {} };
  for (const [key, text] of Object.entries(e.errors)) {
    const field = FORM_FIELD[key] ?? key;
    errors.fields[field] = { text };
    errors.errorList.push({ text, href: `#${field}` });
  }
  return errors;
}

const options = <K extends string>(keys: readonly K[], names: Record<K, string>) => keys.map((k) => ({ value: k, text: names[k] }));

export function secondResponderRoutes(services: Services): express.Router {
  const router = express.Router();
  const { secondResponder } = services;

  const visitId = (req: express.Request) => {
    if (!UUID.test(String(req.params.id))) throw new NotFound('No such visit');
    return String(req.params.id);
  };
  const subjectsOf = async (req: express.Request) =>
    UUID.test(String(req.params.id ?? '')) ? await secondResponder.peopleIn(String(req.params.id)) : [];
  const personOf = (req: express.Request) => {
    const p = typeof req.query.person === 'string' ? req.query.person : typeof req.body?.person === 'string' ? req.body.person : '';
    return UUID.test(p) ? [p] : [];
  };

  router.get(paths.secondResponder.list, authorise(services, 'support:view'), async (req, res) => {
    const actor = actorOf(res);
    const result = await secondResponder.list(actor);
    const flash = req.session.flash;
    delete req.session.flash;
    res.render('support-programmes/views/second-responder.njk', {
      pageTitle: 'Second Responder programme',
      ...result,
      closing: result.eligible.filter((e) => e.window.state === 'closing').length,
      outcomeNames: VISIT_OUTCOME_NAMES,
      mayRecord: secondResponder.mayRecord(actor),
      now: services.clock.now(),
      flash,
    });
  });

  const renderNew = async (
    res: express.Response,
    status: number,
    ids: { incident: string; person: string },
    values: Record<string, unknown>,
    errors?: GovukErrors,
  ) => {
    const found =
      UUID.test(ids.incident) && UUID.test(ids.person) ? await secondResponder.formFor(actorOf(res), ids.incident, ids.person) : undefined;
    if (!found) throw new NotFound('No such victim of that incident');
    res
      .status(status)
      .render('support-programmes/views/new-visit.njk', { pageTitle: 'Schedule a Second Responder visit', ...found, values, errors });
  };
  const idsOf = (src: Record<string, unknown>) => ({
    incident: typeof src.incident === 'string' ? src.incident : '',
    person: typeof src.person === 'string' ? src.person : '',
  });

  router.get(paths.secondResponder.new, authorise(services, 'support:record', 'collection', personOf), async (req, res) => {
    const ids = idsOf(req.query);
    await renderNew(res, 200, ids, { ...ids, 'visit-time': '10:00' });
  });

  router.post(paths.secondResponder.new, authorise(services, 'support:record', 'collection', personOf), async (req, res) => {
    const ids = idsOf(req.body);
    const parsed = visitFormSchema.safeParse(req.body);
    if (!parsed.success) {
      if (!UUID.test(ids.incident) || !UUID.test(ids.person))
        throw new HttpError(400, 'Choose the victim and incident from the Second Responder list');
      return renderNew(res, 422, ids, req.body, govukErrors(parsed.error));
    }
    try {
      const row = await secondResponder.schedule(actorOf(res), parsed.data);
      req.session.flash = { text: `Visit ${row.reference} scheduled` };
      res.redirect(303, paths.secondResponder.show({ id: row.id }));
    } catch (e) {
      if (e instanceof SupportRefused) return renderNew(res, 422, ids, req.body, refusalErrors(e));
      throw e;
    }
  });

  const renderVisit = async (
    req: express.Request,
    res: express.Response,
    status: number,
    values: Record<string, unknown> = {},
    errors?: GovukErrors,
  ) => {
    const actor = actorOf(res);
    const visit = await secondResponder.view(actor, visitId(req));
    if (!visit) throw new NotFound('No such visit');
    const flash = req.session.flash;
    delete req.session.flash;
    res.status(status).render('support-programmes/views/visit.njk', {
      pageTitle: `Second Responder visit ${visit.reference}`,
      visit,
      outcomeNames: VISIT_OUTCOME_NAMES,
      referralNames: SUPPORT_REFERRAL_NAMES,
      outcomes: options(VISIT_OUTCOMES, VISIT_OUTCOME_NAMES),
      referralOptions: options(SUPPORT_REFERRALS, SUPPORT_REFERRAL_NAMES),
      mayRecord: secondResponder.mayRecord(actor),
      mayRefer: can(actor, 'referral:create'),
      values,
      errors,
      flash,
    });
  };

  router.get(paths.secondResponder.show.pattern, authorise(services, 'support:view', 'consultation', subjectsOf), (req, res) =>
    renderVisit(req, res, 200),
  );

  router.post(paths.secondResponder.outcome.pattern, authorise(services, 'support:record', 'alteration', subjectsOf), async (req, res) => {
    const id = visitId(req);
    const parsed = outcomeFormSchema.safeParse(req.body);
    if (!parsed.success) return renderVisit(req, res, 422, req.body, govukErrors(parsed.error));
    try {
      await secondResponder.recordOutcome(actorOf(res), id, parsed.data);
    } catch (e) {
      if (e instanceof SupportRefused) return renderVisit(req, res, 422, req.body, refusalErrors(e));
      if (e instanceof SupportChanged) conflictGoesBackTo(res, paths.secondResponder.show({ id }));
      throw e;
    }
    req.session.flash = { text: 'Visit outcome recorded' };
    res.redirect(303, paths.secondResponder.show({ id }));
  });

  return router;
}
