import { addDays, isLocalDate, type LocalDate } from '../calendar/localDate.ts';
import { endOfLondonDay, londonDateOf, startOfLondonDay } from '../calendar/london.ts';

/**
 * Prison releases (DOMAIN.md "Offender oversight"): the DA team wants to know of every DA perpetrator's release
 * (SDS40 early releases included) to re-assess risk, update the safety plan, consider MARAC and check licence
 * conditions and orders. A risk review opens a configurable number of days before the release (default 14).
 */
export const DEFAULT_REVIEW_LEAD_DAYS = 14;
export const MAX_REVIEW_LEAD_DAYS = 90;

export const RELEASE_TYPES = ['licence', 'sds40-early', 'end-of-sentence', 'home-detention-curfew', 'remand-ended', 'other'] as const;
export type ReleaseType = (typeof RELEASE_TYPES)[number];
export const RELEASE_TYPE_NAMES: Record<ReleaseType, string> = {
  licence: 'On licence (automatic or conditional release)',
  'sds40-early': 'SDS40 early release on licence',
  'end-of-sentence': 'End of sentence (no licence)',
  'home-detention-curfew': 'Home Detention Curfew',
  'remand-ended': 'Remand ended (bail or acquittal)',
  other: 'Other',
};

export const NOTIFICATION_SOURCES = [
  'probation',
  'prison',
  'victim-contact-scheme',
  'offender-management-unit',
  'mappa',
  'custody',
  'victim',
  'other',
] as const;
export type NotificationSource = (typeof NOTIFICATION_SOURCES)[number];
export const NOTIFICATION_SOURCE_NAMES: Record<NotificationSource, string> = {
  probation: 'Probation Service',
  prison: 'The prison (offender management)',
  'victim-contact-scheme': 'Victim Contact Scheme',
  'offender-management-unit': 'Police Offender Management Unit / IOM',
  mappa: 'MAPPA co-ordinator',
  custody: 'Police custody',
  victim: 'The victim',
  other: 'Other',
};

/** MAPPA categories 1–3 and levels 1–3, recorded where known (null = not a MAPPA case or not known). */
export const MAPPA_VALUES = [1, 2, 3] as const;
export type MappaValue = (typeof MAPPA_VALUES)[number];

/** The lead time an administrator or supervisor may set: whole days from 1 to 90. */
export function leadDaysProblem(days: number): string | null {
  if (!Number.isInteger(days) || days < 1 || days > MAX_REVIEW_LEAD_DAYS) {
    return `The number of days must be a whole number from 1 to ${MAX_REVIEW_LEAD_DAYS}`;
  }
  return null;
}

/**
 * When the risk review task is raised: the start (00:00 London) of the day `leadDays` calendar days before the
 * release date. A release notified later than that has its review raised as soon as it is recorded.
 */
export function reviewOpensAt(releaseOn: LocalDate, leadDays: number = DEFAULT_REVIEW_LEAD_DAYS): Date {
  return startOfLondonDay(addDays(releaseOn, -leadDays));
}

/**
 * When the review is due: by the end (23:59:59 London) of the day before the release, so the risk is reviewed
 * before he walks out. A release notified on or after that day (late notice, or a release already happened) is
 * due by the end of the day the notification was recorded.
 */
export function reviewDueBy(releaseOn: LocalDate, recordedAt: Date): Date {
  const dayBefore = endOfLondonDay(addDays(releaseOn, -1));
  if (recordedAt.getTime() <= dayBefore.getTime()) return dayBefore;
  return endOfLondonDay(londonDateOf(recordedAt));
}

export type ReleaseState = 'upcoming' | 'today' | 'released';

/** Whether the release is still to come, happens today (London), or has happened. */
export function releaseState(releaseOn: LocalDate, now: Date): ReleaseState {
  const today = londonDateOf(now);
  if (releaseOn === today) return 'today';
  return releaseOn > today ? 'upcoming' : 'released';
}

/** Problems with the dates of a release as recorded (field → message). */
export function releaseDateProblems(input: {
  releaseOn: LocalDate;
  custodyFrom: LocalDate | null;
  licenceEndsOn: LocalDate | null;
  notifiedOn: LocalDate;
  today: LocalDate;
}): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!isLocalDate(input.releaseOn)) problems.releaseOn = 'Enter the release date';
  if (input.custodyFrom && input.custodyFrom > input.releaseOn)
    problems.custodyFrom = 'The date taken into custody must be before the release date';
  if (input.licenceEndsOn && input.licenceEndsOn <= input.releaseOn)
    problems.licenceEndsOn = 'The licence end date must be after the release date';
  if (input.notifiedOn > input.today) problems.notifiedOn = 'The date of the notification must not be in the future';
  return problems;
}
