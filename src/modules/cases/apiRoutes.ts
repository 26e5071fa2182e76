import express from 'express';
import { z } from 'zod';
import { can } from '../../domain/access/policy.ts';
import { recordRefusal } from '../../platform/auth/middleware.ts';
import { sendProblem } from '../../platform/errors.ts';
import type { Services } from '../../services.ts';
import { fieldErrors } from '../incidents/index.ts';
import { apiNewCaseSchema } from './schemas.ts';
import { CaseAlreadyOpen, CaseInputError, CaseNotFound, type SafeguardingCase } from './service.ts';

const body = (c: SafeguardingCase, incidentIds: string[]) => ({
  id: c.id,
  reference: c.reference,
  victimPersonId: c.victimPersonId,
  incidentIds,
  ownerId: c.ownerId,
  teamId: c.teamId,
  status: c.status,
  enhancedRights: c.enhancedRights,
  openedAt: c.openedAt,
  closedAt: c.closedAt,
  closureReason: c.closureReason,
  nextContactDueOn: c.nextContactDueOn,
  version: c.version,
});

/** `POST /api/v1/cases` and `GET /api/v1/cases/{id}` (DESIGN.md §4), mounted behind the API's bearer-token check. */
export function caseApiRoutes(services: Services): express.Router {
  const router = express.Router();
  const { cases } = services;

  router.post('/cases', async (req, res) => {
    const actor = res.locals.actor!;
    const victim = z.string().uuid().safeParse(req.body?.victimPersonId);
    if (!can(actor, 'case:open')) {
      await recordRefusal(services, actor, 'case:open', 'collection', req.path, victim.success ? [victim.data] : []);
      return sendProblem(res, 403, 'Your role may not open safeguarding cases');
    }
    const parsed = apiNewCaseSchema.safeParse(req.body);
    if (!parsed.success) return sendProblem(res, 422, 'The case is not valid', { errors: fieldErrors(parsed.error) });
    try {
      const opened = await cases.openFor(actor, {
        victimPersonId: parsed.data.victimPersonId,
        incidentIds: parsed.data.incidentIds,
        ownerId: parsed.data.ownerId ?? null,
        teamId: parsed.data.teamId ?? null,
        enhancedRights: parsed.data.enhancedRights,
      });
      res.status(201).json(body(opened, await cases.incidentIds(services.db, opened.id)));
    } catch (e) {
      if (e instanceof CaseInputError) {
        const field = e.field === 'owner' ? 'ownerId' : e.field === 'team' ? 'teamId' : e.field === 'incidents' ? 'incidentIds' : e.field;
        return sendProblem(res, e instanceof CaseAlreadyOpen ? 409 : 422, e.message, { errors: [{ field, message: e.message }] });
      }
      throw e;
    }
  });

  router.get('/cases/:id', async (req, res) => {
    const actor = res.locals.actor!;
    const id = z.string().uuid().safeParse(req.params.id);
    if (!id.success) return sendProblem(res, 404, 'No such case');
    if (!can(actor, 'case:view')) {
      const victim = await cases.victimOf(id.data);
      await recordRefusal(services, actor, 'case:view', 'consultation', req.path, victim ? [victim] : []);
      return sendProblem(res, 403, 'Your role may not view safeguarding cases');
    }
    try {
      const found = await cases.view(actor, id.data);
      res.json({
        ...body(
          found.case,
          found.incidents.map((i) => i.incidentId),
        ),
        ownerName: found.case.ownerName,
        teamName: found.case.teamName,
        contacts: found.contacts.map(({ recordedBy, ...k }) => ({ ...k, recordedBy })),
        tasks: found.tasks.map((t) => ({ id: t.id, type: t.type, state: t.state, dueAt: t.dueAt })),
      });
    } catch (e) {
      if (e instanceof CaseNotFound) return sendProblem(res, 404, 'No such case');
      throw e;
    }
  });

  return router;
}
