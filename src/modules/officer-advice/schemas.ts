import { z } from 'zod';
import { isCollarNumber, isOfficerAdviceOption } from '../../domain/officerAdvice/advice.ts';
import { instantFromInput } from '../../platform/dateInput.ts';

const list = (v: unknown) => (Array.isArray(v) ? v : typeof v === 'string' && v !== '' ? [v] : []);
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .optional()
    .default('');

/** "Record advice given to an officer": which incident, which officer, when, and the advice. */
export const adviceSchema = z
  .object({
    incidentReference: z
      .string({ error: 'Enter the incident reference' })
      .trim()
      .min(1, 'Enter the incident reference')
      .max(40, 'Enter an incident reference like SG-2026-0000123'),
    officerName: z
      .string({ error: 'Enter the name of the officer' })
      .trim()
      .min(1, 'Enter the name of the officer')
      .max(200, 'Must be 200 characters or fewer'),
    collarNumber: z
      .string({ error: 'Enter the officer’s collar number' })
      .trim()
      .min(1, 'Enter the officer’s collar number')
      .refine(isCollarNumber, 'Enter a collar number like 4512 or PC 4512'),
    advice: z.preprocess(
      list,
      z
        .array(z.string())
        .min(1, 'Select the advice given')
        .refine((a) => a.every(isOfficerAdviceOption), 'Select advice from the list'),
    ),
    notes: optional(4000),
    'advised-day': optional(4),
    'advised-month': optional(4),
    'advised-year': optional(4),
    'advised-time': optional(5),
  })
  .transform((v, ctx) => {
    const advisedAt = instantFromInput(v, 'advised', 'advised-time');
    if (advisedAt === 'missing' || advisedAt === 'invalid') {
      ctx.addIssue({
        code: 'custom',
        path: ['advised-day'],
        message:
          advisedAt === 'missing' ? 'Enter the date the advice was given' : 'Date and time advised must be real, like 27 3 2026 and 14:30',
      });
      return z.NEVER;
    }
    if (!v['advised-time']) {
      ctx.addIssue({ code: 'custom', path: ['advised-time'], message: 'Enter the time the advice was given, like 14:30' });
      return z.NEVER;
    }
    return {
      incidentReference: v.incidentReference,
      officerName: v.officerName,
      collarNumber: v.collarNumber.toUpperCase(),
      advice: [...new Set(v.advice)],
      notes: v.notes,
      advisedAt,
    };
  });
export type AdviceForm = z.output<typeof adviceSchema>;
