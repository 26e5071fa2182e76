import type express from 'express';
import { can, type Action, type RecordContext } from '../../domain/access/policy.ts';
import type { Actor } from '../audit/actor.ts';
import type { AuditTrail, AuditCategory } from '../audit/auditTrail.ts';
import type { Db } from '../db/database.ts';
import { HttpError } from '../errors.ts';

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

export class AccessRefused extends HttpError {
  constructor(
    readonly action: Action,
    readonly subjects: string[] = [],
    readonly category: AuditCategory = 'consultation',
  ) {
    super(403, 'You do not have access to this');
  }
}

/**
 * The check inside services; throws AccessRefused (the caller's error handler audits it). Without a record it asks
 * whether the role may do the action at all (the route's guard has decided the record: platform/auth/route.ts).
 */
export function assertAllowed(
  actor: Actor,
  action: Action,
  record?: RecordContext,
  subjects: string[] = [],
  category: AuditCategory = 'consultation',
): void {
  if (!can(actor, action, record)) throw new AccessRefused(action, subjects, category);
}
