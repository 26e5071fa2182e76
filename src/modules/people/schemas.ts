import { z } from 'zod';
import { normalisePhone, normalisePostcode } from '../../domain/linkage/normalise.ts';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export const personSearchSchema = z
  .object({
    name: z.string().trim().max(100, 'Name must be 100 characters or fewer').optional().default(''),
    'dob-day': z.string().trim().optional().default(''),
    'dob-month': z.string().trim().optional().default(''),
    'dob-year': z.string().trim().optional().default(''),
    postcode: z.string().trim().max(10, 'Postcode must be 10 characters or fewer').optional().default(''),
    phone: z.string().trim().max(30, 'Phone number must be 30 characters or fewer').optional().default(''),
    pncId: z.string().trim().max(20, 'PNC ID must be 20 characters or fewer').optional().default(''),
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
    const postcode = v.postcode ? normalisePostcode(v.postcode) : undefined;
    if (v.postcode && !postcode) {
      ctx.addIssue({ code: 'custom', path: ['postcode'], message: 'Enter a full UK postcode, like LS6 2QH' });
      return z.NEVER;
    }
    const phone = v.phone ? normalisePhone(v.phone) : '';
    if (v.phone && !phone) {
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'Enter a phone number with at least 10 digits, like 07700 900123' });
      return z.NEVER;
    }
    if (!v.name && !dateOfBirth && !postcode && !phone && !v.pncId) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'Enter a name, date of birth, postcode, phone number or PNC ID to search' });
      return z.NEVER;
    }
    return {
      name: v.name || undefined,
      dateOfBirth,
      postcode: postcode?.full.replace(' ', ''),
      phone: phone ? phone.slice(-10) : undefined,
      pncId: v.pncId ? v.pncId.toUpperCase().replace(/\s/g, '') : undefined,
    };
  });

export const uuidSchema = z.string().uuid();
