import express from 'express';
import { can } from '../../domain/access/policy.ts';
import { FLAG_NAMES, TRIAGE_FLAGS } from '../../domain/triage/priority.ts';
import { slaOrderProblem } from '../../domain/triage/sla.ts';
import { actorOf, authorise } from '../../platform/auth/middleware.ts';
import { HttpError } from '../../platform/errors.ts';
import { govukErrors, singleError } from '../../platform/forms.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { uuidSchema } from '../people/schemas.ts';
import type { QueueSort, SortDirection } from './repository.ts';
import { assignSchema, queueQuerySchema, slaFormSchema, versionSchema, type QueueQueryInput } from './schemas.ts';
import { TriageConflict } from './service.ts';

const DEFAULT_DIRECTION: Record<QueueSort, SortDirection> = { priority: 'desc', due: 'asc', reported: 'asc' };
const GRADE_NAMES = { high: 'High', medium: 'Medium', standard: 'Standard or ungraded' } as const;
const ASSIGNED_NAMES = { anyone: 'Anyone', me: 'Assigned to me', unassigned: 'Unassigned' } as const;

/** The assessment page belongs to the assessment module; the queue only links to it. */
const assessmentHref = (incidentId: string) => `${paths.incidents.show({ id: incidentId })}/assessment`;

/** The queue URL for a query: only categories, never personal data. */
export function queueUrl(q: Partial<QueueQueryInput>): string {
  const params = new URLSearchParams();
  for (const g of q.grade ?? []) params.append('grade', g);
  for (const f of q.flag ?? []) params.append('flag', f);
  if (q.overdue) params.set('overdue', 'yes');
  if (q.assigned && q.assigned !== 'anyone') params.set('assigned', q.assigned);
  if (q.sort && q.sort !== 'priority') params.set('sort', q.sort);
  if (q.order) params.set('order', q.order);
  if (q.page && q.page > 1) params.set('page', String(q.page));
  const s = params.toString();
  return s ? `${paths.triage.queue}?${s}` : paths.triage.queue;
}

/** Only back to the queue itself: a form's returnTo is never an open redirect. */
function safeReturn(value: unknown): string {
  return typeof value === 'string' && /^\/triage(\?[\w=&%.-]*)?$/.test(value) ? value : paths.triage.queue;
}

function selectedFilters(q: QueueQueryInput) {
  const without = (change: Partial<QueueQueryInput>) => queueUrl({ ...q, ...change, page: 1 });
  const categories = [
    {
      heading: { text: 'Officer grade' },
      items: q.grade.map((g) => ({ text: GRADE_NAMES[g], href: without({ grade: q.grade.filter((x) => x !== g) }) })),
    },
    { heading: { text: 'Deadline' }, items: q.overdue ? [{ text: 'Overdue', href: without({ overdue: false }) }] : [] },
    {
      heading: { text: 'Assigned' },
      items: q.assigned !== 'anyone' ? [{ text: ASSIGNED_NAMES[q.assigned], href: without({ assigned: 'anyone' }) }] : [],
    },
    {
      heading: { text: 'Flags' },
      items: q.flag.map((f) => ({ text: FLAG_NAMES[f], href: without({ flag: q.flag.filter((x) => x !== f) }) })),
    },
  ].filter((c) => c.items.length);
  return categories.length
    ? {
        heading: { text: 'Selected filters' },
        clearLink: { text: 'Clear filters', href: queueUrl({ sort: q.sort, order: q.order }) },
        categories,
      }
    : undefined;
}

function sortHeaders(q: QueueQueryInput, direction: SortDirection) {
  const header = (sort: QueueSort) => {
    const current = q.sort === sort;
    const next: SortDirection = current ? (direction === 'asc' ? 'desc' : 'asc') : DEFAULT_DIRECTION[sort];
    return {
      href: queueUrl({ ...q, sort, order: next === DEFAULT_DIRECTION[sort] ? undefined : next, page: 1 }),
      ariaSort: current ? (direction === 'asc' ? 'ascending' : 'descending') : 'none',
    };
  };
  return { priority: header('priority'), due: header('due'), reported: header('reported') };
}

function pagination(q: QueueQueryInput, page: number, pages: number) {
  const numbers = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const items: { number?: number; href?: string; current?: boolean; ellipsis?: boolean }[] = [];
  numbers.forEach((n, i) => {
    if (i > 0 && n - numbers[i - 1] > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: queueUrl({ ...q, page: n }), current: n === page });
  });
  return {
    previous: page > 1 ? { href: queueUrl({ ...q, page: page - 1 }) } : undefined,
    next: page < pages ? { href: queueUrl({ ...q, page: page + 1 }) } : undefined,
    items: pages > 1 ? items : [],
  };
}

