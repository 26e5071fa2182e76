import express from 'express';
import { can } from '../../domain/access/policy.ts';
import { londonWallClockOf } from '../../domain/calendar/london.ts';
import { OFFICER_ADVICE_OPTIONS } from '../../domain/officerAdvice/advice.ts';
import { actorOf } from '../../platform/auth/middleware.ts';
import { authorise } from '../../platform/auth/route.ts';
import { inputFromDate } from '../../platform/dateInput.ts';
import { fieldErrors, govukErrors, type GovukErrors } from '../../platform/forms.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { adviceSchema } from './schemas.ts';
import { AdviceRejected } from './service.ts';

type Form = Record<string, unknown>;
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);

/** The officer advice log: advice the DA unit gave officers attending an incident, linked to the incident. */
export function officerAdviceRoutes(services: Services): express.Router {
  const router = express.Router();
  const { officerAdvice, clock } = services;
  const canView = authorise(services, 'officer-advice:view');
  const canRecord = authorise(services, 'officer-advice:record', 'collection');

  router.get(paths.officerAdvice.list, canView, async (req, res) => {
    const actor = actorOf(res);
    const filter = {
      incidentReference: text(req.query.incident).slice(0, 40) || undefined,
      officer: text(req.query.officer).slice(0, 100) || undefined,
      page: Math.min(10_000, Math.max(1, Number.parseInt(text(req.query.page), 10) || 1)),
    };
    const found = await officerAdvice.list(actor, filter);
    const query = (page: number) =>
      `${paths.officerAdvice.list}?${new URLSearchParams({ ...(filter.incidentReference && { incident: filter.incidentReference }), ...(filter.officer && { officer: filter.officer }), page: String(page) })}`;
    const flash = req.session.flash;
    delete req.session.flash;
    res.render('officer-advice/views/list.njk', {
      pageTitle: 'Officer advice log',
      filter,
      advice: found.advice,
      unknownReference: found.unknownReference,
      previous: filter.page > 1 ? query(filter.page - 1) : undefined,
      next: found.more ? query(filter.page + 1) : undefined,
      canRecord: can(actor, 'officer-advice:record'),
      flash,
    });
  });

  const renderForm = async (res: express.Response, status: number, values: Form, errors?: GovukErrors) => {
    const reference = text(values.incidentReference);
    const incident = reference ? await officerAdvice.incidentNamed(reference) : undefined;
    res.status(status).render('officer-advice/views/new.njk', {
      pageTitle: 'Record advice given to an officer',
      values,
      errors,
      incident,
      options: OFFICER_ADVICE_OPTIONS.map((o) => ({ value: o.code, text: o.name, checked: asList(values.advice).includes(o.code) })),
    });
  };

  router.get(paths.officerAdvice.new, canRecord, async (req, res) => {
    const now = londonWallClockOf(clock.now());
    await renderForm(res, 200, {
      incidentReference: text(req.query.incident).slice(0, 40),
      ...inputFromDate('advised', now.date),
      'advised-time': now.time.slice(0, 5),
    });
  });

  router.post(paths.officerAdvice.new, canRecord, async (req, res) => {
    const body = req.body as Form;
    const parsed = adviceSchema.safeParse(body);
    if (!parsed.success) return renderForm(res, 422, body, govukErrors(parsed.error));
    try {
      await officerAdvice.record(actorOf(res), parsed.data);
      req.session.flash = { text: `Advice to ${parsed.data.officerName} (${parsed.data.collarNumber}) recorded.` };
      res.redirect(303, `${paths.officerAdvice.list}?${new URLSearchParams({ incident: parsed.data.incidentReference })}`);
    } catch (e) {
      if (!(e instanceof AdviceRejected)) throw e;
      await renderForm(res, 422, body, fieldErrors(e.problems));
    }
  });

  return router;
}
