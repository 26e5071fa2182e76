import type express from 'express';
import { type Action } from '../../domain/access/policy.ts';
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

// Services check record-level access without HTTP: the refusal and the check live in ./access.ts.
export { AccessRefused, assertAllowed } from './access.ts';
