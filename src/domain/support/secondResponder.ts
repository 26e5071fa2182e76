import type { RiskGrade } from '../risk/grades.ts';

/**
 * The Second Responder programme (DOMAIN.md "Support programmes"): a follow-up visit 24 hours to 14 days after the
 * incident, often officer plus advocate, giving the victim time to reflect and consider her options (seed 003);
 * repeat standard- and medium-risk victims are prioritised.
 *
 * The product's conventions: the window opens 24 elapsed hours after the incident was reported and closes 14 × 24
 * elapsed hours after it; a visit must be scheduled inside it. The list warns when the window closes within 48 hours
 * with no visit. "Repeat" is at least 2 police-reported DA incidents with her as victim in the 365 days up to and
 * including the incident (the same counting as MARAC's potential escalation). Which grades and how many incidents
 * qualify is a force setting (default: standard and medium, 2).
 */
export const WINDOW_OPENS_HOURS = 24;
export const WINDOW_CLOSES_HOURS = 14 * 24;
export const CLOSING_WARNING_HOURS = 48;
const HOUR = 3_600_000;

export interface EligibilityRule {
  grades: RiskGrade[];
  minIncidents: number;
}
export const DEFAULT_ELIGIBILITY: EligibilityRule = { grades: ['standard', 'medium'], minIncidents: 2 };

export function eligibilityProblems(rule: EligibilityRule): Record<string, string> {
  const errors: Record<string, string> = {};
  if (rule.grades.length === 0) errors.grades = 'Select at least one risk grade';
  if (!Number.isInteger(rule.minIncidents) || rule.minIncidents < 1 || rule.minIncidents > 20)
    errors.minIncidents = 'The number of incidents must be a whole number from 1 to 20';
  return errors;
}

export interface VisitWindow {
  opensAt: Date;
  closesAt: Date;
  /** From this instant on, a victim still without a visit is shown as "window closing". */
  warnFrom: Date;
}

export function visitWindow(incidentAt: Date): VisitWindow {
  const t = incidentAt.getTime();
  return {
    opensAt: new Date(t + WINDOW_OPENS_HOURS * HOUR),
    closesAt: new Date(t + WINDOW_CLOSES_HOURS * HOUR),
    warnFrom: new Date(t + (WINDOW_CLOSES_HOURS - CLOSING_WARNING_HOURS) * HOUR),
  };
}

/** Why a visit may not be scheduled at that time (null: it may). The window's ends are inside it. */
export function visitTimeProblem(incidentAt: Date, visitAt: Date): string | null {
  const w = visitWindow(incidentAt);
  if (visitAt.getTime() < w.opensAt.getTime())
    return 'The visit must be at least 24 hours after the incident (the Second Responder window opens then)';
  if (visitAt.getTime() > w.closesAt.getTime()) return 'The visit must be no more than 14 days after the incident (the window closes then)';
  return null;
}

export type WindowState = 'not-open' | 'open' | 'closing' | 'closed';
export function windowState(incidentAt: Date, now: Date): WindowState {
  const w = visitWindow(incidentAt);
  if (now.getTime() < w.opensAt.getTime()) return 'not-open';
  if (now.getTime() > w.closesAt.getTime()) return 'closed';
  if (now.getTime() >= w.warnFrom.getTime()) return 'closing';
  return 'open';
}

/** A victim of an incident is eligible when its grade is one the force chose and she is a repeat victim. */
export function isEligible(rule: EligibilityRule, facts: { grade: string | null; incidentsInYear: number }): boolean {
  return facts.grade !== null && (rule.grades as string[]).includes(facts.grade) && facts.incidentsInYear >= rule.minIncidents;
}

export const VISIT_OUTCOMES = ['visited', 'declined', 'no-answer', 'unsafe-to-visit', 'rearranged'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];
export const VISIT_OUTCOME_NAMES: Record<VisitOutcome, string> = {
  visited: 'Visited: options discussed',
  declined: 'She declined the visit',
  'no-answer': 'No answer',
  'unsafe-to-visit': 'Not safe to visit (perpetrator present)',
  rearranged: 'Rearranged by her',
};

/** Referrals made at a visit or a One Stop Shop: the kinds of support the victim was put in touch with. */
export const SUPPORT_REFERRALS = [
  'idva',
  'refuge',
  'housing',
  'sanctuary-scheme',
  'counselling',
  'children-services',
  'legal-advice',
  'marac',
  'other',
] as const;
export type SupportReferral = (typeof SUPPORT_REFERRALS)[number];
export const SUPPORT_REFERRAL_NAMES: Record<SupportReferral, string> = {
  idva: 'IDVA service',
  refuge: 'Refuge',
  housing: 'Housing options',
  'sanctuary-scheme': 'Sanctuary scheme (home security)',
  counselling: 'Counselling',
  'children-services': "Children's services",
  'legal-advice': 'Legal advice',
  marac: 'MARAC',
  other: 'Other support',
};
