import express from 'express';
import { actorOf } from '../../platform/auth/middleware.ts';
import { authorise } from '../../platform/auth/route.ts';
import { HttpError, conflictGoesBackTo } from '../../platform/errors.ts';
import { govukErrors, type GovukErrors } from '../../platform/forms.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { can } from '../../domain/access/policy.ts';
import { londonDateOf } from '../../domain/calendar/london.ts';
import {
  MAPPA_VALUES,
  NOTIFICATION_SOURCES,
  NOTIFICATION_SOURCE_NAMES,
  RELEASE_TYPES,
  RELEASE_TYPE_NAMES,
} from '../../domain/releases/releaseRules.ts';
import { leadDaysSchema, registerQuerySchema, releaseFormSchema } from './schemas.ts';
import { ReleaseChanged, ReleaseRefused } from './service.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const VIEW_NAMES = {
  upcoming: 'Upcoming',
  today: 'Released today',
  overdue: 'Reviews overdue',
  past: 'Past',
  all: 'All',
} as const;

/** A service refusal as the GOV.UK error summary, each message linked to the form field it is about. */
const FORM_FIELD: Record<string, string> = {
  personId: 'person',
  releaseOn: 'release-day',
  custodyFrom: 'custody-day',
  licenceEndsOn: 'licence-ends-day',
  notifiedOn: 'notified-day',
  establishment: 'establishment',
  mappaCategory: 'mappa-category',
  days: 'days',
};

function refusalErrors(e: ReleaseRefused): GovukErrors {
  const errors: GovukErrors = { errorList: [], fields: {} };
  for (const [key, text] of Object.entries(e.errors)) {
    const field = FORM_FIELD[key] ?? key;
    errors.fields[field] = { text };
    errors.errorList.push({ text, href: `#${field}` });
  }
  return errors;
}

const options = <K extends string>(keys: readonly K[], names: Record<K, string>) => keys.map((k) => ({ value: k, text: names[k] }));

