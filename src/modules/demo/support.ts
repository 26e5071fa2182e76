import { Rng } from '../../../bench/generator/prng.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { FixedClock } from '../../platform/clock.ts';
import { addDays } from '../../domain/calendar/localDate.ts';
import { londonDateOf } from '../../domain/calendar/london.ts';
import { ALARM_DEVICES, RETURN_REASONS } from '../../domain/support/alarmRules.ts';
import { DEFAULT_ELIGIBILITY, isEligible, SUPPORT_REFERRALS, VISIT_OUTCOMES } from '../../domain/support/secondResponder.ts';
import type { Services } from '../../services.ts';
import { AlarmService } from '../alarms/index.ts';
import { SecondResponderService } from '../support-programmes/index.ts';
import { TaskService } from '../tasks/index.ts';
import { actorFrom } from './encompass.ts';
import { demoUser } from './repository.ts';

const DAY = 86_400_000;
const INSTALLERS = ['Kent Safe Homes', 'TecSOS fitting team', 'PCSO Amira Shah', 'Sanctuary scheme (Swale)', 'PCSO Dan Kerr'];
const VISITORS = [
  'PC 4412 Evans with the IDVA',
  'PCSO Amira Shah with the IDVA',
  'PC 2208 Morgan',
  'PCSO Dan Kerr with a Rising Sun advocate',
];

/**
 * The demo force's support programmes, through the alarm and Second Responder services as the support officer works
 * them: panic alarms issued over the three years (most returned, some still out, several past their review date so
 * their review tasks are open), and Second Responder visits to eligible victims (made and recorded over the years, a
 * few scheduled for the coming days), leaving some eligible victims still waiting, one or two with the window closing.
 */
export async function loadDemoSupport(services: Services, seed: number): Promise<{ alarms: number; visits: number }> {
  const supportUser = await demoUser(services.db, 'support');
  if (!supportUser) return { alarms: 0, visits: 0 };
  const support = actorFrom(supportUser);
  const now = services.clock.now();
  const clock = new FixedClock(now);
  const tasks = new TaskService(services.db, services.audit, clock, services.schools, services.incidents);
  const alarms = new AlarmService(services.db, services.audit, clock, {
    people: services.people,
    cases: services.cases,
    incidents: services.incidents,
    tasks,
  });
  const visits = new SecondResponderService(services.db, services.audit, clock, { people: services.people, incidents: services.incidents });
  const rng = new Rng(seed + 38);
  const pairs = await services.incidents.victimSuspectPairs(
    services.db,
    { from: new Date(now.getTime() - 3 * 365 * DAY), before: now },
    3000,
  );
  const seen = new Set<string>();
  const victims = pairs.filter((p) => !seen.has(p.victimId) && seen.add(p.victimId));

  // Alarms: days before today each was issued; those over a year ago came back, the rest are out.
  const offsets = [-1020, -900, -760, -640, -560, -480, -420, -380, -300, -240, -200, -170, -150, -130, -120, -100, -75, -40, -20, -8];
  let issued = 0;
  for (const [i, days] of offsets.entries()) {
    const v = victims.find((p, k) => k % offsets.length === i && p.reportedAt.getTime() < now.getTime() + (days - 1) * DAY);
    if (!v) continue;
    const issuedOn = addDays(londonDateOf(now), days);
    clock.set(new Date(now.getTime() + days * DAY + 3 * 3_600_000));
    const row = await alarms.issue(support, {
      personId: v.victimId,
      device: rng.pick([...ALARM_DEVICES.filter((d) => d !== 'other')]),
      serialNumber: `TS-${String(40000 + i * 37 + rng.between(0, 30))}`,
      installer: rng.pick(INSTALLERS),
      issuedOn,
      notes: null,
    });
    issued++;
    if (days <= -300) {
      clock.set(new Date(now.getTime() + (days + rng.between(120, 280)) * DAY));
      await alarms.recordReturn(support, row.id, {
        version: row.version,
        returnedOn: londonDateOf(clock.now()),
        reason: rng.pick([...RETURN_REASONS.slice(0, 4)]),
      });
    } else if (days <= -170) {
      // Reviewed once at its date; the next review is now due too.
      clock.set(new Date(now.getTime() + (days + 90) * DAY));
      await alarms.recordReview(support, row.id, { version: row.version, note: 'Tested with her; still needed' });
    }
  }
  clock.set(now);
  await alarms.raiseDueTasks(systemActor('panic-alarms'));

  // Second Responder visits: eligible victims of the three years' incidents, visited 2 to 10 days after.
  let scheduled = 0;
  for (let back = 3 * 365; back > 16; back -= 30) {
    const month = await services.incidents.victimIncidentsBetween(services.db, {
      from: new Date(now.getTime() - back * DAY),
      before: new Date(now.getTime() - (back - 30) * DAY),
    });
    for (const e of month.filter((m) => isEligible(DEFAULT_ELIGIBILITY, m)).slice(0, 3)) {
      clock.set(new Date(e.reportedAt.getTime() + rng.between(1, 2) * DAY));
      const visitAt = new Date(e.reportedAt.getTime() + rng.between(2, 10) * DAY);
      try {
        const row = await visits.schedule(support, {
          incidentId: e.incidentId,
          personId: e.victimId,
          visitAt,
          visitors: rng.pick(VISITORS),
        });
        clock.set(new Date(visitAt.getTime() + 3 * 3_600_000));
        await visits.recordOutcome(support, row.id, {
          version: row.version,
          outcome: rng.chance(0.7) ? 'visited' : rng.pick([...VISIT_OUTCOMES.slice(1)]),
          notes: null,
          referrals: rng.chance(0.6) ? [rng.pick([...SUPPORT_REFERRALS.slice(0, 6)])] : [],
        });
        scheduled++;
      } catch {
        // A merged or restricted record, or two of her incidents on a day: the demo moves on.
      }
    }
  }
  // This fortnight: half the eligible victims have a visit scheduled in their window; the rest wait on the list.
  clock.set(now);
  const waiting = await visits.list(support);
  for (const [i, e] of waiting.eligible.entries()) {
    if (i % 2 === 1 || e.window.state === 'closing') continue;
    const visitAt = new Date(Math.max(e.window.opensAt.getTime(), now.getTime() + DAY) + rng.between(1, 3) * 3_600_000);
    if (visitAt.getTime() > e.window.closesAt.getTime()) continue;
    await visits.schedule(support, { incidentId: e.incidentId, personId: e.person.id, visitAt, visitors: rng.pick(VISITORS) });
    scheduled++;
  }
  return { alarms: issued, visits: scheduled };
}
