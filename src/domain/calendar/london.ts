import { isLocalDate, addDays, type LocalDate } from './localDate.ts';

/**
 * The one place where UTC instants and Europe/London wall-clock times are converted (GMT in winter, BST in
 * summer), using the runtime's time-zone database through Intl. Everything else works in instants or LocalDates.
 */
export type LocalTime = string; // 'HH:MM' or 'HH:MM:SS', 24-hour

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface WallClock {
  date: LocalDate;
  time: string; // 'HH:MM:SS'
}

export function londonWallClockOf(at: Date): WallClock {
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid date');
  const local = new Date(ms + londonOffsetAt(ms));
  const year = local.getUTCFullYear();
  if (year < 1000 || year > 9999) return intlWallClockOf(at);
  const iso = local.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ, London's wall clock read as if UTC
  return { date: iso.slice(0, 10), time: iso.slice(11, 19) };
}

function intlWallClockOf(at: Date): WallClock {
  const field = Object.fromEntries(parts.formatToParts(at).map((p) => [p.type, p.value]));
  return { date: `${field.year}-${field.month}-${field.day}`, time: `${field.hour}:${field.minute}:${field.second}` };
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/**
 * London's offset in each UTC day already asked about whose first and last instants agree (all but two a year), and
 * in each UTC hour asked about of the days that change: clocks change on the hour, so one look serves the hour.
 */
const offsetInDay = new Map<number, number>();
const offsetInHour = new Map<number, number>();
const OFFSETS_KEPT = 100_000; // ~270 years of days

/**
 * Milliseconds London is ahead of UTC at this instant (0 in GMT, 3,600,000 in BST). Intl's time-zone database
 * decides; its answer is kept for the UTC day, or on the day the clocks change for the UTC hour (every change of
 * London's clocks falls on a UTC hour), so a bulk load or a long queue converts without formatting each instant
 * (a load spread over ten years asks about most of its 87,600 hours once or twice, but its days hundreds of times).
 */
function londonOffsetAt(epochMs: number): number {
  const day = Math.floor(epochMs / DAY_MS);
  const known = offsetInDay.get(day);
  if (known !== undefined) return known;
  const offset = offsetThroughout(day * DAY_MS, DAY_MS, offsetInDay, day);
  if (offset !== undefined) return offset;
  const hour = Math.floor(epochMs / HOUR_MS);
  return offsetInHour.get(hour) ?? offsetThroughout(hour * HOUR_MS, HOUR_MS, offsetInHour, hour) ?? intlOffsetAt(epochMs);
}

/** The offset throughout a span (kept under its number), or undefined when its first and last instants differ. */
function offsetThroughout(startMs: number, lengthMs: number, kept: Map<number, number>, span: number): number | undefined {
  const start = intlOffsetAt(startMs);
  if (intlOffsetAt(startMs + lengthMs - 1) !== start) return undefined;
  if (kept.size >= OFFSETS_KEPT) kept.clear();
  kept.set(span, start);
  return start;
}

function intlOffsetAt(epochMs: number): number {
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  const { date, time } = intlWallClockOf(new Date(wholeSecond));
  return Date.parse(`${date}T${time}Z`) - wholeSecond;
}

export function londonDateOf(at: Date): LocalDate {
  return londonWallClockOf(at).date;
}

const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

export function isLocalTime(value: unknown): value is LocalTime {
  return typeof value === 'string' && TIME_PATTERN.test(value);
}

/**
 * The instant at which London clocks show this date and time.
 * At the October change a time between 01:00 and 02:00 happens twice: the earlier (BST) instant is returned.
 * At the March change a time between 01:00 and 02:00 never happens: it is read with the GMT offset, i.e. moved
 * an hour later (01:30 → 02:30 BST). Deadlines here only use midnight, 08:30-style times and 23:59:59, which
 * are never affected.
 */
export function londonInstant(date: LocalDate, time: LocalTime): Date {
  if (!isLocalDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  const match = TIME_PATTERN.exec(time);
  if (!match) throw new RangeError(`Not a time of day (HH:MM or HH:MM:SS): ${time}`);
  const asIfUtc = Date.parse(`${date}T${match[1]}:${match[2]}:${match[3] ?? '00'}Z`);
  const offsets = [...new Set([londonOffsetAt(asIfUtc - 86_400_000), londonOffsetAt(asIfUtc + 86_400_000)])];
  const matching = offsets
    .map((offset) => asIfUtc - offset)
    .filter((candidate) => londonOffsetAt(candidate) === asIfUtc - candidate)
    .sort((a, b) => a - b);
  if (matching.length > 0) return new Date(matching[0]);
  return new Date(asIfUtc - Math.min(...offsets));
}

export function startOfLondonDay(date: LocalDate): Date {
  return londonInstant(date, '00:00:00');
}

/** Deadlines "by the end of a day" fall at 23:59:59.000 London time (see README: "End of day"). */
export function endOfLondonDay(date: LocalDate): Date {
  return londonInstant(date, '23:59:59');
}

/** The instant the next London day begins: 23, 24 or 25 hours after this one began. */
export function startOfNextLondonDay(date: LocalDate): Date {
  return startOfLondonDay(addDays(date, 1));
}
