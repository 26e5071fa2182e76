import { z } from 'zod';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export const personSearchSchema = z
  .object({
    name: z.string().trim().max(100, 'Name must be 100 characters or fewer').optional().default(''),
    'dob-day': z.string().trim().optional().default(''),
    'dob-month': z.string().trim().optional().default(''),
    'dob-year': z.string().trim().optional().default(''),
  })
  .transform((v, ctx) => {
    const parts = [v['dob-day'], v['dob-month'], v['dob-year']];
    let dateOfBirth: string | undefined;
    if (parts.some((p) => p !== '')) {
      const [d, m, y] = parts.map(Number);
      const candidate = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      const date = new Date(`${candidate}T00:00:00Z`);
      if (!isoDate.test(candidate) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== candidate || y < 1900) {
        ctx.addIssue({ code: 'custom', path: ['dob-day'], message: 'Date of birth must be a real date, like 27 3 1985' });
        return z.NEVER;
      }
      dateOfBirth = candidate;
    }
    if (!v.name && !dateOfBirth) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'Enter a name or a date of birth to search' });
      return z.NEVER;
    }
    return { name: v.name || undefined, dateOfBirth };
  });

export const uuidSchema = z.string().uuid();
