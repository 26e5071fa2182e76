import { can, type Action, type RecordContext } from '../../domain/access/policy.ts';
import type { Actor } from '../audit/actor.ts';
import type { AuditCategory } from '../audit/auditTrail.ts';

/**
 * The actor may not do this to this record. Services throw it (through `assertAllowed`); the app records the refusal
 * in the audit trail and the error handler answers 403.
 */
export class AccessRefused extends Error {
  constructor(
    readonly action: Action,
    readonly subjects: string[] = [],
    readonly category: AuditCategory = 'consultation',
  ) {
    super('You do not have access to this');
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
