import { z } from 'zod';
import { ROLES } from '../../domain/access/roles.ts';

const optionalId = z
  .string()
  .trim()
  .transform((s) => (s === '' ? null : s))
  .pipe(z.string().uuid('Select a valid option').nullable());

export const userSchema = z.object({
  username: z
    .string()
    .trim()
    .min(1, 'Enter a username')
    .max(60, 'Username must be 60 characters or fewer')
    .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'Username must use only letters, numbers, dots, hyphens and underscores'),
  displayName: z.string().trim().min(1, 'Enter the person’s full name').max(120, 'Full name must be 120 characters or fewer'),
  email: z
    .union([z.literal(''), z.string().trim().email('Enter an email address in the correct format, like name@example.police.uk')])
    .optional(),
  role: z.enum(ROLES, { message: 'Select a role' }),
  teamId: optionalId.optional().default(null),
  agencyId: optionalId.optional().default(null),
});

export const userChangesSchema = userSchema.omit({ username: true }).extend({
  version: z.coerce.number().int().positive().max(2_147_483_646), // an integer column: beyond it no row can match
});

export const teamSchema = z.object({
  code: z
    .string()
    .trim()
    .min(1, 'Enter a team code')
    .max(30, 'Team code must be 30 characters or fewer')
    .regex(/^[a-z0-9-]+$/i, 'Team code must use only letters, numbers and hyphens'),
  name: z.string().trim().min(1, 'Enter the team name').max(120, 'Team name must be 120 characters or fewer'),
});

export const AGENCY_KINDS = [
  'idva',
  'isva',
  'childrens-social-care',
  'adult-social-care',
  'mash',
  'housing',
  'refuge',
  'health',
  'education',
  'probation',
  'charity',
  'other',
] as const;

export const agencySchema = z.object({
  code: z
    .string()
    .trim()
    .min(1, 'Enter an agency code')
    .max(30, 'Agency code must be 30 characters or fewer')
    .regex(/^[a-z0-9-]+$/i, 'Agency code must use only letters, numbers and hyphens'),
  name: z.string().trim().min(1, 'Enter the agency name').max(120, 'Agency name must be 120 characters or fewer'),
  kind: z.enum(AGENCY_KINDS, { message: 'Select the kind of agency' }),
});
