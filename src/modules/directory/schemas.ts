import { z } from 'zod';
import { isServiceNeed } from '../../domain/directory/needs.ts';

const required = (message: string, max = 200) =>
  z
    .string({ error: message })
    .trim()
    .min(1, message)
    .max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`);

const list = (v: unknown) => (Array.isArray(v) ? v : typeof v === 'string' && v !== '' ? [v] : []);

/** A local service as the administrator's form (and the demo) describes it. */
export const serviceSchema = z.object({
  name: required('Enter the name of the service'),
  description: required('Enter what the service does', 2000),
  needs: z.preprocess(
    list,
    z
      .array(z.string())
      .min(1, 'Select at least one need the service meets')
      .refine((a) => a.every(isServiceNeed), 'Select needs from the list'),
  ),
  area: required('Enter the area the service covers'),
  contact: required('Enter how to contact the service', 500),
  referralRoute: required('Enter how to refer someone to the service', 1000),
  eligibility: z.string().trim().max(1000, 'Must be 1,000 characters or fewer').optional().default(''),
  active: z.preprocess((v) => v === 'yes' || v === true, z.boolean()),
});
export type ServiceForm = z.infer<typeof serviceSchema>;

export const versionSchema = z.object({ version: z.coerce.number().int().min(1) });

export const signpostingSchema = z.object({
  serviceId: z
    .string({ error: 'Select the service the person was signposted to' })
    .trim()
    .uuid('Select the service the person was signposted to'),
  note: z.string().trim().max(2000, 'The note must be 2,000 characters or fewer').optional().default(''),
});
