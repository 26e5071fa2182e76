import express from 'express';
import { z } from 'zod';
import { can } from '../../domain/access/policy.ts';
import { CASE_EVENT_NAMES, CASE_EVENT_TYPES } from '../../domain/calendar/victimsCode.ts';
import { londonDateOf, londonWallClockOf } from '../../domain/calendar/london.ts';
import { formatLondonDayAndDate } from '../../domain/calendar/display.ts';
import { actorOf, recordRefusal } from '../../platform/auth/middleware.ts';
import { authorise } from '../../platform/auth/route.ts';
import { HttpError, conflictGoesBackTo, sendProblem } from '../../platform/errors.ts';
import { govukErrors, singleError, type GovukErrors } from '../../platform/forms.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { fieldErrors } from '../incidents/index.ts';
import {
  PERSONAL_STATEMENT_NAMES,
  SUPPORT_NEED_NAMES,
  UPDATE_FREQUENCY_NAMES,
  UPDATE_METHOD_NAMES,
  UPDATE_VIA_NAMES,
  caseEventApiSchema,
  caseEventFormSchema,
  complianceQuerySchema,
  enhancedRightsSchema,
  needsAssessmentSchema,
  personalStatementSchema,
  reviewRequestSchema,
  updateGivenFormSchema,
  updatePreferencesSchema,
  timeLimitsSchema,
} from './schemas.ts';
import { VictimsCodeConflict, VictimsCodeRefused } from './service.ts';

const idOf = (req: express.Request, what: string) => {
  const parsed = z.uuid().safeParse(req.params.id);
  if (!parsed.success) throw new HttpError(404, `No such ${what}`);
  return parsed.data;
};

const choices = (names: Record<string, string>, selected?: string | string[]) =>
  Object.entries(names).map(([value, text]) => ({
    value,
    text,
    checked: Array.isArray(selected) ? selected.includes(value) : selected === value,
  }));

/** Today's date and the time now, as a date-and-time form starts (usually it happened, or she was told, just now). */
const nowDefaults = (prefix: string, now: Date) => {
  const { date, time } = londonWallClockOf(now);
  const [year, month, day] = date.split('-');
  return {
    [`${prefix}-day`]: String(Number(day)),
    [`${prefix}-month`]: String(Number(month)),
    [`${prefix}-year`]: year,
    [`${prefix}-time`]: time.slice(0, 5),
  };
};

const names = {
  events: CASE_EVENT_NAMES,
  methods: UPDATE_METHOD_NAMES,
  frequencies: UPDATE_FREQUENCY_NAMES,
  via: UPDATE_VIA_NAMES,
  needs: SUPPORT_NEED_NAMES,
  statements: PERSONAL_STATEMENT_NAMES,
};

