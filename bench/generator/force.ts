import { Schedule } from './heap.ts';
import { renderIncident, type GeneratedIncident, type RenderContext } from './incident.ts';
import { poolsFor } from './pools.ts';
import { DAY, Population, YEAR } from './population.ts';
import { Rng } from './prng.ts';
import { Storyteller, timeOfDay, type FamilyMix, type Phase } from './story.ts';

export type { GeneratedIncident } from './incident.ts';

export interface ForceOptions {
  seed: number;
  /** Exactly this many incidents are generated. */
  incidents: number;
  /** Reports fall in [start, start + years × 365.25 days). */
  start: Date;
  years: number;
  sourceSystem?: string;
  /** How many twins, siblings, namesake sons and shared phones the force has (USUAL_FAMILIES unless given). */
  families?: FamilyMix;
}

interface Entry {
  at: number;
  seq: number;
  phase: Phase;
  /** The plan to report, or -1: the story is over and its people may turn up in later ones. */
  index: number;
}

/** Incidents per story, to start with; the generator learns the real figure as it goes. */
const INITIAL_INCIDENTS_PER_STORY = 2.6;
/** How quickly the rate of new stories corrects a shortfall or surplus of reports, in days. */
const STEERING_DAYS = 30;

/**
 * A synthetic domestic-abuse caseload, streamed in order of report time: repeat victims, serial and escalating
 * perpetrators, children, honour-based abuse and stalking, with the slips of real records (nicknames, typos, missing
 * or swapped dates of birth, maiden names, moves). The same seed always gives the same force. Only the stories in
 * progress are held in memory, so a million incidents stream in constant-ish space.
 *
 * Stories begin up to a year before `start` so that the first reports already include repeat victims; reports
 * before `start` are not emitted. The rate of new stories is steered day by day so that exactly `incidents`
 * reports fall in the window.
 */
export function* generateForce(options: ForceOptions): Generator<GeneratedIncident> {
  const { seed, incidents: total, years, sourceSystem = 'niche-rms' } = options;
  if (!Number.isInteger(total) || total < 0) throw new RangeError('incidents must be a whole number, 0 or more');
  if (!(years > 0)) throw new RangeError('years must be more than 0');
  if (total === 0) return;

  const rng = new Rng(seed);
  const population = new Population(poolsFor(seed), rng);
  // Whole seconds inside the window asked for, as reports carry no milliseconds.
  const startMs = Math.ceil(options.start.getTime() / 1000) * 1000;
  const endMs = Math.floor((options.start.getTime() + years * YEAR) / 1000) * 1000;
  const windowDays = (endMs - startMs) / DAY;
  const storiesPerYear = total / INITIAL_INCIDENTS_PER_STORY / years;
  const storyteller = new Storyteller(population, rng, Math.max(50, Math.round(storiesPerYear / 2)), options.families);
  const ctx: RenderContext = { population, rng, sourceSystem };
  const schedule = new Schedule<Entry>();

  let seq = 0;
  let committed = 0;
  let emitted = 0;
  let lastReportedAt = -Infinity;
  let incidentsPerStory = INITIAL_INCIDENTS_PER_STORY;

  /** Queues a story's reports that fall in the window; returns how many do. */
  const tell = (phases: Phase[]): number => {
    let inWindow = 0;
    for (const phase of phases) {
      phase.plans.forEach((plan, index) => {
        if (plan.at < startMs || plan.at >= endMs) return;
        schedule.push({ at: plan.at, seq: seq++, phase, index });
        inWindow++;
      });
      const releaseAt = phase.plans[phase.plans.length - 1].at + DAY;
      if (releaseAt < endMs) schedule.push({ at: releaseAt, seq: seq++, phase, index: -1 });
    }
    return inWindow;
  };

  function* reportBefore(limit: number): Generator<GeneratedIncident> {
    for (let next = schedule.peek(); next !== undefined && next.at < limit && emitted < total; next = schedule.peek()) {
      schedule.pop();
      const { phase, index } = next;
      if (index < 0) {
        storyteller.release(phase.victim, false);
        if (phase.lastOfStory) for (const suspect of phase.suspects) storyteller.release(suspect, true);
        continue;
      }
      const reportedAt = Math.max(next.at, lastReportedAt + 1000);
      lastReportedAt = reportedAt;
      emitted++;
      const year = new Date(reportedAt).getUTCFullYear();
      yield renderIncident(phase, index, reportedAt, `DA-${year}-${String(emitted).padStart(7, '0')}`, ctx);
    }
  }

  // New stories arrive at the rate that keeps reports steady, nudged towards the straight line from 0 to `total`.
  const reportsPerDay = total / windowDays;
  const firstDay = Math.floor((startMs - Math.min(365, windowDays) * DAY) / DAY);
  const lastDay = Math.floor((endMs - 1) / DAY);
  for (let day = firstDay; day <= lastDay && emitted < total; day++) {
    const dayStart = day * DAY;
    yield* reportBefore(dayStart);
    if (committed >= total) continue;
    const warmUp = dayStart + DAY <= startMs;
    const from = warmUp ? dayStart : Math.max(dayStart, startMs);
    const until = Math.min(dayStart + DAY, endMs);
    const behind = warmUp ? 0 : (total * (from - startMs)) / (endMs - startMs) - emitted;
    const nudge = Math.max(0.2, 1 + behind / (reportsPerDay * STEERING_DAYS));
    const stories = rng.poisson(((reportsPerDay / incidentsPerStory) * nudge * (until - from)) / DAY);
    for (let i = 0; i < stories || (day === lastDay && committed < total); i++) {
      let firstAt = dayStart + timeOfDay(rng);
      if (firstAt < from || firstAt >= until) firstAt = from + rng.int(Math.floor((until - from) / 1000)) * 1000;
      const phases = storyteller.story(firstAt);
      committed += tell(phases);
      const told = phases.reduce((n, phase) => n + phase.plans.length, 0);
      incidentsPerStory += 0.01 * (told - incidentsPerStory);
    }
  }
  yield* reportBefore(Infinity);
}
