/**
 * A calendar date with no time zone, written 'YYYY-MM-DD' (a London wall-clock date in this product).
 * Arithmetic is done on the proleptic Gregorian calendar through Date.UTC, where every day has 24 hours.
 */
export type LocalDate = string;

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const match = PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function toEpochDay(date: LocalDate): number {
  if (!isLocalDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  const [year, month, day] = date.split('-').map(Number);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function fromEpochDay(epochDay: number): LocalDate {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

export function localDate(year: number, month: number, day: number): LocalDate {
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!isLocalDate(date)) throw new RangeError(`Not a calendar date: ${year}-${month}-${day}`);
  return date;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

export type Weekday = 'Monday' | 'Tuesday' | 'Wednesday' | 'Thursday' | 'Friday' | 'Saturday' | 'Sunday';
const WEEKDAYS: Weekday[] = ['Thursday', 'Friday', 'Saturday', 'Sunday', 'Monday', 'Tuesday', 'Wednesday']; // 1970-01-01 was a Thursday

export function weekdayOf(date: LocalDate): Weekday {
  const index = ((toEpochDay(date) % 7) + 7) % 7;
  return WEEKDAYS[index];
}

export function isWeekend(date: LocalDate): boolean {
  const day = weekdayOf(date);
  return day === 'Saturday' || day === 'Sunday';
}
