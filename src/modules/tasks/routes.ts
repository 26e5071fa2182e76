import express from 'express';
import { actorOf } from '../../platform/auth/middleware.ts';
import { declaredRoutes } from '../../platform/auth/route.ts';
import { HttpError, conflictGoesBackTo, NotFound } from '../../platform/errors.ts';
import { govukErrors, singleError } from '../../platform/forms.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { uuidSchema } from '../people/index.ts';
import type { TaskScope } from './repository.ts';
import {
  completeSchema,
  maracReferralSchema,
  noSchoolSchema,
  schoolChoiceSchema,
  schoolSearchQuerySchema,
  taskListQuerySchema,
  versionSchema,
} from './schemas.ts';
import { SCHOOL_SEARCH_LIMIT } from '../schools/index.ts';
import { TASK_PAGE_SIZE, TaskInputError, TaskNotReady } from './service.ts';
import { londonWallClockOf } from '../../domain/calendar/london.ts';
import { CONTACTS_VICTIM } from '../../domain/triage/tasks.ts';
import { NO_SCHOOL_OUTCOMES, SCHOOL_CHECKS, encompassOutcomeName } from '../../domain/safeguarding/encompassOutcome.ts';

const SCOPE_NAMES: Record<TaskScope, string> = {
  all: 'Mine and my team’s',
  mine: 'Assigned to me',
  team: 'My team’s, unclaimed',
  done: 'Done by me and my team',
};

const listUrl = (scope: TaskScope, page = 1) => {
  const params = new URLSearchParams();
  if (scope !== 'all') params.set('scope', scope);
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `${paths.tasks.list}?${s}` : paths.tasks.list;
};

