import { Rng } from '../../../bench/generator/prng.ts';
import { ENGLAND_AND_WALES } from '../../domain/calendar/bankHolidays.ts';
import { addDays } from '../../domain/calendar/localDate.ts';
import { londonDateOf, londonInstant } from '../../domain/calendar/london.ts';
import type { CaseEventType } from '../../domain/calendar/victimsCode.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import { FixedClock } from '../../platform/clock.ts';
import type { Services } from '../../services.ts';
import { CaseService } from '../cases/index.ts';
import { VictimsCodeService } from '../victims-code/index.ts';
import { demoUser, demoVictims } from './repository.ts';

/** How many demo victims have Victims' Code work: a victim care officer's caseload and some of the coordinator's. */
export const DEMO_VICTIMS_CODE_CASES = 40;
const HOUR = 3_600_000;

/** What usually follows an arrest: the investigation's outcome, told to the victim in turn. */
const OUTCOMES: CaseEventType[][] = [['charge'], ['bail', 'charge'], ['rui', 'nfa'], ['released-no-charge', 'nfa'], ['bail'], ['rui']];

async function demoActor(services: Services, username: string): Promise<Actor | undefined> {
  const u = await demoUser(services.db, username);
  if (!u) return undefined;
  return {
    userId: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role as Actor['role'],
    teamId: u.team_id,
    agencyId: null,
    via: 'system',
  };
}

/** 15:00 London time on the last working day before today: an event her update is due for by the end of today. */
function lastWorkingDayAfternoon(now: Date): Date {
  let day = addDays(londonDateOf(now), -1);
  while (!ENGLAND_AND_WALES.isWorkingDay(day)) day = addDays(day, -1);
  return londonInstant(day, '15:00');
}

/**
 * The demo force's Victims' Code work, through the same service the pages use (so every step is audited): for the
 * victims of the most recent incidents, a case (opened if she has none), case events after her incident, and the
 * updates they oblige — most given on time, some late, and, relative to the demo clock, a few due today, a few overdue
 * and a few due later. Needs assessments, update preferences and VPS offers on most cases. Returns counts.
 */
export async function loadVictimsCodeWork(services: Services, seed: number): Promise<Record<string, number>> {
  const vco = await demoActor(services, 'victimcare');
  const coordinator = await demoActor(services, 'coordinator');
  const counts = { cases: 0, events: 0, onTime: 0, late: 0, open: 0 };
  if (!vco) return counts;
  const now = services.clock.now();
  const clock = new FixedClock(now);
  const cases = new CaseService(services.db, services.audit, clock);
  const victimsCode = new VictimsCodeService(services.db, services.audit, clock, { cases, people: services.people, users: services.users });
  const rng = new Rng(seed + 17);
  // Victims spread over the force's years, newest first: the newest carry the work still owed.
  const all = await demoVictims(services.db, new Date(now.getTime() - 2 * HOUR));
  const step = Math.max(1, Math.floor(all.length / DEMO_VICTIMS_CODE_CASES));
  const victims = all.filter((_, k) => k % step === 0).slice(0, DEMO_VICTIMS_CODE_CASES);
  for (const [i, v] of victims.entries()) {
    const officer = i % 4 === 3 && coordinator ? coordinator : vco;
    const lastIncident = new Date(v.last_reported);
    clock.set(new Date(Math.min(lastIncident.getTime() + 3 * HOUR, now.getTime())));
    let c = await cases.openCaseOf(services.db, v.person_id);
    if (!c) {
      c = await services.db.transaction().execute((trx) =>
        cases.open(trx, officer, {
          victimPersonId: v.person_id,
          incidentIds: v.incident_ids,
          ownerId: officer.userId,
          teamId: officer.teamId,
          // Every DA victim is eligible; a few (a witness-victim, say) were recorded without.
          enhancedRights: i % 9 !== 4,
          openedBy: officer.userId,
        }),
      );
      counts.cases++;
    }
    // Her needs, how she wants updates and the VPS offer, recorded soon after the case was opened (most cases).
    if (i % 5 !== 2) {
      await victimsCode.recordNeedsAssessment(officer, c.id, {
        version: 0,
        assessment: {
          supportNeeds: [
            ['emotional', 'safety'],
            ['safety', 'housing'],
            ['emotional', 'children'],
            ['financial', 'court'],
          ][i % 4] as never,
          communicationNeeds: i % 7 === 0 ? 'Dyslexic: prefers a phone call to letters' : null,
          interpreterLanguage: i % 11 === 0 ? 'Polish' : null,
          vulnerableOrIntimidated: i % 3 !== 0,
          consentsToReferral: i % 6 !== 5,
          notes: null,
        },
      });
      await victimsCode.agreePreferences(officer, c.id, {
        version: 1,
        preferences: {
          method: (['phone', 'text-message', 'visit', 'via-idva'] as const)[i % 4],
          frequency: (['every-event', 'weekly', 'fortnightly', 'key-stages-only'] as const)[i % 4],
          via: i % 4 === 3 ? 'idva' : 'victim-care-officer',
          viaName: null,
          notes: i % 2 ? 'Only after 6pm: the suspect works days' : null,
        },
      });
    }
    const events = scheduleFor(i, lastIncident, now, rng);
    for (const e of events) {
      clock.set(new Date(Math.min(e.at.getTime() + HOUR, now.getTime())));
      const { obligation } = await victimsCode.recordEvent(officer, c.id, { type: e.type, occurredAt: e.at });
      counts.events++;
      const dueBy = new Date(obligation.dueBy);
      if (e.told === 'not-yet') {
        counts.open++;
        continue;
      }
      const toldAt = whenTold(e, dueBy, rng);
      if (toldAt.getTime() > now.getTime()) {
        counts.open++;
        continue;
      }
      clock.set(new Date(Math.min(toldAt.getTime() + 10 * 60_000, now.getTime())));
      await victimsCode.giveUpdate(officer, obligation.id, {
        version: 1,
        toldAt,
        method: (['phone', 'visit', 'text-message', 'via-idva'] as const)[rng.int(4)],
        note: e.told === 'late' ? 'Could not reach her on the agreed number before the deadline; told when she called back.' : null,
      });
      counts[e.told === 'late' ? 'late' : 'onTime']++;
    }
    if (i % 5 !== 2 && events.some((e) => e.type === 'charge' && e.told !== 'not-yet')) {
      clock.set(now);
      await victimsCode.recordPersonalStatement(officer, c.id, {
        version: 2,
        status: i % 3 ? 'taken' : 'offered',
        on: londonDateOf(events.at(-1)!.at),
      });
    }
  }
  return counts;
}

