import express from 'express';
import { can } from '../../domain/access/policy.ts';
import { CATEGORY_NAMES } from '../../domain/audit/eventNames.ts';
import { AUDIT_CATEGORIES } from '../../platform/audit/auditTrail.ts';
import { actorOf } from '../../platform/auth/middleware.ts';
import { guard } from '../../platform/auth/route.ts';
import { govukErrors } from '../../platform/forms.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { personSearchSchema } from '../people/index.ts';
import { auditFilterSchema } from './schemas.ts';
import { AUDIT_EXPORT_LIMIT } from './service.ts';

const FILTER_FIELDS = ['personId', 'user', 'category', 'from-day', 'from-month', 'from-year', 'to-day', 'to-month', 'to-year'];

/** The query string of the filters given (empty ones left out), for pagination and the export link. */
function queryOf(query: Record<string, unknown>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const f of FILTER_FIELDS) if (typeof query[f] === 'string' && query[f]) params.set(f, query[f]);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The audit trail: the chain check, and the auditor's search, person lookup and export. */
export function auditRoutes(services: Services): express.Router {
  const router = express.Router();
  const indexView = (res: express.Response) => ({ pageTitle: 'Audit trail', canSearch: can(actorOf(res), 'audit:search') });

  router.get(paths.audit.index, guard(services, { can: 'audit:verify' }), (_req, res) => {
    res.render('audit/views/index.njk', indexView(res));
  });
  router.post(paths.audit.verify, guard(services, { can: 'audit:verify' }), async (_req, res) => {
    const result = await services.auditLog.verifyChain(actorOf(res));
    res.render('audit/views/index.njk', { ...indexView(res), result });
  });

  const categories = (selected: unknown) => [
    { value: '', text: 'Any category' },
    ...AUDIT_CATEGORIES.map((c) => ({ value: c, text: CATEGORY_NAMES[c], selected: c === selected })),
  ];

  router.get(paths.audit.events, guard(services, { can: 'audit:search' }), async (req, res) => {
    const values = req.query as Record<string, string>;
    const view = { pageTitle: 'Search the audit log', values, categories: categories(values.category) };
    const parsed = auditFilterSchema.safeParse(req.query);
    if (!parsed.success) return res.status(422).render('audit/views/events.njk', { ...view, errors: govukErrors(parsed.error) });
    const page = Math.max(1, Math.min(100_000, Number.parseInt(String(req.query.page ?? '1'), 10) || 1));
    const found = await services.auditLog.search(actorOf(res), parsed.data, page);
    const href = (n: number) => `${paths.audit.events}${queryOf(values, { page: String(n) })}`;
    res.render('audit/views/events.njk', {
      ...view,
      ...found,
      page,
      exportLimit: AUDIT_EXPORT_LIMIT,
      exportHref: `${paths.audit.export}${queryOf(values)}`,
      canExport: can(actorOf(res), 'audit:export'),
      pagination: {
        previous: page > 1 ? { href: href(page - 1) } : undefined,
        next: found.more ? { href: href(page + 1) } : undefined,
        items: [],
      },
    });
  });

  router.get(paths.audit.export, guard(services, { can: 'audit:export' }), async (req, res) => {
    const parsed = auditFilterSchema.safeParse(req.query);
    if (!parsed.success) return res.redirect(303, `${paths.audit.events}${queryOf(req.query as Record<string, unknown>)}`);
    const csv = await services.auditLog.export(actorOf(res), parsed.data);
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', 'attachment; filename="audit-events-OFFICIAL-SENSITIVE.csv"')
      .set('Cache-Control', 'no-store')
      .send(csv);
  });

  const renderLookup = (res: express.Response, status: number, view: Record<string, unknown>) =>
    res.status(status).render('audit/views/people.njk', { pageTitle: 'Find a person in the audit log', values: {}, ...view });
  router.get(paths.audit.people, guard(services, { can: 'audit:search' }), (_req, res) => renderLookup(res, 200, {}));
  // A POST, like person search, so that names and dates of birth never appear in URLs, history or logs.
  router.post(paths.audit.people, guard(services, { can: 'audit:search' }), async (req, res) => {
    const body = {
      name: req.body?.name,
      'dob-day': req.body?.['dob-day'],
      'dob-month': req.body?.['dob-month'],
      'dob-year': req.body?.['dob-year'],
    };
    const parsed = personSearchSchema.safeParse(body);
    if (!parsed.success) return renderLookup(res, 422, { values: body, errors: govukErrors(parsed.error) });
    const found = await services.people.identityLookup(actorOf(res), parsed.data);
    renderLookup(res, 200, { values: body, ...found, searched: true });
  });
  return router;
}
