import { addDays, isLocalDate, isWeekend, localDate, type LocalDate } from './localDate.ts';
import englandAndWales from './bank-holidays-england-and-wales.json' with { type: 'json' };

/**
 * England & Wales bank holidays are data, not rules: one-off holidays (a coronation, a state funeral) and moved
 * ones (VE day 2020, the 2022 jubilee) are announced by proclamation and cannot be computed.
 *
 * To update (see README.md in this folder): add the newly announced events to
 * bank-holidays-england-and-wales.json, copying date and title from https://www.gov.uk/bank-holidays.json
 * ("england-and-wales"), move `coversTo` to the last day of the last complete year listed, and run this
 * folder's tests. Outside coversFrom…coversTo the calendar refuses to answer rather than guess.
 */
export interface BankHoliday {
  date: LocalDate;
  title: string;
}

export interface BankHolidayList {
  division: string;
  coversFrom: LocalDate;
  coversTo: LocalDate;
  events: BankHoliday[];
}

export interface Calendar {
  /** The first and last dates the list is known to be complete for. */
  readonly coversFrom: LocalDate;
  readonly coversTo: LocalDate;
  isBankHoliday(date: LocalDate): boolean;
  /** Monday to Friday and not a bank holiday. */
  isWorkingDay(date: LocalDate): boolean;
  /** Good Friday as defined in law, whether or not the list has it (the DVPN rule names it separately). */
  goodFriday(year: number): LocalDate;
  christmasDay(year: number): LocalDate;
}

export type BankHolidayListValidation = { ok: true; list: BankHolidayList } | { ok: false; errors: string[] };

export function validateBankHolidayList(json: unknown): BankHolidayListValidation {
  const errors: string[] = [];
  if (typeof json !== 'object' || json === null) return { ok: false, errors: ['the list must be a JSON object'] };
  const { division, coversFrom, coversTo, events } = json as Record<string, unknown>;
  if (division !== 'england-and-wales') errors.push(`division: must be "england-and-wales", not ${JSON.stringify(division)}`);
  if (!isLocalDate(coversFrom)) errors.push('coversFrom: must be a date written YYYY-MM-DD');
  if (!isLocalDate(coversTo)) errors.push('coversTo: must be a date written YYYY-MM-DD');
  if (isLocalDate(coversFrom) && isLocalDate(coversTo) && coversTo < coversFrom) errors.push('coversTo: must not be before coversFrom');
  if (!Array.isArray(events)) return { ok: false, errors: [...errors, 'events: must be a list'] };
  const seen = new Set<string>();
  events.forEach((event: unknown, index) => {
    const { date, title } = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
    const at = `events[${index}]`;
    if (!isLocalDate(date)) {
      errors.push(`${at}.date: must be a date written YYYY-MM-DD, not ${JSON.stringify(date)}`);
    } else {
      if (seen.has(date)) errors.push(`${at}.date: ${date} is listed more than once`);
      seen.add(date);
      if (isWeekend(date)) errors.push(`${at}.date: ${date} is a weekend day (substitute days fall on the following weekday)`);
      if (isLocalDate(coversFrom) && isLocalDate(coversTo) && (date < coversFrom || date > coversTo)) {
        errors.push(`${at}.date: ${date} is outside coversFrom…coversTo`);
      }
    }
    if (typeof title !== 'string' || title.trim() === '') errors.push(`${at}.title: must be given`);
  });
  if (errors.length > 0) return { ok: false, errors };
  const list = { division, coversFrom, coversTo, events: (events as BankHoliday[]).map(({ date, title }) => ({ date, title })) };
  return { ok: true, list: list as BankHolidayList };
}

/** Easter Sunday in the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" algorithm). */
function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const h = (19 * a + b - Math.floor(b / 4) - Math.floor((b - Math.floor((b + 8) / 25) + 1) / 3) + 15) % 30;
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return localDate(year, month, day);
}

export function calendarFromBankHolidays(list: BankHolidayList): Calendar {
  const holidays = new Set(list.events.map((event) => event.date));
  const { coversFrom, coversTo } = list;
  const isBankHoliday = (date: LocalDate): boolean => {
    if (!isLocalDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
    if (date < coversFrom || date > coversTo) {
      throw new RangeError(
        `The bank holiday list covers ${coversFrom} to ${coversTo}; ${date} is outside it: an administrator must update it`,
      );
    }
    return holidays.has(date);
  };
  return {
    coversFrom,
    coversTo,
    isBankHoliday,
    isWorkingDay: (date) => !isBankHoliday(date) && !isWeekend(date),
    goodFriday: (year) => addDays(easterSunday(year), -2),
    christmasDay: (year) => localDate(year, 12, 25),
  };
}

function shippedCalendar(): Calendar {
  const validation = validateBankHolidayList(englandAndWales);
  if (!validation.ok) throw new Error(`bank-holidays-england-and-wales.json is invalid: ${validation.errors.join('; ')}`);
  return calendarFromBankHolidays(validation.list);
}

/** The England & Wales calendar shipped with the product (the default until an administrator loads another). */
export const ENGLAND_AND_WALES: Calendar = shippedCalendar();
