import { daysBetween } from '../calendar/localDate.ts';
import { londonDateOf } from '../calendar/london.ts';
import { compareGrades, type RiskGrade } from '../risk/grades.ts';

/** One incident as it bears on one person's history: their role and who else was there. */
export interface HistoryIncident {
  incidentId: string;
  occurredAt: Date;
  role: 'victim' | 'suspect' | 'child' | 'witness' | 'other';
  /** The assessor's grade if graded, otherwise the officer's. */
  grade: RiskGrade | null;
  otherParties: { personId: string; role: HistoryIncident['role'] }[];
}

export interface HistoryIndicators {
  incidentsLast12Months: number;
  asVictim: number;
  asSuspect: number;
  /** Distinct people harmed in incidents where this person was the suspect. */
  distinctVictims: number;
  serialPerpetrator: boolean;
  childrenLinked: number;
  escalation: { escalating: boolean; reason: string };
  highestGrade: RiskGrade | null;
  grades: { incidentId: string; occurredAt: Date; grade: RiskGrade }[];
  lastMaracReferralAt: Date | null;
}

/** Two or more distinct victims make a serial perpetrator (College of Policing DA APP). */
export const SERIAL_PERPETRATOR_VICTIMS = 2;
/** The 365 London dates ending today, as for the MARAC potential-escalation criterion. */
const YEAR_DAYS = 365;
const HALF_YEAR_DAYS = 182;

function daysAgo(at: Date, now: Date): number {
  return daysBetween(londonDateOf(at), londonDateOf(now));
}

/**
 * Escalating frequency: at least 3 incidents in the last 12 months and more in the latest 6 months than in the
 * 6 before; or each of the last three gaps between incidents shorter than the one before it.
 */
export function escalationOf(occurrences: Date[], now: Date): HistoryIndicators['escalation'] {
  const ages = occurrences.map((at) => daysAgo(at, now)).filter((d) => d >= 0);
  const lastYear = ages.filter((d) => d < YEAR_DAYS);
  const recent = lastYear.filter((d) => d < HALF_YEAR_DAYS).length;
  const before = lastYear.length - recent;
  if (lastYear.length >= 3 && recent > before) {
    return { escalating: true, reason: `${recent} incidents in the last 6 months against ${before} in the 6 months before` };
  }
  const sorted = [...occurrences].sort((a, b) => a.getTime() - b.getTime());
  if (sorted.length >= 4) {
    const last = sorted.slice(-4);
    const gaps = [1, 2, 3].map((i) => Math.max(0, daysBetween(londonDateOf(last[i - 1]), londonDateOf(last[i]))));
    if (gaps[1] < gaps[0] && gaps[2] < gaps[1]) {
      return { escalating: true, reason: `the gaps between the last four incidents are shrinking: ${gaps.join(', ')} days` };
    }
  }
  return {
    escalating: false,
    reason: lastYear.length
      ? `${lastYear.length} incident${lastYear.length === 1 ? '' : 's'} in the last 12 months, not increasing`
      : 'no incidents in the last 12 months',
  };
}

/** What a person's linked history says at a glance; computed, never stored, so it is always current. */
export function historyIndicators(incidents: HistoryIncident[], maracReferrals: Date[], now: Date): HistoryIndicators {
  const victims = new Set<string>();
  const children = new Set<string>();
  for (const incident of incidents) {
    for (const other of incident.otherParties) {
      if (incident.role === 'suspect' && other.role === 'victim') victims.add(other.personId);
      if ((incident.role === 'suspect' || incident.role === 'victim') && other.role === 'child') children.add(other.personId);
    }
  }
  const grades = incidents
    .filter((i): i is HistoryIncident & { grade: RiskGrade } => i.grade !== null)
    .map((i) => ({ incidentId: i.incidentId, occurredAt: i.occurredAt, grade: i.grade }))
    .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime());
  const asVictimOrSuspect = incidents.filter((i) => i.role === 'victim' || i.role === 'suspect');
  return {
    incidentsLast12Months: incidents.filter((i) => {
      const d = daysAgo(i.occurredAt, now);
      return d >= 0 && d < YEAR_DAYS;
    }).length,
    asVictim: incidents.filter((i) => i.role === 'victim').length,
    asSuspect: incidents.filter((i) => i.role === 'suspect').length,
    distinctVictims: victims.size,
    serialPerpetrator: victims.size >= SERIAL_PERPETRATOR_VICTIMS,
    childrenLinked: children.size,
    escalation: escalationOf(
      asVictimOrSuspect.map((i) => i.occurredAt),
      now,
    ),
    highestGrade: grades.reduce<RiskGrade | null>((top, g) => (top === null || compareGrades(g.grade, top) > 0 ? g.grade : top), null),
    grades,
    lastMaracReferralAt: maracReferrals.reduce<Date | null>((last, at) => (last === null || at > last ? at : last), null),
  };
}
