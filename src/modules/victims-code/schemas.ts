import { z } from 'zod';
import { isLocalDate, type LocalDate } from '../../domain/calendar/localDate.ts';
import { isLocalTime, londonInstant } from '../../domain/calendar/london.ts';
import { CASE_EVENT_TYPES } from '../../domain/calendar/victimsCode.ts';

/** The API body of POST /api/v1/cases/{id}/events: every bad field is named. */
export const caseEventApiSchema = z.object({
  type: z.enum(CASE_EVENT_TYPES, { error: `type must be one of ${CASE_EVENT_TYPES.join(', ')}` }),
  occurredAt: z.iso.datetime({ offset: true, error: 'occurredAt must be an ISO 8601 date and time, like 2026-03-06T17:00:00Z' }),
});

export const UPDATE_METHODS = ['phone', 'visit', 'letter', 'email', 'text-message', 'via-idva'] as const;
export const UPDATE_METHOD_NAMES: Record<(typeof UPDATE_METHODS)[number], string> = {
  phone: 'Phone call',
  visit: 'In person',
  letter: 'Letter',
  email: 'Email',
  'text-message': 'Text message',
  'via-idva': 'Through their IDVA or support worker',
};

export const UPDATE_FREQUENCIES = ['every-event', 'weekly', 'fortnightly', 'monthly', 'key-stages-only'] as const;
export const UPDATE_FREQUENCY_NAMES: Record<(typeof UPDATE_FREQUENCIES)[number], string> = {
  'every-event': 'At every event the Code names',
  weekly: 'Weekly, as well as at each event',
  fortnightly: 'Every two weeks, as well as at each event',
  monthly: 'Monthly, as well as at each event',
  'key-stages-only': 'Only at charge, no further action or court dates',
};

export const UPDATE_VIA = ['victim-care-officer', 'officer-in-case', 'idva', 'nominated-person'] as const;
export const UPDATE_VIA_NAMES: Record<(typeof UPDATE_VIA)[number], string> = {
  'victim-care-officer': 'Their victim care officer',
  'officer-in-case': 'The officer in the case',
  idva: 'Their IDVA',
  'nominated-person': 'Someone they have named',
};

export const SUPPORT_NEEDS = [
  'emotional',
  'safety',
  'housing',
  'health',
  'children',
  'financial',
  'immigration',
  'substance-use',
  'court',
] as const;
export const SUPPORT_NEED_NAMES: Record<(typeof SUPPORT_NEEDS)[number], string> = {
  emotional: 'Emotional support (coping and recovery)',
  safety: 'Safety and security at home (locks, alarm, safety plan)',
  housing: 'Housing or refuge',
  health: 'Physical or mental health',
  children: 'Children in the household',
  financial: 'Money, benefits or economic abuse',
  immigration: 'Immigration status',
  'substance-use': 'Alcohol or drug use',
  court: 'Going to court (familiarisation, special measures)',
};

export const PERSONAL_STATEMENT_STATES = ['offered', 'taken', 'declined'] as const;
export const PERSONAL_STATEMENT_NAMES: Record<(typeof PERSONAL_STATEMENT_STATES)[number], string> = {
  offered: 'Offered, the victim is thinking about it',
  taken: 'Offered and taken',
  declined: 'Offered and declined',
};

const asList = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);
const text = (max: number, tooLong: string) => z.string().trim().max(max, tooLong).optional().default('');
const yesNo = z.enum(['yes', 'no']).optional().catch(undefined);
/** Adds an issue for each question left unanswered, so every missing answer is named at once. */
const required = (ctx: Issues, v: Record<string, unknown>, questions: Record<string, string>) => {
  for (const [field, message] of Object.entries(questions)) if (!v[field]) ctx.addIssue({ code: 'custom', path: [field], message });
};

type Issues = z.core.$RefinementCtx;

