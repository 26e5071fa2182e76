import express from 'express';
import { z } from 'zod';
import { can, type Action } from '../../domain/access/policy.ts';
import {
  CONSENT_NAMES,
  CONSENT_STATES,
  CONTACT_OUTCOMES,
  DEFAULT_SHARED_FIELDS,
  LAWFUL_BASES,
  SHAREABLE_FIELDS,
  STATUS_NAMES,
  type Consent,
  type LawfulBasis,
  type ReferralStatus,
} from '../../domain/referrals/referral.ts';
import { sharedItems } from '../../domain/referrals/sharedContent.ts';
import { actorOf, recordRefusal } from '../../platform/auth/middleware.ts';
import { authorise } from '../../platform/auth/route.ts';
import { HttpError, conflictGoesBackTo } from '../../platform/errors.ts';
import { singleError, type GovukErrors } from '../../platform/forms.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { referralPdf } from './pdf.ts';
import { ReferralInputError, type ForceScope, type RequestProblem } from './service.ts';

const uuid = z.string().uuid();
const FORCE_SCOPES: Record<ForceScope, string> = {
  awaiting: 'Awaiting a response',
  overdue: 'Past the response time',
  mine: 'Made by me',
  all: 'All referrals',
};

const FORM_FIELD: Record<string, string> = {
  agency: 'agency',
  lawfulBasis: 'lawfulBasis',
  consent: 'consent',
  overrideReason: 'overrideReason',
  sharedFields: 'sharedFields',
  incidentId: 'agency',
  caseId: 'agency',
};

/** The rule's problems as the GOV.UK error summary, each linked to its field. */
function errorsOf(problems: RequestProblem[]): GovukErrors {
  const errors: GovukErrors = { errorList: [], fields: {} };
  for (const p of problems) {
    const field = FORM_FIELD[p.field] ?? p.field;
    if (!errors.fields[field]) errors.fields[field] = { text: p.message };
    errors.errorList.push({ text: p.message, href: `#${field}` });
  }
  return errors;
}

const versionOf = (req: express.Request) => {
  const v = z.coerce
    .number()
    .int()
    .min(0)
    .safeParse((req.body as Record<string, unknown> | undefined)?.version);
  if (!v.success) throw new HttpError(400, 'The form was incomplete: go back to the referral and try again');
  return v.data;
};

const idOf = (req: express.Request) => {
  const parsed = uuid.safeParse(req.params.id);
  if (!parsed.success) throw new HttpError(404, 'No such referral');
  return parsed.data;
};

const statusName = (s: string) => STATUS_NAMES[s as ReferralStatus] ?? s;

/** Shared by the force's and the partner's pages: the history as rows, in words. */
function historyRows(
  events: { kind: string; status: string | null; outcome: string | null; note: string | null; at: Date; by_name: string | null }[],
) {
  return events.map((e) => ({
    at: e.at,
    what:
      e.kind === 'status'
        ? statusName(e.status ?? '')
        : e.kind === 'contact'
          ? `Contact: ${CONTACT_OUTCOMES[e.outcome as keyof typeof CONTACT_OUTCOMES] ?? e.outcome}`
          : 'Update',
    note: e.note,
    by: e.by_name,
  }));
}

