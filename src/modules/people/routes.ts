import { can } from '../../domain/access/policy.ts';
import express from 'express';
import { actorOf } from '../../platform/auth/middleware.ts';
import { declaredRoutes } from '../../platform/auth/route.ts';
import { renderRestricted } from '../access/index.ts';
import { NotFound } from '../../platform/errors.ts';
import { govukErrors } from '../../platform/forms.ts';
import { paths } from '../../paths.ts';
import { incidentPageFor } from '../incidents/index.ts';
import type { Services } from '../../services.ts';
import { victimPanel } from '../cases/index.ts';
import { AUDIT_PAGE_SIZE } from './service.ts';
import { personSearchSchema, uuidSchema } from './schemas.ts';

export function peopleRoutes(services: Services): express.Router {
  const router = express.Router();
  const route = declaredRoutes(router, services);
  const { people, access } = services;

  const renderSearch = (res: express.Response, status: number, view: Record<string, unknown>) =>
    res.status(status).render('people/views/search.njk', { pageTitle: 'Find a person', values: {}, ...view });

  route.get(paths.people.search, { can: 'person:search' }, (_req, res) => renderSearch(res, 200, {}));

  // A search is a POST so that names, dates of birth and phone numbers never appear in URLs, history or logs.
  route.post(paths.people.search, { can: 'person:search' }, async (req, res) => {
    const parsed = personSearchSchema.safeParse(req.body);
    if (!parsed.success) return renderSearch(res, 422, { values: req.body, errors: govukErrors(parsed.error) });
    const actor = actorOf(res);
    const scope = await access.listScope(actor, 'person:search');
    const { people: results, more, currentNamesOnly } = await people.search(actor, parsed.data, scope);
    renderSearch(res, 200, { values: req.body, results, more, currentNamesOnly, searched: true });
  });

  const personId = (req: express.Request) => {
    const parsed = uuidSchema.safeParse(req.params.id);
    if (!parsed.success) throw new NotFound('No such person');
    return parsed.data;
  };
  const subjectOf = (req: express.Request) => {
    const parsed = uuidSchema.safeParse(req.params.id);
    return parsed.success ? [parsed.data] : [];
  };
  // The record asked for, and the merged record the page explains when the user was sent on from it.
  const subjectsOfPage = (req: express.Request) => {
    const from = uuidSchema.safeParse(req.query.mergedFrom);
    return [...subjectOf(req), ...(from.success ? [from.data] : [])];
  };

  route.get(
    paths.people.show.pattern,
    {
      can: 'person:view',
      subjects: subjectsOfPage,
      onRestricted: (req, res) => renderRestricted(services, res, subjectOf(req)[0]),
    },
    async (req, res) => {
      const id = personId(req);
      // A record merged into another is read as that person: its address sends the user there (See Other), saying
      // which record they asked for so the page can explain the merge.
      const survivor = await people.locate(actorOf(res), id);
      if (!survivor) throw new NotFound('No such person');
      if (survivor !== id) return res.redirect(303, `${paths.people.show({ id: survivor })}?mergedFrom=${id}`);
      const mergedFrom = uuidSchema.safeParse(req.query.mergedFrom);
      const actor = actorOf(res);
      const scope = await access.listScope(actor, 'person:view');
      const found = await people.view(actor, id, { mergedFrom: mergedFrom.success ? mergedFrom.data : undefined, scope });
      if (!found) throw new NotFound('No such person');
      const restricted = found.person.restriction !== 'none';
      const orders = await services.orders.listFor(actor, found.person.id);
      const releases = await services.releases.listFor(actor, found.person.id);
      const alarms = await services.alarms.listFor(actor, found.person.id);
      const visits = await services.secondResponder.listFor(actor, found.person.id);
      const dvdsApplications = await services.dvds.listFor(actor, found.person.id);
      res.render('people/views/person.njk', {
        pageTitle: `${found.person.given_name} ${found.person.family_name}`,
        ...found,
        orders,
        mayRecordOrder: can(actor, 'order:record'),
        releases,
        mayRecordRelease: can(actor, 'release:record'),
        alarms,
        visits,
        mayRecordAlarm: can(actor, 'support:record'),
        dvdsApplications,
        mayRecordDvds: can(actor, 'dvds:record'),
        // Each entry links to its incident, on the page this user's role may open (none if it may open neither).
        // Breaches of the orders this person is subject to or protected by stand in the chronology with the incidents.
        chronology: [
          ...found.chronology.map((e) => ({ ...e, incidentHref: incidentPageFor(actor, e.incidentId) })),
          ...(orders?.breaches ?? []).map((b) => ({
            kind: 'order-breach' as const,
            at: b.occurredAt,
            reference: b.incident?.reference ?? '',
            incidentHref: b.incident ? incidentPageFor(actor, b.incident.id) : undefined,
            order: b.order,
            description: b.description,
            actionTaken: b.actionTaken,
          })),
        ].sort((a, b) => b.at.getTime() - a.at.getTime()),
        restricted,
        // A supervisor manages who may open a restricted record from the record itself.
        personId: found.person.id,
        grants: restricted && can(actor, 'person:grant-access') ? await access.grantsOn(found.person.id) : undefined,
        grantValues: {},
        ...(await victimPanel(services, actor, found.person.id)),
      });
    },
  );

  route.get(paths.people.auditLog.pattern, { can: 'person:audit-log', subjects: subjectOf, notTheRecord: true }, async (req, res) => {
    const page = Math.max(1, Math.min(100_000, Number.parseInt(String(req.query.page ?? '1'), 10) || 1));
    const found = await people.auditLog(actorOf(res), personId(req), page);
    if (!found) throw new NotFound('No such person');
    const pages = Math.max(1, Math.ceil(found.total / AUDIT_PAGE_SIZE));
    const href = (n: number) => `${paths.people.auditLog({ id: found.person.id })}?page=${n}`;
    res.render('people/views/audit-log.njk', {
      pageTitle: `Who has looked at the record of ${found.person.given_name} ${found.person.family_name}`,
      ...found,
      pagination: {
        previous: page > 1 ? { href: href(page - 1) } : undefined,
        next: page < pages ? { href: href(page + 1) } : undefined,
        items: [],
      },
      page,
      pages,
    });
  });

  return router;
}
