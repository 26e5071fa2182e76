import express from 'express';
import { actorOf, authorise } from '../../platform/auth/middleware.ts';
import { HttpError } from '../../platform/errors.ts';
import { govukErrors } from '../../platform/forms.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { AUDIT_PAGE_SIZE } from './service.ts';
import { personSearchSchema, uuidSchema } from './schemas.ts';

export function peopleRoutes(services: Services): express.Router {
  const router = express.Router();
  const { people } = services;

  router.get(paths.people.search, authorise(services, 'person:search'), async (req, res) => {
    const actor = actorOf(res);
    const submitted = Object.keys(req.query).length > 0;
    if (!submitted) return res.render('people/views/search.njk', { pageTitle: 'Find a person', values: {} });
    const parsed = personSearchSchema.safeParse(req.query);
    if (!parsed.success) {
      return res
        .status(422)
        .render('people/views/search.njk', { pageTitle: 'Find a person', values: req.query, errors: govukErrors(parsed.error) });
    }
    const results = await people.search(actor, parsed.data);
    res.render('people/views/search.njk', { pageTitle: 'Find a person', values: req.query, results, searched: true });
  });

  const personId = (req: express.Request) => {
    const parsed = uuidSchema.safeParse(req.params.id);
    if (!parsed.success) throw new HttpError(404, 'No such person');
    return parsed.data;
  };

  router.get(paths.people.show.pattern, authorise(services, 'person:view'), async (req, res) => {
    const found = await people.view(actorOf(res), personId(req));
    if (!found) throw new HttpError(404, 'No such person');
    res.render('people/views/person.njk', { pageTitle: `${found.person.given_name} ${found.person.family_name}`, ...found });
  });

  router.get(paths.people.auditLog.pattern, authorise(services, 'person:audit-log'), async (req, res) => {
    const page = Math.max(1, Math.min(100_000, Number.parseInt(String(req.query.page ?? '1'), 10) || 1));
    const found = await people.auditLog(actorOf(res), personId(req), page);
    if (!found) throw new HttpError(404, 'No such person');
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