/** The Victims' Code pages: a case's Victims' Code record and its forms, an update obligation, the compliance view. */
export function victimsCodeRoutes(services: Services): express.Router {
  const router = express.Router();
  const { victimsCode, clock } = services;
  const victimOf = (req: express.Request) => {
    const parsed = z.uuid().safeParse(req.params.id);
    return parsed.success ? victimsCode.victimOfCase(parsed.data) : [];
  };

  /** Runs a change; a domain refusal becomes the page's answer; a conflict (409, back to `back`) or a missing record (404) goes to the error handler. */
  const attempt = async (
    res: express.Response,
    back: string,
    change: () => Promise<unknown>,
    onRefused: (errors: GovukErrors) => Promise<void>,
  ): Promise<boolean> => {
    try {
      await change();
      return true;
    } catch (e) {
      if (!(e instanceof VictimsCodeRefused)) {
        conflictGoesBackTo(res, back);
        throw e;
      }
      await onRefused(singleError(e.field, e.message));
      return false;
    }
  };

  const renderCase = async (req: express.Request, res: express.Response, status: number, extra: Record<string, unknown> = {}) => {
    const id = idOf(req, 'case');
    const view = await victimsCode.caseView(actorOf(res), id);
    const flash = req.session.flash;
    delete req.session.flash;
    res.status(status).render('victims-code/views/case.njk', {
      pageTitle: `Victims' Code – ${view.case.reference}`,
      view,
      names,
      eventItems: CASE_EVENT_TYPES.map((value) => ({ value, text: CASE_EVENT_NAMES[value] })),
      mayRecord: can(actorOf(res), 'victims-code:record'),
      values: nowDefaults('occurred', clock.now()),
      flash,
      ...extra,
    });
  };

  router.get(paths.victimsCode.ofCase.pattern, authorise(services, 'victims-code:view', 'consultation', victimOf), (req, res) =>
    renderCase(req, res, 200),
  );

  router.post(paths.victimsCode.events.pattern, authorise(services, 'victims-code:record', 'collection', victimOf), async (req, res) => {
    const id = idOf(req, 'case');
    const parsed = caseEventFormSchema(clock.now()).safeParse(req.body);
    if (!parsed.success) return renderCase(req, res, 422, { errors: govukErrors(parsed.error), values: req.body, eventFormOpen: true });
    let dueBy: Date | undefined;
    const done = await attempt(
      res,
      paths.victimsCode.ofCase({ id }),
      async () => {
        dueBy = (await victimsCode.recordEvent(actorOf(res), id, parsed.data)).obligation.dueBy;
      },
      (errors) => renderCase(req, res, 422, { errors, values: req.body }),
    );
    if (!done) return;
    req.session.flash = { text: `${CASE_EVENT_NAMES[parsed.data.type]} recorded. Tell the victim by ${formatLondonDayAndDate(dueBy!)}.` };
    res.redirect(303, paths.victimsCode.ofCase({ id }));
  });

  const simpleChange =
    (
      path: { pattern: string; (p: { id: string }): string },
      schema: (req: express.Request) => z.ZodType,
      change: (res: express.Response, id: string, data: never) => Promise<unknown>,
      flash: string,
      form: (req: express.Request, res: express.Response, status: number, extra: Record<string, unknown>) => Promise<void>,
    ) =>
    async (req: express.Request, res: express.Response) => {
      const id = idOf(req, 'case');
      const parsed = schema(req).safeParse(req.body);
      if (!parsed.success) return form(req, res, 422, { errors: govukErrors(parsed.error), values: req.body });
      const done = await attempt(
        res,
        path({ id }),
        () => change(res, id, parsed.data as never),
        (errors) => form(req, res, 422, { errors, values: req.body }),
      );
      if (!done) return;
      req.session.flash = { text: flash };
      res.redirect(303, paths.victimsCode.ofCase({ id }));
    };

  router.post(
    paths.victimsCode.enhancedRights.pattern,
    authorise(services, 'victims-code:record', 'alteration', victimOf),
    simpleChange(
      paths.victimsCode.ofCase,
      () => enhancedRightsSchema,
      (res, id, data: z.output<typeof enhancedRightsSchema>) =>
        victimsCode.changeEnhancedRights(actorOf(res), id, {
          enhancedRights: data['enhanced-rights'] === 'yes',
          reason: data.reason,
          version: data.version,
        }),
      'Enhanced Rights changed. Events recorded from now on use the new time limit.',
      (req, res, status, extra) => renderCase(req, res, status, { ...extra, enhancedRightsOpen: true }),
    ),
  );

  router.post(
    paths.victimsCode.personalStatement.pattern,
    authorise(services, 'victims-code:record', 'alteration', victimOf),
    simpleChange(
      paths.victimsCode.ofCase,
      () => personalStatementSchema(londonDateOf(clock.now())),
      (res, id, data: { version: number; status: string; on: string }) => victimsCode.recordPersonalStatement(actorOf(res), id, data),
      'Victim Personal Statement offer recorded',
      (req, res, status, extra) => renderCase(req, res, status, { ...extra, statementOpen: true }),
    ),
  );

  const renderForm =
    (template: string, title: string) =>
    async (req: express.Request, res: express.Response, status: number, extra: Record<string, unknown> = {}) => {
      const id = idOf(req, 'case');
      const view = await victimsCode.caseView(actorOf(res), id);
      res.status(status).render(template, { pageTitle: title, view, names, choices, ...extra });
    };
  const needsForm = renderForm('victims-code/views/needs-assessment.njk', 'Needs assessment');
  const preferencesForm = renderForm('victims-code/views/update-preferences.njk', 'How the victim wants to be updated');

  router.get(paths.victimsCode.needsAssessment.pattern, authorise(services, 'victims-code:record', 'consultation', victimOf), (req, res) =>
    needsForm(req, res, 200),
  );
  router.post(
    paths.victimsCode.needsAssessment.pattern,
    authorise(services, 'victims-code:record', 'alteration', victimOf),
    simpleChange(
      paths.victimsCode.needsAssessment,
      () => needsAssessmentSchema,
      (res, id, data: z.output<typeof needsAssessmentSchema>) => victimsCode.recordNeedsAssessment(actorOf(res), id, data),
      'Needs assessment recorded',
      needsForm,
    ),
  );
  router.get(paths.victimsCode.preferences.pattern, authorise(services, 'victims-code:record', 'consultation', victimOf), (req, res) =>
    preferencesForm(req, res, 200),
  );
  router.post(
    paths.victimsCode.preferences.pattern,
    authorise(services, 'victims-code:record', 'alteration', victimOf),
    simpleChange(
      paths.victimsCode.preferences,
      () => updatePreferencesSchema,
      (res, id, data: z.output<typeof updatePreferencesSchema>) => victimsCode.agreePreferences(actorOf(res), id, data),
      'Update preferences recorded',
      preferencesForm,
    ),
  );

  const renderUpdate = async (req: express.Request, res: express.Response, status: number, extra: Record<string, unknown> = {}) => {
    const id = idOf(req, 'update');
    const obligation = await victimsCode.obligation(actorOf(res), id);
    res.status(status).render('victims-code/views/update.njk', {
      pageTitle: 'Record the update given',
      obligation,
      names,
      methodItems: choices(
        UPDATE_METHOD_NAMES,
        (extra.values as Record<string, string> | undefined)?.method ?? obligation.preferences?.method,
      ),
      values: nowDefaults('told', clock.now()),
      ...extra,
    });
  };
  const obligationVictim = async (req: express.Request) => {
    const parsed = z.uuid().safeParse(req.params.id);
    if (!parsed.success) return [];
    return victimsCode.victimOfObligation(parsed.data);
  };
  router.get(paths.victimsCode.update.pattern, authorise(services, 'victims-code:view', 'consultation', obligationVictim), (req, res) =>
    renderUpdate(req, res, 200),
  );
  router.post(
    paths.victimsCode.update.pattern,
    authorise(services, 'victims-code:record', 'alteration', obligationVictim),
    async (req, res) => {
      const id = idOf(req, 'update');
      const parsed = updateGivenFormSchema(clock.now()).safeParse(req.body);
      if (!parsed.success) return renderUpdate(req, res, 422, { errors: govukErrors(parsed.error), values: req.body });
      let result: { caseId: string; late: boolean } | undefined;
      const done = await attempt(
        res,
        paths.victimsCode.update({ id }),
        async () => {
          result = await victimsCode.giveUpdate(actorOf(res), id, parsed.data);
        },
        (errors) => renderUpdate(req, res, 422, { errors, values: req.body }),
      );
      if (!done || !result) return;
      req.session.flash = {
        text: result.late ? 'Update recorded as given late (after the Victims’ Code deadline)' : 'Update recorded as given on time',
      };
      res.redirect(303, paths.victimsCode.ofCase({ id: result.caseId }));
    },
  );

  router.post(
    paths.victimsCode.reviewRequest.pattern,
    authorise(services, 'victims-code:record', 'alteration', async (req) => {
      const parsed = z.uuid().safeParse(req.params.id);
      return parsed.success ? victimsCode.victimOfEvent(parsed.data) : [];
    }),
    async (req, res) => {
      const eventId = idOf(req, 'decision');
      const caseId = await victimsCode.caseOfEvent(eventId);
      if (!caseId) throw new HttpError(404, 'No such decision');
      const rerender = (errors: GovukErrors) =>
        renderCase(Object.assign(req, { params: { id: caseId } }), res, 422, { errors, reviewValues: req.body, reviewEventId: eventId });
      const parsed = reviewRequestSchema(londonDateOf(clock.now())).safeParse(req.body);
      if (!parsed.success) return rerender(govukErrors(parsed.error));
      const done = await attempt(
        res,
        paths.victimsCode.ofCase({ id: caseId }),
        () => victimsCode.recordReviewRequest(actorOf(res), eventId, parsed.data.requestedOn),
        rerender,
      );
      if (!done) return;
      req.session.flash = { text: 'Review request recorded: the acknowledgement and decision dates are shown below' };
      res.redirect(303, paths.victimsCode.ofCase({ id: caseId }));
    },
  );

  router.get(paths.victimsCode.compliance, authorise(services, 'victims-code:compliance'), async (req, res) => {
    const parsed = complianceQuerySchema.safeParse(req.query);
    const q = parsed.success ? parsed.data : { team: undefined, officer: undefined, from: undefined, to: undefined };
    const result = await victimsCode.compliance(actorOf(res), { teamId: q.team, officerId: q.officer, from: q.from, to: q.to });
    res.status(parsed.success ? 200 : 422).render('victims-code/views/compliance.njk', {
      pageTitle: "Victims' Code compliance",
      ...result,
      filter: q,
      values: req.query,
      errors: parsed.success ? undefined : govukErrors(parsed.error),
      names,
    });
  });

  const renderTimeLimits = async (res: express.Response, status: number, view: Record<string, unknown> = {}) => {
    const current = await victimsCode.timeLimits();
    res.status(status).render('victims-code/views/time-limits.njk', {
      pageTitle: "Victims' Code time limits",
      values: {
        'enhanced-rights-working-days': current.enhancedRightsWorkingDays,
        'standard-working-days': current.standardWorkingDays,
        version: current.version,
      },
      ...view,
    });
  };
  router.get(paths.victimsCode.timeLimits, authorise(services, 'victims-code:settings'), async (req, res) => {
    const flash = req.session.flash;
    delete req.session.flash;
    await renderTimeLimits(res, 200, { flash });
  });
  router.post(paths.victimsCode.timeLimits, authorise(services, 'victims-code:settings', 'alteration'), async (req, res) => {
    const parsed = timeLimitsSchema.safeParse(req.body);
    if (!parsed.success) return renderTimeLimits(res, 422, { values: req.body, errors: govukErrors(parsed.error) });
    const limits = {
      enhancedRightsWorkingDays: parsed.data['enhanced-rights-working-days'],
      standardWorkingDays: parsed.data['standard-working-days'],
    };
    if (!(await victimsCode.changeTimeLimits(actorOf(res), limits, parsed.data.version))) {
      conflictGoesBackTo(res, paths.victimsCode.timeLimits);
      throw new VictimsCodeConflict("Someone else changed the Victims' Code time limits while you were editing them");
    }
    req.session.flash = { text: "Victims' Code time limits saved. Events recorded from now on are due by the new limits." };
    res.redirect(303, paths.victimsCode.timeLimits);
  });

  return router;
}

