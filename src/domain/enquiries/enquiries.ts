import type { Calendar } from '../calendar/bankHolidays.ts';
import { workingDaysDueBy } from '../calendar/workingDays.ts';

/**
 * Enquiries from other teams and agencies for what the force holds about people: the lawful bases a request may
 * rest on, the decisions on it, and when a response is due.
 */

/** The unit's own target for answering an enquiry; configurable (setting `enquiries.response-working-days`). */
export const ENQUIRY_RESPONSE_DEFAULT_WORKING_DAYS = 5;

/** Lawful bases for sharing the force's information with the team or agency asking, as the register records them. */
export const LAWFUL_BASES = [
  { code: 'dpa-s35', name: 'Data Protection Act 2018 s.35 (law enforcement purposes)' },
  { code: 'dpa-sch2-crime', name: 'Data Protection Act 2018 Sch. 2 para 2 (prevention or detection of crime)' },
  { code: 'children-act-s47', name: 'Children Act 1989 s.47 (child protection enquiry)' },
  { code: 'children-act-2004-s11', name: "Children Act 2004 s.11 (safeguarding children's welfare)" },
  { code: 'care-act-s42', name: 'Care Act 2014 s.42 (adult safeguarding enquiry)' },
  { code: 'crime-disorder-s115', name: 'Crime and Disorder Act 1998 s.115 (information sharing)' },
  { code: 'court-order', name: 'Court order' },
  { code: 'consent', name: 'Consent of the person' },
] as const;
export type LawfulBasis = (typeof LAWFUL_BASES)[number]['code'];

export const ENQUIRY_DECISIONS = [
  { code: 'disclose', name: 'Disclose' },
  { code: 'partly', name: 'Disclose in part' },
  { code: 'decline', name: 'Decline' },
] as const;
export type EnquiryDecision = (typeof ENQUIRY_DECISIONS)[number]['code'];

export const isLawfulBasis = (v: string): v is LawfulBasis => LAWFUL_BASES.some((b) => b.code === v);
export const isEnquiryDecision = (v: string): v is EnquiryDecision => ENQUIRY_DECISIONS.some((d) => d.code === v);
export const lawfulBasisName = (code: string) => LAWFUL_BASES.find((b) => b.code === code)?.name ?? code;
export const enquiryDecisionName = (code: string) => ENQUIRY_DECISIONS.find((d) => d.code === code)?.name ?? code;

/** A decision discloses something unless it declines. */
export const disclosesInformation = (decision: EnquiryDecision) => decision !== 'decline';

/** A response is due by the end (23:59:59 London time) of the Nth working day after the day the enquiry came in. */
export function enquiryResponseDueBy(receivedAt: Date, workingDays: number, calendar: Calendar): Date {
  return workingDaysDueBy(receivedAt, workingDays, calendar);
}

/** Overdue: still open after the moment it was due by. */
export function enquiryOverdue(enquiry: { status: string; dueBy: Date }, now: Date): boolean {
  return enquiry.status === 'open' && now.getTime() > enquiry.dueBy.getTime();
}

export interface DecisionProblem {
  field: 'decision' | 'rationale' | 'disclosedInformation' | 'disclosedAt';
  message: string;
}

/**
 * What a decision must say: always why; when it discloses, what was disclosed and when (not before the enquiry came
 * in, not in the future).
 */
export function decisionProblems(
  input: { decision: string; rationale: string; disclosedInformation: string; disclosedAt: Date | null },
  receivedAt: Date,
  now: Date,
): DecisionProblem[] {
  const problems: DecisionProblem[] = [];
  if (!isEnquiryDecision(input.decision))
    problems.push({ field: 'decision', message: 'Select whether to disclose, disclose in part or decline' });
  if (!input.rationale.trim()) problems.push({ field: 'rationale', message: 'Enter the rationale for the decision' });
  if (isEnquiryDecision(input.decision) && disclosesInformation(input.decision)) {
    if (!input.disclosedInformation.trim()) problems.push({ field: 'disclosedInformation', message: 'Enter what was disclosed' });
    if (!input.disclosedAt) problems.push({ field: 'disclosedAt', message: 'Enter the date it was disclosed' });
    else if (input.disclosedAt.getTime() > now.getTime())
      problems.push({ field: 'disclosedAt', message: 'The date disclosed must be today or in the past' });
    else if (input.disclosedAt.getTime() < receivedAt.getTime() - 86_400_000)
      problems.push({ field: 'disclosedAt', message: 'The date disclosed must be on or after the date the enquiry was received' });
  }
  return problems;
}
