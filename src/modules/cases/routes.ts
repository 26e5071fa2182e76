import express from 'express';
import { allowedRelationships, can, type Action } from '../../domain/access/policy.ts';
import type { AuditCategory } from '../../platform/audit/auditTrail.ts';
import {
  CLOSURE_REASONS,
  CONTACT_DIRECTIONS,
  CONTACT_METHODS,
  CONTACT_OUTCOMES,
  DA_LITERATURE,
  SAFETY_PLAN_ITEMS,
} from '../../domain/cases/contacts.ts';
import { taskTypeName } from '../../domain/triage/tasks.ts';
import { londonWallClockOf } from '../../domain/calendar/london.ts';
import { actorOf, recordRefusal } from '../../platform/auth/middleware.ts';
import { authorise } from '../../platform/auth/route.ts';
import { HttpError } from '../../platform/errors.ts';
import { govukErrors, singleError } from '../../platform/forms.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { uuidSchema, SafeContactConflict } from '../people/index.ts';
import {
  caseListQuerySchema,
  closeSchema,
  contactSchema,
  newCaseSchema,
  reopenSchema,
  safeContactSchema,
  transferSchema,
} from './schemas.ts';
import { CaseConflict, CaseInputError, CaseNotFound } from './service.ts';

const WHOSE = { mine: 'My cases', team: 'My team’s cases', all: 'All cases in the force' } as const;
const options = (o: Record<string, string>) => Object.entries(o).map(([value, text]) => ({ value, text }));

const listUrl = (q: { whose: string; status: string; due: string; page?: number }) => {
  const params = new URLSearchParams();
  if (q.whose !== 'mine') params.set('whose', q.whose);
  if (q.status !== 'open') params.set('status', q.status);
  if (q.due) params.set('due', q.due);
  if (q.page && q.page > 1) params.set('page', String(q.page));
  const s = params.toString();
  return s ? `${paths.cases.list}?${s}` : paths.cases.list;
};

/**
 * The route-level check for a step whose allowance depends on the case (own or team): the role must have the action
 * under some relationship; the service then decides on the case itself.
 */
function authoriseOnCase(
  services: Services,
  action: Action,
  category: AuditCategory,
  subjectsOf: (req: express.Request) => Promise<string[]>,
) {
  return async (req: express.Request, res: express.Response, next: express.NextFunction) => {
    const actor = res.locals.actor;
    if (!actor) return next(new HttpError(401, 'Sign in required'));
    if (actor.role !== 'system' && allowedRelationships(actor.role, action).length > 0) return next();
    await recordRefusal(services, actor, action, category, req.path, await subjectsOf(req));
    next(new HttpError(403, 'You do not have access to this'));
  };
}

