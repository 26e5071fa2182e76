import type { Calendar } from './bankHolidays.ts';
import { workingDaysDueBy } from './workingDays.ts';

/** Victims' Code 2020 time limits for telling a victim of a case event; configurable (a new Code was consulted on in 2026). */
export const VICTIMS_CODE_DEFAULTS = { enhancedRightsWorkingDays: 1, standardWorkingDays: 5 } as const;

/** Victims' Right to Review time limits; configurable like the update limits. */
export const RIGHT_TO_REVIEW_DEFAULTS = { acknowledgeWorkingDays: 10, decideWorkingDays: 30 } as const;

/** By the end (23:59:59 London time) of the Nth working day after the London date on which the event happened. */
export function victimsCodeUpdateDueBy(eventAt: Date, workingDays: number, calendar: Calendar): Date {
  return workingDaysDueBy(eventAt, workingDays, calendar);
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
