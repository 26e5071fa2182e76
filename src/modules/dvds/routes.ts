import express from 'express';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/middleware.ts';
import { authorise } from '../../platform/auth/route.ts';
import { HttpError, conflictGoesBackTo } from '../../platform/errors.ts';
import type { GovukErrors } from '../../platform/forms.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { can } from '../../domain/access/policy.ts';
import {
  APPLICANT_KIND_NAMES,
  DVDS_CHECKS,
  DVDS_CHECK_NAMES,
  DVDS_ROUTE_NAMES,
  DVDS_STAGE_NAMES,
  FORUM_TESTS,
  FORUM_TEST_NAMES,
  type ApplicantKind,
  type DvdsCheck,
  type DvdsRoute,
  type DvdsStage,
  type ForumTest,
} from '../../domain/dvds/stages.ts';
import { DvdsChanged, DvdsRefused, type PersonChoice, type StageInput } from './service.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

function refusalErrors(e: DvdsRefused): GovukErrors {
  const errors: GovukErrors = { errorList: [], fields: {} };
  for (const [key, text] of Object.entries(e.errors)) {
    const field = key.replace(/\./g, '-');
    errors.fields[field] = { text };
    errors.errorList.push({ text, href: `#${field}` });
  }
  return errors;
}

/** "27/3/1990" or "1990-03-27" as a calendar date; '' as none; anything else as itself (the service names it). */
function dateOfBirth(value: string): string | null {
  const v = value.trim();
  if (!v) return null;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : v;
}

function personFrom(body: Record<string, unknown>, prefix: string): PersonChoice {
  const id = str(body[`${prefix}-personId`]);
  if (UUID.test(id)) return { personId: id };
  return {
    givenName: str(body[`${prefix}-givenName`]),
    familyName: str(body[`${prefix}-familyName`]),
    dateOfBirth: dateOfBirth(str(body[`${prefix}-dateOfBirth`])),
  };
}

/** A form's date received, "day month year" and a time, as a London instant; undefined when it is not a real one. */
function receivedFrom(body: Record<string, unknown>, now: Date): Date | undefined {
  const d = Number(str(body['received-day'])),
    m = Number(str(body['received-month'])),
    y = Number(str(body['received-year']));
  if (!d && !m && !y) return now;
  const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const at = new Date(`${iso}T12:00:00Z`);
  if (!Number.isInteger(y) || Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== iso) return undefined;
  return at;
}

function stageFrom(stage: string, body: Record<string, unknown>): StageInput | string {
  switch (stage) {
    case 'initial-contact':
      if (!['yes', 'no'].includes(str(body.immediateRisk))) return 'immediateRisk';
      return { stage, immediateRisk: body.immediateRisk === 'yes', riskNotes: str(body.riskNotes) };
    case 'face-to-face':
      return {
        stage,
        identityConfirmed: body.identityConfirmed === 'yes',
        identityEvidence: str(body.identityEvidence),
        notes: str(body.notes),
      };
    case 'checks': {
      const results = {} as Record<DvdsCheck, { outcome: 'nothing-found' | 'information-found'; note: string }>;
      for (const c of DVDS_CHECKS) {
        const outcome = str(body[`results-${c}-outcome`]);
        if (outcome !== 'nothing-found' && outcome !== 'information-found') return `results-${c}-outcome`;
        results[c] = { outcome, note: str(body[`results-${c}-note`]) };
      }
      return { stage, results };
    }
    case 'risk-assessment':
      if (!['standard', 'medium', 'high'].includes(str(body.riskLevel))) return 'riskLevel';
      return { stage, riskLevel: str(body.riskLevel) as 'standard', summary: str(body.summary) };
    case 'decision-forum': {
      if (!['disclose', 'do-not-disclose'].includes(str(body.decision))) return 'decision';
      const chosen = ([] as unknown[]).concat(body.tests ?? []);
      const tests = Object.fromEntries(FORUM_TESTS.map((t) => [t, chosen.includes(t)])) as Record<ForumTest, boolean>;
      return { stage, attendees: str(body.attendees), tests, decision: str(body.decision) as 'disclose', rationale: str(body.rationale) };
    }
    case 'disclosed':
      return {
        stage,
        recipientPersonId: str(body.recipientPersonId),
        disclosedBy: str(body.disclosedBy),
        wording: str(body.wording),
        safetyPlan: str(body.safetyPlan),
        leafletGiven: body.leafletGiven === 'yes',
      };
    case 'not-disclosed':
      return { stage, reason: str(body.reason), applicantTold: str(body.applicantTold) };
    default:
      return 'stage';
  }
}