/** Cases pages: the list, opening a case, the case page and its forms (transfer, close, reopen, contact, safe contact). */
export function caseRoutes(services: Services): express.Router {
  const router = express.Router();
  const { cases } = services;

  const caseId = (req: express.Request) => {
    const parsed = uuidSchema.safeParse(req.params.id);
    if (!parsed.success) throw new HttpError(404, 'No such case');
    return parsed.data;
  };
  // A refused look at a case is recorded against its victim.
  const victimOfCase = async (req: express.Request) => {
    const parsed = uuidSchema.safeParse(req.params.id);
    const victim = parsed.success ? await cases.victimOf(parsed.data) : undefined;
    return victim ? [victim] : [];
  };
  const personOfQuery = (req: express.Request) => {
    const parsed = uuidSchema.safeParse(req.query.personId ?? req.body?.personId);
    return parsed.success ? [parsed.data] : [];
  };

  /** Runs a case step, turning the service's domain errors into the page's answer. */
  const handled =
    (
      fn: (req: express.Request, res: express.Response) => Promise<unknown>,
      onInput?: (req: express.Request, res: express.Response, e: CaseInputError) => Promise<unknown>,
    ) =>
    async (req: express.Request, res: express.Response, next: express.NextFunction) => {
      try {
        await fn(req, res);
      } catch (e) {
        if (e instanceof CaseNotFound) return next(new HttpError(404, e.message));
        if (e instanceof CaseConflict || e instanceof SafeContactConflict)
          return res.status(409).render('cases/views/conflict.njk', {
            pageTitle: 'Someone else changed this',
            message: e.message,
            back: req.params.id ? paths.cases.show({ id: String(req.params.id) }) : paths.cases.list,
          });
        if (e instanceof CaseInputError && onInput) return onInput(req, res, e);
        next(e);
      }
    };

  router.get(
    paths.cases.list,
    authorise(services, 'case:view'),
    handled(async (req, res) => {
      const q = caseListQuerySchema.parse(req.query);
      const result = await cases.list(actorOf(res), { whose: q.whose, status: q.status, dueBy: q.due ? todayOf() : undefined }, q.page);
      const flash = req.session.flash;
      delete req.session.flash;
      res.render('cases/views/list.njk', {
        pageTitle: WHOSE[q.whose],
        ...result,
        query: q,
        scopes: (Object.keys(WHOSE) as (keyof typeof WHOSE)[]).map((w) => ({
          text: WHOSE[w],
          href: listUrl({ ...q, whose: w, page: 1 }),
          current: w === q.whose,
        })),
        statusLinks: [
          { text: 'Open', href: listUrl({ ...q, status: 'open', page: 1 }), current: q.status === 'open' && !q.due },
          { text: 'Contact due', href: listUrl({ ...q, status: 'open', due: 'yes', page: 1 }), current: q.status === 'open' && !!q.due },
          { text: 'Closed', href: listUrl({ ...q, status: 'closed', due: '', page: 1 }), current: q.status === 'closed' },
        ],
        pagination: {
          previous: result.page > 1 ? { href: listUrl({ ...q, page: result.page - 1 }) } : undefined,
          next: result.page < result.pages ? { href: listUrl({ ...q, page: result.page + 1 }) } : undefined,
        },
        flash,
      });
    }),
  );

  const todayOf = () => londonWallClockOf(services.clock.now()).date;

  const renderNew = async (res: express.Response, status: number, personId: string, extra: Record<string, unknown>) => {
    const actor = actorOf(res);
    const form = await cases.newCaseForm(actor, personId);
    const { officers, teams } = await cases.holdersToChoose();
    res.status(status).render('cases/views/new.njk', {
      pageTitle: 'Open a safeguarding case',
      ...form,
      officers,
      teams,
      ...extra,
    });
  };

  router.get(
    paths.cases.new,
    authorise(services, 'case:open', 'consultation', personOfQuery),
    handled(async (req, res) => {
      const [personId] = personOfQuery(req);
      if (!personId) throw new HttpError(404, 'Open a case from the person’s page or from a graded incident');
      const incidentId = uuidSchema.safeParse(req.query.incidentId);
      const actor = actorOf(res);
      const form = await cases.newCaseForm(actor, personId);
      const { officers } = await cases.holdersToChoose();
      const ownerIsMe = officers.some((o) => o.id === actor.userId);
      await renderNew(res, 200, personId, {
        values: {
          incidents: incidentId.success ? [incidentId.data] : form.incidents.map((i) => i.incidentId),
          owner: ownerIsMe ? actor.userId : '',
          team: actor.teamId ?? '',
          enhancedRights: 'yes',
        },
      });
    }),
  );

  router.post(
    paths.cases.new,
    authorise(services, 'case:open', 'collection', personOfQuery),
    handled(
      async (req, res) => {
        const [personId] = personOfQuery(req);
        if (!personId) throw new HttpError(404, 'No such person');
        const parsed = newCaseSchema.safeParse(req.body);
        const values = { ...req.body, incidents: [req.body.incidents ?? []].flat() };
        if (!parsed.success) return renderNew(res, 422, personId, { values, errors: govukErrors(parsed.error) });
        const opened = await cases.openFor(actorOf(res), parsed.data);
        req.session.flash = { text: `Case ${opened.reference} opened` };
        res.redirect(303, paths.cases.show({ id: opened.id }));
      },
      async (req, res, e) => {
        const field = e.field === 'incidentIds' ? 'incidents' : e.field;
        await renderNew(res, 422, personOfQuery(req)[0], {
          values: { ...req.body, incidents: [req.body.incidents ?? []].flat() },
          errors: singleError(field, e.message),
        });
      },
    ),
  );

  router.get(
    paths.cases.show.pattern,
    authorise(services, 'case:view', 'consultation', victimOfCase),
    handled(async (req, res) => {
      const actor = actorOf(res);
      const found = await cases.view(actor, caseId(req));
      const flash = req.session.flash;
      delete req.session.flash;
      res.render('cases/views/case.njk', {
        pageTitle: `Case ${found.case.reference}`,
        ...found,
        mayOpenAssessment: can(actor, 'assessment:view'),
        reopenValues: {},
        flash,
      });
    }),
  );

  const renderForm = async (
    req: express.Request,
    res: express.Response,
    status: number,
    view: string,
    action: 'case:manage' | 'contact:record',
    title: string,
    extra: Record<string, unknown>,
  ) => {
    const found = await cases.forForm(actorOf(res), caseId(req), action, view);
    res.status(status).render(`cases/views/${view}.njk`, {
      pageTitle: title,
      ...found,
      closureReasons: options(CLOSURE_REASONS),
      methods: options(CONTACT_METHODS),
      directions: options(CONTACT_DIRECTIONS),
      outcomes: options(CONTACT_OUTCOMES),
      safetyPlanItems: options(SAFETY_PLAN_ITEMS),
      literature: options(DA_LITERATURE),
      ...extra,
    });
  };

  /** A form page of a case (GET shows it; POST parses, runs the step, and shows it again with errors). */
  const formRoutes = <T>(opts: {
    path: { pattern: string };
    view: string;
    action: 'case:manage' | 'contact:record';
    title: string;
    defaults: (req: express.Request, res: express.Response) => Record<string, unknown>;
    schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } };
    run: (res: express.Response, id: string, data: T) => Promise<string>;
  }) => {
    const category = opts.action === 'contact:record' ? 'collection' : 'alteration';
    router.get(
      opts.path.pattern,
      authoriseOnCase(services, opts.action, 'consultation', victimOfCase),
      handled((req, res) => renderForm(req, res, 200, opts.view, opts.action, opts.title, { values: opts.defaults(req, res) })),
    );
    router.post(
      opts.path.pattern,
      authoriseOnCase(services, opts.action, category, victimOfCase),
      handled(
        async (req, res) => {
          const id = caseId(req);
          const parsed = opts.schema.safeParse(req.body);
          if (!parsed.success)
            return renderForm(req, res, 422, opts.view, opts.action, opts.title, { values: req.body, errors: govukErrors(parsed.error) });
          req.session.flash = { text: await opts.run(res, id, parsed.data) };
          res.redirect(303, paths.cases.show({ id }));
        },
        (req, res, e) =>
          renderForm(req, res, 422, opts.view, opts.action, opts.title, { values: req.body, errors: singleError(e.field, e.message) }),
      ),
    );
  };

  formRoutes({
    path: paths.cases.transfer,
    view: 'transfer',
    action: 'case:manage',
    title: 'Transfer the case',
    defaults: () => ({}),
    schema: transferSchema,
    run: async (res, id, data) => {
      const moved = await cases.transfer(actorOf(res), id, data);
      return `Case ${moved.reference} transferred`;
    },
  });

  formRoutes({
    path: paths.cases.close,
    view: 'close',
    action: 'case:manage',
    title: 'Close the case',
    defaults: () => ({}),
    schema: closeSchema,
    run: async (res, id, data) => `Case ${(await cases.close(actorOf(res), id, data)).reference} closed`,
  });

  router.post(
    paths.cases.reopen.pattern,
    authoriseOnCase(services, 'case:manage', 'alteration', victimOfCase),
    handled(
      async (req, res) => {
        const id = caseId(req);
        const parsed = reopenSchema.safeParse(req.body);
        // The step is refused before its input is read: only someone who may reopen it is told what is missing.
        if (!parsed.success) {
          await cases.forForm(actorOf(res), id, 'case:manage', 'reopen');
          return renderCaseWithErrors(req, res, govukErrors(parsed.error));
        }
        const reopened = await cases.reopen(actorOf(res), id, parsed.data);
        req.session.flash = { text: `Case ${reopened.reference} reopened` };
        res.redirect(303, paths.cases.show({ id }));
      },
      (req, res, e) => renderCaseWithErrors(req, res, singleError(e.field, e.message)),
    ),
  );

  const renderCaseWithErrors = async (req: express.Request, res: express.Response, errors: ReturnType<typeof singleError>) => {
    const actor = actorOf(res);
    const found = await cases.view(actor, caseId(req));
    res.status(422).render('cases/views/case.njk', {
      pageTitle: `Case ${found.case.reference}`,
      ...found,
      mayOpenAssessment: can(actor, 'assessment:view'),
      reopenValues: req.body,
      errors,
    });
  };

  formRoutes({
    path: paths.cases.newContact,
    view: 'contact',
    action: 'contact:record',
    title: 'Record a contact',
    defaults: (_req, res) => {
      const { date, time } = londonWallClockOf(services.clock.now());
      const [year, month, day] = date.split('-');
      return {
        'occurred-day': String(Number(day)),
        'occurred-month': String(Number(month)),
        'occurred-year': year,
        'occurred-time': time.slice(0, 5),
        withWhom: 'The victim',
        direction: 'outgoing',
        method: 'call',
        recordedBy: actorOf(res).displayName,
      };
    },
    schema: contactSchema,
    run: async (res, id, data) => {
      const { tasks } = await cases.recordContact(actorOf(res), id, data);
      return tasks.length
        ? `Contact recorded. ${tasks.length === 1 ? 'Task' : 'Tasks'} raised: ${tasks.map((t) => taskTypeName(t.type)).join('; ')}`
        : 'Contact recorded';
    },
  });

  formRoutes({
    path: paths.cases.safeContact,
    view: 'safe-contact',
    action: 'contact:record',
    title: 'Safe-contact instructions',
    defaults: () => ({}),
    schema: safeContactSchema,
    run: async (res, id, data) => {
      await cases.recordSafeContact(actorOf(res), id, data.version, data.input);
      return 'Safe-contact instructions saved';
    },
  });

  return router;
}