/** A GOV.UK date input (`<prefix>-day`, `-month`, `-year`) as a London date, or an issue on its day field. */
function dateFrom(v: Record<string, string>, prefix: string, label: string, ctx: Issues): LocalDate | undefined {
  const parts = [v[`${prefix}-day`] ?? '', v[`${prefix}-month`] ?? '', v[`${prefix}-year`] ?? ''].map((p) => p.trim());
  if (parts.every((p) => p === '')) {
    ctx.addIssue({ code: 'custom', path: [`${prefix}-day`], message: `Enter the ${label}` });
    return undefined;
  }
  const [day, month, year] = parts.map((p) => (/^\d{1,4}$/.test(p) ? p : ''));
  const date = `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!day || !month || year.length !== 4 || !isLocalDate(date)) {
    ctx.addIssue({ code: 'custom', path: [`${prefix}-day`], message: `The ${label} must be a real date, like 27 3 2026` });
    return undefined;
  }
  return date;
}

/** A date input and a 24-hour time (`<prefix>-time`, HH:MM) as an instant, London time. */
function instantFrom(v: Record<string, string>, prefix: string, label: string, ctx: Issues): Date | undefined {
  const date = dateFrom(v, prefix, `date ${label}`, ctx);
  const time = (v[`${prefix}-time`] ?? '').trim();
  if (!isLocalTime(time) || time.length !== 5) {
    ctx.addIssue({ code: 'custom', path: [`${prefix}-time`], message: `Enter the time ${label} in 24-hour form, like 14:30` });
    return undefined;
  }
  return date ? londonInstant(date, time) : undefined;
}

const dateParts = (prefix: string) => ({
  [`${prefix}-day`]: z.string().optional(),
  [`${prefix}-month`]: z.string().optional(),
  [`${prefix}-year`]: z.string().optional(),
  [`${prefix}-time`]: z.string().optional(),
});

export const versionSchema = z.object({ version: z.coerce.number().int().min(0) });

/** "Record a case event": what happened and when (not in the future). */
export const caseEventFormSchema = (now: Date) =>
  z.object({ type: z.string().optional(), ...dateParts('occurred') }).transform((v, ctx) => {
    const type = z.enum(CASE_EVENT_TYPES).safeParse(v.type);
    if (!type.success) ctx.addIssue({ code: 'custom', path: ['type'], message: 'Select what happened' });
    const occurredAt = instantFrom(v as Record<string, string>, 'occurred', 'it happened', ctx);
    if (occurredAt && occurredAt.getTime() > now.getTime())
      ctx.addIssue({ code: 'custom', path: ['occurred-day'], message: 'The date it happened must be today or in the past' });
    if (ctx.issues.length || !type.success || !occurredAt) return z.NEVER;
    return { type: type.data, occurredAt };
  });

/** "Record the update given": when and how the victim was told (not in the future, not before the event). */
export const updateGivenFormSchema = (now: Date) =>
  versionSchema
    .extend({ method: z.string().optional(), note: text(2000, 'The note must be 2,000 characters or fewer'), ...dateParts('told') })
    .transform((v, ctx) => {
      const method = z.enum(UPDATE_METHODS).safeParse(v.method);
      if (!method.success) ctx.addIssue({ code: 'custom', path: ['method'], message: 'Select how the victim was told' });
      const toldAt = instantFrom(v as unknown as Record<string, string>, 'told', 'the victim was told', ctx);
      if (toldAt && toldAt.getTime() > now.getTime())
        ctx.addIssue({ code: 'custom', path: ['told-day'], message: 'The date the victim was told must be today or in the past' });
      if (ctx.issues.length || !method.success || !toldAt) return z.NEVER;
      return { version: v.version, method: method.data, toldAt, note: v.note || null };
    });

/** The Victims' Code needs assessment a victim care officer goes through with her. */
export const needsAssessmentSchema = versionSchema
  .extend({
    'support-needs': z.preprocess(asList, z.array(z.enum(SUPPORT_NEEDS, { error: 'Select support needs from the list' }))),
    'communication-needs': text(1000, 'Communication needs must be 1,000 characters or fewer'),
    interpreter: yesNo,
    'interpreter-language': text(100, 'The language must be 100 characters or fewer'),
    'vulnerable-or-intimidated': yesNo,
    'consents-to-referral': yesNo,
    notes: text(4000, 'Notes must be 4,000 characters or fewer'),
  })
  .superRefine((v, ctx) => {
    required(ctx, v, {
      interpreter: 'Select whether the victim needs an interpreter',
      'vulnerable-or-intimidated': 'Select whether the victim is vulnerable or intimidated (special measures may be needed)',
      'consents-to-referral': 'Select whether the victim agrees to be referred to support services',
    });
    if (v.interpreter === 'yes' && !v['interpreter-language'])
      ctx.addIssue({ code: 'custom', path: ['interpreter-language'], message: 'Enter the language the victim needs an interpreter for' });
  })
  .transform((v) => ({
    version: v.version,
    assessment: {
      supportNeeds: v['support-needs'],
      communicationNeeds: v['communication-needs'] || null,
      interpreterLanguage: v.interpreter === 'yes' ? v['interpreter-language'] : null,
      vulnerableOrIntimidated: v['vulnerable-or-intimidated'] === 'yes',
      consentsToReferral: v['consents-to-referral'] === 'yes',
      notes: v.notes || null,
    },
  }));
export type NeedsAssessment = z.output<typeof needsAssessmentSchema>['assessment'];

/** How, how often and through whom she wants to hear about her case (agreed with her, recorded, honoured). */
export const updatePreferencesSchema = versionSchema
  .extend({
    method: z.enum(UPDATE_METHODS).optional().catch(undefined),
    frequency: z.enum(UPDATE_FREQUENCIES).optional().catch(undefined),
    via: z.enum(UPDATE_VIA).optional().catch(undefined),
    'via-name': text(200, 'The name must be 200 characters or fewer'),
    notes: text(1000, 'Notes must be 1,000 characters or fewer'),
  })
  .superRefine((v, ctx) => {
    required(ctx, v, {
      method: 'Select how the victim wants to be updated',
      frequency: 'Select how often the victim wants updates',
      via: 'Select who should give the victim the updates',
    });
    if (v.via === 'nominated-person' && !v['via-name'])
      ctx.addIssue({ code: 'custom', path: ['via-name'], message: 'Enter the name of the person the victim has named' });
  })
  .transform((v) => ({
    version: v.version,
    preferences: {
      method: v.method!,
      frequency: v.frequency!,
      via: v.via!,
      viaName: v.via === 'nominated-person' ? v['via-name'] : null,
      notes: v.notes || null,
    },
  }));
export type UpdatePreferences = z.output<typeof updatePreferencesSchema>['preferences'];

/** Changing Enhanced Rights: yes or no, and why (the Code's default for a DA victim is yes). */
export const enhancedRightsSchema = versionSchema.extend({
  'enhanced-rights': z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(['yes', 'no'], { error: 'Select whether the victim has Enhanced Rights' }),
  ),
  reason: z.string().trim().min(1, 'Enter why Enhanced Rights are changing').max(2000, 'The reason must be 2,000 characters or fewer'),
});

/** The Victim Personal Statement offer: offered, taken or declined, and on what date. */
export const personalStatementSchema = (today: LocalDate) =>
  versionSchema.extend({ status: z.string().optional(), ...dateParts('statement') }).transform((v, ctx) => {
    const status = z.enum(PERSONAL_STATEMENT_STATES).safeParse(v.status);
    if (!status.success)
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'Select whether the statement was offered, taken or declined' });
    const on = dateFrom(v as unknown as Record<string, string>, 'statement', 'date', ctx);
    if (on && on > today) ctx.addIssue({ code: 'custom', path: ['statement-day'], message: 'The date must be today or in the past' });
    if (ctx.issues.length || !status.success || !on) return z.NEVER;
    return { version: v.version, status: status.data, on };
  });

/** A victim asked for a review of a decision not to charge: on what date. */
export const reviewRequestSchema = (today: LocalDate) =>
  z.object({ ...dateParts('requested') }).transform((v, ctx) => {
    const on = dateFrom(v as Record<string, string>, 'requested', 'date the victim asked for a review', ctx);
    if (on && on > today) ctx.addIssue({ code: 'custom', path: ['requested-day'], message: 'The date must be today or in the past' });
    if (ctx.issues.length || !on) return z.NEVER;
    return { requestedOn: on };
  });

const optionalUuid = z.preprocess((v) => (v === '' ? undefined : v), z.uuid().optional()).catch(undefined);
const part = z.string().trim().optional().catch(undefined);

/** The compliance view's filters: team, officer, and the period (GOV.UK date inputs) the updates were due in. */
export const complianceQuerySchema = z
  .object({
    team: optionalUuid,
    officer: optionalUuid,
    'from-day': part,
    'from-month': part,
    'from-year': part,
    'to-day': part,
    'to-month': part,
    'to-year': part,
  })
  .transform((v, ctx) => {
    const optionalDate = (prefix: 'from' | 'to', label: string) => {
      const parts = [v[`${prefix}-day`], v[`${prefix}-month`], v[`${prefix}-year`]];
      if (parts.every((p) => !p)) return undefined;
      return dateFrom(v as Record<string, string>, prefix, label, ctx);
    };
    const from = optionalDate('from', '‘due from’ date');
    const to = optionalDate('to', '‘due to’ date');
    if (from && to && to < from)
      ctx.addIssue({ code: 'custom', path: ['to-day'], message: 'The ‘due to’ date must be the same as or after the ‘due from’ date' });
    return { team: v.team, officer: v.officer, from: ctx.issues.length ? undefined : from, to: ctx.issues.length ? undefined : to };
  });

const workingDays = (which: string) =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce
      .number({ error: `Enter the ${which} time limit as a number of working days` })
      .int(`The ${which} time limit must be a whole number of working days`)
      .min(1, `The ${which} time limit must be at least 1 working day`)
      .max(30, `The ${which} time limit must be 30 working days or fewer`),
  );

/** The force's Victims' Code time limits (an administrator's page). */
export const timeLimitsSchema = z.object({
  'enhanced-rights-working-days': workingDays('Enhanced Rights'),
  'standard-working-days': workingDays('standard'),
  version: z.coerce.number().int().min(0),
});
