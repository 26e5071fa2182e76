import { z } from 'zod';

const REASON_MAX = 1000;

/**
 * What a researcher decides about a pair: the same person, not the same person, or relatives (twins, siblings, a
 * parent and child) and not the same person. The last two keep the pair apart alike; 'relatives' says why.
 */
export const PAIR_DECISIONS = ['same', 'different', 'relatives'] as const;
export type PairDecision = (typeof PAIR_DECISIONS)[number];

/** The decision form: a reason is required to merge (the merge is undone by reading it), optional otherwise. */
export const decisionSchema = z
  .object({
    decision: z.enum(PAIR_DECISIONS, { message: 'Select whether these are the same person' }),
    reason: z.string().trim().max(REASON_MAX, `Reason must be ${REASON_MAX} characters or fewer`).optional().default(''),
    version: z.coerce.number().int().min(1, 'The form was incomplete: open the possible match again').catch(0),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'same' && v.reason === '') {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Enter why these records are the same person' });
    }
    if (v.version < 1)
      ctx.addIssue({ code: 'custom', path: ['decision'], message: 'The form was incomplete: open the possible match again' });
  });
export type DecisionInput = z.infer<typeof decisionSchema>;

export const undoMergeSchema = z.object({
  merge: z.uuid({ message: 'Choose a merge to undo' }),
  reason: z.string().trim().min(1, 'Enter why the merge was wrong').max(REASON_MAX, `Reason must be ${REASON_MAX} characters or fewer`),
});

export const pageSchema = z.preprocess((v) => Number.parseInt(String(v ?? '1'), 10) || 1, z.number().int().min(1).max(100_000).catch(1));

/** The queue's two views: the pairs an open triage item is waiting on, or every open pair. */
export const QUEUE_VIEWS = ['awaiting-triage', 'all'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];
export const queueViewSchema = z.enum(QUEUE_VIEWS).optional().catch(undefined);
