import express from 'express';
import { z } from 'zod';
import { can } from '../../domain/access/policy.ts';
import { recordRefusal } from '../../platform/auth/middleware.ts';
import { sendProblem } from '../../platform/errors.ts';
import type { Services } from '../../services.ts';
import { openApiDocument } from './openapi.ts';

const auditQuery = z.object({
  personId: z.string().uuid('personId must be a UUID'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

/** JSON API v1: bearer tokens act as their user, with that user's role. Errors are problem+json. */
export function apiRoutes(services: Services): express.Router {
  const router = express.Router();
  const { users, people } = services;

  router.get('/openapi.json', (_req, res) => res.json(openApiDocument(services.config.baseUrl)));

  router.use(async (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return sendProblem(res, 401, 'Send an API token as "Authorization: Bearer <token>"');
    }
    const actor = await users.actorForApiToken(match[1], String(req.id));
    if (!actor) {
      res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      return sendProblem(res, 401, 'The API token is not valid, or its user is disabled');
    }
    res.locals.actor = actor;
    next();
  });

  router.get('/me', (_req, res) => {
    const a = res.locals.actor!;
    res.json({ username: a.username, displayName: a.displayName, role: a.role });
  });

  router.get('/people/:id', async (req, res) => {
    const actor = res.locals.actor!;
    const id = z.string().uuid().safeParse(req.params.id);
    if (!id.success) return sendProblem(res, 404, 'No such person');
    if (!can(actor, 'person:view')) {
      await recordRefusal(services, actor, 'person:view', 'consultation', req.path, [id.data]);
      return sendProblem(res, 403, 'Your role may not view people');
    }
    const found = await people.view(actor, id.data);
    if (!found) return sendProblem(res, 404, 'No such person');
    const { person, incidents } = found;
    res.json({
      id: person.id,
      givenName: person.given_name,
      middleNames: person.middle_names,
      familyName: person.family_name,
      dateOfBirth: person.date_of_birth,
      sex: person.sex,
      pncId: person.pnc_id,
      incidents: incidents.map((i) => ({
        id: i.id,
        reference: i.reference,
        reportedAt: i.reported_at,
        role: i.role,
        classification: i.classification,
      })),
    });
  });

  router.get('/audit-events', async (req, res) => {
    const actor = res.locals.actor!;
    const parsed = auditQuery.safeParse(req.query);
    if (!parsed.success) {
      return sendProblem(res, 400, 'The query is not valid', {
        errors: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
      });
    }
    if (!can(actor, 'person:audit-log')) {
      await recordRefusal(services, actor, 'person:audit-log', 'consultation', req.path, [parsed.data.personId]);
      return sendProblem(res, 403, 'Only auditors and supervisors may read the audit log');
    }
    const found = await people.auditLog(actor, parsed.data.personId, parsed.data.page);
    if (!found) return sendProblem(res, 404, 'No such person');
    res.json({
      personId: found.person.id,
      total: found.total,
      page: parsed.data.page,
      events: found.events.map((e) => ({
        id: e.id,
        occurredAt: e.occurred_at,
        category: e.category,
        action: e.action,
        outcome: e.outcome,
        actor: e.actor_label,
        actorRole: e.actor_role,
        recipient: e.recipient,
        reason: e.reason,
        requestId: e.request_id,
      })),
    });
  });

  router.use((_req, res) => sendProblem(res, 404, 'No such API resource'));
  return router;
}
