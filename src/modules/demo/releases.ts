import { Rng } from '../../../bench/generator/prng.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { FixedClock } from '../../platform/clock.ts';
import { addDays } from '../../domain/calendar/localDate.ts';
import { londonDateOf } from '../../domain/calendar/london.ts';
import { RELEASE_TYPES, NOTIFICATION_SOURCES } from '../../domain/releases/releaseRules.ts';
import type { Services } from '../../services.ts';
import { ReleaseService } from '../releases/index.ts';
import { TaskService } from '../tasks/index.ts';
import { actorFrom } from './encompass.ts';
import { demoUser } from './repository.ts';

const DAY = 86_400_000;
const PRISONS = ['HMP Elmley', 'HMP Swaleside', 'HMP Rochester', 'HMP Maidstone', 'HMP Standford Hill', 'HMP Belmarsh', 'HMP Lewes'];

/**
 * The demo force's prison releases, recorded through the release service as the support officer would, each told to
 * us some weeks before: perpetrators released over the force's three years (their risk reviews raised and done),
 * one released today with his review still open (so it is overdue), and some coming out within the next two weeks
 * (their reviews raised, due before the release) or later (not yet raised). Returns how many were recorded.
 */
export async function loadDemoReleases(services: Services, seed: number): Promise<number> {
  const supportUser = await demoUser(services.db, 'support');
  const supervisorUser = await demoUser(services.db, 'supervisor');
  if (!supportUser || !supervisorUser) return 0;
  const support = actorFrom(supportUser);
  const supervisor = actorFrom(supervisorUser);
  const now = services.clock.now();
  const clock = new FixedClock(now);
  const tasks = new TaskService(services.db, services.audit, clock, services.schools, services.incidents);
  const releases = new ReleaseService(services.db, services.audit, clock, {
    people: services.people,
    cases: services.cases,
    orders: services.orders,
    tasks,
  });
  const rng = new Rng(seed + 34);
  const pairs = await services.incidents.victimSuspectPairs(
    services.db,
    { from: new Date(now.getTime() - 3 * 365 * DAY), before: now },
    2000,
  );
  const seen = new Set<string>();
  const suspects = pairs.filter((p) => p.victimId !== p.suspectId && !seen.has(p.suspectId) && seen.add(p.suspectId));
  const today = londonDateOf(now);
  // Days from today of each release: past ones over three years, one today, some within 14 days, two later.
  const offsets = [-1000, -820, -700, -540, -400, -300, -210, -150, -90, -45, -20, -6, 0, 2, 5, 9, 12, 30, 55];
  let recorded = 0;
  for (const [i, days] of offsets.entries()) {
    // He is released some time after the incident that put him away.
    const p = suspects.find((s, k) => k % offsets.length === i && s.reportedAt.getTime() < now.getTime() + (days - 60) * DAY);
    if (!p) continue;
    const releaseOn = addDays(today, days);
    const toldAt = new Date(now.getTime() + (days - rng.between(21, 40)) * DAY);
    clock.set(toldAt);
    const type = rng.pick([...RELEASE_TYPES.filter((t) => t !== 'other')]);
    const mappa = rng.chance(0.4);
    const row = await releases.record(support, {
      personId: p.suspectId,
      custodyFrom: londonDateOf(new Date(p.reportedAt.getTime() + 2 * DAY)),
      releaseOn,
      establishment: rng.pick(PRISONS),
      releaseType: type,
      licenceEndsOn: type === 'end-of-sentence' || type === 'remand-ended' ? null : addDays(releaseOn, rng.between(180, 720)),
      conditions:
        type === 'end-of-sentence' || type === 'remand-ended'
          ? []
          : [
              { kind: 'no-contact', text: 'Must not contact the victim directly or indirectly' },
              {
                kind: 'exclusion-zone',
                text: 'Must not enter the exclusion zone on the licence map',
                address: 'The streets around the victim’s home',
              },
            ],
      mappaCategory: mappa ? rng.pick([1, 2, 3] as const) : null,
      mappaLevel: mappa ? rng.pick([1, 2] as const) : null,
      notifiedBy: rng.pick([...NOTIFICATION_SOURCES.filter((s) => s !== 'other' && s !== 'victim')]),
      notifiedOn: londonDateOf(toldAt),
      notes: null,
    });
    recorded++;
    // The hourly job raises the review on the day it opens (or at once when it has opened by now).
    clock.set(new Date(Math.min(now.getTime(), Math.max(toldAt.getTime(), row.review_opens_at.getTime()) + 3_600_000)));
    await releases.raiseDueReviews(systemActor('release-reviews'));
    // Past releases were reviewed before he came out; today's has not been (it stands out as overdue).
    const raised = await releases.reviewTaskOf(row.id);
    if (raised && days < 0) {
      clock.set(new Date(row.review_due_by.getTime() - rng.between(2, 6) * DAY));
      await tasks.complete(
        supervisor,
        raised,
        1,
        'Risk re-assessed with the victim; safety plan updated; licence conditions checked; MARAC considered',
      );
    }
  }
  clock.set(now);
  return recorded;
}
