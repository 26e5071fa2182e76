import { poolsFor } from '../../../bench/generator/pools.ts';
import { Rng } from '../../../bench/generator/prng.ts';
import { londonDateOf } from '../../domain/calendar/london.ts';
import { schoolAgeAtIncident, type SchoolChecks } from '../../domain/safeguarding/encompassOutcome.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { FixedClock } from '../../platform/clock.ts';
import type { Services } from '../../services.ts';
import { SchoolService } from '../schools/index.ts';
import { TaskService, closeEncompassTask, openEncompassTasks } from '../tasks/index.ts';
import { demoUser, schoolRegister } from './repository.ts';

/** Synthetic key adults: invented names, reserved example addresses and Ofcom's drama phone numbers (01632 960xxx). */
const KEY_ADULTS = [
  'Helen Carter',
  'Marcus Reid',
  'Priya Nair',
  'Gareth Evans',
  'Joanne Pike',
  'Tom Ashworth',
  'Nadia Rahman',
  'Claire Dunn',
];

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** The force's school list: every school the demo's children attend, each with its designated safeguarding lead. */
export async function loadDemoSchools(services: Services, seed: number): Promise<number> {
  const actor = systemActor('demo-loader');
  let n = 0;
  await services.db.transaction().execute(async (trx) => {
    for (const town of poolsFor(seed).towns) {
      for (const name of [...town.primarySchools, ...town.secondarySchools]) {
        if (await services.schools.findNamed(trx, name, town.name)) continue;
        await services.schools.register(trx, actor, {
          name,
          town: town.name,
          keyAdultName: KEY_ADULTS[n % KEY_ADULTS.length],
          keyAdultEmail: `dsl.${slug(name)}.${slug(town.name)}@schools.example`,
          keyAdultPhone: `01632 960${String(n % 1000).padStart(3, '0')}`,
        });
        n++;
      }
    }
  });
  return n;
}

type OpenEncompassTask = Awaited<ReturnType<typeof openEncompassTasks>>[number];
type Register = Awaited<ReturnType<typeof schoolRegister>>;

/** When the team did it: well inside the window from report to the start of the next school day. */
const doneAt = (t: OpenEncompassTask, fraction = 0.6, now = Infinity) => {
  const reported = new Date(t.reported_at).getTime();
  return new Date(Math.min(reported + (new Date(t.due_at).getTime() - reported) * fraction, now));
};

const stageOf = (t: OpenEncompassTask) => schoolAgeAtIncident(t.date_of_birth, londonDateOf(new Date(t.reported_at)));

/** A school in the child's home town, primary or secondary by age; any school when the town is not known. */
function schoolFor(t: OpenEncompassTask, register: Register, rng: Rng) {
  const age = stageOf(t)?.age ?? 8;
  const address = (t.location_address ?? '').toLowerCase();
  const local = register.filter((s) => s.town && address.includes(s.town.toLowerCase()));
  const phase = (s: Register[number]) => /Academy|High School/.test(s.name) === age >= 11;
  const choices = local.filter(phase).length ? local.filter(phase) : register;
  return choices.length ? choices[rng.int(choices.length)] : undefined;
}

const label = (s: Register[number]) => (s.town ? `${s.name}, ${s.town}` : s.name);

/**
 * The demo's past Operation Encompass work as a team leaves it: each child's school told (the school the officer
 * recorded, or the one found in the school list), a child too young for school recorded as such, and now and then a
 * school still unknown after checks — each with who did it and when, inside the deadline. Returns the count per outcome.
 */
export async function closeEncompassHistory(services: Services, before: Date, seed: number): Promise<Record<string, number>> {
  const rng = new Rng(seed + 21);
  const staff = (await Promise.all(['support', 'coordinator', 'assessor'].map((u) => demoUser(services.db, u)))).filter(
    (u) => u !== undefined,
  );
  const register = await schoolRegister(services.db);
  const counts: Record<string, number> = { notified: 0, 'not-school-age': 0, 'school-unknown': 0 };
  await services.db.transaction().execute(async (trx) => {
    const tasks = await openEncompassTasks(trx, { before });
    for (const [i, t] of tasks.entries()) {
      const by = staff[i % Math.max(1, staff.length)];
      const at = doneAt(t);
      const recorded = (t.details as { school?: string | null }).school?.trim();
      const stage = stageOf(t)?.stage;
      let outcome: Record<string, unknown>;
      if (recorded) {
        outcome = { outcome: 'notified', sentTo: recorded };
      } else if (stage === 'before-reception') {
        outcome = {
          outcome: 'not-school-age',
          checks: checks(
            by?.display_name,
            ['police-systems'],
            'Date of birth confirmed with the parent: the child is not yet at school.',
            at,
          ),
        };
      } else {
        const found = rng.chance(0.7) ? schoolFor(t, register, rng) : undefined;
        outcome = found
          ? { outcome: 'notified', sentTo: label(found), school: label(found), schoolId: found.id }
          : {
              outcome: 'school-unknown',
              checks: checks(
                by?.display_name,
                ['la-education', 'parent-or-carer'],
                'The local authority holds no school place; the family have just moved into the area and the parent would not say.',
                at,
              ),
            };
      }
      await closeEncompassTask(trx, t.id, at, { ...outcome, completedBy: by?.id ?? null });
      counts[outcome.outcome as string]++;
    }
  });
  return counts;
}

