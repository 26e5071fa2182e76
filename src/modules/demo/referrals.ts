import { Rng } from '../../../bench/generator/prng.ts';
import type { ShareableField } from '../../domain/referrals/referral.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { FixedClock } from '../../platform/clock.ts';
import type { Services } from '../../services.ts';
import { ReferralService } from '../referrals/index.ts';
import { demoUser, incidentsWithVictimSince } from './repository.ts';

const DAY = 86_400_000;
/** How many of the force's recent incidents are referred, and over how many days back. */
export const DEMO_REFERRALS = 60;
const REFERRAL_WINDOW_DAYS = 90;

/** What each kind of agency is sent: the least it needs (data minimisation). */
const FIELDS_FOR: Record<string, ShareableField[]> = {
  idva: ['victim-name', 'victim-phone', 'safe-contact', 'risk-grade', 'incident-summary'],
  csc: ['victim-name', 'victim-date-of-birth', 'victim-address', 'children', 'perpetrator', 'incident-summary'],
  mash: ['victim-name', 'victim-date-of-birth', 'victim-address', 'children', 'perpetrator', 'risk-grade'],
  housing: ['victim-name', 'victim-phone', 'safe-contact', 'victim-address'],
  refuge: ['victim-name', 'victim-phone', 'safe-contact', 'risk-grade'],
  isva: ['victim-name', 'victim-phone', 'safe-contact', 'incident-summary'],
};
/** Half go to the IDVA service, as in a force where the IDVA takes most medium and high-risk referrals. */
const AGENCY_CYCLE = ['idva', 'csc', 'idva', 'mash', 'idva', 'housing', 'idva', 'refuge', 'idva', 'isva'];

const OUTCOMES = ['contact-made', 'no-answer', 'message-left', 'support-engaged', 'support-declined'] as const;
const UPDATES = [
  'Safety plan agreed; target-hardening referral made.',
  'Victim attending the weekly support group.',
  'Court support arranged for the first hearing.',
  'Victim has moved to a safe address; new contact route agreed with her.',
];

/**
 * The demo force's referrals, made through the same service a coordinator uses: the last three months' incidents,
 * most to the IDVA service, some to children's social care, the MASH, housing, the refuge and the ISVA. Older ones
 * were answered (accepted, with the agency's contact outcomes and updates; rejected; closed; withdrawn), a few are
 * still unanswered past the response time (so the coordinator is reminded to chase them), and the newest await an
 * answer (the IDVA's home page lists them). Done once: a force that already has referrals is left as it is.
 */
export async function loadDemoReferrals(services: Services, seed: number): Promise<number> {
  if ((await services.referrals.count()) > 0) return 0;
  const coordinator = await demoUser(services.db, 'coordinator');
  const idvaUser = await demoUser(services.db, 'idva');
  if (!coordinator) return 0;
  const agencies = new Map((await services.users.listAgencies()).map((a) => [a.code, a]));
  const end = services.clock.now();
  const clock = new FixedClock(end);
  const referrals = new ReferralService(services.db, services.audit, clock).use({
    users: services.users,
    incidents: services.incidents,
    people: services.people,
    cases: services.cases,
    tasks: services.tasks,
  });
  const referrer: Actor = {
    userId: coordinator.id,
    username: coordinator.username,
    displayName: coordinator.display_name,
    role: 'coordinator',
    teamId: coordinator.team_id,
    agencyId: null,
    via: 'system',
  };
  const partnerOf = (code: string): Actor => {
    const agency = agencies.get(code)!;
    if (code === 'idva' && idvaUser)
      return {
        userId: idvaUser.id,
        username: idvaUser.username,
        displayName: idvaUser.display_name,
        role: 'partner',
        teamId: null,
        agencyId: agency.id,
        via: 'system',
      };
    return {
      userId: null,
      username: `${code}-demo`,
      displayName: agency.name,
      role: 'partner',
      teamId: null,
      agencyId: agency.id,
      via: 'system',
    };
  };
  const rng = new Rng(seed + 17);
  // Spread over the window (newest first), so some are long since answered and closed and some arrived this week.
  const recent = await incidentsWithVictimSince(services.db, new Date(end.getTime() - REFERRAL_WINDOW_DAYS * DAY), 5000);
  const step = Math.max(1, Math.floor(recent.length / DEMO_REFERRALS));
  const incidents = recent.filter((_, k) => k % step === 0).slice(0, DEMO_REFERRALS);
  let made = 0;
  for (const [i, incident] of incidents.entries()) {
    const code = AGENCY_CYCLE[i % AGENCY_CYCLE.length];
    if (!agencies.has(code)) continue;
    const reported = new Date(incident.reported_at).getTime();
    const sentAt = Math.min(reported + DAY + rng.between(0, 8) * 3_600_000, end.getTime() - 3_600_000);
    clock.set(new Date(sentAt));
    const overridden = i % 7 === 3;
    const sent = await referrals.send(referrer, {
      incidentId: incident.id,
      agency: code,
      lawfulBasis: overridden
        ? code === 'csc' || code === 'mash'
          ? 'children-act-2004-s11'
          : 'safeguarding-individuals-at-risk'
        : i % 2
          ? 'consent'
          : 'safeguarding-individuals-at-risk',
      consent: overridden ? 'overridden' : 'given',
      overrideReason: overridden ? 'Children in the household at risk of significant harm; the victim was told of the referral.' : null,
      sharedFields: FIELDS_FOR[code] ?? FIELDS_FOR.idva,
    });
    if (!sent.ok) continue;
    made++;
    const age = (end.getTime() - sentAt) / DAY;
    // The newest (under a week) are left for the agency to answer; a few older ones too, past the response time.
    if (age < 7 || i % 9 === 4) continue;
    const partner = partnerOf(code);
    const answerAt = sentAt + rng.between(2, 40) * 3_600_000;
    clock.set(new Date(answerAt));
    if (i % 11 === 5) {
      await referrals.changeByForce(referrer, sent.id, 1, 'withdraw', 'The victim has moved out of the force area; referred on locally.');
      continue;
    }
    if (i % 6 === 2) {
      await referrals.respond(partner, sent.id, 1, 'reject', 'Outside our service criteria: signposted to the local outreach service.');
      if (age > 30) {
        clock.set(new Date(answerAt + 2 * DAY));
        await referrals.changeByForce(referrer, sent.id, 2, 'close', null);
      }
      continue;
    }
    await referrals.respond(partner, sent.id, 1, 'accept', null);
    clock.set(new Date(answerAt + DAY));
    await referrals.addUpdate(partner, sent.id, {
      kind: 'contact',
      outcome: OUTCOMES[i % OUTCOMES.length],
      note: 'By the safe-contact route.',
    });
    if (age > 20) {
      clock.set(new Date(answerAt + 6 * DAY));
      await referrals.addUpdate(partner, sent.id, { kind: 'update', note: UPDATES[i % UPDATES.length] });
    }
    if (age > 60) {
      clock.set(new Date(answerAt + 30 * DAY));
      await referrals.changeByForce(referrer, sent.id, 2, 'close', null);
    }
  }
  // Those still unanswered past their response time: the coordinator is given a task to chase each one (as the job does).
  await services.referrals.remindUnanswered(systemActor('referral-reminders'));
  return made;
}
