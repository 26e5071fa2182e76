import { z } from 'zod';
import { isLocalDate } from '../../domain/calendar/localDate.ts';
import { isLocalTime, londonInstant } from '../../domain/calendar/london.ts';
import {
  NO_SCHOOL_OUTCOMES,
  SCHOOL_CHECK_CODES,
  type NoSchoolOutcome,
  type SchoolCheck,
} from '../../domain/safeguarding/encompassOutcome.ts';
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

const text = (max: number, tooLong: string) => z.string().trim().max(max, tooLong).optional().default('');
const asList = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);

export type SchoolChoice =
  | { version: number; schoolId: string }
  | {
      version: number;
      newSchool: { name: string; town: string | null; keyAdultName: string; keyAdultEmail: string | null; keyAdultPhone: string | null };
    };

/**
 * "Find the child's school": a school from the register (its id), or a school the register does not have, entered
 * with its key adult (the designated safeguarding lead) and a way to reach them.
 */
export const schoolChoiceSchema = versionSchema
  .extend({
    school: z.string().trim().optional().default(''),
    'school-name': text(200, 'The school’s name must be 200 characters or fewer'),
    'school-town': text(100, 'The town must be 100 characters or fewer'),
    'key-adult-name': text(200, 'The key adult’s name must be 200 characters or fewer'),
    'key-adult-email': text(254, 'The email address must be 254 characters or fewer'),
    'key-adult-phone': text(30, 'The phone number must be 30 characters or fewer'),
  })
  .transform((v, ctx): SchoolChoice => {
    if (!v.school) {
      ctx.addIssue({ code: 'custom', path: ['school'], message: 'Select the child’s school, or that it is not in the list' });
      return z.NEVER;
    }
    if (v.school !== 'new') {
      if (!z.uuid().safeParse(v.school).success) {
        ctx.addIssue({ code: 'custom', path: ['school'], message: 'Select the child’s school, or that it is not in the list' });
        return z.NEVER;
      }
      return { version: v.version, schoolId: v.school };
    }
    if (!v['school-name']) ctx.addIssue({ code: 'custom', path: ['school-name'], message: 'Enter the name of the school' });
    if (!v['key-adult-name'])
      ctx.addIssue({
        code: 'custom',
        path: ['key-adult-name'],
        message: 'Enter the name of the school’s key adult (designated safeguarding lead)',
      });
    if (v['key-adult-email'] && !z.email().safeParse(v['key-adult-email']).success)
      ctx.addIssue({
        code: 'custom',
        path: ['key-adult-email'],
        message: 'Enter an email address in the correct format, like name@school.sch.uk',
      });
    else if (v['key-adult-phone'] && !/^\+?[\d ()-]{6,30}$/.test(v['key-adult-phone']))
      ctx.addIssue({ code: 'custom', path: ['key-adult-phone'], message: 'Enter a phone number, like 01632 960 001' });
    else if (!v['key-adult-email'] && !v['key-adult-phone'])
      ctx.addIssue({ code: 'custom', path: ['key-adult-email'], message: 'Enter the key adult’s email address or phone number' });
    if (ctx.issues.length) return z.NEVER;
    return {
      version: v.version,
      newSchool: {
        name: v['school-name'],
        town: v['school-town'] || null,
        keyAdultName: v['key-adult-name'],
        keyAdultEmail: v['key-adult-email'] || null,
        keyAdultPhone: v['key-adult-phone'] || null,
      },
    };
  });

export const schoolSearchQuerySchema = z.object({ q: z.string().trim().max(100).catch('').optional().default('') });

/**
 * "No school to tell": why (not of school age, or the school unknown after checks), who checked, what they checked
 * and when. The time is a London wall-clock date and time.
 */
export const noSchoolSchema = versionSchema
  .extend({
    outcome: z.string().optional().default(''),
    'checked-by': text(200, 'Who checked must be 200 characters or fewer'),
    checks: z.preprocess(asList, z.array(z.string())),
    'check-details': text(2000, 'The details must be 2,000 characters or fewer'),
    'checked-day': z.string().trim().optional().default(''),
    'checked-month': z.string().trim().optional().default(''),
    'checked-year': z.string().trim().optional().default(''),
    'checked-time': z.string().trim().optional().default(''),
  })
  .transform((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const outcome = (NO_SCHOOL_OUTCOMES as readonly string[]).includes(v.outcome) ? (v.outcome as NoSchoolOutcome) : undefined;
    if (!outcome) issue('outcome', 'Select why no school is to be told');
    if (!v['checked-by']) issue('checked-by', 'Enter who checked');
    const sources = v.checks.filter((c): c is SchoolCheck => (SCHOOL_CHECK_CODES as string[]).includes(c));
    if (sources.length === 0) issue('checks', 'Select what was checked');
    else if (sources.includes('other') && !v['check-details']) issue('check-details', 'Say which other source was checked');
    const [day, month, year] = [v['checked-day'], v['checked-month'], v['checked-year']].map((p) => (/^\d{1,4}$/.test(p) ? p : ''));
    const checkedOn = `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    if (!v['checked-day'] && !v['checked-month'] && !v['checked-year']) issue('checked-day', 'Enter the date the checks were made');
    else if (!day || !month || year.length !== 4 || !isLocalDate(checkedOn))
      issue('checked-day', 'The date checked must be a real date, like 27 3 2026');
    const time = /^\d{1,2}:\d{2}$/.test(v['checked-time']) ? v['checked-time'].padStart(5, '0') : '';
    if (!time || !isLocalTime(time)) issue('checked-time', 'Enter the time checked in 24-hour format, like 14:30');
    if (ctx.issues.length || !outcome) return z.NEVER;
    return {
      version: v.version,
      outcome,
      checkedBy: v['checked-by'],
      sources,
      details: v['check-details'],
      checkedAt: londonInstant(checkedOn, time),
    };
  });

export type NoSchoolInput = z.output<typeof noSchoolSchema>;
