import express from 'express';
import { actorOf } from '../../platform/auth/middleware.ts';
import { authorise } from '../../platform/auth/route.ts';
import { UUID_PATTERN as UUID } from '../../platform/dateFields.ts';
import { HttpError, NotFound, conflictGoesBackTo } from '../../platform/errors.ts';
import { govukErrors, type GovukErrors } from '../../platform/forms.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { can } from '../../domain/access/policy.ts';
import { londonDateOf } from '../../domain/calendar/london.ts';
import { formatLondonDate } from '../../domain/calendar/display.ts';
import {
  ALARM_DEVICES,
  ALARM_DEVICE_NAMES,
  ALARM_STATE_NAMES,
  RETURN_REASONS,
  RETURN_REASON_NAMES,
} from '../../domain/support/alarmRules.ts';
import {
  activationFormSchema,
  issueFormSchema,
  registerQuerySchema,
  returnFormSchema,
  reviewDaysSchema,
  reviewFormSchema,
} from './schemas.ts';
import { AlarmChanged, AlarmRefused } from './service.ts';

const VIEW_NAMES = { out: 'Issued', 'review-due': 'Review due', returned: 'Returned', all: 'All' } as const;

/** A service refusal as the GOV.UK error summary, each message linked to the form field it is about. */
const FORM_FIELD: Record<string, string> = {
  personId: 'person',
  serialNumber: 'serial',
  issuedOn: 'issued-day',
  activatedAt: 'activated-day',
  incident: 'incident',
  outcome: 'outcome',
  returnedOn: 'returned-day',
  days: 'days',
};

function refusalErrors(e: AlarmRefused): GovukErrors {
  const errors: GovukErrors = { errorList: [], fields: {} };
  for (const [key, text] of Object.entries(e.errors)) {
    const field = FORM_FIELD[key] ?? key;
    errors.fields[field] = { text };
    errors.errorList.push({ text, href: `#${field}` });
  }
  return errors;
}

const options = <K extends string>(keys: readonly K[], names: Record<K, string>) => keys.map((k) => ({ value: k, text: names[k] }));

/** Today as the day, month and year fields of a GOV.UK date input named prefix. */
export function todayFields(prefix: string, now: Date): Record<string, string> {
  const [year, month, day] = londonDateOf(now).split('-');
  return { [`${prefix}-day`]: String(Number(day)), [`${prefix}-month`]: String(Number(month)), [`${prefix}-year`]: year };
}