export function referralRoutes(services: Services): express.Router {
  const router = express.Router();
  const { referrals } = services;

  /** A partner route: the role must be one that may ever hold a referral shared with it. */
  const partnerOnly = (action: Action) => async (req: express.Request, res: express.Response, next: express.NextFunction) => {
    const actor = actorOf(res);
    if (can(actor, action, { relationship: 'shared' })) return next();
    await recordRefusal(services, actor, action, 'consultation', req.path);
    next(new HttpError(403, 'You do not have access to this'));
  };

  /** Not a form problem: a missing referral (404) or someone else's change (409, back to `back`) for the error handler. */
  const handle = (res: express.Response, e: unknown, back: string): never => {
    conflictGoesBackTo(res, back);
    throw e;
  };

  // ---- The force's pages ----

  const listUrl = (scope: ForceScope, page = 1) => `${paths.referrals.list}?scope=${scope}${page > 1 ? `&page=${page}` : ''}`;
  router.get(paths.referrals.list, authorise(services, 'referral:view'), async (req, res) => {
    const q = z
      .object({
        scope: z.enum(['awaiting', 'overdue', 'mine', 'all']).catch('awaiting'),
        page: z.coerce.number().int().min(1).max(10_000).catch(1),
      })
      .parse(req.query);
    const result = await referrals.listForForce(actorOf(res), q.scope, q.page);
    res.render('referrals/views/list.njk', {
      pageTitle: 'Referrals to partner agencies',
      ...result,
      statusName,
      scopes: (Object.keys(FORCE_SCOPES) as ForceScope[]).map((s) => ({ text: FORCE_SCOPES[s], href: listUrl(s), current: s === q.scope })),
      pagination: {
        previous: result.page > 1 ? { href: listUrl(q.scope, result.page - 1) } : undefined,
        next: result.page < result.pages ? { href: listUrl(q.scope, result.page + 1) } : undefined,
      },
    });
  });

  const renderForm = async (res: express.Response, status: number, values: Record<string, unknown>, errors?: GovukErrors) => {
    const agencies = await referrals.agencies();
    const chosen = new Set(([] as string[]).concat((values.sharedFields as string[] | string | undefined) ?? DEFAULT_SHARED_FIELDS));
    res.status(status).render('referrals/views/new.njk', {
      pageTitle: 'Refer to a partner agency',
      values,
      errors,
      agencyItems: [
        { value: '', text: 'Select an agency' },
        ...agencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === values.agency })),
      ],
      basisItems: [
        { value: '', text: 'Select the lawful basis' },
        ...Object.entries(LAWFUL_BASES).map(([value, text]) => ({ value, text, selected: value === values.lawfulBasis })),
      ],
      consentItems: CONSENT_STATES.map((value) => ({ value, text: CONSENT_NAMES[value], checked: value === values.consent })),
      fieldItems: Object.entries(SHAREABLE_FIELDS).map(([value, text]) => ({ value, text, checked: chosen.has(value) })),
    });
  };

  router.get(paths.referrals.new, authorise(services, 'referral:create'), async (req, res) => {
    const q = z.object({ incident: uuid.optional().catch(undefined), case: uuid.optional().catch(undefined) }).parse(req.query);
    if (!q.incident && !q.case) throw new HttpError(404, 'Start a referral from an incident or a case');
    await renderForm(res, 200, { incidentId: q.incident ?? '', caseId: q.case ?? '' });
  });

  router.post(paths.referrals.new, authorise(services, 'referral:create', 'disclosure'), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, string | string[] | undefined>;
    const one = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const values = {
      incidentId: one('incidentId'),
      caseId: one('caseId'),
      agency: one('agency'),
      lawfulBasis: one('lawfulBasis'),
      consent: one('consent'),
      overrideReason: one('overrideReason'),
      sharedFields: ([] as string[]).concat(body.sharedFields ?? []),
    };
    const ids = z.object({ incidentId: z.union([uuid, z.literal('')]), caseId: z.union([uuid, z.literal('')]) }).safeParse(values);
    if (!ids.success) throw new HttpError(400, 'Start the referral again from the incident or case');
    const result = await referrals.send(actorOf(res), {
      incidentId: values.incidentId || null,
      caseId: values.caseId || null,
      agency: values.agency,
      lawfulBasis: values.lawfulBasis,
      consent: values.consent,
      overrideReason: values.overrideReason,
      sharedFields: values.sharedFields,
    });
    if (!result.ok) return renderForm(res, 422, values, errorsOf(result.problems));
    req.session.flash = { text: 'Referral sent' };
    res.redirect(303, paths.referrals.show({ id: result.id }));
  });

  const peopleInReferral = (req: express.Request) => referrals.peopleIn(String(req.params.id));

  router.get(paths.referrals.show.pattern, authorise(services, 'referral:view', 'consultation', peopleInReferral), async (req, res) => {
    const id = idOf(req);
    let found;
    try {
      found = await referrals.showForForce(actorOf(res), id);
    } catch (e) {
      return handle(res, e, paths.referrals.list);
    }
    const flash = req.session.flash;
    delete req.session.flash;
    const r = found.referral;
    res.render('referrals/views/referral.njk', {
      pageTitle: `Referral to ${found.summary.agencyName}`,
      flash,
      r,
      summary: found.summary,
      statusText: statusName(r.status),
      basisText: LAWFUL_BASES[r.lawful_basis as LawfulBasis] ?? r.lawful_basis ?? 'Not recorded',
      consentText: CONSENT_NAMES[r.consent as Consent] ?? r.consent ?? 'Not recorded',
      shared: sharedItems(r.shared_content as never),
      history: historyRows(found.events.filter((e) => e.kind === 'status')),
      partnerUpdates: historyRows(found.events.filter((e) => e.kind !== 'status')).map((u, i) => ({
        ...u,
        agency: found.events.filter((e) => e.kind !== 'status')[i].byAgency,
      })),
      personId: found.personIds[0],
      steps: found.steps,
      pdf: paths.referrals.pdf({ id }),
      withdraw: paths.referrals.withdraw({ id }),
      close: paths.referrals.close({ id }),
    });
  });

  const sendPdf = async (res: express.Response, id: string) => {
    const printable = await referrals.forPrint(actorOf(res), id);
    const pdf = await referralPdf(printable, services.clock.now());
    res.type('application/pdf').setHeader('Content-Disposition', 'attachment; filename="referral.pdf"');
    res.send(pdf);
  };

  router.get(paths.referrals.pdf.pattern, authorise(services, 'referral:view', 'consultation', peopleInReferral), async (req, res) => {
    try {
      await sendPdf(res, idOf(req));
    } catch (e) {
      return handle(res, e, paths.referrals.list);
    }
  });

  for (const step of ['withdraw', 'close'] as const) {
    router.post(paths.referrals[step].pattern, authorise(services, 'referral:manage', 'alteration', peopleInReferral), async (req, res) => {
      const id = idOf(req);
      const reason = typeof req.body?.reason === 'string' ? req.body.reason.trim().slice(0, 2000) : '';
      try {
        await referrals.changeByForce(actorOf(res), id, versionOf(req), step, reason || null);
      } catch (e) {
        return handle(res, e, paths.referrals.show({ id }));
      }
      req.session.flash = { text: step === 'withdraw' ? 'Referral withdrawn' : 'Referral closed' };
      res.redirect(303, paths.referrals.show({ id }));
    });
  }

  // ---- The partner portal ----

  router.get(paths.partner.referrals, authorise(services, 'partner:referrals'), async (req, res) => {
    const { items, newCount } = await referrals.listForPartner(actorOf(res));
    res.render('referrals/views/partnerList.njk', { pageTitle: 'Referrals to your agency', items, newCount, statusName });
  });

  const renderPartner = async (req: express.Request, res: express.Response, status: number, extra: Record<string, unknown> = {}) => {
    const id = idOf(req);
    let found;
    try {
      found = await referrals.showForPartner(actorOf(res), id);
    } catch (e) {
      return handle(res, e, paths.partner.referrals);
    }
    const flash = req.session.flash;
    delete req.session.flash;
    res.status(status).render('referrals/views/partnerReferral.njk', {
      pageTitle: 'Referral to your agency',
      flash,
      r: found,
      statusText: statusName(found.status),
      basisText: LAWFUL_BASES[found.lawfulBasis as LawfulBasis] ?? found.lawfulBasis ?? 'Not recorded',
      consentText: CONSENT_NAMES[found.consent as Consent] ?? found.consent ?? 'Not recorded',
      shared: sharedItems(found.shared),
      history: historyRows(found.events),
      outcomeItems: [
        { value: '', text: 'Select the outcome' },
        ...Object.entries(CONTACT_OUTCOMES).map(([value, text]) => ({ value, text })),
      ],
      pdf: paths.partner.pdf({ id }),
      answer: paths.partner.answer({ id }),
      updates: paths.partner.updates({ id }),
      values: {},
      ...extra,
    });
  };

  router.get(paths.partner.referral.pattern, partnerOnly('partner:referral-view'), (req, res) => renderPartner(req, res, 200));

  router.get(paths.partner.pdf.pattern, partnerOnly('partner:referral-view'), async (req, res) => {
    try {
      await sendPdf(res, idOf(req));
    } catch (e) {
      return handle(res, e, paths.partner.referrals);
    }
  });

  router.post(paths.partner.answer.pattern, partnerOnly('partner:referral-respond'), async (req, res) => {
    const id = idOf(req);
    const answer = req.body?.answer;
    const reason = typeof req.body?.reason === 'string' ? req.body.reason.trim().slice(0, 2000) : '';
    if (answer !== 'accept' && answer !== 'reject')
      return renderPartner(req, res, 422, {
        errors: singleError('answer', 'Select whether your agency accepts the referral'),
        values: req.body,
      });
    try {
      await referrals.respond(actorOf(res), id, versionOf(req), answer, reason || null);
    } catch (e) {
      if (e instanceof ReferralInputError)
        return renderPartner(req, res, 422, { errors: singleError(e.field, e.message), values: req.body });
      return handle(res, e, paths.partner.referral({ id }));
    }
    req.session.flash = { text: answer === 'accept' ? 'Referral accepted' : 'Referral rejected' };
    res.redirect(303, paths.partner.referral({ id }));
  });

  router.post(paths.partner.updates.pattern, partnerOnly('partner:referral-respond'), async (req, res) => {
    const id = idOf(req);
    const kind = req.body?.kind === 'contact' ? 'contact' : 'update';
    const input = {
      kind,
      outcome: typeof req.body?.outcome === 'string' ? req.body.outcome : '',
      note: typeof req.body?.note === 'string' ? req.body.note : '',
    } as const;
    try {
      await referrals.addUpdate(actorOf(res), id, input);
    } catch (e) {
      if (e instanceof ReferralInputError)
        return renderPartner(req, res, 422, { errors: singleError(`${kind}-${e.field}`, e.message), values: req.body });
      return handle(res, e, paths.partner.referral({ id }));
    }
    req.session.flash = { text: kind === 'contact' ? 'Contact outcome recorded' : 'Update added' };
    res.redirect(303, paths.partner.referral({ id }));
  });

  return router;
}
