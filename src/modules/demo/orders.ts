import { Rng } from '../../../bench/generator/prng.ts';
import { FixedClock } from '../../platform/clock.ts';
import type { Services } from '../../services.ts';
import { OrderService } from '../orders/index.ts';
import { actorFrom } from './encompass.ts';
import { demoUser } from './repository.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The demo force's order register, recorded through the order service as the support officer would (so each is
 * audited and checked against the law): two DVPNs served in the last day whose hearings are still to come, DVPNs
 * heard in the last month whose DVPOs are in force (some ending within the week, one breached), and longer-running
 * restraining orders, non-molestation orders and bail conditions. Returns how many were recorded.
 */
export async function loadDemoOrders(services: Services, seed: number): Promise<number> {
  const support = await demoUser(services.db, 'support');
  if (!support) return 0;
  const actor = actorFrom(support);
  const now = services.clock.now();
  const clock = new FixedClock(now);
  const orders = new OrderService(services.db, services.audit, clock, services.people, services.incidents);
  const rng = new Rng(seed + 19);
  const pairs = await services.incidents.victimSuspectPairs(services.db, { from: new Date(now.getTime() - 120 * DAY), before: now }, 400);
  const seen = new Set<string>();
  const distinct = pairs.filter((p) => p.victimId !== p.suspectId && !seen.has(p.suspectId) && seen.add(p.suspectId));
  const authorisers = ['Supt Amara Quayle', 'Supt Rhys Calder', 'Ch Supt Helen Okafor'];
  let recorded = 0;
  const noContact = (name = 'the person protected') => ({
    kind: 'no-contact' as const,
    text: `Must not contact ${name} directly or through any third party`,
  });

  // Served in the last day: the hearing is still to come (48 hours, Sundays and bank holidays not counted).
  for (const p of distinct.filter((p) => now.getTime() - p.reportedAt.getTime() < 2 * DAY).slice(0, 2)) {
    const servedAt = new Date(Math.max(p.reportedAt.getTime() + 3 * HOUR, now.getTime() - rng.between(4, 20) * HOUR));
    if (servedAt.getTime() > now.getTime()) continue;
    clock.set(servedAt);
    await orders.record(actor, {
      type: 'DVPN',
      subjectPersonId: p.suspectId,
      protectedPersonIds: [p.victimId],
      startsAt: servedAt,
      endsAt: null,
      incidentId: p.incidentId,
      authorisedBy: { name: rng.pick(authorisers), rank: 'superintendent' },
      conditions: [noContact(), { kind: 'exclusion-zone', text: 'Must not enter the street where the person protected lives' }],
    });
    recorded++;
  }

  // Heard in the last month: the court made a DVPO of 14 to 28 days; the first is breached.
  const heard = distinct.filter((p) => {
    const age = now.getTime() - p.reportedAt.getTime();
    return age > 3 * DAY && age < 26 * DAY;
  });
  for (const [i, p] of heard.slice(0, 6).entries()) {
    const servedAt = new Date(p.reportedAt.getTime() + rng.between(2, 6) * HOUR);
    clock.set(servedAt);
    const notice = await orders.record(actor, {
      type: 'DVPN',
      subjectPersonId: p.suspectId,
      protectedPersonIds: [p.victimId],
      startsAt: servedAt,
      endsAt: null,
      incidentId: p.incidentId,
      authorisedBy: { name: rng.pick(authorisers), rank: rng.chance(0.8) ? 'superintendent' : 'chief-superintendent' },
      conditions: [noContact()],
    });
    const madeAt = new Date(servedAt.getTime() + rng.between(20, 40) * HOUR);
    const days = [14, 21, 28][rng.int(3)];
    const endsAt = new Date(madeAt.getTime() + days * DAY);
    clock.set(new Date(madeAt.getTime() + HOUR));
    const made = await orders.recordHearingOutcome(actor, notice.id, notice.version, {
      outcome: 'made',
      madeAt,
      endsAt,
      conditions: [noContact(), { kind: 'exclusion-zone', text: 'Must not come within 100 metres of the home of the person protected' }],
    });
    recorded += 2;
    if (i === 0 && made?.orderId) {
      const breachAt = new Date(madeAt.getTime() + 2 * DAY + 5 * HOUR);
      if (breachAt.getTime() < now.getTime()) {
        clock.set(new Date(breachAt.getTime() + 2 * HOUR));
        await orders.recordBreach(actor, made.orderId, {
          occurredAt: breachAt,
          description: 'Sent repeated text messages to the person protected and waited outside her workplace',
          actionTaken: 'Arrested; put before the magistrates within 24 hours',
          incidentReference: null,
        });
      }
    }
  }

  // Longer-running orders from the courts, and bail conditions on a charge.
  const longer = distinct.filter((p) => now.getTime() - p.reportedAt.getTime() >= 26 * DAY).slice(0, 6);
  const kinds = [
    'restraining-order',
    'non-molestation-order',
    'bail-conditions',
    'restraining-order',
    'non-molestation-order',
    'stalking-protection-order',
  ] as const;
  for (const [i, p] of longer.entries()) {
    const type = kinds[i];
    const startsAt = new Date(p.reportedAt.getTime() + rng.between(5, 20) * DAY);
    if (startsAt.getTime() > now.getTime()) continue;
    clock.set(startsAt);
    const months = type === 'bail-conditions' ? 1 : rng.between(6, 24);
    await orders.record(actor, {
      type,
      subjectPersonId: p.suspectId,
      protectedPersonIds: [p.victimId],
      startsAt,
      endsAt: new Date(startsAt.getTime() + months * 30 * DAY),
      incidentId: p.incidentId,
      authorisedBy: null,
      conditions:
        type === 'bail-conditions' ? [noContact(), { kind: 'other', text: 'Curfew 19:00 to 07:00 at the bail address' }] : [noContact()],
    });
    recorded++;
  }
  return recorded;
}