export function alarmRoutes(services: Services): express.Router {
  const router = express.Router();
  const { alarms } = services;

  const alarmId = (req: express.Request) => {
    if (!UUID.test(String(req.params.id))) throw new NotFound('No such alarm');
    return String(req.params.id);
  };
  const subjectsOf = async (req: express.Request) =>
    UUID.test(String(req.params.id ?? '')) ? await alarms.peopleIn(String(req.params.id)) : [];
  const personOf = (req: express.Request) => {
    const p = typeof req.query.person === 'string' ? req.query.person : typeof req.body?.person === 'string' ? req.body.person : '';
    return UUID.test(p) ? [p] : [];
  };

  router.get(paths.alarms.register, authorise(services, 'support:view'), async (req, res) => {
    const q = registerQuerySchema.parse(req.query);
    const actor = actorOf(res);
    const result = await alarms.register(actor, q.view, q.page);
    const url = (view: string, page = 1) => `${paths.alarms.register}?view=${view}${page > 1 ? `&page=${page}` : ''}`;
    const counts: Record<string, number> = result.counts;
    const flash = req.session.flash;
    delete req.session.flash;
    res.render('alarms/views/register.njk', {
      pageTitle: `Panic alarms: ${VIEW_NAMES[q.view].toLowerCase()}`,
      viewName: VIEW_NAMES[q.view],
      views: (Object.keys(VIEW_NAMES) as (keyof typeof VIEW_NAMES)[]).map((v) => ({
        text: `${VIEW_NAMES[v]} (${counts[v].toLocaleString('en-GB')})`,
        href: url(v),
        current: v === q.view,
      })),
      counts: result.counts,
      reviewDays: result.reviewDays,
      alarms: result.alarms,
      deviceNames: ALARM_DEVICE_NAMES,
      stateNames: ALARM_STATE_NAMES,
      mayRecord: alarms.mayRecord(actor),
      maySettings: can(actor, 'support:settings'),
      pagination: {
        previous: result.page > 1 ? { href: url(q.view, result.page - 1) } : undefined,
        next: result.more ? { href: url(q.view, result.page + 1) } : undefined,
      },
      flash,
    });
  });

  const renderNew = async (
    res: express.Response,
    status: number,
    personId: string,
    values: Record<string, unknown>,
    errors?: GovukErrors,
  ) => {
    const person = UUID.test(personId) ? await alarms.formFor(actorOf(res), personId) : undefined;
    if (!person) throw new NotFound('No such person');
    res.status(status).render('alarms/views/new.njk', {
      pageTitle: 'Issue a panic alarm',
      person,
      values,
      errors,
      devices: options(ALARM_DEVICES, ALARM_DEVICE_NAMES),
    });
  };

  router.get(paths.alarms.new, authorise(services, 'support:record', 'collection', personOf), async (req, res) => {
    const person = typeof req.query.person === 'string' ? req.query.person : '';
    await renderNew(res, 200, person, { person, ...todayFields('issued', services.clock.now()) });
  });

  router.post(paths.alarms.new, authorise(services, 'support:record', 'collection', personOf), async (req, res) => {
    const person = typeof req.body.person === 'string' ? req.body.person : '';
    const parsed = issueFormSchema.safeParse(req.body);
    if (!parsed.success) {
      if (!UUID.test(person)) throw new HttpError(400, 'Choose the victim from her record: issue an alarm from her person page');
      return renderNew(res, 422, person, req.body, govukErrors(parsed.error));
    }
    try {
      const row = await alarms.issue(actorOf(res), parsed.data);
      req.session.flash = {
        text: `Alarm ${row.reference} issued: review due ${formatLondonDate(new Date(`${row.review_due_on}T12:00:00Z`))}`,
      };
      res.redirect(303, paths.alarms.show({ id: row.id }));
    } catch (e) {
      if (e instanceof AlarmRefused) return renderNew(res, 422, person, req.body, refusalErrors(e));
      throw e;
    }
  });

  const renderAlarm = async (
    req: express.Request,
    res: express.Response,
    status: number,
    form?: { name: string; values: Record<string, unknown>; errors: GovukErrors },
  ) => {
    const actor = actorOf(res);
    const alarm = await alarms.view(actor, alarmId(req));
    if (!alarm) throw new NotFound('No such alarm');
    const flash = req.session.flash;
    delete req.session.flash;
    const now = services.clock.now();
    res.status(status).render('alarms/views/alarm.njk', {
      pageTitle: `Panic alarm ${alarm.reference}`,
      alarm,
      deviceNames: ALARM_DEVICE_NAMES,
      stateNames: ALARM_STATE_NAMES,
      reasonNames: RETURN_REASON_NAMES,
      reasons: options(RETURN_REASONS, RETURN_REASON_NAMES),
      mayRecord: alarms.mayRecord(actor),
      form: form?.name,
      errors: form?.errors,
      values: form?.values ?? { ...todayFields('activated', now), ...todayFields('returned', now) },
      flash,
    });
  };

  router.get(paths.alarms.show.pattern, authorise(services, 'support:view', 'consultation', subjectsOf), (req, res) =>
    renderAlarm(req, res, 200),
  );

  /** A step on the alarm page: parsed, done, and back to the page with a banner; a refusal is the page with its errors. */
  const step = <T>(
    path: string,
    name: string,
    schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false; error: import('zod').ZodError } },
    act: (req: express.Request, res: express.Response, data: T) => Promise<string>,
  ) =>
    router.post(path, authorise(services, 'support:record', 'alteration', subjectsOf), async (req, res) => {
      const id = alarmId(req);
      const parsed = schema.safeParse(req.body);
      if (!parsed.success) return renderAlarm(req, res, 422, { name, values: req.body, errors: govukErrors(parsed.error) });
      try {
        req.session.flash = { text: await act(req, res, parsed.data) };
      } catch (e) {
        if (e instanceof AlarmRefused) return renderAlarm(req, res, 422, { name, values: req.body, errors: refusalErrors(e) });
        if (e instanceof AlarmChanged) conflictGoesBackTo(res, paths.alarms.show({ id }));
        throw e;
      }
      res.redirect(303, paths.alarms.show({ id }));
    });

  step(paths.alarms.activation.pattern, 'activation', activationFormSchema, async (req, res, data) => {
    await alarms.recordActivation(actorOf(res), alarmId(req), data);
    return 'Activation recorded';
  });
  step(paths.alarms.review.pattern, 'review', reviewFormSchema, async (req, res, data) => {
    const row = await alarms.recordReview(actorOf(res), alarmId(req), data);
    return `Review recorded: next review due ${formatLondonDate(new Date(`${row.review_due_on}T12:00:00Z`))}`;
  });
  step(paths.alarms.return.pattern, 'return', returnFormSchema, async (req, res, data) => {
    await alarms.recordReturn(actorOf(res), alarmId(req), data);
    return 'Return recorded';
  });

  const renderSettings = async (res: express.Response, status: number, errors?: GovukErrors, value?: string) => {
    const current = await alarms.reviewDays();
    res.status(status).render('alarms/views/settings.njk', {
      pageTitle: 'Panic alarm reviews',
      current,
      value: value ?? String(current.days),
      errors,
    });
  };
  router.get(paths.alarms.settings, authorise(services, 'support:settings'), (_req, res) => renderSettings(res, 200));
  router.post(paths.alarms.settings, authorise(services, 'support:settings', 'alteration'), async (req, res) => {
    const parsed = reviewDaysSchema.safeParse(req.body);
    const value = typeof req.body.days === 'string' ? req.body.days : '';
    if (!parsed.success) return renderSettings(res, 422, govukErrors(parsed.error), value);
    try {
      await alarms.setReviewDays(actorOf(res), parsed.data.days, parsed.data.version);
    } catch (e) {
      if (e instanceof AlarmRefused) return renderSettings(res, 422, refusalErrors(e), value);
      if (e instanceof AlarmChanged) conflictGoesBackTo(res, paths.alarms.settings);
      throw e;
    }
    req.session.flash = { text: `Panic alarms are now reviewed every ${parsed.data.days} days` };
    res.redirect(303, paths.alarms.register);
  });

  return router;
}
