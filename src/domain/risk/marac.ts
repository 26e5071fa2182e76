import { formatLondonDate } from '../calendar/display.ts';
import { addDays, daysBetween } from '../calendar/localDate.ts';
import { londonDateOf, startOfLondonDay } from '../calendar/london.ts';
import type { Answers } from './instrument.ts';
import { countYes } from './scoring.ts';

/** SafeLives MARAC referral criteria; the numbers are SafeLives', not a force setting. */
export const VISIBLE_HIGH_RISK_YES_COUNT = 14;
export const POTENTIAL_ESCALATION_INCIDENTS = 3;
const YEAR_DAYS = 365;

export interface MaracCriteriaInput {
  current: { incidentId: string; occurredAt: Date; victimId: string; suspectIds: string[] };
  dash?: Answers;
  /** Police-reported DA incidents with the current victim as victim (the current one may or may not be listed). */
  victimIncidents: { incidentId: string; occurredAt: Date }[];
  maracReferrals: MaracReferral[];
  professionalJudgementReasons?: string[];
}

export interface MaracReferral {
  victimId: string;
  perpetratorId: string;
  referredAt: Date;
}

export type MaracCriterionMet =
  | { criterion: 'visible-high-risk'; reason: string; yesCount: number }
  | { criterion: 'professional-judgement'; reason: string; reasons: string[] }
  | { criterion: 'potential-escalation'; reason: string; incidentIds: string[] }
  | { criterion: 'repeat-marac'; reason: string; referral: MaracReferral };

export type MaracCriterion = MaracCriterionMet['criterion'];

/** Every criterion the case meets, in the order of the SafeLives referral form; an empty list means none. */
export function maracCriteria(input: MaracCriteriaInput): MaracCriterionMet[] {
  return [visibleHighRisk(input), professionalJudgement(input), potentialEscalation(input), repeatMarac(input)].filter(
    (met): met is MaracCriterionMet => met !== undefined,
  );
}

function visibleHighRisk({ dash }: MaracCriteriaInput): MaracCriterionMet | undefined {
  if (!dash) return undefined;
  const yesCount = countYes(dash);
  if (yesCount < VISIBLE_HIGH_RISK_YES_COUNT) return undefined;
  return {
    criterion: 'visible-high-risk',
    reason: `${yesCount} DASH questions answered "yes" (${VISIBLE_HIGH_RISK_YES_COUNT} or more is visible high risk)`,
    yesCount,
  };
}

function professionalJudgement({ professionalJudgementReasons = [] }: MaracCriteriaInput): MaracCriterionMet | undefined {
  const reasons = professionalJudgementReasons.map((reason) => reason.trim()).filter((reason) => reason !== '');
  if (reasons.length === 0) return undefined;
  return { criterion: 'professional-judgement', reason: `Assessor's professional judgement: ${reasons.join('; ')}`, reasons };
}

/**
 * The 365 London dates ending with the current incident's date (that date and the 364 before it). An incident
 * exactly 365 days earlier is outside. The current incident always counts, listed or not.
 */
function potentialEscalation({ current, victimIncidents }: MaracCriteriaInput): MaracCriterionMet | undefined {
  const currentDate = londonDateOf(current.occurredAt);
  const inWindow = victimIncidents.filter((incident) => {
    const daysBefore = daysBetween(londonDateOf(incident.occurredAt), currentDate);
    return daysBefore >= 0 && daysBefore < YEAR_DAYS;
  });
  const incidentIds = [...new Set([current.incidentId, ...inWindow.map((incident) => incident.incidentId)])];
  if (incidentIds.length < POTENTIAL_ESCALATION_INCIDENTS) return undefined;
  const from = formatLondonDate(startOfLondonDay(addDays(currentDate, -(YEAR_DAYS - 1))));
  return {
    criterion: 'potential-escalation',
    reason: `${incidentIds.length} police-reported incidents with this victim from ${from} to ${formatLondonDate(current.occurredAt)}`,
    incidentIds,
  };
}

/**
 * A referral for the same victim and a suspect in the current incident, made on one of the 365 London dates
 * before the current incident's date (so exactly 365 days earlier counts), or earlier on the same day.
 */
function repeatMarac({ current, maracReferrals }: MaracCriteriaInput): MaracCriterionMet | undefined {
  const currentDate = londonDateOf(current.occurredAt);
  const matching = maracReferrals
    .filter((referral) => referral.victimId === current.victimId && current.suspectIds.includes(referral.perpetratorId))
    .filter((referral) => {
      const daysBefore = daysBetween(londonDateOf(referral.referredAt), currentDate);
      return (daysBefore >= 1 && daysBefore <= YEAR_DAYS) || (daysBefore === 0 && referral.referredAt < current.occurredAt);
    })
    .sort((a, b) => b.referredAt.getTime() - a.referredAt.getTime());
  const latest = matching[0];
  if (!latest) return undefined;
  return {
    criterion: 'repeat-marac',
    reason: `Same victim and perpetrator as the MARAC referral of ${formatLondonDate(latest.referredAt)}, within 12 months`,
    referral: latest,
  };
}