/**
 * When the victim was told, in working hours (09:00 to 17:59 London time): on time, between the event and the end of
 * the due day; late, one to three days after the due day.
 */
function whenTold(e: PlannedEvent, dueBy: Date, rng: Rng): Date {
  const at = (day: string) => londonInstant(day, `${String(9 + rng.int(9)).padStart(2, '0')}:${String(rng.int(60)).padStart(2, '0')}`);
  if (e.told === 'late') return at(addDays(londonDateOf(dueBy), 1 + rng.int(3)));
  const first = londonDateOf(e.at);
  const last = londonDateOf(dueBy);
  for (let tries = 0; tries < 5; tries++) {
    let day = first;
    for (let steps = rng.int(3); steps > 0 && day < last; steps--) day = addDays(day, 1);
    const told = at(day);
    if (told.getTime() > e.at.getTime() && told.getTime() <= dueBy.getTime()) return told;
  }
  // An event late in the day with a 1-day limit: told the next morning, still inside the time limit.
  return at(addDays(first, 1)).getTime() <= dueBy.getTime() ? at(addDays(first, 1)) : new Date(e.at.getTime() + HOUR);
}

interface PlannedEvent {
  type: CaseEventType;
  at: Date;
  told: 'on-time' | 'late' | 'not-yet';
}

/**
 * The events of the i-th victim's case: the first four have an event on the last working day (due by the end of
 * today), the next six an event last week still untold (overdue), the next three one this morning (due later); the
 * rest an arrest, interview and outcome after her incident, each told on time, about one in seven late.
 */
function scheduleFor(i: number, incidentAt: Date, now: Date, rng: Rng): PlannedEvent[] {
  if (i < 4) return [{ type: (['arrest', 'charge', 'bail', 'rui'] as const)[i], at: lastWorkingDayAfternoon(now), told: 'not-yet' }];
  if (i < 10) {
    const type = (['rui', 'nfa', 'interview', 'released-no-charge', 'bail', 'not-investigated'] as const)[i - 4];
    return [{ type, at: londonInstant(addDays(londonDateOf(now), -(3 + i)), `${10 + (i % 6)}:20`), told: 'not-yet' }];
  }
  if (i < 13) return [{ type: 'interview', at: new Date(now.getTime() - 2 * HOUR), told: 'not-yet' }];
  const arrestAt = new Date(incidentAt.getTime() + (2 + rng.int(20)) * HOUR);
  const planned: PlannedEvent[] = [
    { type: 'arrest', at: arrestAt, told: 'on-time' },
    { type: 'interview', at: new Date(arrestAt.getTime() + (4 + rng.int(12)) * HOUR), told: 'on-time' },
  ];
  let at = planned[1].at;
  for (const type of OUTCOMES[i % OUTCOMES.length]) {
    at = new Date(at.getTime() + (1 + rng.int(40)) * 24 * HOUR);
    planned.push({ type, at, told: 'on-time' });
  }
  return planned
    .filter((e) => e.at.getTime() < now.getTime() - 2 * HOUR)
    .map((e) => ({ ...e, told: rng.chance(1 / 7) ? 'late' : 'on-time' }));
}
