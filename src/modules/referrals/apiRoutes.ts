import express from 'express';
import { z } from 'zod';
import { can } from '../../domain/access/policy.ts';
import { CONSENT_STATES } from '../../domain/referrals/referral.ts';
import { recordRefusal } from '../../platform/auth/middleware.ts';
import { sendProblem } from '../../platform/errors.ts';
import type { Services } from '../../services.ts';

/** The API's referral body: the shape is checked here, the consent and sharing rules in src/domain/referrals. */
export const referralRequestSchema = z.object({
  incidentId: z.string({ message: 'incidentId is required' }).uuid('incidentId must be a UUID'),
  agency: z.string({ message: "agency is required: the agency's code (for example idva) or id" }),
  lawfulBasis: z.string({ message: 'lawfulBasis is required' }),
  consent: z.enum(CONSENT_STATES, { message: 'consent must be "given", "refused" or "overridden"' }),
  overrideReason: z.string({ message: 'overrideReason must be text' }).optional(),
  sharedFields: z
    .array(z.string({ message: 'each of sharedFields must be a field name' }), { message: 'sharedFields must be a list of field names' })
    .optional(),
});

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** POST /api/v1/referrals and GET /api/v1/referrals/{id} (DESIGN.md §4), mounted inside the API's token check. */
export function referralApiRoutes(services: Services): express.Router {
  const router = express.Router();
  const { referrals } = services;

  router.post('/referrals', async (req, res) => {
    const actor = res.locals.actor!;
    if (!can(actor, 'referral:create')) {
      await recordRefusal(services, actor, 'referral:create', 'disclosure', req.path);
      return sendProblem(res, 403, 'Your role may not refer to partner agencies');
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = referralRequestSchema.safeParse(body);
    const errors = new Map<string, string>();
    if (!parsed.success) for (const i of parsed.error.issues) errors.set(i.path.map(String).join('.') || '(body)', i.message);
    // The rules run on whatever was sent, so one 422 names every field that is wrong, shape and rules alike.
    const result = await referrals.send(actor, {
      incidentId: z.string().uuid().safeParse(body.incidentId).data ?? null,
      agency: str(body.agency),
      lawfulBasis: str(body.lawfulBasis),
      consent: str(body.consent),
      overrideReason: str(body.overrideReason),
      sharedFields: Array.isArray(body.sharedFields) ? body.sharedFields.map(String) : undefined,
      dryRun: !parsed.success,
    });
    if (!result.ok || !parsed.success) {
      for (const p of result.ok ? [] : result.problems) if (!errors.has(p.field)) errors.set(p.field, p.message);
      return sendProblem(res, 422, 'The referral cannot be sent', { errors: [...errors].map(([field, message]) => ({ field, message })) });
    }
    const shown = await referrals.forApi(actor, result.id);
    res.status(201).json(shown);
  });

  router.get('/referrals/:id', async (req, res) => {
    const actor = res.locals.actor!;
    const id = z.string().uuid().safeParse(req.params.id);
    if (!id.success) return sendProblem(res, 404, 'No such referral');
    const action = actor.role === 'partner' ? 'partner:referral-view' : 'referral:view';
    if (!can(actor, action, { relationship: actor.role === 'partner' ? 'shared' : 'force' })) {
      await recordRefusal(services, actor, action, 'consultation', req.path);
      return sendProblem(res, 403, 'Your role may not read referrals');
    }
    res.json(await referrals.forApi(actor, id.data));
  });

  return router;
}
