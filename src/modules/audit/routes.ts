import express from 'express';
import { actorOf, authorise } from '../../platform/auth/middleware.ts';
import { verifyAuditChain } from '../../platform/audit/auditTrail.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';

/** The auditor's check that nobody has edited or removed an audit event. */
export function auditRoutes(services: Services): express.Router {
  const router = express.Router();
  router.get(paths.audit.index, authorise(services, 'audit:verify'), (_req, res) => {
    res.render('audit/views/index.njk', { pageTitle: 'Audit trail' });
  });
  router.post(paths.audit.verify, authorise(services, 'audit:verify'), async (_req, res) => {
    const result = await verifyAuditChain(services.db);
    await services.audit.record(services.db, actorOf(res), {
      category: 'security',
      action: 'audit-chain-verified',
      details: { ok: result.ok, events: result.events, broken: result.broken.map((b) => b.id) },
    });
    res.render('audit/views/index.njk', { pageTitle: 'Audit trail', result });
  });
  return router;
}
