import type { Calendar } from './bankHolidays.ts';
import { isLocalDate, type LocalDate } from './localDate.ts';
import { endOfLondonDay, londonDateOf } from './london.ts';
import { workingDaysDueBy } from './workingDays.ts';

/** Victims' Code 2020 time limits for telling a victim of a case event; configurable (a new Code was consulted on in 2026). */
export const VICTIMS_CODE_DEFAULTS = { enhancedRightsWorkingDays: 1, standardWorkingDays: 5 } as const;

export interface VictimsCodeTimeLimits {
  enhancedRightsWorkingDays: number;
  standardWorkingDays: number;
}

/** Victims' Right to Review time limits; configurable like the update limits. */
export const RIGHT_TO_REVIEW_DEFAULTS = { requestWithinMonths: 3, acknowledgeWorkingDays: 10, decideWorkingDays: 30 } as const;

/** The case events the Victims' Code says a victim must be told of (Right 6), in the order a case usually meets them. */
export const CASE_EVENT_TYPES = ['arrest', 'interview', 'released-no-charge', 'bail', 'rui', 'charge', 'nfa', 'not-investigated'] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

export const CASE_EVENT_NAMES: Record<CaseEventType, string> = {
  arrest: 'Suspect arrested',
  interview: 'Suspect interviewed under caution',
  'released-no-charge': 'Suspect released without charge',
  bail: 'Suspect released on bail (or bail conditions changed)',
  rui: 'Suspect released under investigation',
  charge: 'Suspect charged',
  nfa: 'No further action (decision not to charge)',
  'not-investigated': 'Decision not to investigate',
};

export const isCaseEventType = (value: unknown): value is CaseEventType =>
  typeof value === 'string' && (CASE_EVENT_TYPES as readonly string[]).includes(value);

/** How many working days the police have to tell the victim: 1 with Enhanced Rights (DA victims are eligible), 5 without. */
export function updateWorkingDays(enhancedRights: boolean, limits: VictimsCodeTimeLimits = VICTIMS_CODE_DEFAULTS): number {
  return enhancedRights ? limits.enhancedRightsWorkingDays : limits.standardWorkingDays;
}

/** By the end (23:59:59 London time) of the Nth working day after the London date on which the event happened. */
export function victimsCodeUpdateDueBy(eventAt: Date, workingDays: number, calendar: Calendar): Date {
  return workingDaysDueBy(eventAt, workingDays, calendar);
}

/** A victim told after the end of the due day was told late; told at any moment up to 23:59:59 that day is on time. */
export function updateWasLate(dueBy: Date, toldAt: Date): boolean {
  return toldAt.getTime() > dueBy.getTime();
}

export type ObligationStanding = 'overdue' | 'due-today' | 'due-later';

/** Where an update not yet given stands at `now`: past its deadline, due by the end of today (London), or later. */
export function obligationStanding(dueBy: Date, now: Date): ObligationStanding {
  if (now.getTime() > dueBy.getTime()) return 'overdue';
  return londonDateOf(dueBy) === londonDateOf(now) ? 'due-today' : 'due-later';
}

/**
 * Decisions a victim may ask to have reviewed (Victims' Right to Review, police scheme): a decision not to charge a
 * suspect — recorded here as "no further action". A decision not to investigate, and a release pending further
 * enquiries, are not decisions the scheme reviews.
 */
export function rightToReviewApplies(type: CaseEventType): boolean {
  return type === 'nfa';
}

/** The London date `months` calendar months after `date`, the last day of a shorter month when it has no such day. */
function addMonths(date: LocalDate, months: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const out = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
  if (!isLocalDate(out)) throw new RangeError(`Not a calendar date: ${out}`);
  return out;
}

/** A review must be asked for within 3 months of being told of the decision: by the end of that London day. */
export function rightToReviewRequestBy(decisionAt: Date, months: number = RIGHT_TO_REVIEW_DEFAULTS.requestWithinMonths): Date {
  return endOfLondonDay(addMonths(londonDateOf(decisionAt), months));
}

export function rightToReviewAcknowledgementDueBy(
  requestedAt: Date,
  calendar: Calendar,
  workingDays: number = RIGHT_TO_REVIEW_DEFAULTS.acknowledgeWorkingDays,
): Date {
  return workingDaysDueBy(requestedAt, workingDays, calendar);
}

export function rightToReviewDecisionDueBy(
  requestedAt: Date,
  calendar: Calendar,
  workingDays: number = RIGHT_TO_REVIEW_DEFAULTS.decideWorkingDays,
): Date {
  return workingDaysDueBy(requestedAt, workingDays, calendar);
}

/** A force's time limits as stored (settings): whole numbers of working days, at least 1 and at most 30. */
export function validTimeLimits(value: unknown): value is VictimsCodeTimeLimits {
  const v = value as Partial<VictimsCodeTimeLimits> | null;
  const ok = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 30;
  return !!v && ok(v.enhancedRightsWorkingDays) && ok(v.standardWorkingDays);
}
