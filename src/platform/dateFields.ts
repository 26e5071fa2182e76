import { z } from 'zod';
import { isLocalDate, type LocalDate } from '../domain/calendar/localDate.ts';
import { isLocalTime, londonInstant } from '../domain/calendar/london.ts';

/**
 * A GOV.UK date input named `prefix-day`, `-month`, `-year` (and, when asked, a 24-hour `prefix-time`): the calendar
 * date, or the London instant with the time. A problem is added against `prefix-day` (or `prefix-time`), the id the
 * error summary links to. null: left blank and not required.
 */
export function dateFieldOf(
  body: Record<string, unknown>,
  prefix: string,
  label: string,
  ctx: z.RefinementCtx,
  required: boolean,
): LocalDate | null | typeof z.NEVER {
  const get = (k: string) => (typeof body[`${prefix}-${k}`] === 'string' ? (body[`${prefix}-${k}`] as string).trim() : '');
  const [day, month, year] = [get('day'), get('month'), get('year')];
  if (!day && !month && !year) {
    if (!required) return null;
    ctx.addIssue({ code: 'custom', path: [`${prefix}-day`], message: `Enter ${label}` });
    return z.NEVER;
  }
  const date = `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year) || !isLocalDate(date)) {
    ctx.addIssue({
      code: 'custom',
      path: [`${prefix}-day`],
      message: `${label[0].toUpperCase()}${label.slice(1)} must be a real date, like 27 3 2026`,
    });
    return z.NEVER;
  }
  return date;
}

export function dateTimeFieldOf(body: Record<string, unknown>, prefix: string, label: string, ctx: z.RefinementCtx): Date | typeof z.NEVER {
  const date = dateFieldOf(body, prefix, label, ctx, true);
  const raw = typeof body[`${prefix}-time`] === 'string' ? (body[`${prefix}-time`] as string).trim() : '';
  const hhmm = /^\d{1,2}:\d{2}$/.test(raw) ? raw.padStart(5, '0') : raw;
  if (!isLocalTime(hhmm)) {
    ctx.addIssue({ code: 'custom', path: [`${prefix}-time`], message: `Enter the time of ${label} in 24-hour form, like 18:30` });
    return z.NEVER;
  }
  if (date === null || date === z.NEVER) return z.NEVER;
  return londonInstant(date, hhmm);
}

/** A trimmed optional text field of at most `max` characters. */
export const textField = (max: number, label: string) =>
  z
    .string({ message: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .optional()
    .default('');

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
