import type { RiskGrade } from '../risk/grades.ts';
import type { TaskType } from '../triage/tasks.ts';

/** Who in the owning team picks the task up. */
export type OwnerRole = 'supervisor' | 'coordinator';

export interface FollowOnTask {
  type: TaskType;
  /** The district team for a high-risk notification, otherwise the assessor's own team. */
  teamId: string | null;
  ownerRole: OwnerRole;
  dueAt: Date;
  sourceRule: string;
}

/**
 * Hours from the grade to each follow-on task's deadline. HBA goes to a supervisor at once whatever the grade; the
 * district team hears of a high-risk case within the hour; the rest are next-day work.
 */
export const FOLLOW_ON_DUE_HOURS = {
  'hba-escalation': 0,
  'notify-high-risk': 1,
  'investigation-escalation': 24,
  'marac-referral': 24,
  'supervisor-review': 24,
} as const satisfies Partial<Record<TaskType, number>>;

export interface FollowOnInput {
  finalGrade: RiskGrade;
  hbaIndicators: boolean;
  /** True when an HBA escalation task already exists for the incident (raised when the screen was saved). */
  hbaEscalationRaised: boolean;
  maracCriteria: string[];
  needsSupervisorReview: boolean;
  escalateToInvestigation: boolean;
  gradedAt: Date;
  districtTeamId: string | null;
  assessorTeamId: string | null;
}

const hoursAfter = (at: Date, hours: number) => new Date(at.getTime() + hours * 3_600_000);

/** The work a final grade sets off (issue #4 "Actions that follow automatically"), one task per rule that applies. */
export function followOnTasks(input: FollowOnInput): FollowOnTask[] {
  const task = (type: keyof typeof FOLLOW_ON_DUE_HOURS, ownerRole: OwnerRole, sourceRule: string, teamId = input.assessorTeamId) => ({
    type,
    teamId,
    ownerRole,
    dueAt: hoursAfter(input.gradedAt, FOLLOW_ON_DUE_HOURS[type]),
    sourceRule,
  });
  const tasks: FollowOnTask[] = [];
  if (input.hbaIndicators && !input.hbaEscalationRaised) tasks.push(task('hba-escalation', 'supervisor', 'hba-indicator-present'));
  if (input.finalGrade === 'high') {
    tasks.push(task('notify-high-risk', 'supervisor', 'final-grade-high', input.districtTeamId ?? input.assessorTeamId));
  }
  if (input.maracCriteria.length > 0) tasks.push(task('marac-referral', 'coordinator', 'marac-criteria-met'));
  if (input.needsSupervisorReview) tasks.push(task('supervisor-review', 'supervisor', 'final-grade-below-band'));
  if (input.escalateToInvestigation) tasks.push(task('investigation-escalation', 'supervisor', 'assessor-marked-for-investigation'));
  return tasks;
}
