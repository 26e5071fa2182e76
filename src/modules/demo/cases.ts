import { Rng } from '../../../bench/generator/prng.ts';
import { londonDateOf } from '../../domain/calendar/london.ts';
import { addDays } from '../../domain/calendar/localDate.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import { FixedClock } from '../../platform/clock.ts';
import type { Services } from '../../services.ts';
import { CaseService, type ContactForm } from '../cases/index.ts';
import { TaskService } from '../tasks/index.ts';
import { demoUser, gradedVictims } from './repository.ts';

const DAY = 86_400_000;
/** One in this many medium- and high-risk victims gets a case in the demo. */
const CASE_EVERY = 6;
/** Cases opened more than this many days ago were worked and closed. */
const CLOSED_AFTER_DAYS = 90;

const ADVICE = [
  'Talked through a safety plan and how to call 999 silently (55). Explained the National Domestic Abuse Helpline.',
  'Explained the Domestic Violence Disclosure Scheme and offered a referral to the IDVA service.',
  'Explained bail conditions and what to do if he breaks them. Offered a Victim Personal Statement.',
  'Discussed a non-molestation order and signposted to the local family law clinic.',
];
const PLANS = [
  ['Call 999 in an emergency (Silent Solution: 55 if unable to speak)', 'A safe word agreed with a trusted person'],
  ['An escape bag with documents, medication and money kept somewhere safe', 'What the children do if there is an incident'],
  ['Phone and social media safety (location sharing off, passwords changed)', 'Change of routes and routines'],
];
const SAFE_CONTACTS = [
  { method: 'Mobile only; do not leave voicemail', safeTimes: 'Weekdays 9am to 2pm', mustNotKnow: 'The suspect and his family' },
  { method: 'Text first; call only when she replies "OK"', safeTimes: 'Evenings after 7pm', mustNotKnow: 'Her ex-partner' },
  { method: 'Call via her sister’s number', safeTimes: 'Saturday mornings', mustNotKnow: 'The suspect; her mother-in-law' },
];

const contact = (at: Date, extra: Partial<ContactForm>): ContactForm => ({
  method: 'call',
  direction: 'outgoing',
  occurredAt: at,
  withWhom: 'The victim',
  outcome: 'spoke',
  advice: null,
  safetyPlan: [],
  literature: [],
  notes: null,
  urgent: false,
  ndmRationale: null,
  policeResourceRequested: false,
  unseenCrime: null,
  intelligence: null,
  nextContactDueOn: null,
  ...extra,
});

/**
 * The demo force's safeguarding cases, through the cases service at the time each thing happened: cases opened for
 * some medium- and high-risk victims after grading, held by the victim care officer and the DA coordinator (and the
 * odd one by their team), with contacts, safety plans and safe-contact instructions; older cases closed, recent ones
 * open with their next contact due around today, and this week's urgent call and disclosures raising real tasks.
 */
