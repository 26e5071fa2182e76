import { z } from 'zod';
import { isLocalDate } from '../../domain/calendar/localDate.ts';
import { endOfLondonDay, isLocalTime, londonInstant } from '../../domain/calendar/london.ts';
import { ORDER_REGIMES, ORDER_TYPES, POLICE_RANKS, POLICE_RANK_NAMES, type PoliceRank } from '../../domain/orders/orderRules.ts';
import type { OrderCondition } from '../../platform/db/schema.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const asList = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);
const text = (max: number, label: string) =>
  z
    .string({ message: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .optional()
    .default('');

/** A rank as people write it: "Superintendent", "superintendent", "chief-inspector", "Chief Inspector". */
export function parseRank(value: string): PoliceRank | null {
  const v = value.trim().toLowerCase().replace(/\s+/g, '-');
  return POLICE_RANKS.find((r) => r === v || POLICE_RANK_NAMES[r].toLowerCase().replace(/\s+/g, '-') === v) ?? null;
}

const conditionSchema = z.object({
  kind: z.enum(['no-contact', 'exclusion-zone', 'other'], { message: 'A condition is no-contact, exclusion-zone or other' }),
  text: z
    .string({ message: 'Describe the condition' })
    .trim()
    .min(1, 'Describe the condition')
    .max(2000, 'A condition must be 2,000 characters or fewer'),
  address: z.string().trim().max(500, 'The address must be 500 characters or fewer').nullish(),
});

/** `POST /api/v1/orders` */
export const orderApiSchema = z
  .object({
    type: z.enum(ORDER_TYPES, { message: `type must be one of ${ORDER_TYPES.join(', ')}` }),
    subjectPersonId: z.string({ message: 'subjectPersonId is required' }).regex(UUID, 'subjectPersonId must be a UUID'),
    protectedPersonIds: z.array(z.string().regex(UUID, 'each protected person id must be a UUID')).max(50).default([]),
    servedAt: z
      .string({ message: 'servedAt is required (ISO 8601)' })
      .datetime({ offset: true, message: 'servedAt must be an ISO 8601 date and time' }),
    expiresAt: z.string().datetime({ offset: true, message: 'expiresAt must be an ISO 8601 date and time' }).nullish(),
    incidentId: z.string().regex(UUID, 'incidentId must be a UUID').nullish(),
    authorisedBy: z
      .object({
        name: z.string({ message: 'authorisedBy.name is required' }).trim().min(1, 'authorisedBy.name is required').max(200),
        rank: z.string({ message: 'authorisedBy.rank is required' }).max(60),
      })
      .nullish(),
    conditions: z.array(conditionSchema).max(30).default([]),
    positiveRequirements: z.string().max(4000).nullish(),
    electronicMonitoring: z.boolean().optional(),
  })
  .strict()
  .transform((v, ctx) => {
    const rank = v.authorisedBy ? parseRank(v.authorisedBy.rank) : null;
    if (v.authorisedBy && !rank) {
      ctx.addIssue({
        code: 'custom',
        path: ['authorisedBy', 'rank'],
        message: `authorisedBy.rank must be a police rank (${POLICE_RANKS.join(', ')})`,
      });
      return z.NEVER;
    }
    return {
      type: v.type,
      subjectPersonId: v.subjectPersonId,
      protectedPersonIds: v.protectedPersonIds,
      startsAt: new Date(v.servedAt),
      endsAt: v.expiresAt ? new Date(v.expiresAt) : null,
      incidentId: v.incidentId ?? null,
      authorisedBy: v.authorisedBy ? { name: v.authorisedBy.name, rank } : null,
      conditions: v.conditions.map((c) => ({ kind: c.kind, text: c.text, address: c.address ?? null })) as OrderCondition[],
      positiveRequirements: v.positiveRequirements ?? null,
      electronicMonitoring: v.electronicMonitoring ?? false,
    };
  });

/** A GOV.UK date (and optional time) input named `prefix-day`, `-month`, `-year`, `-time` as a London instant. */
function dateField(
  body: Record<string, unknown>,
  prefix: string,
  label: string,
  ctx: z.RefinementCtx,
  options: { required: boolean; withTime: boolean },
): Date | null | typeof z.NEVER {
  const get = (k: string) => (typeof body[`${prefix}-${k}`] === 'string' ? (body[`${prefix}-${k}`] as string).trim() : '');
  const [day, month, year, time] = [get('day'), get('month'), get('year'), get('time')];
  if (!day && !month && !year) {
    if (!options.required) return null;
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
  if (!options.withTime) return endOfLondonDay(date);
  const hhmm = /^\d{1,2}:\d{2}$/.test(time) ? time.padStart(5, '0') : time;
  if (!isLocalTime(hhmm)) {
    ctx.addIssue({ code: 'custom', path: [`${prefix}-time`], message: `Enter the time of ${label} in 24-hour form, like 18:30` });
    return z.NEVER;
  }
  return londonInstant(date, hhmm);
}

const conditionsFrom = (body: Record<string, unknown>): OrderCondition[] => {
  const out: OrderCondition[] = [];
  const noContact = typeof body['condition-no-contact'] === 'string' ? body['condition-no-contact'].trim() : '';
  if (noContact) out.push({ kind: 'no-contact', text: noContact });
  const zone = typeof body['condition-exclusion-zone'] === 'string' ? body['condition-exclusion-zone'].trim() : '';
  const zoneAddress = typeof body['condition-exclusion-address'] === 'string' ? body['condition-exclusion-address'].trim() : '';
  if (zone || zoneAddress)
    out.push({ kind: 'exclusion-zone', text: zone || 'Must not enter the exclusion zone', address: zoneAddress || null });
  const other = typeof body['condition-other'] === 'string' ? body['condition-other'].trim() : '';
  if (other) out.push({ kind: 'other', text: other });
  return out;
};

/** The "Record a notice or order" form. */
export const orderFormSchema = z
  .object({
    type: z.string().optional().default(''),
    subject: z.string().optional().default(''),
    protected: z.preprocess(asList, z.array(z.string())),
    'incident-reference': text(40, 'The incident reference'),
    'authorised-name': text(200, 'The authorising officer’s name'),
    'authorised-rank': z.string().optional().default(''),
    'condition-no-contact': text(2000, 'The no-contact condition'),
    'condition-exclusion-zone': text(2000, 'The exclusion zone'),
    'condition-exclusion-address': text(500, 'The exclusion zone address'),
    'condition-other': text(2000, 'The other condition'),
    'positive-requirements': text(4000, 'The positive requirements'),
    'electronic-monitoring': z.string().optional(),
  })
  .passthrough()
  .transform((v, ctx) => {
    const type = ORDER_TYPES.find((t) => t === v.type);
    if (!type) ctx.addIssue({ code: 'custom', path: ['type'], message: 'Select the type of notice or order' });
    if (!UUID.test(v.subject)) ctx.addIssue({ code: 'custom', path: ['subject'], message: 'Choose the person the order is against' });
    const startsAt = dateField(v, 'starts', 'the date it was served or made', ctx, { required: true, withTime: true });
    const endsAt = dateField(v, 'ends', 'the date it ends', ctx, { required: false, withTime: false });
    const rank = v['authorised-rank'] ? parseRank(v['authorised-rank']) : null;
    if (v['authorised-rank'] && !rank)
      ctx.addIssue({ code: 'custom', path: ['authorised-rank'], message: 'Select the authorising officer’s rank' });
    if (!type || startsAt === z.NEVER || endsAt === z.NEVER || !UUID.test(v.subject)) return z.NEVER;
    return {
      type,
      subjectPersonId: v.subject,
      protectedPersonIds: v.protected.filter((p) => UUID.test(p)),
      startsAt: startsAt!,
      endsAt,
      incidentReference: v['incident-reference'] || null,
      authorisedBy: v['authorised-name'] || rank ? { name: v['authorised-name'], rank } : null,
      conditions: conditionsFrom(v),
      positiveRequirements: v['positive-requirements'] || null,
      electronicMonitoring: v['electronic-monitoring'] === 'yes',
    };
  });

export const versionSchema = z.object({ version: z.coerce.number().int().min(0).max(1_000_000) });

/** The court's decision on a DVPN or DAPN. */
export const hearingOutcomeSchema = z
  .object({
    version: z.coerce.number().int().min(0).max(1_000_000).catch(-1),
    outcome: z.string().optional().default(''),
    reason: text(2000, 'The reason'),
  })
  .passthrough()
  .transform((v, ctx) => {
    if (v.outcome === 'made') {
      const madeAt = dateField(v, 'made', 'the date the order was made', ctx, { required: true, withTime: true });
      const endsAt = dateField(v, 'ends', 'the date the order ends', ctx, { required: false, withTime: false });
      if (madeAt === z.NEVER || endsAt === z.NEVER) return z.NEVER;
      return {
        version: v.version,
        outcome: {
          outcome: 'made' as const,
          madeAt: madeAt!,
          endsAt,
          conditions: conditionsFrom(v),
          positiveRequirements: typeof v['positive-requirements'] === 'string' ? v['positive-requirements'] : null,
          electronicMonitoring: v['electronic-monitoring'] === 'yes',
        },
      };
    }
    if (v.outcome === 'refused' || v.outcome === 'withdrawn') {
      if (!v.reason) {
        ctx.addIssue({ code: 'custom', path: ['reason'], message: `Enter why the application was ${v.outcome}` });
        return z.NEVER;
      }
      return { version: v.version, outcome: { outcome: v.outcome as 'refused' | 'withdrawn', reason: v.reason } };
    }
    ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'Select what the court decided' });
    return z.NEVER;
  });

export const breachSchema = z
  .object({
    description: text(4000, 'The description'),
    'action-taken': text(2000, 'The action taken'),
    'breach-incident-reference': text(40, 'The incident reference'),
  })
  .passthrough()
  .transform((v, ctx) => {
    const occurredAt = dateField(v, 'occurred', 'the date of the breach', ctx, { required: true, withTime: true });
    if (!v.description) ctx.addIssue({ code: 'custom', path: ['description'], message: 'Describe the breach' });
    if (occurredAt === z.NEVER || !v.description) return z.NEVER;
    return {
      occurredAt: occurredAt!,
      description: v.description,
      actionTaken: v['action-taken'] || null,
      incidentReference: v['breach-incident-reference'] || null,
    };
  });

export const expirySchema = z
  .object({
    version: z.coerce.number().int().min(0).max(1_000_000).catch(-1),
    decision: z.string().optional().default(''),
    'expiry-reason': text(2000, 'The reason'),
  })
  .passthrough()
  .transform((v, ctx) => {
    const decision = (['extend', 'further-order', 'lapse'] as const).find((d) => d === v.decision);
    if (!decision) ctx.addIssue({ code: 'custom', path: ['decision'], message: 'Select what happens to the order' });
    if (!v['expiry-reason']) ctx.addIssue({ code: 'custom', path: ['expiry-reason'], message: 'Enter the reason for the decision' });
    const endsAt = decision === 'extend' ? dateField(v, 'new-ends', 'the new end date', ctx, { required: true, withTime: false }) : null;
    if (!decision || !v['expiry-reason'] || endsAt === z.NEVER) return z.NEVER;
    return { version: v.version, decision: { decision, endsAt, reason: v['expiry-reason'] } };
  });

export const notificationSchema = z
  .object({ version: z.coerce.number().int().min(0).max(1_000_000).catch(-1) })
  .passthrough()
  .transform((v, ctx) => {
    const at = dateField(v, 'notified', 'the date of the notification', ctx, { required: true, withTime: true });
    if (at === z.NEVER) return z.NEVER;
    return { version: v.version, at: at! };
  });

export const registerQuerySchema = z.object({
  view: z.enum(['hearings', 'in-force', 'ending', 'all']).catch('hearings'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export const regimeSchema = z.object({
  version: z.coerce.number().int().min(0).max(1_000_000).catch(-1),
  regime: z.enum(ORDER_REGIMES, { message: 'Select which protective order regime the force uses' }),
});
