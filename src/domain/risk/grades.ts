export const RISK_GRADES = ['standard', 'medium', 'high'] as const;
export type RiskGrade = (typeof RISK_GRADES)[number];

export function isRiskGrade(value: unknown): value is RiskGrade {
  return RISK_GRADES.includes(value as RiskGrade);
}

/** Negative when `a` is the lower grade, 0 when equal, positive when higher. */
export function compareGrades(a: RiskGrade, b: RiskGrade): number {
  return RISK_GRADES.indexOf(a) - RISK_GRADES.indexOf(b);
}
