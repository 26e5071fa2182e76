import type express from 'express';
import { can, type Action } from '../../domain/access/policy.ts';
import type { Actor } from '../audit/actor.ts';
import type { AuditTrail, AuditCategory } from '../audit/auditTrail.ts';
import type { Db } from '../db/database.ts';
import { HttpError, sendProblem } from '../errors.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      actor?: Actor;
    }
  }
}

export function actorOf(res: express.Response): Actor {
  const actor = res.locals.actor;
  if (!actor) throw new HttpError(401, 'Sign in required');
  return actor;
}

/**
 * Refuses the request unless the actor's role allows the action. A refusal is a 403 and an audit event.
 * Record-level checks (relationship, restriction) happen in services with `assertAllowed`.
 */
export function authorise(
  deps: { db: Db; audit: AuditTrail },
  action: Action,
  category: AuditCategory = 'consultation',
  /** The people the request is about (from its URL), so a refusal shows in their "who has looked" log. */
  subjectsOf: (req: express.Request) => string[] | Promise<string[]> = () => [],
) {
  return async (req: express.Request, res: express.Response, next: express.NextFunction) => {
    const actor = res.locals.actor;
    if (!actor) return next(new HttpError(401, 'Sign in required'));
    if (can(actor, action)) return next();
    await recordRefusal(deps, actor, action, category, req.path, await subjectsOf(req));
    if (req.path.startsWith('/api/')) return sendProblem(res, 403, `Your role may not ${action}`);
    next(new HttpError(403, 'You do not have access to this'));
  };
}

export async function recordRefusal(
  deps: { db: Db; audit: AuditTrail },
  actor: Actor,
  action: Action,
  category: AuditCategory,
  path: string,
  subjects: string[] = [],
): Promise<void> {
  await deps.audit.record(deps.db, actor, {
    category,
    action,
    outcome: 'refused',
    subjects,
    details: { path },
  });
}

// Services check record-level access without HTTP: the refusal and the check live in ./access.ts.
export { AccessRefused, assertAllowed } from './access.ts';
