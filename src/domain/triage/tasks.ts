/**
 * Every work item is a task with a type from this list, an owner (team or person) and a due time
 * (one table for every kind of work). The API reports tasks with these names.
 */
export const TASK_TYPES = {
  triage: 'Secondary risk assessment of a DA incident',
  'operation-encompass': "Tell the child's school before the next school day (Operation Encompass)",
  'notify-high-risk': 'Tell the district DA team supervisor about a high-risk case',
  'hba-escalation': 'Escalate honour-based abuse indicators to the supervisor at once',
  'marac-referral': 'Draft the MARAC referral',
  'investigation-escalation': 'Escalate the report for investigation',
  'supervisor-review': 'Review a final grade set below the DASH band',
  'victims-code-update': "Update the victim (Victims' Code)",
  'review-possible-match': 'Decide whether two person records are the same person',
  'police-resource-requested': 'Police resource requested for a victim in distress: act now',
  'record-unseen-crime': 'Record the crime the victim disclosed during a contact',
  'submit-intelligence': 'Submit the intelligence the victim disclosed during a contact',
  'review-break-glass': 'Review a break-glass look at a restricted record',
  'referral-chase': 'Chase a partner agency that has not answered a referral',
  'release-risk-review': 'Review the risk to the victims before a perpetrator is released from prison',
  'court-application': 'Apply to the magistrates’ court for the protection order (hearing within 48 hours of the notice)',
  'dvds-immediate-risk': "Act now: a Clare's Law applicant's contact found an immediate risk",
  'alarm-review': 'Review a panic alarm issued to a victim: does she still need it, and does it work',
  'alarm-return': 'Recover a panic alarm: the victim’s case has closed',
} as const;

export type TaskType = keyof typeof TASK_TYPES;

/**
 * How a task of each kind is done. A kind with a step of its own names it: the step records what the work is for (the
 * grade, the notice to the school and its disclosure, the referral to MARAC), and doing it closes the task, so such a
 * task is never simply "marked as done". `null`: a generic task, marked as done with an optional note. Every kind
 * must say which it is, so a kind added later decides here (the policy reads it: `task:mark-done`).
 */
export const COMPLETING_STEP: Record<TaskType, string | null> = {
  triage: 'setting the final grade on the assessment page',
  'operation-encompass':
    'marking the notice as sent to the school, or recording that there is no school to tell (not of school age, or unknown after checks)',
  'notify-high-risk': null,
  'hba-escalation': null,
  'marac-referral': 'recording the referral to MARAC',
  'investigation-escalation': null,
  'supervisor-review': null,
  'victims-code-update': null,
  'review-possible-match': null,
  'police-resource-requested': null,
  'record-unseen-crime': null,
  'submit-intelligence': null,
  'review-break-glass': null,
  'referral-chase': null,
  'release-risk-review': null,
  'court-application': 'recording the hearing outcome on the order page',
  'dvds-immediate-risk': null,
  'alarm-review': 'recording the review (or the return) on the alarm page',
  'alarm-return': 'recording the alarm’s return on the alarm page',
};

/** The kinds of task whose doing may mean contacting the victim: their pages show her safe-contact instructions. */
export const CONTACTS_VICTIM: readonly string[] = ['victims-code-update', 'police-resource-requested', 'record-unseen-crime'];

/** A task of a known kind that has no completing step of its own; anything else (or an unknown kind) is not. */
export function isGenericTask(type: string | undefined): boolean {
  return type !== undefined && Object.hasOwn(COMPLETING_STEP, type) && COMPLETING_STEP[type as TaskType] === null;
}

/** A task type in words; a type this version does not know is shown as it was stored. */
export function taskTypeName(type: string): string {
  return (TASK_TYPES as Record<string, string>)[type] ?? type;
}

/**
 * The sentence that tells an assessor what a grade set off, with each task named exactly as the task list names it
 * (acronyms such as DA and MARAC kept in capitals: the names are never re-cased).
 */
export function tasksRaisedText(types: readonly string[]): string {
  if (types.length === 0) return 'No follow-on tasks were needed.';
  return `${types.length === 1 ? 'Task raised' : 'Tasks raised'}: ${types.map(taskTypeName).join('; ')}.`;
}

export type OfficerGrade = 'standard' | 'medium' | 'high';

/** Hours allowed for secondary assessment by the attending officer's grade (configurable per force). */
export interface TriageSla {
  high: number;
  medium: number;
  standard: number;
}

export const DEFAULT_TRIAGE_SLA: TriageSla = { high: 2, medium: 24, standard: 72 };

/** An incident without an officer grade is treated as standard until someone grades it. */
export function triageDueAt(reportedAt: Date, grade: OfficerGrade | undefined, sla: TriageSla = DEFAULT_TRIAGE_SLA): Date {
  return new Date(reportedAt.getTime() + sla[grade ?? 'standard'] * 3_600_000);
}
