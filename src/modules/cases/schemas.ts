import { z } from 'zod';
import { isLocalDate, type LocalDate } from '../../domain/calendar/localDate.ts';
import { isLocalTime, londonInstant } from '../../domain/calendar/london.ts';
import {
  CLOSURE_REASONS,
  CONTACT_DIRECTIONS,
  CONTACT_METHODS,
  CONTACT_OUTCOMES,
  DA_LITERATURE,
  SAFETY_PLAN_ITEMS,
  type ClosureReason,
  type ContactDirection,
  type ContactMethod,
  type ContactOutcome,
} from '../../domain/cases/contacts.ts';

const keys = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .optional()
    .default('');
const asList = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);
const orNull = (s: string) => (s === '' ? null : s);
const uuid = z.string().uuid();

export const versionSchema = z.object({ version: z.coerce.number().int().min(0) });

export const caseListQuerySchema = z.object({
  whose: z.enum(['mine', 'team', 'all']).catch('mine'),
  status: z.enum(['open', 'closed']).catch('open'),
  due: z.enum(['yes', '']).catch(''),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

/** A date entered as day, month and year (GOV.UK date input); '' when all three are blank. */
function dateFrom(v: Record<string, string>, prefix: string): LocalDate | '' | undefined {
  const parts = [v[`${prefix}-day`], v[`${prefix}-month`], v[`${prefix}-year`]].map((p) => (p ?? '').trim());
  if (parts.every((p) => p === '')) return '';
  const [day, month, year] = parts.map((p) => (/^\d{1,4}$/.test(p) ? p : ''));
  const date = `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return day && month && year.length === 4 && isLocalDate(date) ? date : undefined;
}

const dateParts = (prefix: string) => ({
  [`${prefix}-day`]: z.string().optional().default(''),
  [`${prefix}-month`]: z.string().optional().default(''),
  [`${prefix}-year`]: z.string().optional().default(''),
});

/** "Open a case": the victim, which of her incidents it spans, who holds it and whether she has Enhanced Rights. */
export const newCaseSchema = z
  .object({
    personId: uuid,
    incidents: z.preprocess(asList, z.array(z.string().uuid('Select the incidents the case spans'))),
    owner: z.string().trim().optional().default(''),
    team: z.string().trim().optional().default(''),
    enhancedRights: z.enum(['yes', 'no'], { message: 'Select whether she has Enhanced Rights under the Victims’ Code' }),
  })
  .superRefine((v, ctx) => {
    if (v.incidents.length === 0)
      ctx.addIssue({ code: 'custom', path: ['incidents'], message: 'Select at least one incident the case spans' });
    if (!v.team) ctx.addIssue({ code: 'custom', path: ['team'], message: 'Select the team that holds the case' });
  })
  .transform((v) => ({
    victimPersonId: v.personId,
    incidentIds: v.incidents,
    ownerId: orNull(v.owner),
    teamId: orNull(v.team),
    enhancedRights: v.enhancedRights === 'yes',
  }));

export type NewCaseForm = z.infer<typeof newCaseSchema>;

/** `POST /api/v1/cases` (DESIGN.md §4): Enhanced Rights default to yes for DA victims. */
export const apiNewCaseSchema = z.object({
  victimPersonId: z.string({ message: 'victimPersonId is required' }).uuid('victimPersonId must be a UUID'),
  incidentIds: z
    .array(z.string().uuid('each incidentId must be a UUID'), { message: 'incidentIds must be a list of incident ids' })
    .min(1, 'incidentIds must name at least one incident'),
  enhancedRights: z.boolean({ message: 'enhancedRights must be true or false' }).optional().default(true),
  ownerId: z.string().uuid('ownerId must be a UUID').nullish(),
  teamId: z.string().uuid('teamId must be a UUID').nullish(),
});

export const transferSchema = versionSchema
  .extend({
    owner: z.string().trim().optional().default(''),
    team: z.string().trim().optional().default(''),
    reason: text(2000, 'The reason'),
  })
  .superRefine((v, ctx) => {
    if (!v.team) ctx.addIssue({ code: 'custom', path: ['team'], message: 'Select the team the case goes to' });
    if (!v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Enter why the case is being transferred' });
  })
  .transform((v) => ({ version: v.version, ownerId: orNull(v.owner), teamId: orNull(v.team), reason: v.reason }));

export const closeSchema = versionSchema
  .extend({
    reason: z.enum(keys(CLOSURE_REASONS), { message: 'Select why the case is being closed' }),
    detail: text(2000, 'The explanation'),
  })
  .superRefine((v, ctx) => {
    if (v.reason === 'other' && !v.detail)
      ctx.addIssue({ code: 'custom', path: ['detail'], message: 'Explain why the case is being closed' });
  })
  .transform((v) => ({ version: v.version, reason: v.reason as ClosureReason, detail: orNull(v.detail) }));

export const reopenSchema = versionSchema.extend({ reason: text(2000, 'The reason') }).superRefine((v, ctx) => {
  if (!v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Enter why the case is being reopened' });
});

export const safeContactSchema = versionSchema
  .extend({
    method: text(500, 'How to contact her'),
    safeTimes: text(500, 'When it is safe'),
    phone: text(40, 'The safe number'),
    mustNotKnow: text(500, 'Who must not know'),
    notes: text(2000, 'The notes'),
  })
  .superRefine((v, ctx) => {
    if (!v.method) ctx.addIssue({ code: 'custom', path: ['method'], message: 'Enter how it is safe to contact her' });
    if (v.phone && !/^[0-9 +()-]{6,40}$/.test(v.phone))
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'Enter the safe number in digits, like 07700 900123' });
  })
  .transform((v) => ({
    version: v.version,
    input: {
      method: v.method,
      safeTimes: orNull(v.safeTimes),
      phone: orNull(v.phone),
      mustNotKnow: orNull(v.mustNotKnow),
      notes: orNull(v.notes),
    },
  }));

/** "Record a contact": what happened, what was advised and agreed, and anything disclosed that needs action. */
export const contactSchema = z
  .object({
    method: z.enum(keys(CONTACT_METHODS), { message: 'Select how the contact was made' }),
    direction: z.enum(keys(CONTACT_DIRECTIONS), { message: 'Select who made the contact' }),
    ...dateParts('occurred'),
    'occurred-time': z.string().trim().optional().default(''),
    withWhom: text(200, 'Who the contact was with'),
    outcome: z.enum(keys(CONTACT_OUTCOMES), { message: 'Select the outcome of the contact' }),
    advice: text(4000, 'The advice given'),
    safetyPlan: z.preprocess(asList, z.array(z.enum(keys(SAFETY_PLAN_ITEMS), { message: 'Select safety-plan items from the list' }))),
    safetyPlanOther: text(1000, 'The other safety-plan items'),
    literature: z.preprocess(asList, z.array(z.enum(keys(DA_LITERATURE), { message: 'Select literature from the list' }))),
    notes: text(4000, 'The notes'),
    urgent: z.enum(['yes', '']).optional().default(''),
    ndmRationale: text(4000, 'The NDM rationale'),
    policeResource: z.enum(['yes', '']).optional().default(''),
    unseenCrime: text(4000, 'The crime disclosed'),
    intelligence: text(4000, 'The intelligence'),
    ...dateParts('next'),
  })
  .transform((v, ctx) => {
    const raw = v as unknown as Record<string, string>;
    const occurredOn = dateFrom(raw, 'occurred');
    const time = v['occurred-time'] as string;
    if (occurredOn === '') ctx.addIssue({ code: 'custom', path: ['occurred-day'], message: 'Enter the date of the contact' });
    else if (occurredOn === undefined)
      ctx.addIssue({ code: 'custom', path: ['occurred-day'], message: 'Date of the contact must be a real date, like 27 3 2026' });
    const hhmm = /^\d{1,2}:\d{2}$/.test(time) ? time.padStart(5, '0') : '';
    if (!time) ctx.addIssue({ code: 'custom', path: ['occurred-time'], message: 'Enter the time of the contact, like 14:30' });
    else if (!isLocalTime(`${hhmm}:00`))
      ctx.addIssue({ code: 'custom', path: ['occurred-time'], message: 'Time of the contact must be a real time, like 14:30' });
    if (!v.withWhom) ctx.addIssue({ code: 'custom', path: ['withWhom'], message: 'Enter who the contact was with' });
    const urgent = v.urgent === 'yes';
    if (urgent && !v.ndmRationale)
      ctx.addIssue({ code: 'custom', path: ['ndmRationale'], message: 'Enter your rationale under the National Decision Model' });
    if (v.policeResource === 'yes' && !urgent)
      ctx.addIssue({ code: 'custom', path: ['urgent'], message: 'Select that the caller was in distress to request a police resource' });
    const nextOn = dateFrom(raw, 'next');
    if (nextOn === undefined)
      ctx.addIssue({ code: 'custom', path: ['next-day'], message: 'Next contact due must be a real date, like 27 3 2026' });
    if (ctx.issues?.length) return z.NEVER;
    const other = (v.safetyPlanOther as string)
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean);
    return {
      method: v.method as ContactMethod,
      direction: v.direction as ContactDirection,
      occurredAt: londonInstant(occurredOn as LocalDate, `${hhmm}:00`),
      withWhom: v.withWhom as string,
      outcome: v.outcome as ContactOutcome,
      advice: orNull(v.advice as string),
      safetyPlan: [...(v.safetyPlan as string[]).map((k) => SAFETY_PLAN_ITEMS[k as keyof typeof SAFETY_PLAN_ITEMS]), ...other],
      literature: (v.literature as string[]).map((k) => DA_LITERATURE[k as keyof typeof DA_LITERATURE]),
      notes: orNull(v.notes as string),
      urgent,
      ndmRationale: urgent ? (v.ndmRationale as string) : null,
      policeResourceRequested: urgent && v.policeResource === 'yes',
      unseenCrime: orNull(v.unseenCrime as string),
      intelligence: orNull(v.intelligence as string),
      nextContactDueOn: nextOn || null,
    };
  });

export type ContactForm = z.infer<typeof contactSchema>;
