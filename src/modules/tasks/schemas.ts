import { z } from 'zod';
import { TASK_SCOPES } from './repository.ts';

export const taskListQuerySchema = z.object({
  scope: z.enum(TASK_SCOPES).catch('all'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export const versionSchema = z.object({ version: z.coerce.number().int().min(0) });

export const completeSchema = versionSchema.extend({
  note: z.string().trim().max(2000, 'The note must be 2,000 characters or fewer').optional().default(''),
});
