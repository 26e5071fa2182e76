import type { Calendar } from './bankHolidays.ts';
import { londonDateOf, startOfNextLondonDay } from './london.ts';
import { weekdayOf, type LocalDate } from './localDate.ts';

const HEARING_WITHIN_MS = 48 * 3_600_000;

/** Crime and Security Act 2010 s.27(3) (DVPN), applied to DAPNs too: days whose hours do not count. */
export function isExcludedFromNoticeHours(date: LocalDate, calendar: Calendar): boolean {
  const year = Number(date.slice(0, 4));
  return (
    weekdayOf(date) === 'Sunday' ||
    date === calendar.christmasDay(year) ||
    date === calendar.goodFriday(year) ||
    calendar.isBankHoliday(date)
  );
}

/**
 * DVPN / DAPN: the court hearing must start within 48 hours of service, not counting time on excluded London days.
 * Hours are elapsed time, and each London day is measured from midnight to midnight, so a 23- or 25-hour day at a
 * clock change counts as it really is. If the 48th hour ends exactly at midnight the due instant is that midnight.
 */
export function protectiveNoticeHearingDueBy(servedAt: Date, calendar: Calendar): Date {
  let remaining = HEARING_WITHIN_MS;
  let at = servedAt.getTime();
  for (;;) {
    const day = londonDateOf(new Date(at));
    const dayEnds = startOfNextLondonDay(day).getTime();
    if (!isExcludedFromNoticeHours(day, calendar)) {
      if (at + remaining <= dayEnds) return new Date(at + remaining);
      remaining -= dayEnds - at;
    }
    at = dayEnds;
  }
}
