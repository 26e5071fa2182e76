import { Rng } from '../../../bench/generator/prng.ts';
import { FixedClock } from '../../platform/clock.ts';
import type { Services } from '../../services.ts';
import { DvdsService, type StageInput } from '../dvds/index.ts';
import { DVDS_CHECKS, type DvdsRoute } from '../../domain/dvds/stages.ts';
import { actorFrom } from './encompass.ts';
import { demoUser } from './repository.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const THREE_YEARS = 3 * 365 * DAY;

/**
 * The demo force's Clare's Law applications, recorded through the DVDS service as the coordinator would, spread over
 * the force's three years: most long since closed (disclosed, or a recorded decision not to disclose, a few of them
 * late), and the recent ones open at every stage, some already past their 28 days, so the coordinator signs in to real
 * work. The applicant is the victim of an incident and the subject its suspect. Returns how many were recorded.
 */
export async function loadDemoDvds(services: Services, seed: number): Promise<number> {
  const coordinator = await demoUser(services.db, 'coordinator');
  if (!coordinator) return 0;
  const actor = actorFrom(coordinator);
  const now = services.clock.now();
  const clock = new FixedClock(now);
  const dvds = new DvdsService(services.db, services.audit, clock, {
    people: services.people,
    tasks: services.tasks,
    users: services.users,
  });
  const rng = new Rng(seed + 36);
  const pairs = await services.incidents.victimSuspectPairs(
    services.db,
    { from: new Date(now.getTime() - THREE_YEARS), before: now },
    2000,
  );
  const seen = new Set<string>();
  const distinct = pairs.filter((p) => p.victimId !== p.suspectId && !seen.has(p.victimId) && seen.add(p.victimId));
  // About one victim in sixteen asks (at least 8, at most 60), spread evenly over the three years.
  const target = Math.min(60, Math.max(8, Math.round(distinct.length * 0.06)), distinct.length);
  const chosen = Array.from({ length: target }, (_, i) => distinct[Math.floor((i * distinct.length) / target)]);
  let recorded = 0;
  const order = ['initial-contact', 'face-to-face', 'checks', 'risk-assessment', 'decision-forum', 'closing'] as const;
  for (const p of chosen) {
    const receivedAt = new Date(Math.min(now.getTime() - HOUR, p.reportedAt.getTime() + rng.between(1, 20) * DAY));
    const age = (now.getTime() - receivedAt.getTime()) / DAY;
    const route: DvdsRoute = rng.chance(0.8) ? 'right-to-ask' : 'right-to-know';
    clock.set(receivedAt);
    const row = await dvds.record(actor, {
      route,
      applicantKind: route === 'right-to-ask' ? 'applicant-at-risk' : null,
      applicant: { personId: p.victimId },
      atRisk: null,
      subject: { personId: p.suspectId },
      relationship: rng.pick(['Partner of 3 months', 'Partner of a year', 'New partner', 'Ex-partner, back in contact']),
      concern: rng.pick([
        'He checks her phone and controls her money',
        'She heard he was violent to a former partner',
        'Officers attending an incident were concerned',
      ]),
      receivedAt,
    });
    recorded++;
    // Old ones are finished; recent ones stop at a stage by how long they have had (some run past 28 days).
    const stagesDone = age > 60 ? order.length : Math.min(order.length - 1, Math.floor(age / rng.between(4, 9)));
    let version = row.version;
    let at = receivedAt.getTime();
    const disclose = rng.chance(0.6);
    for (const step of order.slice(0, stagesDone)) {
      if (route === 'right-to-know' && (step === 'initial-contact' || step === 'face-to-face')) continue;
      at = Math.min(now.getTime() - HOUR, at + rng.between(1, age > 60 && rng.chance(0.15) ? 12 : 5) * DAY);
      const input: StageInput =
        step === 'initial-contact'
          ? { stage: step, immediateRisk: false, riskNotes: 'No immediate risk: no contact planned before the meeting' }
          : step === 'face-to-face'
            ? { stage: step, identityConfirmed: true, identityEvidence: 'Driving licence', notes: '' }
            : step === 'checks'
              ? {
                  stage: step,
                  results: Object.fromEntries(
                    DVDS_CHECKS.map((c) => [
                      c,
                      c === 'pnc' && disclose
                        ? { outcome: 'information-found' as const, note: 'Previous conviction for assault on a partner' }
                        : { outcome: 'nothing-found' as const, note: '' },
                    ]),
                  ) as never,
                }
              : step === 'risk-assessment'
                ? {
                    stage: step,
                    riskLevel: disclose ? 'high' : 'standard',
                    summary: disclose ? 'History of violence against partners' : 'Nothing on record to suggest a risk',
                  }
                : step === 'decision-forum'
                  ? {
                      stage: step,
                      attendees: 'DA coordinator, IDVA service, probation',
                      tests: { lawful: true, necessary: disclose, proportionate: disclose, pressingNeed: disclose },
                      decision: disclose ? 'disclose' : 'do-not-disclose',
                      rationale: disclose
                        ? 'A pressing need to protect her from serious harm'
                        : 'No information that would help protect her',
                    }
                  : disclose
                    ? {
                        stage: 'disclosed',
                        recipientPersonId: p.victimId,
                        disclosedBy: coordinator.display_name ?? 'DA coordinator',
                        wording: 'He has a conviction for violence against a former partner',
                        safetyPlan: 'IDVA referral, safe contact number agreed',
                        leafletGiven: true,
                      }
                    : {
                        stage: 'not-disclosed',
                        reason: 'Nothing held that the scheme would disclose',
                        applicantTold: 'No information that the police can disclose; the support services were explained',
                      };
      clock.set(new Date(at));
      const moved = await dvds.recordStage(actor, row.id, version, new Date(at), null, input);
      version = moved!.version;
    }
  }
  return recorded;
}
