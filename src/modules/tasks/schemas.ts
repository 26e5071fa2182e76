import { z } from 'zod';
import { isLocalDate } from '../../domain/calendar/localDate.ts';
import { TASK_SCOPES } from './repository.ts';

export const taskListQuerySchema = z.object({
  scope: z.enum(TASK_SCOPES).catch('all'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export const versionSchema = z.object({ version: z.coerce.number().int().min(0) });

export const completeSchema = versionSchema.extend({
  note: z.string().trim().max(2000, 'The note must be 2,000 characters or fewer').optional().default(''),
});

/** "Record the referral to MARAC": the day it was made (a real date) and which of the incident's suspects it names. */
export const maracReferralSchema = versionSchema
  .extend({
    'referred-day': z.string().trim().optional().default(''),
    'referred-month': z.string().trim().optional().default(''),
    'referred-year': z.string().trim().optional().default(''),
    perpetrator: z.string().trim().optional().default(''),
  })
  .transform((v, ctx) => {
    const parts = [v['referred-day'], v['referred-month'], v['referred-year']];
    if (parts.every((p) => p === '')) {
      ctx.addIssue({ code: 'custom', path: ['referred-day'], message: 'Enter the date the referral was made' });
      return z.NEVER;
    }
    const [day, month, year] = parts.map((p) => (/^\d{1,4}$/.test(p) ? p : ''));
    const referredOn = `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    if (!day || !month || year.length !== 4 || !isLocalDate(referredOn)) {
      ctx.addIssue({ code: 'custom', path: ['referred-day'], message: 'Date referred must be a real date, like 27 3 2026' });
      return z.NEVER;
    }
    if (!v.perpetrator) {
      ctx.addIssue({
        code: 'custom',
        path: ['perpetrator'],
        message: 'Select the perpetrator named in the referral, or that none is named',
      });
      return z.NEVER;
    }
    return { version: v.version, referredOn, perpetratorPersonId: v.perpetrator === 'none' ? null : v.perpetrator };
  });
