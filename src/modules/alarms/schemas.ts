import { z } from 'zod';
import { ALARM_DEVICES, RETURN_REASONS } from '../../domain/support/alarmRules.ts';
import { UUID_PATTERN, dateFieldOf, dateTimeFieldOf, textField } from '../../platform/dateFields.ts';

const version = z.coerce.number().int().min(0).max(1_000_000).catch(-1);

/** The "Issue a panic alarm" form. */
export const issueFormSchema = z
  .object({
    person: z.string().optional().default(''),
    device: z.string().optional().default(''),
    serial: textField(100, 'The serial number'),
    installer: textField(200, 'The installer'),
    notes: textField(4000, 'The notes'),
  })
  .passthrough()
  .transform((v, ctx) => {
    if (!UUID_PATTERN.test(v.person))
      ctx.addIssue({ code: 'custom', path: ['person'], message: 'Choose the victim the alarm is issued to' });
    const device = ALARM_DEVICES.find((d) => d === v.device);
    if (!device) ctx.addIssue({ code: 'custom', path: ['device'], message: 'Select the kind of alarm' });
    if (!v.serial) ctx.addIssue({ code: 'custom', path: ['serial'], message: 'Enter the serial number of the alarm' });
    if (!v.installer) ctx.addIssue({ code: 'custom', path: ['installer'], message: 'Enter who installed or handed over the alarm' });
    const issuedOn = dateFieldOf(v, 'issued', 'the date issued', ctx, true);
    if (!UUID_PATTERN.test(v.person) || !device || !v.serial || !v.installer || !issuedOn || issuedOn === z.NEVER) return z.NEVER;
    return { personId: v.person, device, serialNumber: v.serial, installer: v.installer, issuedOn, notes: v.notes || null };
  });

export const activationFormSchema = z
  .object({ version, incident: textField(40, 'The incident reference'), outcome: textField(2000, 'What happened') })
  .passthrough()
  .transform((v, ctx) => {
    const activatedAt = dateTimeFieldOf(v, 'activated', 'the activation', ctx);
    if (!v.outcome) ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'Enter what happened when the alarm was activated' });
    if (activatedAt === z.NEVER || !v.outcome) return z.NEVER;
    return { version: v.version, activatedAt, incidentReference: v.incident ? v.incident.toUpperCase() : null, outcome: v.outcome };
  });

export const reviewFormSchema = z.object({ version, note: textField(2000, 'The review note') });

export const returnFormSchema = z
  .object({ version, reason: z.string().optional().default('') })
  .passthrough()
  .transform((v, ctx) => {
    const returnedOn = dateFieldOf(v, 'returned', 'the date returned', ctx, true);
    const reason = RETURN_REASONS.find((r) => r === v.reason);
    if (!reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Select why the alarm came back' });
    if (!returnedOn || returnedOn === z.NEVER || !reason) return z.NEVER;
    return { version: v.version, returnedOn, reason };
  });

export const registerQuerySchema = z.object({
  view: z.enum(['out', 'review-due', 'returned', 'all']).catch('out'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export const reviewDaysSchema = z.object({
  version,
  days: z
    .string({ message: 'Enter the number of days' })
    .trim()
    .min(1, 'Enter the number of days')
    .regex(/^\d{1,3}$/, 'The number of days must be a whole number from 1 to 365')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 365, 'The number of days must be a whole number from 1 to 365'),
});
