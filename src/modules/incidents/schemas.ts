import { z } from 'zod';

/** The incident the force's systems send (`POST /api/v1/incidents`, in the OpenAPI document); also each row of an import. */
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

/** The earliest instant an incident may be dated: anything before is a typing error (and the year 0999 broke the calendar). */
export const EARLIEST_INCIDENT_AT = '1900-01-01T00:00:00Z';

const instant = (what: string) =>
  z.iso
    .datetime({ offset: true, message: `${what} must be an ISO 8601 date and time with a time zone, like 2026-03-01T21:15:00Z` })
    .refine((v) => {
      const t = new Date(v).getTime();
      return !Number.isNaN(t) && t >= Date.parse(EARLIEST_INCIDENT_AT);
    }, `${what} must be a real date and time after 1900`);

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

const questionId = z.string().regex(/^[A-Za-z0-9._-]{1,20}$/, 'answers and comments are keyed by question id, like "1"');

/**
 * The shape of the officer's questionnaire. Which questions and answers are allowed depends on the instrument version
 * it names, so intake checks the answers against that version (officerAnswerProblems) before storing anything.
 */
export const riskAssessmentSchema = z.object({
  instrument: z
    .string({ message: 'instrument is required' })
    .trim()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'instrument must be an instrument id like dash-2009, dara-2022 or a force variant’s code')
    .max(100, 'instrument must be 100 characters or fewer')
    .meta({
      description:
        'The instrument the officer answered: dash-2009, dara-2022 (the DARA-style definition) or the code of a force variant published at /admin/instruments. Answers, comments and officerRationale are checked against its questions and answer options.',
    }),
  instrumentVersion: z
    .string()
    .trim()
    .min(1, 'instrumentVersion must not be empty')
    .max(20, 'instrumentVersion must be 20 characters or fewer')
    .optional()
    .meta({ description: "The version answered; default the instrument's current version (a variant's latest saved version)" }),
  answers: z
    .record(questionId, z.enum(DASH_ANSWERS, { message: 'each answer must be yes, no or dont-know' }))
    .meta({ description: 'By question id of the instrument version, e.g. {"1": "yes"}; only the answers the version offers' }),
  comments: z.record(questionId, z.string().max(2000, 'each comment must be 2000 characters or fewer')).optional(),
  officerGrade: z.enum(GRADES, { message: 'officerGrade must be standard, medium or high' }),
  officerRationale: text(4000, 'officerRationale').optional().meta({
    description: "Why the officer chose the grade; required by instruments graded on the officer's judgement (dara-2022)",
  }),
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
  .refine((i) => i.parties.some((p) => p.role === 'victim'), {
    path: ['parties'],
    message: 'parties must include a victim',
    params: { problem: 'no-victim' },
  })
  .refine((i) => !i.occurredAt || new Date(i.occurredAt).getTime() <= new Date(i.reportedAt).getTime(), {
    path: ['occurredAt'],
    message: 'occurredAt must not be after reportedAt',
    params: { problem: 'occurred-after-reported' },
  });

export type IncidentInput = z.infer<typeof incidentSchema>;
export type PersonDetails = z.infer<typeof personDetailsSchema>;
export type PartyInput = z.infer<typeof partySchema>;

/** Zod issues as problem+json field errors. */
export function fieldErrors(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(body)', message: i.message }));
}