const CHOOSE: Record<string, string> = {
  immediateRisk: 'Choose whether the screen found an immediate risk',
  riskLevel: 'Choose the level of risk',
  decision: 'Choose the decision',
  stage: 'Choose a stage to record',
};

export function dvdsRoutes(services: Services): express.Router {
  const router = express.Router();
  const { dvds } = services;
  const applicationId = (req: express.Request) => {
    if (!UUID.test(String(req.params.id))) throw new HttpError(404, 'No such application');
    return String(req.params.id);
  };
  const subjectsOf = async (req: express.Request) =>
    UUID.test(String(req.params.id ?? '')) ? await dvds.peopleIn(String(req.params.id)) : [];
  const names = {
    routeNames: DVDS_ROUTE_NAMES,
    stageNames: DVDS_STAGE_NAMES,
    kindNames: APPLICANT_KIND_NAMES,
    checkNames: DVDS_CHECK_NAMES,
    testNames: FORUM_TEST_NAMES,
    checks: DVDS_CHECKS,
    tests: FORUM_TESTS,
  };

  router.get(paths.dvds.list, authorise(services, 'dvds:view'), async (req, res) => {
    const q = z
      .object({
        q: z.string().trim().max(200).optional().default(''),
        page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
      })
      .parse(req.query);
    const actor = actorOf(res);
    const isReference = /^DVDS-\d{1,6}$/i.test(q.q);
    let personIds: string[] | null = null;
    let searched = false;
    if (q.q && !isReference) {
      const scope = await services.access.listScope(actor, 'person:search');
      const found = await services.people.search(actor, { name: q.q }, scope);
      personIds = found.people.map((p: { id: string }) => p.id);
      searched = true;
    }
    const result = await dvds.search(actor, { reference: isReference ? q.q : null, personIds }, q.page);
    const flash = req.session.flash;
    delete req.session.flash;
    res.render('dvds/views/list.njk', {
      pageTitle: "Clare's Law applications",
      q: q.q,
      searched: searched || isReference,
      ...result,
      ...names,
      mayRecord: can(actor, 'dvds:record'),
      flash,
    });
  });

  router.get(paths.dvds.timeliness, authorise(services, 'dvds:view'), async (req, res) => {
    const page = Math.max(1, Math.min(10_000, Number.parseInt(String(req.query.page ?? '1'), 10) || 1));
    const result = await dvds.timeliness(actorOf(res), page);
    const longest = Math.max(1, ...result.months.map((m) => m.longestDays), result.days);
    res.render('dvds/views/timeliness.njk', { pageTitle: "Clare's Law timeliness", ...result, longest, ...names });
  });

  const renderNew = async (res: express.Response, status: number, values: Record<string, unknown>, errors?: GovukErrors) => {
    const form = await dvds.formFor(actorOf(res), {
      applicant: UUID.test(str(values['applicant-personId'])) ? str(values['applicant-personId']) : null,
      subject: UUID.test(str(values['subject-personId'])) ? str(values['subject-personId']) : null,
    });
    res.status(status).render('dvds/views/new.njk', { pageTitle: "Record a Clare's Law application", values, errors, form, ...names });
  };
  router.get(paths.dvds.new, authorise(services, 'dvds:record'), (req, res) =>
    renderNew(res, 200, {
      'applicant-personId': str(req.query.applicant),
      'subject-personId': str(req.query.subject),
      route: 'right-to-ask',
    }),
  );
  router.post(paths.dvds.new, authorise(services, 'dvds:record', 'collection'), async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const route = str(body.route);
    const receivedAt = receivedFrom(body, services.clock.now());
    const errors: Record<string, string> = {};
    if (route !== 'right-to-ask' && route !== 'right-to-know') errors.route = 'Choose Right to Ask or Right to Know';
    if (!receivedAt) errors['received-day'] = 'Enter a real date received';
    if (Object.keys(errors).length) return renderNew(res, 422, body, refusalErrors(new DvdsRefused(errors)));
    const kind = str(body.applicantKind);
    try {
      const row = await dvds.record(actorOf(res), {
        route: route as DvdsRoute,
        applicantKind: kind === 'applicant-at-risk' || kind === 'third-party' ? (kind as ApplicantKind) : null,
        applicant: personFrom(body, 'applicant'),
        atRisk: kind === 'third-party' ? personFrom(body, 'atRisk') : null,
        subject: personFrom(body, 'subject'),
        relationship: str(body.relationship),
        concern: str(body.concern),
        receivedAt: receivedAt!,
      });
      req.session.flash = { text: `Application ${row.reference} recorded: due by ${row.due_by.toISOString()}` };
      res.redirect(303, paths.dvds.show({ id: row.id }));
    } catch (e) {
      if (e instanceof DvdsRefused) return renderNew(res, 422, body, refusalErrors(e));
      throw e;
    }
  });

  const renderApplication = async (req: express.Request, res: express.Response, status: number, extra: Record<string, unknown> = {}) => {
    const application = await dvds.view(actorOf(res), applicationId(req));
    if (!application) throw new HttpError(404, 'No such application');
    const flash = req.session.flash;
    delete req.session.flash;
    res.status(status).render('dvds/views/application.njk', {
      pageTitle: `Clare's Law application ${application.reference}`,
      application,
      owners: await dvds.ownersToChoose(),
      mayRecord: can(actorOf(res), 'dvds:record'),
      values: {},
      flash,
      ...names,
      ...extra,
    });
  };
  router.get(paths.dvds.show.pattern, authorise(services, 'dvds:view', 'consultation', subjectsOf), (req, res) =>
    renderApplication(req, res, 200),
  );

  router.post(paths.dvds.stages.pattern, authorise(services, 'dvds:record', 'alteration', subjectsOf), async (req, res) => {
    const id = applicationId(req);
    const body = req.body as Record<string, unknown>;
    const input = stageFrom(str(body.stage), body);
    if (typeof input === 'string') {
      const text = CHOOSE[input] ?? 'Choose the result of this check';
      return renderApplication(req, res, 422, {
        values: body,
        errors: { errorList: [{ text, href: `#${input}` }], fields: { [input]: { text } } },
      });
    }
    try {
      const version = Number.parseInt(str(body.version), 10) || 0;
      const ownerId = UUID.test(str(body.ownerId)) ? str(body.ownerId) : null;
      const moved = await dvds.recordStage(actorOf(res), id, version, services.clock.now(), ownerId, input);
      if (!moved) throw new HttpError(404, 'No such application');
    } catch (e) {
      if (e instanceof DvdsRefused) return renderApplication(req, res, 422, { values: body, errors: refusalErrors(e) });
      if (e instanceof DvdsChanged) conflictGoesBackTo(res, paths.dvds.show({ id }));
      throw e;
    }
    req.session.flash = { text: `${DVDS_STAGE_NAMES[input.stage as DvdsStage]} recorded` };
    res.redirect(303, paths.dvds.show({ id }));
  });

  const renderSettings = async (res: express.Response, status: number, errors?: GovukErrors, chosen?: string) => {
    const current = await dvds.completionDays();
    const flash = res.req.session.flash;
    delete res.req.session.flash;
    res.status(status).render('dvds/views/settings.njk', {
      pageTitle: "Clare's Law completion period",
      current,
      chosen: chosen ?? String(current.days),
      errors,
      flash,
    });
  };
  router.get(paths.dvds.settings, authorise(services, 'dvds:settings'), (_req, res) => renderSettings(res, 200));
  router.post(paths.dvds.settings, authorise(services, 'dvds:settings', 'alteration'), async (req, res) => {
    const days = Number(str(req.body.days).trim() || 'NaN');
    try {
      await dvds.setCompletionDays(actorOf(res), days, Number.parseInt(str(req.body.version), 10) || 0);
    } catch (e) {
      if (e instanceof DvdsRefused) return renderSettings(res, 422, refusalErrors(e), str(req.body.days));
      if (e instanceof DvdsChanged) conflictGoesBackTo(res, paths.dvds.settings);
      throw e;
    }
    req.session.flash = { text: `Clare's Law applications are now due within ${days} calendar days` };
    res.redirect(303, paths.dvds.settings);
  });

  return router;
}
