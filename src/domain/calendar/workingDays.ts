import type { Calendar } from './bankHolidays.ts';
import { addDays, type LocalDate } from './localDate.ts';
import { endOfLondonDay, londonDateOf } from './london.ts';

/** The Nth working day after `date` (which itself never counts, working day or not). */
export function nthWorkingDayAfter(date: LocalDate, n: number, calendar: Calendar): LocalDate {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`A number of working days must be a whole number of at least 1, not ${n}`);
  let day = date;
  for (let counted = 0; counted < n;) {
    day = addDays(day, 1);
    if (calendar.isWorkingDay(day)) counted += 1;
  }
  return day;
}

/** "Within N working days": by the end (23:59:59 London time) of the Nth working day after the London date of `at`. */
export function workingDaysDueBy(at: Date, workingDays: number, calendar: Calendar): Date {
  return endOfLondonDay(nthWorkingDayAfter(londonDateOf(at), workingDays, calendar));
}