export async function loadDemoCases(services: Services, seed: number): Promise<number> {
  const holders = (await Promise.all(['victimcare', 'coordinator'].map((u) => demoUser(services.db, u)))).filter((u) => u !== undefined);
  if (holders.length === 0) return 0;
  const actors: Actor[] = holders.map((u) => ({
    userId: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role as Actor['role'],
    teamId: u.team_id,
    agencyId: null,
    via: 'system',
  }));
  const now = services.clock.now();
  const clock = new FixedClock(now);
  const tasks = new TaskService(services.db, services.audit, clock, services.schools, services.incidents);
  const cases = new CaseService(services.db, services.audit, clock, { people: services.people, tasks, users: services.users });
  const rng = new Rng(seed + 17);
  const victims = await gradedVictims(services.db);
  const seen = new Set<string>();
  let opened = 0;
  let urgentCalls = 0;
  for (const [i, v] of victims.entries()) {
    // The unit's current caseload is denser than its history: most recent victims still have an open case.
    const recent = now.getTime() - new Date(v.reported_at).getTime() < (CLOSED_AFTER_DAYS - 2) * DAY;
    if ((!recent && i % CASE_EVERY !== 0) || (recent && i % 2 !== 0) || seen.has(v.person_id)) continue;
    seen.add(v.person_id);
    const actor = actors[opened % actors.length];
    const openedAt = new Date(new Date(v.reported_at).getTime() + 2 * DAY);
    if (openedAt > now) continue;
    clock.set(openedAt);
    const kase = await cases.openFor(actor, {
      victimPersonId: v.person_id,
      incidentIds: [v.incident_id],
      ownerId: opened % 7 === 6 ? null : actor.userId,
      teamId: actor.teamId,
      enhancedRights: true,
    });
    opened++;
    const sc = SAFE_CONTACTS[opened % SAFE_CONTACTS.length];
    await services.db
      .transaction()
      .execute((trx) =>
        services.people.recordSafeContact(
          trx,
          actor,
          v.person_id,
          { ...sc, phone: `07700 900${String(opened % 1000).padStart(3, '0')}`, notes: null },
          0,
        ),
      );
    const ageDays = (now.getTime() - openedAt.getTime()) / DAY;
    const closing = ageDays > CLOSED_AFTER_DAYS;
    let at = openedAt.getTime() + DAY / 4;
    const count = 1 + rng.int(3);
    for (let k = 0; k < count && at < now.getTime() - DAY / 8; k++) {
      const last = k === count - 1;
      const outcome = rng.chance(0.2) ? 'no-answer' : 'spoke';
      const nextOn = !closing && last ? addDays(londonDateOf(now), rng.between(-2, 5)) : null;
      // Made in office hours (09:00 to 16:45 UTC), never before the case was opened nor after now.
      const made = new Date(at);
      made.setUTCHours(9 + rng.int(7), rng.int(4) * 15, 0, 0);
      if (made <= openedAt) made.setTime(made.getTime() + DAY);
      if (made.getTime() + 3_600_000 > now.getTime()) break;
      clock.set(new Date(made.getTime() + 3_600_000));
      await cases.recordContact(
        actor,
        kase.id,
        contact(made, {
          outcome,
          advice: outcome === 'spoke' ? ADVICE[rng.int(ADVICE.length)] : null,
          safetyPlan: outcome === 'spoke' && k === 0 ? PLANS[rng.int(PLANS.length)] : [],
          literature: outcome === 'spoke' && k === 0 ? ['Helplines card (National DA Helpline, local IDVA service)'] : [],
          nextContactDueOn: nextOn && nextOn >= londonDateOf(clock.now()) ? nextOn : null,
        }),
      );
      at = made.getTime() + (3 + rng.int(10)) * DAY;
    }
    if (closing) {
      clock.set(new Date(Math.min(at, now.getTime())));
      const current = (await cases.find(services.db, kase.id))!;
      await cases.close(actor, kase.id, {
        version: current.version,
        reason: rng.chance(0.25) ? 'disengaged' : 'risk-reduced',
        detail: null,
      });
    } else if (urgentCalls < 2 && ageDays < 30) {
      urgentCalls++;
      // This week: a call from a victim in distress and her disclosures, so the supervisor and the officer have work.
      clock.set(new Date(now.getTime() - 3_600_000));
      await cases.recordContact(
        actor,
        kase.id,
        contact(new Date(now.getTime() - 2 * 3_600_000), {
          direction: 'incoming',
          urgent: true,
          ndmRationale:
            'She said he was outside and banging on the door: immediate threat (THRIVE high). Kept her on the line; CRC asked to dispatch.',
          policeResourceRequested: true,
          unseenCrime: 'He pushed her against the wall last weekend; not reported at the time.',
          intelligence: 'He is now driving a white van and staying with his brother in the town centre.',
          nextContactDueOn: londonDateOf(now),
        }),
      );
    }
  }
  return opened;
}
