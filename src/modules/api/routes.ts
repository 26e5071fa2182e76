import express from 'express';
import { z } from 'zod';
import { can } from '../../domain/access/policy.ts';
import { RECORDS_NOT_HELD } from '../../domain/assessment/systemsChecklist.ts';
import { recordRefusal } from '../../platform/auth/middleware.ts';
import { sendProblem } from '../../platform/errors.ts';
import { guard } from '../../platform/auth/route.ts';
import type { Services } from '../../services.ts';
import { openApiDocument } from './openapi.ts';
import { fieldErrors, incidentSchema, IncidentRejected } from '../incidents/index.ts';
import { referralApiRoutes } from '../referrals/index.ts';
import { OrderRefused, orderApiSchema, type OrderSummary } from '../orders/index.ts';
import { applicationJson, dvdsApiRoutes } from '../dvds/index.ts';
import { victimsCodeApiRoutes } from '../victims-code/index.ts';
import { caseApiRoutes } from '../cases/index.ts';

const auditQuery = z.object({
  personId: z.string().uuid('personId must be a UUID'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

/** An order as the API gives it: its clocks at the top level, so a client can act on them. */
function orderJson(o: OrderSummary) {
  return {
    id: o.id,
    reference: o.reference,
    type: o.type,
    status: o.status,
    subjectPersonId: o.subject.id,
    protectedPersonIds: o.protectedPeople.map((p) => p.id),
    servedAt: o.startsAt,
    expiresAt: o.endsAt,
    hearingDueBy: o.hearingDueBy,
    notificationDueBy: o.notificationDueBy,
    breaches: o.breaches,
  };
}

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

  router.use(referralApiRoutes(services));

  router.get('/me', (_req, res) => {
    const a = res.locals.actor!;
    res.json({ username: a.username, displayName: a.displayName, role: a.role });
  });

  router.use(caseApiRoutes(services));
  router.use(dvdsApiRoutes(services));

  router.post('/incidents', async (req, res) => {
    const actor = res.locals.actor!;
    if (!can(actor, 'incident:create')) {
      await recordRefusal(services, actor, 'incident:create', 'collection', req.path);
      return sendProblem(res, 403, 'Your role may not send incidents');
    }
    const parsed = incidentSchema.safeParse(req.body);
    if (!parsed.success) return sendProblem(res, 422, 'The incident is not valid', { errors: fieldErrors(parsed.error) });
    let result;
    try {
      result = await services.intake.receive(actor, parsed.data);
    } catch (e) {
      if (e instanceof IncidentRejected) return sendProblem(res, 422, 'The incident is not valid', { errors: e.errors });
      throw e;
    }
    const { created, ...body } = result;
    res.status(created ? 201 : 200).json(body);
  });

  router.get(
    '/incidents/:id',
    guard(services, { can: 'incident:view', subjects: (req) => services.incidents.peopleIn(String(req.params.id)), notTheRecord: true }),
    async (req, res) => {
      const actor = res.locals.actor!;
      const id = z.string().uuid().safeParse(req.params.id);
      if (!id.success) return sendProblem(res, 404, 'No such incident');
      const found = await services.incidents.view(actor, id.data);
      if (!found) return sendProblem(res, 404, 'No such incident');
      const { incident, parties, riskAssessments, tasks } = found;
      // A restricted party not open to this user is named by id and role only: nothing recorded of them is sent.
      const closed = new Set(res.locals.access?.closed ?? []);
      res.json({
        id: incident.id,
        reference: incident.reference,
        sourceSystem: incident.source_system,
        sourceReference: incident.source_reference,
        reportedAt: incident.reported_at,
        occurredAt: incident.occurred_at,
        location: incident.location_address ? { address: incident.location_address, postcode: incident.location_postcode } : null,
        classification: incident.classification,
        relationship: incident.relationship,
        narrative: incident.narrative,
        status: incident.status,
        parties: parties.map((p) => ({
          role: p.role,
          personId: p.person_id,
          link: p.link,
          present: p.present,
          school: p.school,
          asRecorded: p.person_id && closed.has(p.person_id) ? null : p.details,
          ...(p.person_id && closed.has(p.person_id) ? { restricted: true } : {}),
        })),
        riskAssessments: riskAssessments.map((r) => ({
          instrument: r.instrument,
          version: r.instrument_version,
          answers: r.answers,
          officerGrade: r.officer_grade,
          // The officer's own reason for their grade (DARA requires one); an assessor's final grade row carries none.
          officerRationale: r.assessed_by === null ? r.rationale : null,
          assessorGrade: r.assessor_grade,
          submittedAt: r.submitted_at,
        })),
        tasks: tasks.map((t) => ({
          id: t.id,
          type: t.type,
          dueAt: t.due_at,
          state: t.state,
          subjectPersonId: t.subject_person_id,
          ...(t.type === 'operation-encompass' ? { outcome: (t.details as { outcome?: string }).outcome ?? null } : {}),
        })),
      });
    },
  );

  /** A person route's access: the record asked for and the one it now answers as, decided by the guard. */
  const personAccess = guard(services, { can: 'person:view', subjects: (req) => people.recordAndSurvivor(String(req.params.id)) });

  /** The person a request names, after the guard; undefined when the response has been sent. */
  const personFor = async (req: express.Request, res: express.Response) => {
    const actor = res.locals.actor!;
    const id = z.string().uuid().safeParse(req.params.id);
    if (!id.success) return void sendProblem(res, 404, 'No such person');
    const found = await people.view(actor, id.data, { scope: await services.access.listScope(actor, 'person:view') });
    if (!found) return void sendProblem(res, 404, 'No such person');
    return found;
  };

  /**
   * A record merged into another answers with the survivor (200, Content-Location naming the survivor's own address)
   * and `mergedFrom` saying which record was asked for and the merge that took it there; otherwise mergedFrom is null.
   */
  const mergedFromOf = (
    req: express.Request,
    res: express.Response,
    found: NonNullable<Awaited<ReturnType<typeof personFor>>>,
    suffix = '',
  ) => {
    const m = found.mergedFrom;
    if (!m) return null;
    res.setHeader('Content-Location', `${req.baseUrl}/people/${found.person.id}${suffix}`);
    return { id: m.id, mergedInto: m.mergedInto, mergedAt: m.mergedAt, mergedBy: m.mergedBy, reason: m.reason };
  };

  router.get('/people/:id', personAccess, async (req, res) => {
    const found = await personFor(req, res);
    if (!found) return;
    const { person, indicators, aliases, addresses, relationships } = found;
    const ordersInForce = (await services.orders.listFor(res.locals.actor!, person.id))?.inForce ?? [];
    const dvdsApplications = await services.dvds.listFor(res.locals.actor!, person.id);
    const mergedFrom = mergedFromOf(req, res, found);
    res.json({
      id: person.id,
      mergedFrom,
      givenName: person.given_name,
      middleNames: person.middle_names,
      familyName: person.family_name,
      dateOfBirth: person.date_of_birth,
      sex: person.sex,
      pncId: person.pnc_id,
      warningMarkers: person.warning_markers,
      aliases: aliases.map((a) => a.name),
      addresses: addresses.map((a) => ({ address: a.address, lastSeen: a.lastSeen })),
      indicators: {
        incidentsLast12Months: indicators.incidentsLast12Months,
        asVictim: indicators.asVictim,
        asSuspect: indicators.asSuspect,
        distinctVictims: indicators.distinctVictims,
        serialPerpetrator: indicators.serialPerpetrator,
        childrenLinked: indicators.childrenLinked,
        escalating: indicators.escalation.escalating,
        escalationReason: indicators.escalation.reason,
        highestGrade: indicators.highestGrade,
        lastMaracReferralAt: indicators.lastMaracReferralAt,
      },
      ordersInForce: ordersInForce.map(orderJson),
      dvdsApplications: dvdsApplications?.map(applicationJson) ?? null,
      // Safeguard holds no Clare's Law disclosures yet: say so rather than report an empty list as checked.
      notHeldInSafeguard: RECORDS_NOT_HELD.map((r) => r.check.id),
      relationships: relationships.map((r) => ({
        personId: r.personId,
        name: r.name,
        relation: r.relation,
        incidents: r.incidents,
        lastAt: r.lastAt,
      })),
    });
  });

  const chronologyQuery = z.object({
    page: z.coerce.number().int('page must be a whole number').min(1, 'page starts at 1').max(10_000).default(1),
    pageSize: z.coerce.number().int('pageSize must be a whole number').min(1).max(500, 'pageSize may be at most 500').default(100),
  });

  router.get('/people/:id/chronology', personAccess, async (req, res) => {
    const query = chronologyQuery.safeParse(req.query);
    if (!query.success) return sendProblem(res, 400, 'The query is not valid', { errors: fieldErrors(query.error) });
    const found = await personFor(req, res);
    if (!found) return;
    const { page, pageSize } = query.data;
    const events = found.chronology.slice((page - 1) * pageSize, page * pageSize);
    const mergedFrom = mergedFromOf(req, res, found, '/chronology');
    res.json({
      personId: found.person.id,
      mergedFrom,
      page,
      pageSize,
      total: found.chronology.length,
      events: events.map((e) => ({
        type: e.kind,
        at: e.at,
        reference: e.reference,
        incidentId: e.incidentId || undefined,
        role: e.role,
        classification: e.classification,
        grade: e.grade ?? undefined,
        maracCriteria: e.maracCriteria?.map((c) => c.criterion),
        otherParties: e.otherParties.map((p) => ({ personId: p.personId, role: p.role })),
      })),
    });
  });

  router.post('/orders', async (req, res) => {
    const actor = res.locals.actor!;
    if (!can(actor, 'order:record')) {
      await recordRefusal(services, actor, 'order:record', 'collection', req.path);
      return sendProblem(res, 403, 'Your role may not record protective notices or orders');
    }
    const parsed = orderApiSchema.safeParse(req.body);
    if (!parsed.success) return sendProblem(res, 422, 'The order is not valid', { errors: fieldErrors(parsed.error) });
    try {
      const row = await services.orders.record(actor, parsed.data);
      const order = await services.orders.view(actor, row.id);
      res.status(201).location(`${req.baseUrl}/orders/${row.id}`).json(orderJson(order!));
    } catch (e) {
      if (e instanceof OrderRefused) {
        return sendProblem(res, 422, 'The order is not valid', {
          errors: Object.entries(e.errors).map(([field, message]) => ({ field, message })),
        });
      }
      throw e;
    }
  });

  router.get('/orders/:id', async (req, res) => {
    const actor = res.locals.actor!;
    if (!can(actor, 'order:view')) {
      await recordRefusal(services, actor, 'order:view', 'consultation', req.path);
      return sendProblem(res, 403, 'Your role may not read the order register');
    }
    const id = String(req.params.id);
    const order = /^[0-9a-f-]{36}$/i.test(id) ? await services.orders.view(actor, id) : undefined;
    if (!order) return sendProblem(res, 404, 'No such order');
    res.json(orderJson(order));
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

  router.use(victimsCodeApiRoutes(services));

  router.use((_req, res) => sendProblem(res, 404, 'No such API resource'));
  return router;
}