/** POST /api/v1/cases/{id}/events: mounted inside the API router, after its bearer-token check. */
export function victimsCodeApiRoutes(services: Services): express.Router {
  const router = express.Router();
  router.post('/cases/:id/events', async (req, res) => {
    const actor = res.locals.actor!;
    const id = z.uuid().safeParse(req.params.id);
    if (!id.success) return sendProblem(res, 404, 'No such case');
    if (!can(actor, 'victims-code:record')) {
      await recordRefusal(services, actor, 'victims-code:record', 'collection', req.path, await services.victimsCode.victimOfCase(id.data));
      return sendProblem(res, 403, "Your role may not record Victims' Code events");
    }
    const parsed = caseEventApiSchema.safeParse(req.body ?? {});
    const errors = parsed.success ? [] : fieldErrors(parsed.error);
    if (parsed.success && new Date(parsed.data.occurredAt).getTime() > services.clock.now().getTime())
      errors.push({ field: 'occurredAt', message: 'occurredAt must not be in the future' });
    if (!parsed.success || errors.length) return sendProblem(res, 422, 'The case event is not valid', { errors });
    const { event, obligation } = await services.victimsCode.recordEvent(actor, id.data, {
      type: parsed.data.type,
      occurredAt: new Date(parsed.data.occurredAt),
    });
    res.status(201).json({
      id: event.id,
      caseId: event.caseId,
      type: event.type,
      occurredAt: event.occurredAt,
      dueBy: obligation.dueBy,
      obligation: {
        id: obligation.id,
        dueBy: obligation.dueBy,
        workingDays: obligation.workingDays,
        enhancedRights: obligation.enhancedRights,
        state: obligation.state,
      },
    });
  });
  return router;
}