function checks(checkedBy: string | undefined, sources: SchoolChecks['sources'], details: string, at: Date): SchoolChecks {
  return { checkedBy: checkedBy ?? 'DA support officer', sources, details, checkedAt: new Date(at.getTime() - 15 * 60_000).toISOString() };
}

export function actorFrom(u: NonNullable<Awaited<ReturnType<typeof demoUser>>>): Actor {
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

/**
 * This week's Operation Encompass work part done, through the same steps the task page uses (so each is audited): the
 * oldest few closed with each outcome — told a school it had, told a school found in the list, not of school age,
 * school unknown after checks — and a school found for one more, its notice still to send. The rest stay open.
 */
export async function workSomeOfThisWeek(services: Services, from: Date, before: Date): Promise<number> {
  const support = await demoUser(services.db, 'support');
  if (!support) return 0;
  const actor = actorFrom(support);
  const now = services.clock.now().getTime();
  const clock = new FixedClock(services.clock.now());
  const tasks = new TaskService(
    services.db,
    services.audit,
    clock,
    new SchoolService(services.db, services.audit, clock),
    services.incidents,
  );
  const open = await openEncompassTasks(services.db, { from, before });
  const register = await schoolRegister(services.db);
  const rng = new Rng(from.getTime() % 1_000_003);
  const withSchool = open.filter((t) => (t.details as { school?: string | null }).school?.trim());
  const without = open.filter((t) => !(t.details as { school?: string | null }).school?.trim());
  const tooYoung = without.filter((t) => stageOf(t)?.stage === 'before-reception');
  const schoolAge = without.filter((t) => stageOf(t)?.stage === 'school-age');
  let done = 0;
  for (const t of withSchool.slice(0, Math.max(0, withSchool.length - 1)).slice(0, 2)) {
    clock.set(doneAt(t, 0.6, now));
    await tasks.markSentToSchool(actor, t.id, t.version);
    done++;
  }
  for (const t of tooYoung.slice(0, 2)) {
    const at = doneAt(t, 0.6, now);
    clock.set(at);
    await tasks.closeWithoutNotice(actor, t.id, {
      version: t.version,
      outcome: 'not-school-age',
      checkedBy: support.display_name,
      sources: ['police-systems', 'health-visitor'],
      details: 'The health visitor confirmed the child is at home with the parent, not in school or nursery.',
      checkedAt: new Date(at.getTime() - 20 * 60_000),
    });
    done++;
  }
  const [unknown, found, foundNotSent] = schoolAge;
  if (unknown) {
    const at = doneAt(unknown, 0.6, now);
    clock.set(at);
    await tasks.closeWithoutNotice(actor, unknown.id, {
      version: unknown.version,
      outcome: 'school-unknown',
      checkedBy: support.display_name,
      sources: ['la-education', 'childrens-social-care', 'parent-or-carer'],
      details:
        'No school place with the local authority or on the social care record; the parent is not answering. Passed to the district team to follow up.',
      checkedAt: new Date(at.getTime() - 30 * 60_000),
    });
    done++;
  }
  for (const [t, send] of [
    [found, true],
    [foundNotSent, false],
  ] as const) {
    const school = t && schoolFor(t, register, rng);
    if (!t || !school) continue;
    clock.set(doneAt(t, 0.4, now - 60_000));
    await tasks.recordSchool(actor, t.id, { version: t.version, schoolId: school.id });
    if (send) {
      clock.set(doneAt(t, 0.6, now));
      await tasks.markSentToSchool(actor, t.id, t.version + 1);
      done++;
    }
  }
  return done;
}