export function releaseRoutes(services: Services): express.Router {
  const router = express.Router();
  const { releases } = services;

  const releaseId = (req: express.Request) => {
    if (!UUID.test(String(req.params.id))) throw new HttpError(404, 'No such release');
    return String(req.params.id);
  };
  const subjectsOf = async (req: express.Request) =>
    UUID.test(String(req.params.id ?? '')) ? await releases.peopleIn(String(req.params.id)) : [];
  const personOf = (req: express.Request) => {
    const p = typeof req.query.person === 'string' ? req.query.person : typeof req.body?.person === 'string' ? req.body.person : '';
    return UUID.test(p) ? [p] : [];
  };

  router.get(paths.releases.register, authorise(services, 'release:view'), async (req, res) => {
    const q = registerQuerySchema.parse(req.query);
    const actor = actorOf(res);
    const result = await releases.register(actor, q.view, q.page);
    const url = (view: string, page = 1) => `${paths.releases.register}?view=${view}${page > 1 ? `&page=${page}` : ''}`;
    const counts: Record<string, number> = result.counts;
    const flash = req.session.flash;
    delete req.session.flash;
    res.render('releases/views/register.njk', {
      pageTitle: `Prison releases: ${VIEW_NAMES[q.view].toLowerCase()}`,
      view: q.view,
      viewName: VIEW_NAMES[q.view],
      views: (Object.keys(VIEW_NAMES) as (keyof typeof VIEW_NAMES)[]).map((v) => ({
        text: `${VIEW_NAMES[v]} (${counts[v].toLocaleString('en-GB')})`,
        href: url(v),
        current: v === q.view,
      })),
      counts: result.counts,
      leadDays: result.leadDays,
      releases: result.releases,
      typeNames: RELEASE_TYPE_NAMES,
      mayRecord: releases.mayRecord(actor),
      maySettings: can(actor, 'release:settings'),
      pagination: {
        previous: result.page > 1 ? { href: url(q.view, result.page - 1) } : undefined,
        next: result.more ? { href: url(q.view, result.page + 1) } : undefined,
      },
      flash,
    });
  });

  const renderNew = async (
    res: express.Response,
    status: number,
    personId: string,
    values: Record<string, unknown>,
    errors?: GovukErrors,
  ) => {
    const person = UUID.test(personId) ? await releases.formFor(actorOf(res), personId) : undefined;
    if (!person) throw new HttpError(404, 'No such person');
    res.status(status).render('releases/views/new.njk', {
      pageTitle: 'Record a custody and release',
      person,
      values,
      errors,
      releaseTypes: options(RELEASE_TYPES, RELEASE_TYPE_NAMES),
      sources: options(NOTIFICATION_SOURCES, NOTIFICATION_SOURCE_NAMES),
      mappaValues: MAPPA_VALUES,
    });
  };

  router.get(paths.releases.new, authorise(services, 'release:record', 'collection', personOf), async (req, res) => {
    const [day, month, year] = londonDateOf(services.clock.now()).split('-').reverse();
    const person = typeof req.query.person === 'string' ? req.query.person : '';
    await renderNew(res, 200, person, {
      person,
      'notified-day': String(Number(day)),
      'notified-month': String(Number(month)),
      'notified-year': year,
    });
  });

  router.post(paths.releases.new, authorise(services, 'release:record', 'collection', personOf), async (req, res) => {
    const person = typeof req.body.person === 'string' ? req.body.person : '';
    const parsed = releaseFormSchema.safeParse(req.body);
    if (!parsed.success) {
      if (!UUID.test(person))
        throw new HttpError(400, 'Choose the person released from their record: record a release from his person page');
      return renderNew(res, 422, person, req.body, govukErrors(parsed.error));
    }
    try {
      const row = await releases.record(actorOf(res), parsed.data);
      req.session.flash = {
        text: row.reviewTaskId ? `Release ${row.reference} recorded and its risk review raised` : `Release ${row.reference} recorded`,
      };
      res.redirect(303, paths.releases.show({ id: row.id }));
    } catch (e) {
      if (e instanceof ReleaseRefused) return renderNew(res, 422, person, req.body, refusalErrors(e));
      throw e;
    }
  });

  router.get(paths.releases.show.pattern, authorise(services, 'release:view', 'consultation', subjectsOf), async (req, res) => {
    const release = await releases.view(actorOf(res), releaseId(req));
    if (!release) throw new HttpError(404, 'No such release');
    const flash = req.session.flash;
    delete req.session.flash;
    res.render('releases/views/release.njk', {
      pageTitle: `Release ${release.reference}`,
      release,
      typeNames: RELEASE_TYPE_NAMES,
      sourceNames: NOTIFICATION_SOURCE_NAMES,
      flash,
    });
  });

  const renderSettings = async (res: express.Response, status: number, errors?: GovukErrors, value?: string) => {
    const current = await releases.leadDays();
    res.status(status).render('releases/views/settings.njk', {
      pageTitle: 'Prison release risk reviews',
      current,
      value: value ?? String(current.days),
      errors,
    });
  };
  router.get(paths.releases.settings, authorise(services, 'release:settings'), (_req, res) => renderSettings(res, 200));
  router.post(paths.releases.settings, authorise(services, 'release:settings', 'alteration'), async (req, res) => {
    const parsed = leadDaysSchema.safeParse(req.body);
    const value = typeof req.body.days === 'string' ? req.body.days : '';
    if (!parsed.success) return renderSettings(res, 422, govukErrors(parsed.error), value);
    try {
      await releases.setLeadDays(actorOf(res), parsed.data.days, parsed.data.version);
    } catch (e) {
      if (e instanceof ReleaseRefused) return renderSettings(res, 422, refusalErrors(e), value);
      if (e instanceof ReleaseChanged) conflictGoesBackTo(res, paths.releases.settings);
      throw e;
    }
    req.session.flash = { text: `Risk reviews are now raised ${parsed.data.days} days before a release` };
    res.redirect(303, paths.releases.register);
  });

  return router;
}
