import { z } from 'zod';
import { isLocalDate, type LocalDate } from '../../domain/calendar/localDate.ts';
import { MAPPA_VALUES, NOTIFICATION_SOURCES, RELEASE_TYPES, type MappaValue } from '../../domain/releases/releaseRules.ts';
import type { OrderCondition } from '../../platform/db/schema.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const text = (max: number, label: string) =>
  z
    .string({ message: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .optional()
    .default('');

/** A GOV.UK date input named `prefix-day`, `-month`, `-year` as a calendar date. */
function dateField(
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

const mappa = (v: string): MappaValue | null => MAPPA_VALUES.find((m) => String(m) === v) ?? null;

/** The "Record a custody and release" form. */
export const releaseFormSchema = z
  .object({
    person: z.string().optional().default(''),
    establishment: text(200, 'The establishment'),
    'release-type': z.string().optional().default(''),
    'notified-by': z.string().optional().default(''),
    'mappa-category': z.string().optional().default(''),
    'mappa-level': z.string().optional().default(''),
    'condition-no-contact': text(2000, 'The non-contact condition'),
    'condition-exclusion-zone': text(2000, 'The exclusion zone'),
    'condition-exclusion-address': text(500, 'The exclusion zone address'),
    'condition-other': text(2000, 'The other licence conditions'),
    notes: text(4000, 'The notes'),
  })
  .passthrough()
  .transform((v, ctx) => {
    if (!UUID.test(v.person)) ctx.addIssue({ code: 'custom', path: ['person'], message: 'Choose the person released' });
    const releaseOn = dateField(v, 'release', 'the release date', ctx, true);
    const custodyFrom = dateField(v, 'custody', 'the date taken into custody', ctx, false);
    const licenceEndsOn = dateField(v, 'licence-ends', 'the date the licence ends', ctx, false);
    const notifiedOn = dateField(v, 'notified', 'the date we were told', ctx, true);
    if (!v.establishment)
      ctx.addIssue({ code: 'custom', path: ['establishment'], message: 'Enter the prison or establishment he is released from' });
    const releaseType = RELEASE_TYPES.find((t) => t === v['release-type']);
    if (!releaseType) ctx.addIssue({ code: 'custom', path: ['release-type'], message: 'Select the kind of release' });
    const notifiedBy = NOTIFICATION_SOURCES.find((t) => t === v['notified-by']);
    if (!notifiedBy) ctx.addIssue({ code: 'custom', path: ['notified-by'], message: 'Select who told us of the release' });
    const category = v['mappa-category'] && v['mappa-category'] !== 'none' ? mappa(v['mappa-category']) : null;
    const level = v['mappa-level'] && v['mappa-level'] !== 'none' ? mappa(v['mappa-level']) : null;
    if (v['mappa-category'] && v['mappa-category'] !== 'none' && !category)
      ctx.addIssue({ code: 'custom', path: ['mappa-category'], message: 'Select MAPPA category 1, 2 or 3, or not known' });
    if (v['mappa-level'] && v['mappa-level'] !== 'none' && !level)
      ctx.addIssue({ code: 'custom', path: ['mappa-level'], message: 'Select MAPPA level 1, 2 or 3, or not known' });
    if (
      !UUID.test(v.person) ||
      !releaseOn ||
      releaseOn === z.NEVER ||
      custodyFrom === z.NEVER ||
      licenceEndsOn === z.NEVER ||
      !notifiedOn ||
      notifiedOn === z.NEVER ||
      !v.establishment ||
      !releaseType ||
      !notifiedBy
    )
      return z.NEVER;
    const conditions: OrderCondition[] = [];
    if (v['condition-no-contact']) conditions.push({ kind: 'no-contact', text: v['condition-no-contact'] });
    if (v['condition-exclusion-zone'] || v['condition-exclusion-address'])
      conditions.push({
        kind: 'exclusion-zone',
        text: v['condition-exclusion-zone'] || 'Must not enter the exclusion zone',
        address: v['condition-exclusion-address'] || null,
      });
    if (v['condition-other']) conditions.push({ kind: 'other', text: v['condition-other'] });
    return {
      personId: v.person,
      custodyFrom,
      releaseOn,
      establishment: v.establishment,
      releaseType,
      licenceEndsOn,
      conditions,
      mappaCategory: category,
      mappaLevel: level,
      notifiedBy,
      notifiedOn,
      notes: v.notes || null,
    };
  });

export const registerQuerySchema = z.object({
  view: z.enum(['upcoming', 'today', 'overdue', 'past', 'all']).catch('upcoming'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export const leadDaysSchema = z.object({
  version: z.coerce.number().int().min(0).max(1_000_000).catch(-1),
  days: z
    .string({ message: 'Enter the number of days' })
    .trim()
    .min(1, 'Enter the number of days')
    .regex(/^\d{1,3}$/, 'The number of days must be a whole number from 1 to 90')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 90, 'The number of days must be a whole number from 1 to 90'),
});
