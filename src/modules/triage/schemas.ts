import { z } from 'zod';
import { TRIAGE_FLAGS } from '../../domain/triage/priority.ts';
import { MAX_SLA_HOURS } from '../../domain/triage/sla.ts';
import { QUEUE_SORTS } from './service.ts';

const GRADES = ['high', 'medium', 'standard'] as const;

/** A query value that may be given once, many times or not at all; unknown values are dropped, not errors. */
const listOf = <T extends string>(allowed: readonly T[]) =>
  z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.string()).transform((values) => [...new Set(values.filter((v): v is T => (allowed as readonly string[]).includes(v)))]),
  );

const oneOf = <T extends string>(allowed: readonly [T, ...T[]], fallback: T) =>
  z.preprocess((v) => (typeof v === 'string' && (allowed as readonly string[]).includes(v) ? v : fallback), z.enum(allowed));

/** The queue's filters, sort and page, from the URL (no personal data in it: only categories). */
export const queueQuerySchema = z.object({
  grade: listOf(GRADES),
  flag: listOf(TRIAGE_FLAGS),
  overdue: z.preprocess((v) => v === 'yes', z.boolean()),
  assigned: oneOf(['anyone', 'me', 'unassigned'], 'anyone'),
  sort: oneOf(QUEUE_SORTS, 'priority'),
  order: z.preprocess((v) => (v === 'asc' || v === 'desc' ? v : undefined), z.enum(['asc', 'desc']).optional()),
  page: z.preprocess((v) => Number.parseInt(String(v ?? '1'), 10) || 1, z.number().int().min(1).max(100_000).catch(1)),
});
export type QueueQueryInput = z.infer<typeof queueQuerySchema>;

export const versionSchema = z.object({
  version: z.coerce.number().int().min(0),
  returnTo: z.string().optional(),
});

/** The most items one bulk assignment may name: a queue page holds 25. */
export const MAX_BULK_ASSIGN = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * "Assign selected to": each ticked row sends `task=<id>:<version>` (the version the page showed, so a change made
 * since is caught), and the select sends a user's id or `nobody`.
 */
export const bulkAssignSchema = z.object({
  task: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z
      .array(
        z
          .string({ message: 'Select the incidents to assign' })
          .refine((v) => /^[0-9a-f-]{36}:\d{1,9}$/i.test(v) && UUID.test(v.slice(0, 36)), { message: 'Select the incidents to assign' })
          .transform((v) => ({ taskId: v.slice(0, 36).toLowerCase(), version: Number(v.slice(37)) })),
      )
      .min(1, 'Select the incidents to assign')
      .max(MAX_BULK_ASSIGN, `Select at most ${MAX_BULK_ASSIGN} incidents at a time`),
  ),
  assignee: z
    .string({ message: 'Choose who to assign the selected incidents to' })
    .refine((v) => v === 'nobody' || UUID.test(v), { message: 'Choose who to assign the selected incidents to' }),
  returnTo: z.string().optional(),
});

const hours = (grade: string) =>
  z.coerce
    .number({ message: `Enter the hours for ${grade} risk as a number` })
    .int(`Enter the hours for ${grade} risk as a whole number`)
    .min(1, `The hours for ${grade} risk must be at least 1`)
    .max(MAX_SLA_HOURS, `The hours for ${grade} risk must be ${MAX_SLA_HOURS} or fewer`);

export const slaFormSchema = z.object({
  high: z.preprocess((v) => (v === '' ? undefined : v), hours('high')),
  medium: z.preprocess((v) => (v === '' ? undefined : v), hours('medium')),
  standard: z.preprocess((v) => (v === '' ? undefined : v), hours('standard')),
  version: z.coerce.number().int().min(0),
});
