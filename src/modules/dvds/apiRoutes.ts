import express from 'express';
import { can } from '../../domain/access/policy.ts';
import { sendProblem } from '../../platform/errors.ts';
import { recordRefusal } from '../../platform/auth/middleware.ts';
import type { Services } from '../../services.ts';
import { dvdsApiSchema } from './schemas.ts';
import { DvdsRefused, type ApplicationSummary } from './service.ts';

export function applicationJson(a: ApplicationSummary) {
  return {
    id: a.id,
    reference: a.reference,
    route: a.route,
    applicantKind: a.applicantKind,
    applicantPersonId: a.applicant.id,
    atRiskPersonId: a.atRisk?.id ?? null,
    subjectPersonId: a.subject.id,
    stage: a.stage,
    receivedAt: a.receivedAt.toISOString(),
    dueBy: a.dueBy.toISOString(),
    daysRemaining: a.daysRemaining,
    closedAt: a.closedAt?.toISOString() ?? null,
  };
}

export function dvdsApiRoutes(services: Services): express.Router {
  const router = express.Router();
  router.post('/dvds-applications', async (req, res) => {
    const actor = res.locals.actor!;
    if (!can(actor, 'dvds:record')) {
      await recordRefusal(services, actor, 'dvds:record', 'collection', req.path);
      return sendProblem(res, 403, "Your role may not record Clare's Law applications");
    }
    const parsed = dvdsApiSchema.safeParse(req.body);
    if (!parsed.success) {
      return sendProblem(res, 422, 'The application is not valid', {
        errors: parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(body)', message: i.message })),
      });
    }
    try {
      const row = await services.dvds.record(actor, parsed.data);
      const view = await services.dvds.view(actor, row.id);
      res.status(201).location(`${req.baseUrl}/dvds-applications/${row.id}`).json(applicationJson(view!));
    } catch (e) {
      if (e instanceof DvdsRefused) {
        return sendProblem(res, 422, 'The application is not valid', {
          errors: Object.entries(e.errors).map(([field, message]) => ({ field, message })),
        });
      }
      throw e;
    }
  });
  return router;
}
