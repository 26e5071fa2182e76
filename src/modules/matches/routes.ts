import express from 'express';
import { actorOf } from '../../platform/auth/middleware.ts';
import { declaredRoutes } from '../../platform/auth/route.ts';
import { conflictGoesBackTo, NotFound } from '../../platform/errors.ts';
import { govukErrors } from '../../platform/forms.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { uuidSchema } from '../people/index.ts';
import { decisionSchema, pageSchema, queueViewSchema, undoMergeSchema, type QueueView } from './schemas.ts';
import { MATCHES_PAGE_SIZE, QUEUE_COUNT_LIMIT, type DecisionOutcome } from './service.ts';

/** A page of one view of the queue: the view always named, so a link keeps meaning the same list. */
const queueHref = (view: QueueView, page = 1) => `${paths.matches.queue}?view=${view}${page > 1 ? `&page=${page}` : ''}`;
/** A pair opened from a view of the queue keeps the view, so deciding it goes back to the list it came from. */
const fromView = (req: express.Request) => queueViewSchema.parse(req.query.view);
const backToQueue = (view: QueueView | undefined) => (view ? queueHref(view) : paths.matches.queue);
const decisionHref = (id: string, view: QueueView | undefined) => `${paths.matches.show({ id })}${view ? `?view=${view}` : ''}`;

function pagination(view: QueueView, page: number, pages: number) {
  const href = (n: number) => queueHref(view, n);
  const numbers = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const items: { number?: number; href?: string; current?: boolean; ellipsis?: boolean }[] = [];
  numbers.forEach((n, i) => {
    if (i > 0 && n - numbers[i - 1] > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: href(n), current: n === page });
  });
  return {
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
    items: pages > 1 ? items : [],
  };
}

const outcomeMessage = (o: DecisionOutcome) =>
  o.outcome === 'merged'
    ? 'The records are merged: the person page now shows the history of both.'
    : o.outcome === 'kept-apart'
      ? o.relatives
        ? 'Recorded as relatives, not the same person: the records are kept apart, and this pair will not be proposed again.'
        : 'The records are kept apart, and this pair will not be proposed again.'
      : 'These records had already been combined: nothing more to decide.';

export function matchRoutes(services: Services): express.Router {
  const router = express.Router();
  const route = declaredRoutes(router, services);
  const { matches } = services;

  const idOf = (req: express.Request, what: string) => {
    const parsed = uuidSchema.safeParse(req.params.id);
    if (!parsed.success) throw new NotFound(`No such ${what}`);
    return parsed.data;
  };
  const subjectOf = (req: express.Request) => {
    const parsed = uuidSchema.safeParse(req.params.id);
    return parsed.success ? [parsed.data] : [];
  };
  route.get(paths.matches.queue, { can: 'person:link' }, async (req, res) => {
    const result = await matches.queue(actorOf(res), pageSchema.parse(req.query.page), queueViewSchema.parse(req.query.view));
    const flash = req.session.flash;
    delete req.session.flash;
    res.render('matches/views/queue.njk', {
      pageTitle: result.view === 'all' ? 'Possible matches: all' : 'Possible matches: needed for triage',
      ...result,
      viewLinks: { awaitingTriage: queueHref('awaiting-triage'), all: queueHref('all') },
      pageSize: MATCHES_PAGE_SIZE,
      countLimit: QUEUE_COUNT_LIMIT,
      pagination: pagination(result.view, result.page, result.pages),
      flash,
    });
  });

  const renderDecision = async (req: express.Request, res: express.Response, status: number, view: Record<string, unknown> = {}) => {
    const found = await matches.show(actorOf(res), idOf(req, 'possible match'));
    if (!found) throw new NotFound('No such possible match');
    const from = fromView(req);
    res.status(status).render('matches/views/decide.njk', {
      pageTitle: 'Are these the same person?',
      values: {},
      queueLink: backToQueue(from),
      decisionAction: decisionHref(found.match.id, from),
      ...found,
      ...view,
    });
  };

  route.get(paths.matches.show.pattern, { can: 'person:link' }, (req, res) => renderDecision(req, res, 200));

  route.post(paths.matches.show.pattern, { can: 'person:link', category: 'combination' }, async (req, res) => {
    const id = idOf(req, 'possible match');
    const parsed = decisionSchema.safeParse(req.body);
    if (!parsed.success) return renderDecision(req, res, 422, { values: req.body, errors: govukErrors(parsed.error) });
    conflictGoesBackTo(res, decisionHref(id, fromView(req)));
    const outcome = await matches.decide(actorOf(res), id, parsed.data);
    req.session.flash = { text: outcomeMessage(outcome) };
    res.redirect(303, backToQueue(fromView(req)));
  });

  const renderMerges = async (req: express.Request, res: express.Response, status: number, view: Record<string, unknown> = {}) => {
    const found = await matches.merges(actorOf(res), idOf(req, 'person'));
    if (!found) throw new NotFound('No such person');
    const flash = req.session.flash;
    delete req.session.flash;
    res.status(status).render('matches/views/merges.njk', {
      pageTitle: `Merged records of ${found.person.given_name} ${found.person.family_name}`,
      values: {},
      flash,
      ...found,
      ...view,
    });
  };

  route.get(paths.people.merges.pattern, { can: 'person:link', category: 'consultation', subjects: subjectOf }, (req, res) =>
    renderMerges(req, res, 200),
  );

  route.post(paths.people.merges.pattern, { can: 'person:link', category: 'combination', subjects: subjectOf }, async (req, res) => {
    const personId = idOf(req, 'person');
    const parsed = undoMergeSchema.safeParse(req.body);
    if (!parsed.success) {
      const errors = govukErrors(parsed.error);
      // One form per merge: the message belongs beside the reason box of the merge being undone.
      const merge = typeof req.body?.merge === 'string' ? req.body.merge : '';
      return renderMerges(req, res, 422, {
        values: req.body,
        errors: { ...errors, errorList: errors.errorList.map((e) => ({ ...e, href: e.href === '#reason' ? `#reason-${merge}` : e.href })) },
        failedMerge: merge,
      });
    }
    conflictGoesBackTo(res, paths.people.merges({ id: personId }));
    const done = await matches.undoMerge(actorOf(res), personId, parsed.data.merge, parsed.data.reason);
    req.session.flash = { text: 'The merge is undone: each record has its own history again, and the pair will not be proposed again.' };
    res.redirect(303, paths.people.merges({ id: done.survivorId }));
  });

  return router;
}
