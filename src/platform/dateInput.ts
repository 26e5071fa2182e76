import { isLocalDate, type LocalDate } from '../domain/calendar/localDate.ts';
import { isLocalTime, londonInstant } from '../domain/calendar/london.ts';

/**
 * A GOV.UK date input's three boxes (`<prefix>-day`, `-month`, `-year`) read as a date: `missing` when all are empty,
 * `invalid` when they do not make a real date.
 */
export function dateFromInput(body: Record<string, unknown>, prefix: string): LocalDate | 'missing' | 'invalid' {
  const parts = ['day', 'month', 'year'].map((p) => {
    const v = body[`${prefix}-${p}`];
    return typeof v === 'string' ? v.trim() : '';
  });
  if (parts.every((p) => p === '')) return 'missing';
  const [day, month, year] = parts.map((p) => (/^\d{1,4}$/.test(p) ? p : ''));
  const date = `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return day && month && year.length === 4 && isLocalDate(date) ? date : 'invalid';
}

/** A date input and an optional 24-hour time ("14:30") as the London instant they name; the start of the day without a time. */
export function instantFromInput(body: Record<string, unknown>, prefix: string, timeField?: string): Date | 'missing' | 'invalid' {
  const date = dateFromInput(body, prefix);
  if (date === 'missing' || date === 'invalid') return date;
  const time = timeField && typeof body[timeField] === 'string' ? (body[timeField] as string).trim() : '';
  if (time && !isLocalTime(time)) return 'invalid';
  return londonInstant(date, time || '00:00');
}

/** The date-input fields for a stored instant, to show it again in a form. */
export function inputFromDate(prefix: string, date: LocalDate): Record<string, string> {
  const [year, month, day] = date.split('-');
  return { [`${prefix}-day`]: String(Number(day)), [`${prefix}-month`]: String(Number(month)), [`${prefix}-year`]: year };
}
