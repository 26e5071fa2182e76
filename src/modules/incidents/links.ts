import { can, type AccessSubject } from '../../domain/access/policy.ts';
import { paths } from '../../paths.ts';

/**
 * Where a link to an incident takes this user, decided by the policy as the pages themselves decide, so that no link
 * ends in a 403: a role that grades goes to the assessment page (where it can grade), a role that only reads incidents
 * to the read-only incident page, and a role that may open neither (a partner agency, an auditor) gets no link (null).
 */
export function incidentPageFor(actor: AccessSubject, incidentId: string): string | null {
  if (can(actor, 'assessment:grade') && can(actor, 'assessment:view')) return paths.incidents.assessment({ id: incidentId });
  if (can(actor, 'incident:view')) return paths.incidents.show({ id: incidentId });
  return null;
}
