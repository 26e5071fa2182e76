import { z } from 'zod';
import { PROFESSIONAL_JUDGEMENT_KEYS } from '../../domain/assessment/professionalJudgement.ts';
import { CHECK_RESULTS } from '../../domain/assessment/systemsChecklist.ts';
import { RISK_GRADES } from '../../domain/risk/grades.ts';

const note = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `${what} must be ${max} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : undefined));

/** The row version the form was built from: 0 for a row not yet saved; nonsense never matches a row. */
const version = z.preprocess((v) => v ?? 0, z.coerce.number().int().min(0)).catch(-1);

/** Checkboxes arrive as nothing, one value or many. */
const ticked = <T extends string>(allowed: readonly [T, ...T[]]) =>
  z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(allowed, { message: 'Choose reasons from the list' })),
  );

export const THRIVE = {
  threat: 'Threat',
  harm: 'Harm',
  risk: 'Risk',
  investigation: 'Investigation',
  vulnerability: 'Vulnerability',
  engagement: 'Engagement',
} as const;
export type ThriveElement = keyof typeof THRIVE;

export const gradeFormSchema = z
  .object({
    grade: z.enum(RISK_GRADES, { message: 'Choose the final risk grade' }),
    rationale: note(5000, 'The rationale'),
    ...(Object.fromEntries(
      Object.entries(THRIVE).map(([key, name]) => [`thrive-${key}`, note(5000, `The ${name.toLowerCase()} note`)]),
    ) as Record<`thrive-${ThriveElement}`, ReturnType<typeof note>>),
    ndmNotes: note(10_000, 'The National Decision Model notes'),
    maracReasons: ticked(PROFESSIONAL_JUDGEMENT_KEYS),
    maracOther: note(500, 'The other reason'),
    escalateToInvestigation: z.preprocess((v) => v === 'yes', z.boolean()),
    districtTeam: z
      .union([z.literal(''), z.uuid()])
      .optional()
      .catch(''),
    incidentVersion: version,
  })
  .superRefine((form, ctx) => {
    if (form.maracReasons.includes('other') && !form.maracOther) {
      ctx.addIssue({ code: 'custom', path: ['maracOther'], message: 'Say what the other professional-judgement reason is' });
    }
    if (form.grade === 'high' && !form.districtTeam) {
      ctx.addIssue({ code: 'custom', path: ['districtTeam'], message: 'Choose the district DA team to tell about this high-risk case' });
    }
  });
export type GradeForm = z.infer<typeof gradeFormSchema>;

export const systemsCheckSchema = z
  .object({
    // The form always sends one (a row starts as "not checked"); a row left out is not checked.
    result: z.preprocess(
      (v) => v ?? 'not-checked',
      z.enum(CHECK_RESULTS, { message: 'Choose whether the system was checked and what it found' }),
    ),
    note: note(2000, 'The note'),
    version,
  })
  .superRefine((c, ctx) => {
    if (c.result === 'information-found' && !c.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'Say what was found' });
  });

/** Screen answers, keyed by question id; which questions must be answered is the instrument's, checked in the service. */
export const screenFormSchema = z.object({
  answers: z.record(z.string(), z.string()).optional().default({}),
  version,
});
