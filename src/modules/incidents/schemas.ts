import { z } from 'zod';

/** The incident the force's systems send (DESIGN §4 POST /api/v1/incidents); also each row of an import. */
export const PARTY_ROLES = ['victim', 'suspect', 'child', 'witness', 'other'] as const;
export const DASH_ANSWERS = ['yes', 'no', 'dont-know'] as const;
export const GRADES = ['standard', 'medium', 'high'] as const;

const text = (max: number, what: string) => z.string().trim().max(max, `${what} must be ${max} characters or fewer`);
const optionalText = (max: number, what: string) =>
  text(max, what)
    .optional()
    .transform((v) => (v ? v : undefined));

const calendarDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'dateOfBirth must be a date in the form YYYY-MM-DD')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && v >= '1900-01-01';
  }, 'dateOfBirth must be a real date after 1900');

const instant = (what: string) =>
  z.iso.datetime({ offset: true, message: `${what} must be an ISO 8601 date and time with a time zone, like 2026-03-01T21:15:00Z` });

export const personDetailsSchema = z.object({
  givenName: text(100, 'givenName').min(1, 'givenName is required'),
  middleName: optionalText(100, 'middleName'),
  familyName: text(100, 'familyName').min(1, 'familyName is required'),
  dateOfBirth: calendarDate.optional(),
  sex: z.enum(['female', 'male', 'unknown'], { message: 'sex must be female, male or unknown' }).optional(),
  address: optionalText(300, 'address'),
  postcode: optionalText(10, 'postcode'),
  phone: optionalText(30, 'phone'),
  email: optionalText(200, 'email'),
  pncId: optionalText(20, 'pncId'),
});

export const partySchema = z.object({
  role: z.enum(PARTY_ROLES, { message: `role must be one of ${PARTY_ROLES.join(', ')}` }),
  person: personDetailsSchema,
  present: z.boolean().optional(),
  school: optionalText(200, 'school'),
});

const dashKeys = Array.from({ length: 27 }, (_, i) => String(i + 1));

export const riskAssessmentSchema = z.object({
  instrument: z.literal('dash-2009', { message: 'instrument must be dash-2009' }),
  answers: z
    .record(z.string(), z.enum(DASH_ANSWERS, { message: 'each answer must be yes, no or dont-know' }))
    .refine((a) => Object.keys(a).every((k) => dashKeys.includes(k)), 'answers are keyed "1" to "27"'),
  comments: z.record(z.string(), z.string().max(2000)).optional(),
  officerGrade: z.enum(GRADES, { message: 'officerGrade must be standard, medium or high' }),
});

export const incidentSchema = z
  .object({
    sourceSystem: text(50, 'sourceSystem')
      .min(1, 'sourceSystem is required')
      .regex(/^[A-Za-z0-9._-]+$/, 'sourceSystem may use only letters, numbers, dots, hyphens and underscores'),
    sourceReference: text(100, 'sourceReference').min(1, 'sourceReference is required'),
    reportedAt: instant('reportedAt'),
    occurredAt: instant('occurredAt').optional(),
    location: z.object({ address: text(300, 'location.address'), postcode: optionalText(10, 'location.postcode') }).optional(),
    classification: text(100, 'classification').min(1, 'classification is required'),
    relationship: optionalText(50, 'relationship'),
    narrative: optionalText(20_000, 'narrative'),
    parties: z.array(partySchema).min(1, 'parties must name at least one person').max(50, 'an incident may have at most 50 parties'),
    riskAssessment: riskAssessmentSchema.optional(),
  })
  .refine((i) => i.parties.some((p) => p.role === 'victim'), { path: ['parties'], message: 'parties must include a victim' });

export type IncidentInput = z.infer<typeof incidentSchema>;
export type PersonDetails = z.infer<typeof personDetailsSchema>;
export type PartyInput = z.infer<typeof partySchema>;

/** Zod issues as problem+json field errors. */
export function fieldErrors(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(body)', message: i.message }));
}
