import { z } from 'zod';
import { isLawfulBasis } from '../../domain/enquiries/enquiries.ts';
import { instantFromInput } from '../../platform/dateInput.ts';

const required = (message: string, max = 200) =>
  z
    .string({ error: message })
    .trim()
    .min(1, message)
    .max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`);
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .optional()
    .default('');
const list = (v: unknown) => (Array.isArray(v) ? v : typeof v === 'string' && v !== '' ? [v] : []);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "Record an enquiry": who asked, about whom, why, on what basis and when it came in. */
export const enquirySchema = z
  .object({
    requesterName: required('Enter the name of the person asking'),
    requesterOrganisation: required('Enter the team or agency asking'),
    requesterContact: required('Enter how to contact the person asking'),
    purpose: required('Enter what the information is wanted for', 2000),
    lawfulBasis: z.string({ error: 'Select the lawful basis for sharing' }).refine(isLawfulBasis, 'Select the lawful basis for sharing'),
    personIds: z.preprocess(
      list,
      z.array(z.string().regex(UUID, 'Select the people the enquiry is about')).min(1, 'Select at least one person the enquiry is about'),
    ),
    'received-day': optional(4),
    'received-month': optional(4),
    'received-year': optional(4),
    'received-time': optional(5),
  })
  .transform((v, ctx) => {
    const receivedAt = instantFromInput(v, 'received', 'received-time');
    if (receivedAt === 'missing' || receivedAt === 'invalid') {
      ctx.addIssue({
        code: 'custom',
        path: ['received-day'],
        message: receivedAt === 'missing' ? 'Enter the date the enquiry was received' : 'Date received must be a real date, like 27 3 2026',
      });
      return z.NEVER;
    }
    return {
      requesterName: v.requesterName,
      requesterOrganisation: v.requesterOrganisation,
      requesterContact: v.requesterContact,
      purpose: v.purpose,
      lawfulBasis: v.lawfulBasis,
      personIds: [...new Set(v.personIds)],
      receivedAt,
    };
  });
export type EnquiryForm = z.output<typeof enquirySchema>;

/** "Record the decision": the choice, why, and (when something was disclosed) what and when. */
export const decisionSchema = z
  .object({
    version: z.coerce.number().int().min(1),
    decision: z.string().optional().default(''),
    rationale: optional(4000),
    disclosedInformation: optional(4000),
    'disclosed-day': optional(4),
    'disclosed-month': optional(4),
    'disclosed-year': optional(4),
  })
  .transform((v, ctx) => {
    const at = instantFromInput(v, 'disclosed');
    if (at === 'invalid') {
      ctx.addIssue({ code: 'custom', path: ['disclosed-day'], message: 'Date disclosed must be a real date, like 27 3 2026' });
      return z.NEVER;
    }
    return {
      version: v.version,
      decision: v.decision,
      rationale: v.rationale,
      disclosedInformation: v.disclosedInformation,
      disclosedAt: at === 'missing' ? null : at,
    };
  });
export type DecisionForm = z.output<typeof decisionSchema>;
