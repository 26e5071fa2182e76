import express from 'express';
import { can } from '../../domain/access/policy.ts';
import { ROLE_NAMES } from '../../domain/access/roles.ts';
import { FLAG_NAMES, TRIAGE_FLAGS, type TriageFlag } from '../../domain/triage/priority.ts';
import { slaOrderProblem } from '../../domain/triage/sla.ts';
import { actorOf } from '../../platform/auth/middleware.ts';
import { guard } from '../../platform/auth/route.ts';
import { HttpError, conflictGoesBackTo, NotFound } from '../../platform/errors.ts';
import { govukErrors, singleError, type GovukErrors } from '../../platform/forms.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { uuidSchema } from '../people/index.ts';
import type { QueueSort, SortDirection } from '../tasks/index.ts';
import { bulkAssignSchema, queueQuerySchema, slaFormSchema, versionSchema, type QueueQueryInput } from './schemas.ts';
import { BulkAssignInputError, BulkAssignRefused, type BulkAssignProblem, type BulkAssigned } from './service.ts';

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

/** The queue's filters, sort and page from the queue address a form was posted from. */
function queryOf(url: string): QueueQueryInput {
  const params = new URL(url, 'http://queue').searchParams;
  const entries = [...new Set(params.keys())].map((k) => [k, params.getAll(k).length > 1 ? params.getAll(k) : params.get(k)]);
  return queueQuerySchema.parse(Object.fromEntries(entries));
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

/** The flags of a row in words, as short tags: what the assessor scans for (HBA, repeat MARAC, children...). */
const FLAG_TAGS: Record<TriageFlag, { text: string; colour: string }> = {
  hba: { text: 'HBA', colour: 'govuk-tag--red' },
  marac: { text: 'MARAC', colour: 'govuk-tag--purple' },
  children: { text: 'Children', colour: 'govuk-tag--blue' },
  stalking: { text: 'Stalking', colour: 'govuk-tag--blue' },
  'serial-suspect': { text: 'Serial suspect', colour: 'govuk-tag--blue' },
  breach: { text: 'Breach', colour: 'govuk-tag--blue' },
};

function flagTags(flags: TriageFlag[], maracCriteria: string[]) {
  return TRIAGE_FLAGS.filter((f) => flags.includes(f)).map((f) => ({
    flag: f,
    // A repeat MARAC is the one criterion an assessor must see at a glance; the rest are under "Why".
    text: f === 'marac' && maracCriteria.includes('repeat-marac') ? 'Repeat MARAC' : FLAG_TAGS[f].text,
    hidden: f === 'hba' ? ' (honour-based abuse)' : '',
    colour: FLAG_TAGS[f].colour,
  }));
}

const SORT_NAMES: Record<QueueSort, Record<SortDirection, string>> = {
  priority: { desc: 'highest priority first', asc: 'lowest priority first' },
  due: { asc: 'nearest deadline first', desc: 'latest deadline first' },
  reported: { asc: 'oldest report first', desc: 'newest report first' },
};

function sortedBy(q: QueueQueryInput, direction: SortDirection): string {
  return SORT_NAMES[q.sort][direction];
}

/** Who triage work may be given to, by role (an optgroup each), so the names need not carry the role. */
function assignableGroups(users: { id: string; display_name: string; role: string }[]) {
  return (['assessor', 'researcher'] as const)
    .map((role) => ({ label: `${ROLE_NAMES[role]}s`, users: users.filter((u) => u.role === role) }))
    .filter((g) => g.users.length);
}

const count = (n: number) => (n === 1 ? '1 incident' : `${n} incidents`);

function bulkAssignedText(done: BulkAssigned): string {
  const who = done.assigneeName ?? 'nobody';
  const parts: string[] = [];
  if (done.changed.length) {
    parts.push(
      done.assigneeName
        ? `${count(done.changed.length)} assigned to ${who}: ${done.changed.join(', ')}`
        : `${count(done.changed.length)} unassigned: ${done.changed.join(', ')}`,
    );
  }
  if (done.unchanged.length) {
    parts.push(
      `${done.unchanged.join(', ')} ${done.unchanged.length === 1 ? 'was' : 'were'} already ${done.assigneeName ? `assigned to ${who}` : 'unassigned'}`,
    );
  }
  return `${parts.join('. ')}.`;
}

/** The same, in the row itself (the reference is beside it). */
function rowProblemText(p: BulkAssignProblem): string {
  if (p.kind === 'refused') return 'You may not assign this incident';
  if (p.kind === 'changed') return p.nowAssignee ? `Changed since: now with ${p.nowAssignee}` : 'Changed since: now unassigned';
  return 'No longer awaiting triage';
}

function problemText(p: BulkAssignProblem): string {
  const ref = p.reference ?? 'One of the selected incidents';
  switch (p.kind) {
    case 'gone':
      return `${ref} is no longer in the triage queue`;
    case 'triaged':
      return `${ref} has been triaged since you loaded the page`;
    case 'refused':
      return `You may not assign ${ref}`;
    case 'changed':
      return p.nowAssignee
        ? `${ref} was changed after you loaded the page: it is now with ${p.nowAssignee}`
        : `${ref} was changed after you loaded the page: it is now unassigned`;
  }
}

export function triageRoutes(services: Services): express.Router {
  const router = express.Router();
  const { triage } = services;

  /** What a failed bulk assignment brings back to the page: the errors, and the user's choices kept. */
  interface BulkAssignState {
    errors: GovukErrors;
    selected: string[];
    assignee?: string;
    /** Per row, what stood in its way (shown in the row as well as in the summary). */
    rowProblems?: Record<string, string>;
  }

  const renderQueue = async (req: express.Request, res: express.Response, status: number, q: QueueQueryInput, bulk?: BulkAssignState) => {
    const actor = actorOf(res);
    const direction = q.order ?? DEFAULT_DIRECTION[q.sort];
    const result = await triage.queue(
      actor,
      {
        filter: { grades: q.grade, flags: q.flag, overdue: q.overdue, assigned: q.assigned },
        sort: q.sort,
        direction,
        page: q.page,
      },
      await services.access.listScope(actor, 'triage:view'),
    );
    const flash = req.session.flash;
    delete req.session.flash;
    const canAssign = can(actor, 'triage:assign');
    const items = result.items.map((i) => ({
      ...i,
      assessmentHref: assessmentHref(i.incidentId),
      flagTags: flagTags(i.flags, i.maracCriteria),
      selected: bulk?.selected.includes(i.taskId) ?? false,
      problem: bulk?.rowProblems?.[i.taskId],
    }));
    const errors = bulk && {
      ...bulk.errors,
      // A link to a row no longer on the page goes to the table instead.
      errorList: bulk.errors.errorList.map((e) =>
        e.href.startsWith('#select-') && !items.some((i) => `#select-${i.taskId}` === e.href)
          ? { ...e, href: items.length ? `#select-${items[0].taskId}` : '#result-count' }
          : e,
      ),
    };
    res.status(status).render('triage/views/queue.njk', {
      pageTitle: 'Triage queue',
      ...result,
      items,
      query: q,
      returnTo: queueUrl(q),
      canClaim: can(actor, 'triage:claim'),
      canAssign,
      assignableGroups: canAssign ? assignableGroups(await triage.assignableUsers()) : [],
      chosenAssignee: bulk?.assignee ?? '',
      errors,
      selectedFilters: selectedFilters(q),
      filtered: q.grade.length + q.flag.length > 0 || q.overdue || q.assigned !== 'anyone',
      sortHeaders: sortHeaders(q, direction),
      sortedBy: sortedBy(q, direction),
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
  };

  router.get(paths.triage.queue, guard(services, { can: 'triage:view' }), (req, res) =>
    renderQueue(req, res, 200, queueQuerySchema.parse(req.query)),
  );

  const taskId = (req: express.Request) => {
    const parsed = uuidSchema.safeParse(req.params.id);
    if (!parsed.success) throw new NotFound('No such triage item');
    return parsed.data;
  };

  const change =
    (act: (req: express.Request, res: express.Response, id: string) => Promise<string>): express.RequestHandler =>
    async (req, res) => {
      const back = safeReturn((req.body as Record<string, unknown>)?.returnTo);
      conflictGoesBackTo(res, back);
      req.session.flash = { text: await act(req, res, taskId(req)) };
      res.redirect(303, back);
    };

  // A triage item is about its incident's people: their relationship to the user decides (restricted ones are masked).
  const peopleOfItem = (req: express.Request) => services.tasks.peopleIn(String(req.params.id));

  const versionOf = (req: express.Request) => {
    const parsed = versionSchema.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, 'The form was incomplete: go back to the queue and try again');
    return parsed.data.version;
  };

  router.post(
    paths.triage.claim.pattern,
    guard(services, { can: 'triage:claim', category: 'alteration', subjects: peopleOfItem, notTheRecord: true }),
    change(async (req, res, id) => {
      const done = await triage.claim(actorOf(res), id, versionOf(req));
      return `You have claimed ${done.reference}`;
    }),
  );

  router.post(
    paths.triage.release.pattern,
    guard(services, { can: 'triage:claim', category: 'alteration', subjects: peopleOfItem, notTheRecord: true }),
    change(async (req, res, id) => {
      const done = await triage.release(actorOf(res), id, versionOf(req));
      return `You have released ${done.reference} back to the queue`;
    }),
  );

  // "Assign selected to": the ticked rows of the page, all or nothing (TriageService.assignMany).
  router.post(paths.triage.assign, guard(services, { can: 'triage:assign', category: 'alteration' }), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const back = safeReturn(body.returnTo);
    const q = queryOf(back);
    const ticked = [body.task ?? []].flat().filter((v): v is string => typeof v === 'string');
    const keep = {
      selected: ticked.map((v) => v.slice(0, 36).toLowerCase()),
      assignee: typeof body.assignee === 'string' ? body.assignee : '',
    };
    const parsed = bulkAssignSchema.safeParse(body);
    if (!parsed.success) {
      const errors: GovukErrors = { errorList: [], fields: {} };
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] === 'assignee' ? 'assignee' : 'task';
        if (errors.fields[field]) continue;
        errors.fields[field] = { text: issue.message };
        errors.errorList.push({ text: issue.message, href: field === 'assignee' ? '#assignee' : '#select-first' });
      }
      return renderQueue(req, res, 422, q, { errors, ...keep });
    }
    const assigneeId = parsed.data.assignee === 'nobody' ? null : parsed.data.assignee;
    try {
      const done = await triage.assignMany(actorOf(res), parsed.data.task, assigneeId);
      req.session.flash = { text: bulkAssignedText(done) };
      res.redirect(303, back);
    } catch (e) {
      if (e instanceof BulkAssignInputError) {
        return renderQueue(req, res, 422, q, { errors: singleError(e.field, e.message), ...keep });
      }
      if (!(e instanceof BulkAssignRefused)) throw e;
      const refusedOnly = e.problems.every((p) => p.kind === 'refused');
      const rowProblems = Object.fromEntries(e.problems.map((p) => [p.taskId, rowProblemText(p)]));
      const errors: GovukErrors = {
        description: `Nothing was assigned: ${e.problems.length === 1 ? 'one of the incidents you selected' : `${e.problems.length} of the incidents you selected`} could not be. The queue below is as it is now; check your selection and try again.`,
        errorList: e.problems.map((p) => ({ text: problemText(p), href: `#select-${p.taskId}` })),
        fields: {},
      };
      // The selection is kept, less the items that can no longer be assigned at all.
      const selected = keep.selected.filter((id) => !e.problems.some((p) => p.taskId === id && p.kind !== 'changed'));
      return renderQueue(req, res, refusedOnly ? 403 : 409, q, { errors, selected, assignee: keep.assignee, rowProblems });
    }
  });

  const renderSla = async (res: express.Response, status: number, view: Record<string, unknown> = {}) => {
    const current = await triage.sla();
    res
      .status(status)
      .render('triage/views/sla.njk', { pageTitle: 'Triage deadlines', values: { ...current.sla, version: current.version }, ...view });
  };

  router.get(paths.triage.sla, guard(services, { can: 'triage:settings' }), async (req, res) => {
    const flash = req.session.flash;
    delete req.session.flash;
    await renderSla(res, 200, { flash });
  });

  router.post(paths.triage.sla, guard(services, { can: 'triage:settings', category: 'alteration' }), async (req, res) => {
    const parsed = slaFormSchema.safeParse(req.body);
    if (!parsed.success) return renderSla(res, 422, { values: req.body, errors: govukErrors(parsed.error) });
    const { version, ...sla } = parsed.data;
    const problem = slaOrderProblem(sla);
    if (problem)
      return renderSla(res, 422, { values: req.body, errors: singleError(problem.startsWith('High') ? 'high' : 'medium', problem) });
    conflictGoesBackTo(res, paths.triage.sla);
    await triage.updateSla(actorOf(res), sla, version);
    req.session.flash = { text: 'Triage deadlines saved. Incidents received from now on are due by the new times.' };
    res.redirect(303, paths.triage.sla);
  });

  return router;
}
