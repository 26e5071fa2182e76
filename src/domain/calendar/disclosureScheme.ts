import { endOfLondonDay, londonDateOf } from './london.ts';
import { addDays } from './localDate.ts';

/** Domestic Violence Disclosure Scheme statutory guidance (April 2023); configurable (it was 35). */
export const DVDS_DEFAULT_DAYS = 28;

/** By the end (23:59:59 London time) of the Nth calendar day after the London date the application was received. */
export function dvdsDueBy(receivedAt: Date, days: number = DVDS_DEFAULT_DAYS): Date {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`A number of days must be a whole number of at least 1, not ${days}`);
  return endOfLondonDay(addDays(londonDateOf(receivedAt), days));
}
