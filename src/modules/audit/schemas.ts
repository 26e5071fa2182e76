import { z } from 'zod';
import { AUDIT_CATEGORIES } from '../../platform/audit/auditTrail.ts';
import { startOfLondonDay, startOfNextLondonDay } from '../../domain/calendar/london.ts';
import type { AuditFilter } from './repository.ts';

function londonDay(v: Record<string, string>, prefix: string, label: string, ctx: z.RefinementCtx): string | undefined {
  const parts = [v[`${prefix}-day`], v[`${prefix}-month`], v[`${prefix}-year`]];
  if (parts.every((p) => !p)) return undefined;
  const [d, m, y] = parts.map(Number);
  const candidate = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(`${candidate}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== candidate || y < 2000) {
    ctx.addIssue({ code: 'custom', path: [`${prefix}-day`], message: `${label} must be a real date, like 27 3 2026` });
    return undefined;
  }
  return candidate;
}

const text = z.string().trim().max(100).optional().default('');

/** The audit search's filters, from the query string (ids, usernames and dates: no personal details). */
export const auditFilterSchema = z
  .object({
    personId: z
      .union([z.literal(''), z.string().uuid('Choose a person from the lookup')])
      .optional()
      .default(''),
    user: text,
    category: z
      .union([z.literal(''), z.enum(AUDIT_CATEGORIES)])
      .optional()
      .default(''),
    'from-day': text,
    'from-month': text,
    'from-year': text,
    'to-day': text,
    'to-month': text,
    'to-year': text,
  })
  .transform((v, ctx): AuditFilter => {
    const from = londonDay(v, 'from', 'The start date', ctx);
    const to = londonDay(v, 'to', 'The end date', ctx);
    if (from && to && to < from)
      ctx.addIssue({ code: 'custom', path: ['to-day'], message: 'The end date must be on or after the start date' });
    return {
      personId: v.personId || undefined,
      user: v.user || undefined,
      category: v.category || undefined,
      from: from ? startOfLondonDay(from) : undefined,
      before: to ? startOfNextLondonDay(to) : undefined,
    };
  });
