import express from 'express';
import { z } from 'zod';
import { can } from '../../domain/access/policy.ts';
import { BREAK_GLASS_HOURS } from '../../domain/access/relationship.ts';
import { endOfLondonDay } from '../../domain/calendar/london.ts';
import { actorOf } from '../../platform/auth/middleware.ts';
import { declaredRoutes } from '../../platform/auth/route.ts';
import { HttpError } from '../../platform/errors.ts';
import { singleError, type GovukErrors } from '../../platform/forms.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { AccessRequestError } from './service.ts';

const UUID = z.string().uuid();
const idOf = (req: express.Request, name = 'id') => {
  const parsed = UUID.safeParse(req.params[name]);
  if (!parsed.success) throw new HttpError(404, 'No such person');
  return parsed.data;
};

interface RestrictedView {
  values?: Record<string, unknown>;
  errors?: GovukErrors;
  grantValues?: Record<string, unknown>;
  grantErrors?: GovukErrors;
}

/**
 * The "This record is restricted" page, shown with 403 in place of a restricted person's record: the break-glass
 * form for those whose role may break glass, and the grants of the record for those who may give access.
 */
export async function renderRestricted(
  services: Services,
  res: express.Response,
  personId: string,
  view: RestrictedView = {},
  status = 403,
) {
  const actor = actorOf(res);
  const mayGrant = can(actor, 'person:grant-access');
  res.status(status).render('access/views/restricted.njk', {
    pageTitle: 'This record is restricted',
    personId,
    mayBreakGlass: can(actor, 'person:break-glass'),
    breakGlassHours: BREAK_GLASS_HOURS,
    grants: mayGrant ? await services.access.grantsOn(personId) : undefined,
    values: {},
    grantValues: {},
    ...view,
  });
}

/** Break-glass and grants of restricted records. */
export function accessRoutes(services: Services): express.Router {
  const router = express.Router();
  const route = declaredRoutes(router, services);

  // A person id that names no person is a 404, before anything is recorded against it.
  const existing = async (req: express.Request) => {
    const id = idOf(req);
    if (!(await services.people.exists(id))) throw new HttpError(404, 'No such person');
    return id;
  };

  route.post(paths.people.breakGlass.pattern, { can: 'person:break-glass', category: 'consultation' }, async (req, res) => {
    const id = await existing(req);
    const reason = typeof req.body.reason === 'string' ? req.body.reason : '';
    try {
      await services.access.breakGlass(actorOf(res), id, reason);
    } catch (e) {
      if (!(e instanceof AccessRequestError)) throw e;
      return renderRestricted(services, res, id, { values: { reason }, errors: singleError(e.field, e.message) }, 422);
    }
    res.redirect(303, paths.people.show({ id }));
  });

  route.post(paths.people.accessGrants.pattern, { can: 'person:grant-access', category: 'alteration' }, async (req, res) => {
    const id = await existing(req);
    const body = req.body as Record<string, unknown>;
    const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const expiresOn = text('expiresOn').trim();
    const grantValues = { username: text('username'), reason: text('reason'), expiresOn };
    try {
      if (expiresOn && !/^\d{4}-\d{2}-\d{2}$/.test(expiresOn))
        throw new AccessRequestError('expiresOn', 'Enter the end date as a real date, for example 2027-03-31');
      await services.access.grant(actorOf(res), {
        personId: id,
        username: grantValues.username,
        reason: grantValues.reason,
        expiresAt: expiresOn ? endOfLondonDay(expiresOn) : null,
      });
    } catch (e) {
      if (!(e instanceof AccessRequestError)) throw e;
      const field = e.field === 'reason' ? 'grant-reason' : e.field;
      const errors = singleError(field, e.message);
      const grantErrors = { ...errors, fields: { [e.field]: { text: e.message } } };
      return backToRecord(req, res, id, { errors, grantErrors, grantValues });
    }
    res.redirect(303, paths.people.show({ id }));
  });

  route.post(paths.people.revokeGrant.pattern, { can: 'person:grant-access', category: 'alteration' }, async (req, res) => {
    const id = await existing(req);
    const grantId = idOf(req, 'grantId');
    if (!(await services.access.revoke(actorOf(res), id, grantId))) throw new HttpError(404, 'No such access to revoke');
    res.redirect(303, paths.people.show({ id }));
  });

  /** A grant form with errors goes back to wherever the supervisor manages grants: the record, or the restricted page. */
  const backToRecord = async (_req: express.Request, res: express.Response, id: string, view: RestrictedView) =>
    renderRestricted(services, res, id, view, 422);

  return router;
}
