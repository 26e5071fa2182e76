import type { Calendar } from './bankHolidays.ts';
import { isLocalTime, londonDateOf, londonInstant, type LocalTime } from './london.ts';
import { nthWorkingDayAfter } from './workingDays.ts';

/** Configurable per force. */
export const SCHOOL_DAY_START_DEFAULT: LocalTime = '08:30';

/** The school's safeguarding lead must be told before the start of the first school day after the day the incident was recorded. */
export function operationEncompassDueAt(recordedAt: Date, calendar: Calendar, schoolDayStart: LocalTime = SCHOOL_DAY_START_DEFAULT): Date {
  if (!isLocalTime(schoolDayStart)) throw new RangeError(`The school-day start must be a time written HH:MM, not ${schoolDayStart}`);
  return londonInstant(nthWorkingDayAfter(londonDateOf(recordedAt), 1, calendar), schoolDayStart);
}
