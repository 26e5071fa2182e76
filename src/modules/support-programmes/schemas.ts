import { z } from 'zod';
import { SUPPORT_REFERRALS, VISIT_OUTCOMES } from '../../domain/support/secondResponder.ts';
import { UUID_PATTERN, dateTimeFieldOf, textField } from '../../platform/dateFields.ts';

const many = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);

/** The "Schedule a Second Responder visit" form. */
export const visitFormSchema = z
  .object({
    incident: z.string().optional().default(''),
    person: z.string().optional().default(''),
    visitors: textField(300, 'Who will visit'),
  })
  .passthrough()
  .transform((v, ctx) => {
    if (!UUID_PATTERN.test(v.incident) || !UUID_PATTERN.test(v.person))
      ctx.addIssue({ code: 'custom', path: ['person'], message: 'Choose the victim and incident from the Second Responder list' });
    const visitAt = dateTimeFieldOf(v, 'visit', 'the visit', ctx);
    if (!v.visitors) ctx.addIssue({ code: 'custom', path: ['visitors'], message: 'Enter who will make the visit' });
    if (visitAt === z.NEVER || !v.visitors || !UUID_PATTERN.test(v.incident) || !UUID_PATTERN.test(v.person)) return z.NEVER;
    return { incidentId: v.incident, personId: v.person, visitAt, visitors: v.visitors };
  });

export const outcomeFormSchema = z
  .object({
    version: z.coerce.number().int().min(0).max(1_000_000).catch(-1),
    outcome: z.string().optional().default(''),
    notes: textField(4000, 'The notes'),
    referrals: z.unknown().optional(),
  })
  .transform((v, ctx) => {
    const outcome = VISIT_OUTCOMES.find((o) => o === v.outcome);
    if (!outcome) ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'Select what happened at the visit' });
    const picked = many(v.referrals);
    const referrals = SUPPORT_REFERRALS.filter((r) => picked.includes(r));
    if (referrals.length !== picked.length)
      ctx.addIssue({ code: 'custom', path: ['referrals'], message: 'Select referrals from the list' });
    if (!outcome || referrals.length !== picked.length) return z.NEVER;
    return { version: v.version, outcome, notes: v.notes || null, referrals };
  });
