import { can } from '../../domain/access/policy.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import type { Services } from '../../services.ts';

/**
 * What every page about a victim shows at its top: her safe-contact instructions, and her open case (or the way to
 * open one). Read as part of the page's own consultation of her record, which the page has audited.
 */
export async function victimPanel(services: Services, actor: Actor, personId: string | undefined, incidentId?: string) {
  if (!personId) return { safeContact: undefined, openCase: undefined, newCaseHref: undefined };
  const [safeContact, openCase] = await Promise.all([
    services.people.safeContactOf(personId),
    services.cases.openCaseOf(services.db, personId),
  ]);
  const query = new URLSearchParams({ personId, ...(incidentId ? { incidentId } : {}) });
  return {
    safeContact,
    openCase: openCase && can(actor, 'case:view') ? { id: openCase.id, reference: openCase.reference } : undefined,
    newCaseHref: !openCase && can(actor, 'case:open') ? `/cases/new?${query.toString()}` : undefined,
  };
}
