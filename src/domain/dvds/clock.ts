import { addDays, daysBetween } from '../calendar/localDate.ts';
import { endOfLondonDay, londonDateOf } from '../calendar/london.ts';

/**
 * The Clare's Law (DVDS) completion clock. Domestic Abuse Act 2021 s.77 guidance (April 2023): an application is
 * completed within 28 calendar days (35 before; configurable per force). DOMAIN.md "How deadlines and criteria are
 * computed": the end (23:59:59 Europe/London) of the 28th calendar day after the day the application was received.
 */
export const DEFAULT_COMPLETION_DAYS = 28;
export const MIN_COMPLETION_DAYS = 1;
export const MAX_COMPLETION_DAYS = 90;

/** When an application received at this instant must be completed, for a force allowing `days` calendar days. */
export function dvdsDueBy(receivedAt: Date, days: number = DEFAULT_COMPLETION_DAYS): Date {
  if (!Number.isInteger(days) || days < MIN_COMPLETION_DAYS || days > MAX_COMPLETION_DAYS) {
    throw new RangeError(`A completion period is ${MIN_COMPLETION_DAYS} to ${MAX_COMPLETION_DAYS} whole days, not ${days}`);
  }
  return endOfLondonDay(addDays(londonDateOf(receivedAt), days));
}

/**
 * Calendar days left until the due day, counted in London dates: 0 on the due day itself, negative once overdue
 * (-1 the day after). The instant matters only on the due day: after 23:59:59 it is the next day, so -1.
 */
export function daysRemaining(dueBy: Date, now: Date): number {
  return daysBetween(londonDateOf(now), londonDateOf(dueBy));
}

/** Whole calendar days from the day received to the day completed (the figure the timeliness view reports). */
export function daysTaken(receivedAt: Date, completedAt: Date): number {
  return daysBetween(londonDateOf(receivedAt), londonDateOf(completedAt));
}

/** The problem with a completion period entered on the settings page, or null. */
export function completionDaysProblem(days: number): string | null {
  if (!Number.isInteger(days)) return 'Enter the completion period as a whole number of days';
  if (days < MIN_COMPLETION_DAYS || days > MAX_COMPLETION_DAYS)
    return `The completion period must be between ${MIN_COMPLETION_DAYS} and ${MAX_COMPLETION_DAYS} days`;
  return null;
}
