import express from 'express';
import type { z } from 'zod';
import { actorOf } from '../../platform/auth/middleware.ts';
import { authorise } from '../../platform/auth/route.ts';
import { HttpError, conflictGoesBackTo } from '../../platform/errors.ts';
import { govukErrors, type GovukErrors } from '../../platform/forms.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { londonWallClockOf } from '../../domain/calendar/london.ts';
import { slaClock } from '../../domain/triage/priority.ts';
import {
  ORDER_REGIMES,
  ORDER_REGIME_NAMES,
  ORDER_TYPES,
  ORDER_TYPE_NAMES,
  POLICE_RANKS,
  POLICE_RANK_NAMES,
  isNotice,
  regimeProblem,
} from '../../domain/orders/orderRules.ts';
import {
  breachSchema,
  expirySchema,
  hearingOutcomeSchema,
  notificationSchema,
  orderFormSchema,
  regimeSchema,
  registerQuerySchema,
} from './schemas.ts';
import { OrderChanged, OrderRefused } from './service.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const VIEW_NAMES = { hearings: 'Hearings due', 'in-force': 'In force', ending: 'Ending within 7 days', all: 'All' } as const;

/** A service refusal as the GOV.UK error summary, each field's message linked to the form field it is about. */
const FORM_FIELD: Record<string, string> = {
  type: 'type',
  subjectPersonId: 'subject',
  protectedPersonIds: 'protected',
  'authorisedBy.rank': 'authorised-rank',
  'authorisedBy.name': 'authorised-name',
  endsAt: 'ends-day',
  incidentReference: 'incident-reference',
  incidentId: 'incident-reference',
  followsOrderId: 'type',
  occurredAt: 'occurred-day',
  notifiedAt: 'notified-day',
  outcome: 'outcome',
  startsAt: 'starts-day',
};

function refusalErrors(e: OrderRefused, fieldFor: Record<string, string> = FORM_FIELD): GovukErrors {
  const errors: GovukErrors = { errorList: [], fields: {} };
  for (const [key, text] of Object.entries(e.errors)) {
    const field = fieldFor[key] ?? key;
    errors.fields[field] = { text };
    errors.errorList.push({ text, href: `#${field}` });
  }
  return errors;
}

/** Today's London date and the time now, to start a date-and-time input from. */
function nowFields(prefix: string, at: Date) {
  const { date, time } = londonWallClockOf(at);
  const [year, month, day] = date.split('-');
  return {
    [`${prefix}-day`]: String(Number(day)),
    [`${prefix}-month`]: String(Number(month)),
    [`${prefix}-year`]: year,
    [`${prefix}-time`]: time.slice(0, 5),
  };
}

/** The countdowns the register and the order page show: the hearing, and the DAPO notification duty. */
function withClocks<T extends { hearingDueBy: Date | null; notificationDueBy: Date | null }>(order: T, now: Date) {
  return {
    ...order,
    hearingClock: order.hearingDueBy ? slaClock(order.hearingDueBy, now) : null,
    notificationClock: order.notificationDueBy ? slaClock(order.notificationDueBy, now) : null,
  };
}