export function taskRoutes(services: Services): express.Router {
  const router = express.Router();
  const route = declaredRoutes(router, services);
  const { tasks } = services;

  route.get(paths.tasks.list, { can: 'task:view' }, async (req, res) => {
    const q = taskListQuerySchema.parse(req.query);
    const actor = actorOf(res);
    const result = await tasks.list(actor, q.scope, q.page, TASK_PAGE_SIZE, await services.access.listScope(actor, 'task:view'));
    const flash = req.session.flash;
    delete req.session.flash;
    res.render('tasks/views/list.njk', {
      pageTitle: 'Your tasks',
      ...result,
      scope: q.scope,
      scopes: (Object.keys(SCOPE_NAMES) as TaskScope[]).map((s) => ({ text: SCOPE_NAMES[s], href: listUrl(s), current: s === q.scope })),
      pagination: {
        previous: result.page > 1 ? { href: listUrl(q.scope, result.page - 1) } : undefined,
        next: result.page < result.pages ? { href: listUrl(q.scope, result.page + 1) } : undefined,
      },
      flash,
    });
  });

  const taskId = (req: express.Request) => {
    const parsed = uuidSchema.safeParse(req.params.id);
    if (!parsed.success) throw new NotFound('No such task');
    return parsed.data;
  };

  // The "no school to tell" form starts with who is recording it and now: usually the officer checked just before.
  const noSchoolDefaults = (res: express.Response) => {
    const { date, time } = londonWallClockOf(services.clock.now());
    const [year, month, day] = date.split('-');
    return {
      'checked-by': actorOf(res).displayName,
      'checked-day': String(Number(day)),
      'checked-month': String(Number(month)),
      'checked-year': year,
      'checked-time': time.slice(0, 5),
    };
  };

  const renderTask = async (req: express.Request, res: express.Response, status: number, extra: Record<string, unknown> = {}) => {
    const task = await tasks.show(actorOf(res), taskId(req));
    const flash = req.session.flash;
    delete req.session.flash;
    res.status(status).render('tasks/views/task.njk', {
      pageTitle: task.description,
      task,
      // A task that may mean contacting the victim carries her safe-contact instructions at its top.
      safeContact: task.subject && CONTACTS_VICTIM.includes(task.type) ? await services.people.safeContactOf(task.subject.id) : undefined,
      flash,
      noSchool: {
        outcomes: NO_SCHOOL_OUTCOMES.map((value) => ({ value, text: encompassOutcomeName(value) })),
        checks: Object.entries(SCHOOL_CHECKS).map(([value, text]) => ({ value, text })),
        values: noSchoolDefaults(res),
      },
      ...extra,
    });
  };

  // A refused look names the people the page would have shown.
  const peopleInTask = (req: express.Request) => {
    const parsed = uuidSchema.safeParse(req.params.id);
    return parsed.success ? tasks.peopleIn(parsed.data) : [];
  };
  route.get(paths.tasks.show.pattern, { can: 'task:view', category: 'consultation', subjects: peopleInTask }, (req, res) =>
    renderTask(req, res, 200),
  );

  /** The task a change is to; a stale version's conflict page links back to it. */
  const taskChanged = (req: express.Request, res: express.Response) => {
    const id = taskId(req);
    conflictGoesBackTo(res, paths.tasks.show({ id }));
    return id;
  };
  /** A task not ready to be done is the task page again, saying what to do first. */
  const notReady = (req: express.Request, res: express.Response, e: TaskNotReady) =>
    renderTask(req, res, 422, { errors: { errorList: [{ text: e.message }], fields: {} } });

  const versionOf = (req: express.Request) => {
    const parsed = versionSchema.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, 'The form was incomplete: go back to the task and try again');
    return parsed.data.version;
  };

  route.post(paths.tasks.claim.pattern, { can: 'task:complete', category: 'alteration', subjects: peopleInTask }, async (req, res) => {
    const id = taskChanged(req, res);
    await tasks.claim(actorOf(res), id, versionOf(req));
    req.session.flash = { text: 'You have claimed this task' };
    res.redirect(303, paths.tasks.show({ id }));
  });

  route.post(paths.tasks.complete.pattern, { can: 'task:complete', category: 'alteration', subjects: peopleInTask }, async (req, res) => {
    const id = taskChanged(req, res);
    const parsed = completeSchema.safeParse(req.body);
    if (!parsed.success) return renderTask(req, res, 422, { errors: govukErrors(parsed.error), values: req.body });
    await tasks.complete(actorOf(res), id, parsed.data.version, parsed.data.note);
    req.session.flash = { text: 'Task marked as done' };
    res.redirect(303, paths.tasks.list);
  });

  route.post(
    paths.tasks.sentToSchool.pattern,
    { can: 'task:complete', category: 'alteration', subjects: peopleInTask },
    async (req, res) => {
      const id = taskChanged(req, res);
      try {
        const { school } = await tasks.markSentToSchool(actorOf(res), id, versionOf(req));
        req.session.flash = { text: `Operation Encompass notice recorded as sent to ${school}` };
      } catch (e) {
        if (e instanceof TaskNotReady) return notReady(req, res, e);
        throw e;
      }
      res.redirect(303, paths.tasks.list);
    },
  );

  const renderSchoolPicker = async (req: express.Request, res: express.Response, status: number, extra: Record<string, unknown> = {}) => {
    const actor = actorOf(res);
    const task = await tasks.show(actor, taskId(req));
    if (task.type !== 'operation-encompass') throw new NotFound('No such Operation Encompass task');
    const { q } = schoolSearchQuerySchema.parse(req.query);
    // With no search yet, the school the attending officer wrote down (if any) is the first thing to look for.
    const query = q || (req.query.q === undefined ? (task.encompass?.schoolText ?? '') : '');
    const results = await services.schools.search(query);
    res.status(status).render('tasks/views/school.njk', {
      pageTitle: 'Find the child’s school',
      task,
      query,
      searched: query !== '',
      results,
      limited: results.length === SCHOOL_SEARCH_LIMIT,
      values: {},
      ...extra,
    });
  };

  route.get(paths.tasks.school.pattern, { can: 'task:complete', category: 'consultation', subjects: peopleInTask }, (req, res) =>
    renderSchoolPicker(req, res, 200),
  );

  route.post(paths.tasks.school.pattern, { can: 'task:complete', category: 'alteration', subjects: peopleInTask }, async (req, res) => {
    const id = taskChanged(req, res);
    const parsed = schoolChoiceSchema.safeParse(req.body);
    if (!parsed.success) return renderSchoolPicker(req, res, 422, { errors: govukErrors(parsed.error), values: req.body });
    try {
      const school = await tasks.recordSchool(actorOf(res), id, parsed.data);
      req.session.flash = { text: `School recorded: ${school.label}. Send the notice, then mark it as sent.` };
    } catch (e) {
      if (e instanceof TaskInputError)
        return renderSchoolPicker(req, res, 422, { errors: singleError(e.field, e.message), values: req.body });
      throw e;
    }
    res.redirect(303, paths.tasks.show({ id }));
  });

  route.post(paths.tasks.noSchool.pattern, { can: 'task:complete', category: 'alteration', subjects: peopleInTask }, async (req, res) => {
    const id = taskChanged(req, res);
    const withErrors = (errors: ReturnType<typeof govukErrors>) =>
      renderTask(req, res, 422, {
        errors,
        noSchoolValues: { ...req.body, checks: ([] as unknown[]).concat(req.body?.checks ?? []) },
        noSchoolOpen: true,
      });
    const parsed = noSchoolSchema.safeParse(req.body);
    if (!parsed.success) return withErrors(govukErrors(parsed.error));
    try {
      await tasks.closeWithoutNotice(actorOf(res), id, parsed.data);
    } catch (e) {
      if (e instanceof TaskInputError) return withErrors(singleError(e.field, e.message));
      throw e;
    }
    req.session.flash = { text: `Operation Encompass task closed: ${encompassOutcomeName(parsed.data.outcome)}` };
    res.redirect(303, paths.tasks.list);
  });

  route.post(
    paths.tasks.maracReferral.pattern,
    { can: 'marac:refer', category: 'disclosure', subjects: peopleInTask },
    async (req, res) => {
      const parsed = maracReferralSchema.safeParse(req.body);
      if (!parsed.success) return renderTask(req, res, 422, { errors: govukErrors(parsed.error), values: req.body });
      const id = taskChanged(req, res);
      try {
        await tasks.recordMaracReferral(actorOf(res), id, parsed.data);
      } catch (e) {
        if (e instanceof TaskNotReady) return notReady(req, res, e);
        if (e instanceof TaskInputError) {
          return renderTask(req, res, 422, { errors: singleError(e.field, e.message), values: req.body });
        }
        throw e;
      }
      req.session.flash = { text: 'Referral to MARAC recorded' };
      res.redirect(303, paths.tasks.list);
    },
  );

  return router;
}
