import { compareGrades, type RiskGrade } from './grades.ts';

export interface GradeDecisionInput {
  finalGrade: RiskGrade;
  /** The band the instrument suggests; absent when it has no threshold (DARA). */
  band?: RiskGrade;
  /** The grade the first-response officer gave, when there was one. */
  officerGrade?: RiskGrade;
  rationale?: string;
}

export interface GradeDecisionError {
  field: 'rationale';
  message: string;
}

export interface GradeDecision {
  ok: boolean;
  errors: GradeDecisionError[];
  /** A final grade below the band is never final until a supervisor has reviewed it. */
  needsSupervisorReview: boolean;
}

/** Professional judgement may raise a grade freely with a reason, but may lower it below the count's band only with a rationale and supervisor review. */
export function gradeDecision({ finalGrade, band, officerGrade, rationale }: GradeDecisionInput): GradeDecision {
  const hasRationale = (rationale ?? '').trim() !== '';
  const errors: GradeDecisionError[] = [];
  if (!hasRationale && band !== undefined && finalGrade !== band) {
    errors.push({ field: 'rationale', message: `Give a rationale for a final grade of ${finalGrade} when the DASH band is ${band}` });
  } else if (!hasRationale && officerGrade !== undefined && finalGrade !== officerGrade) {
    errors.push({
      field: 'rationale',
      message: `Give a rationale for a final grade of ${finalGrade} when the officer graded ${officerGrade}`,
    });
  }
  const needsSupervisorReview = band !== undefined && compareGrades(finalGrade, band) < 0;
  return { ok: errors.length === 0, errors, needsSupervisorReview };
}