export function orderRoutes(services: Services): express.Router {
  const router = express.Router();
  const { orders } = services;

  const orderId = (req: express.Request) => {
    if (!UUID.test(String(req.params.id))) throw new HttpError(404, 'No such order');
    return String(req.params.id);
  };
  const subjectsOf = async (req: express.Request) =>
    UUID.test(String(req.params.id ?? '')) ? await orders.peopleIn(String(req.params.id)) : [];

  router.get(paths.orders.register, authorise(services, 'order:view'), async (req, res) => {
    const q = registerQuerySchema.parse(req.query);
    const result = await orders.register(actorOf(res), q.view, q.page);
    const url = (view: string, page = 1) => `${paths.orders.register}?view=${view}${page > 1 ? `&page=${page}` : ''}`;
    const counts: Record<string, number> = result.counts;
    const flash = req.session.flash;
    delete req.session.flash;
    res.render('orders/views/register.njk', {
      pageTitle: `Order register: ${VIEW_NAMES[q.view].toLowerCase()}`,
      view: q.view,
      viewName: VIEW_NAMES[q.view],
      views: (Object.keys(VIEW_NAMES) as (keyof typeof VIEW_NAMES)[]).map((v) => ({
        text: `${VIEW_NAMES[v]} (${(v === 'in-force' ? counts.inForce : counts[v]).toLocaleString('en-GB')})`,
        href: url(v),
        current: v === q.view,
      })),
      orders: result.orders.map((o) => withClocks(o, services.clock.now())),
      now: services.clock.now(),
      typeNames: ORDER_TYPE_NAMES,
      mayRecord: res.locals.actor && (await orders.mayRecord(actorOf(res))),
      pagination: {
        previous: result.page > 1 ? { href: url(q.view, result.page - 1) } : undefined,
        next: result.more ? { href: url(q.view, result.page + 1) } : undefined,
      },
      flash,
    });
  });

  const renderNew = async (
    req: express.Request,
    res: express.Response,
    status: number,
    values: Record<string, unknown>,
    errors?: GovukErrors,
  ) => {
    const subjectId = typeof values.subject === 'string' && UUID.test(values.subject) ? values.subject : null;
    const form = await orders.formFor(actorOf(res), subjectId);
    if (subjectId && !form.subject) throw new HttpError(404, 'No such person');
    res.status(status).render('orders/views/new.njk', {
      pageTitle: 'Record a protective notice or order',
      values,
      errors,
      form,
      types: ORDER_TYPES.filter((t) => regimeProblem(t, form.regime) === null).map((t) => ({
        value: t,
        text: ORDER_TYPE_NAMES[t],
        notice: isNotice(t),
      })),
      ranks: POLICE_RANKS.map((r) => ({ value: r, text: POLICE_RANK_NAMES[r] })),
    });
  };

  router.get(paths.orders.new, authorise(services, 'order:record'), async (req, res) => {
    const subject = typeof req.query.subject === 'string' ? req.query.subject : '';
    await renderNew(req, res, 200, { subject, ...nowFields('starts', services.clock.now()) });
  });

  router.post(paths.orders.new, authorise(services, 'order:record', 'collection'), async (req, res) => {
    const parsed = orderFormSchema.safeParse(req.body);
    if (!parsed.success) return renderNew(req, res, 422, req.body, govukErrors(parsed.error));
    try {
      const row = await orders.record(actorOf(res), parsed.data);
      req.session.flash = { text: `${row.type} ${row.reference} recorded` };
      res.redirect(303, paths.orders.show({ id: row.id }));
    } catch (e) {
      if (e instanceof OrderRefused) return renderNew(req, res, 422, req.body, refusalErrors(e));
      throw e;
    }
  });

  const renderOrder = async (req: express.Request, res: express.Response, status: number, extra: Record<string, unknown> = {}) => {
    const order = await orders.view(actorOf(res), orderId(req));
    if (!order) throw new HttpError(404, 'No such order');
    const flash = req.session.flash;
    delete req.session.flash;
    const now = services.clock.now();
    res.status(status).render('orders/views/order.njk', {
      pageTitle: `${order.type} ${order.reference}`,
      order: withClocks(order, now),
      now,
      typeNames: ORDER_TYPE_NAMES,
      rankNames: POLICE_RANK_NAMES,
      mayRecord: await orders.mayRecord(actorOf(res)),
      defaults: { ...nowFields('made', now), ...nowFields('occurred', now), ...nowFields('notified', now) },
      flash,
      ...extra,
    });
  };

  router.get(paths.orders.show.pattern, authorise(services, 'order:view', 'consultation', subjectsOf), (req, res) =>
    renderOrder(req, res, 200),
  );

  /** A form on the order page: parse, act, and on a refusal show the page again with the errors beside that form. */
  const orderForm = <S extends z.ZodTypeAny>(
    pattern: string,
    form: string,
    schema: S,
    act: (actor: ReturnType<typeof actorOf>, id: string, input: z.output<S>) => Promise<unknown>,
    done: string,
  ) =>
    router.post(pattern, authorise(services, 'order:record', 'alteration', subjectsOf), async (req, res) => {
      const id = orderId(req);
      const parsed = schema.safeParse(req.body);
      if (!parsed.success) return renderOrder(req, res, 422, { errors: govukErrors(parsed.error), values: req.body, openForm: form });
      try {
        const result = await act(actorOf(res), id, parsed.data);
        if (result === undefined) throw new HttpError(404, 'No such order');
      } catch (e) {
        if (e instanceof OrderRefused) return renderOrder(req, res, 422, { errors: refusalErrors(e), values: req.body, openForm: form });
        if (e instanceof OrderChanged) conflictGoesBackTo(res, paths.orders.show({ id }));
        throw e;
      }
      req.session.flash = { text: done };
      res.redirect(303, paths.orders.show({ id }));
    });

  orderForm(
    paths.orders.outcome.pattern,
    'outcome',
    hearingOutcomeSchema,
    (actor, id, v) => orders.recordHearingOutcome(actor, id, v.version, v.outcome),
    'Hearing outcome recorded',
  );
  orderForm(paths.orders.breaches.pattern, 'breach', breachSchema, (actor, id, v) => orders.recordBreach(actor, id, v), 'Breach recorded');
  orderForm(
    paths.orders.expiry.pattern,
    'expiry',
    expirySchema,
    (actor, id, v) => orders.decideExpiry(actor, id, v.version, v.decision),
    'Decision recorded',
  );
  orderForm(
    paths.orders.notification.pattern,
    'notification',
    notificationSchema,
    (actor, id, v) => orders.recordNotification(actor, id, v.version, v.at),
    'Notification recorded',
  );

  const renderRegime = async (res: express.Response, status: number, errors?: GovukErrors, chosen?: string) => {
    const current = await orders.regime();
    res.status(status).render('orders/views/regime.njk', {
      pageTitle: 'Protective order regime',
      current,
      chosen: chosen ?? current.regime,
      regimes: ORDER_REGIMES.map((r) => ({ value: r, text: ORDER_REGIME_NAMES[r] })),
      errors,
      flash: undefined,
    });
  };
  router.get(paths.orders.regime, authorise(services, 'order:settings'), (_req, res) => renderRegime(res, 200));
  router.post(paths.orders.regime, authorise(services, 'order:settings', 'alteration'), async (req, res) => {
    const parsed = regimeSchema.safeParse(req.body);
    if (!parsed.success) return renderRegime(res, 422, govukErrors(parsed.error));
    try {
      await orders.setRegime(actorOf(res), parsed.data.regime, parsed.data.version);
    } catch (e) {
      if (e instanceof OrderChanged) conflictGoesBackTo(res, paths.orders.regime);
      throw e;
    }
    req.session.flash = { text: `The force now uses ${ORDER_REGIME_NAMES[parsed.data.regime]}` };
    res.redirect(303, paths.orders.register);
  });

  return router;
}
