import express from 'express';
import { can } from '../../domain/access/policy.ts';
import { PROFESSIONAL_JUDGEMENT_REASONS } from '../../domain/assessment/professionalJudgement.ts';
import { tasksRaisedText } from '../../domain/triage/tasks.ts';
import { actorOf } from '../../platform/auth/middleware.ts';
import { declaredRoutes, type RouteAccess } from '../../platform/auth/route.ts';
import { conflictGoesBackTo, NotFound } from '../../platform/errors.ts';
import { govukErrors, type GovukErrors } from '../../platform/forms.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { uuidSchema } from '../people/index.ts';
import { victimPanel } from '../cases/index.ts';
import { gradeFormSchema, screenFormSchema, systemsCheckSchema, THRIVE } from './schemas.ts';

const GRADE_NAMES = { standard: 'Standard', medium: 'Medium', high: 'High' } as const;

export function assessmentRoutes(services: Services): express.Router {
  const router = express.Router();
  const route = declaredRoutes(router, services);
  const { assessment } = services;

  const incidentId = (req: express.Request) => {
    const parsed = uuidSchema.safeParse(req.params.id);
    if (!parsed.success) throw new NotFound('No such incident');
    return parsed.data;
  };

  /** The page, with a form's errors and values when one was refused. */
  const render = async (
    req: express.Request,
    res: express.Response,
    status: number,
    form: { errors?: GovukErrors; values?: Record<string, unknown>; section?: string } = {},
  ) => {
    const actor = actorOf(res);
    const scope = await services.access.listScope(actor, 'person:view');
    const page = await assessment.view(actor, incidentId(req), { closed: res.locals.access?.closed ?? [], scope });
    if (!page) throw new NotFound('No such incident');
    const flash = req.session.flash;
    delete req.session.flash;
    res.status(status).render('assessment/views/assessment.njk', {
      pageTitle: `Assessment of ${page.incident.reference}`,
      ...page,
      flash,
      errors: form.errors,
      section: form.section,
      values: form.values ?? {},
      canGrade: can(actor, 'assessment:grade'),
      canResearch: can(actor, 'assessment:research'),
      gradeNames: GRADE_NAMES,
      thrive: THRIVE,
      judgementReasons: PROFESSIONAL_JUDGEMENT_REASONS,
      ...(await victimPanel(services, actor, page.research.find((r) => r.role === 'victim')?.personId, page.incident.id)),
    });
  };

  /** Runs a change; a stale form's conflict page links back to the assessment. */
  const change =
    (handler: (req: express.Request, res: express.Response) => Promise<void>) => async (req: express.Request, res: express.Response) => {
      conflictGoesBackTo(res, paths.incidents.assessment({ id: incidentId(req) }));
      await handler(req, res);
    };

  // The incident's people decide access (a refusal names them); restricted ones not open to the user are left out.
  const subjectsOf = (req: express.Request) => services.incidents.peopleIn(String(req.params.id));
  const onIncident = (can: RouteAccess['can'], category: RouteAccess['category']): RouteAccess => ({
    can,
    category,
    subjects: subjectsOf,
    notTheRecord: true,
  });

  route.get(paths.incidents.assessment.pattern, onIncident('assessment:view', 'consultation'), async (req, res) => {
    await render(req, res, 200);
  });

  route.post(
    paths.incidents.systemsChecks.pattern,
    onIncident('assessment:research', 'collection'),
    change(async (req, res) => {
      const id = incidentId(req);
      const page = await assessment.view(actorOf(res), id, { closed: res.locals.access?.closed ?? [] });
      if (!page) throw new NotFound('No such incident');
      const body = req.body as Record<string, unknown>;
      const errors: GovukErrors = { errorList: [], fields: {} };
      const checks = [];
      for (const system of page.systems) {
        const parsed = systemsCheckSchema.safeParse({
          result: body[`result-${system.id}`],
          note: body[`note-${system.id}`],
          version: body[`version-${system.id}`],
        });
        if (parsed.success) {
          checks.push({ system: system.id, ...parsed.data });
          continue;
        }
        for (const issue of parsed.error.issues) {
          const field = `${String(issue.path[0])}-${system.id}`;
          if (errors.fields[field]) continue;
          const text = `${system.name}: ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`;
          errors.fields[field] = { text };
          errors.errorList.push({ text, href: `#${field}` });
        }
      }
      if (errors.errorList.length) return render(req, res, 422, { errors, values: body, section: 'systems' });
      await assessment.saveSystemsChecks(actorOf(res), id, checks);
      req.session.flash = { text: 'Systems checks saved' };
      res.redirect(303, `${paths.incidents.assessment({ id })}#systems-checks`);
    }),
  );

  route.post(
    paths.incidents.screen.pattern,
    onIncident('assessment:research', 'collection'),
    change(async (req, res) => {
      const id = incidentId(req);
      const screen = assessment.screen(String(req.params.screen));
      if (!screen) throw new NotFound('No such screen');
      const body = req.body as Record<string, unknown>;
      const parsed = screenFormSchema.safeParse({
        version: body.version,
        answers: Object.fromEntries(
          screen.questions.map((q) => [q.id, body[`${screen.id}-${q.id}`]]).filter(([, v]) => typeof v === 'string'),
        ),
      });
      const answers = parsed.success ? parsed.data.answers : {};
      const errors: GovukErrors = { errorList: [], fields: {} };
      for (const q of screen.questions) {
        if ((screen.answerOptions as string[]).includes(answers[q.id] ?? '')) continue;
        const text = `Answer question ${q.id}: ${q.label.toLowerCase()}`;
        errors.fields[`${screen.id}-${q.id}`] = { text };
        errors.errorList.push({ text, href: `#${screen.id}-${q.id}` });
      }
      if (!parsed.success || errors.errorList.length) return render(req, res, 422, { errors, values: body, section: screen.id });
      const { hbaEscalated } = await assessment.saveScreen(actorOf(res), id, screen, parsed.data);
      req.session.flash = {
        text: hbaEscalated
          ? `${screen.title} saved. Honour-based abuse indicators are present: a supervisor has been sent an escalation task`
          : `${screen.title} saved`,
      };
      res.redirect(303, `${paths.incidents.assessment({ id })}#screen-${screen.id}`);
    }),
  );

  route.post(
    paths.incidents.grade.pattern,
    onIncident('assessment:grade', 'alteration'),
    change(async (req, res) => {
      const id = incidentId(req);
      const parsed = gradeFormSchema.safeParse(req.body);
      if (!parsed.success) return render(req, res, 422, { errors: govukErrors(parsed.error), values: req.body, section: 'grade' });
      const outcome = await assessment.grade(actorOf(res), id, parsed.data);
      if (!outcome.ok) return render(req, res, 422, { errors: outcome.errors, values: req.body, section: 'grade' });
      req.session.flash = {
        heading: `Final grade recorded: ${GRADE_NAMES[outcome.grade]} risk`,
        text: tasksRaisedText(outcome.tasks.map((t) => t.type)),
      };
      res.redirect(303, paths.incidents.assessment({ id }));
    }),
  );

  return router;
}