export function triageRoutes(services: Services): express.Router {
  const router = express.Router();
  const { triage } = services;

  router.get(paths.triage.queue, authorise(services, 'triage:view'), async (req, res) => {
    const actor = actorOf(res);
    const q = queueQuerySchema.parse(req.query);
    const direction = q.order ?? DEFAULT_DIRECTION[q.sort];
    const result = await triage.queue(actor, {
      filter: { grades: q.grade, flags: q.flag, overdue: q.overdue, assigned: q.assigned },
      sort: q.sort,
      direction,
      page: q.page,
    });
    const flash = req.session.flash;
    delete req.session.flash;
    res.render('triage/views/queue.njk', {
      pageTitle: 'Triage queue',
      ...result,
      items: result.items.map((i) => ({ ...i, assessmentHref: assessmentHref(i.incidentId) })),
      query: q,
      returnTo: queueUrl(q),
      canClaim: can(actor, 'triage:claim'),
      canAssign: can(actor, 'triage:assign'),
      assignable: can(actor, 'triage:assign') ? await triage.assignableUsers() : [],
      selectedFilters: selectedFilters(q),
      sortHeaders: sortHeaders(q, direction),
      pagination: pagination(q, result.page, result.pages),
      flagOptions: TRIAGE_FLAGS.map((f) => ({ value: f, text: FLAG_NAMES[f], checked: q.flag.includes(f) })),
      gradeOptions: (['high', 'medium', 'standard'] as const).map((g) => ({
        value: g,
        text: GRADE_NAMES[g],
        checked: q.grade.includes(g),
      })),
      links: {
        overdue: queueUrl({ overdue: true }),
        unassigned: queueUrl({ assigned: 'unassigned' }),
        mine: queueUrl({ assigned: 'me' }),
      },
      flash,
    });
  });

  const taskId = (req: express.Request) => {
    const parsed = uuidSchema.safeParse(req.params.id);
    if (!parsed.success) throw new HttpError(404, 'No such triage item');
    return parsed.data;
  };

  const change =
    (act: (req: express.Request, res: express.Response, id: string) => Promise<string>): express.RequestHandler =>
    async (req, res) => {
      const back = safeReturn((req.body as Record<string, unknown>)?.returnTo);
      try {
        req.session.flash = { text: await act(req, res, taskId(req)) };
        res.redirect(303, back);
      } catch (e) {
        if (!(e instanceof TriageConflict)) throw e;
        res.status(409).render('triage/views/conflict.njk', { pageTitle: 'Someone else changed this', message: e.message, back });
      }
    };

  const versionOf = (req: express.Request) => {
    const parsed = versionSchema.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, 'The form was incomplete: go back to the queue and try again');
    return parsed.data.version;
  };

  router.post(
    paths.triage.claim.pattern,
    authorise(services, 'triage:claim', 'alteration'),
    change(async (req, res, id) => {
      const done = await triage.claim(actorOf(res), id, versionOf(req));
      return `You have claimed ${done.reference}`;
    }),
  );

  router.post(
    paths.triage.release.pattern,
    authorise(services, 'triage:claim', 'alteration'),
    change(async (req, res, id) => {
      const done = await triage.release(actorOf(res), id, versionOf(req));
      return `You have released ${done.reference} back to the queue`;
    }),
  );

  router.post(
    paths.triage.assign.pattern,
    authorise(services, 'triage:assign', 'alteration'),
    change(async (req, res, id) => {
      const parsed = assignSchema.safeParse(req.body);
      if (!parsed.success) throw new HttpError(400, 'Choose who to assign it to');
      const done = await triage.assign(actorOf(res), id, parsed.data.version, parsed.data.assignee || null);
      return done.assigneeName ? `${done.reference} is assigned to ${done.assigneeName}` : `${done.reference} is unassigned`;
    }),
  );

  const renderSla = async (res: express.Response, status: number, view: Record<string, unknown> = {}) => {
    const current = await triage.sla();
    res
      .status(status)
      .render('triage/views/sla.njk', { pageTitle: 'Triage deadlines', values: { ...current.sla, version: current.version }, ...view });
  };

  router.get(paths.triage.sla, authorise(services, 'triage:settings'), async (req, res) => {
    const flash = req.session.flash;
    delete req.session.flash;
    await renderSla(res, 200, { flash });
  });

  router.post(paths.triage.sla, authorise(services, 'triage:settings', 'alteration'), async (req, res) => {
    const parsed = slaFormSchema.safeParse(req.body);
    if (!parsed.success) return renderSla(res, 422, { values: req.body, errors: govukErrors(parsed.error) });
    const { version, ...sla } = parsed.data;
    const problem = slaOrderProblem(sla);
    if (problem)
      return renderSla(res, 422, { values: req.body, errors: singleError(problem.startsWith('High') ? 'high' : 'medium', problem) });
    try {
      await triage.updateSla(actorOf(res), sla, version);
    } catch (e) {
      if (!(e instanceof TriageConflict)) throw e;
      return res
        .status(409)
        .render('triage/views/conflict.njk', { pageTitle: 'Someone else changed this', message: e.message, back: paths.triage.sla });
    }
    req.session.flash = { text: 'Triage deadlines saved. Incidents received from now on are due by the new times.' };
    res.redirect(303, paths.triage.sla);
  });

  return router;
}
