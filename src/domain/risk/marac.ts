import { formatLondonDate } from '../calendar/display.ts';
import { addDays, daysBetween } from '../calendar/localDate.ts';
import { londonDateOf, startOfLondonDay } from '../calendar/london.ts';
import type { Answers, InstrumentDefinition } from './instrument.ts';
import { DASH_2009 } from './instruments.ts';
import { countYes, highRiskFromYesCount } from './scoring.ts';

/**
 * SafeLives MARAC referral criteria; the numbers are SafeLives', not a force setting. Visible high risk is the
 * questionnaire's own high threshold: 14 "yes" on DASH 2009, a force variant's high band, none for DARA (no tick
 * threshold: the officer's judgement and the assessor's professional judgement decide).
 */
export const POTENTIAL_ESCALATION_INCIDENTS = 3;
const YEAR_DAYS = 365;

export interface MaracCriteriaInput {
  current: { incidentId: string; occurredAt: Date; victimId: string; suspectIds: string[] };
  /** The officer's questionnaire: the answers and the instrument version they were given on. */
  questionnaire?: Questionnaire;
  /** Police-reported DA incidents with the current victim as victim (the current one may or may not be listed). */
  victimIncidents: { incidentId: string; occurredAt: Date }[];
  maracReferrals: MaracReferral[];
  professionalJudgementReasons?: string[];
}

export interface Questionnaire {
  instrument: InstrumentDefinition;
  answers: Answers;
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

/** The criteria in the SafeLives referral form's words: what a person reads wherever a criterion is shown. */
export const MARAC_CRITERION_NAMES: Record<MaracCriterion, string> = {
  'visible-high-risk': 'Visible high risk',
  'professional-judgement': 'Professional judgement',
  'potential-escalation': 'Potential escalation',
  'repeat-marac': 'Repeat MARAC',
};

/** A stored criterion code in words; a code this version does not know is shown as it was stored, never dropped. */
export function maracCriterionName(code: string): string {
  return (MARAC_CRITERION_NAMES as Record<string, string>)[code] ?? code;
}

/** Every criterion the case meets, in the order of the SafeLives referral form; an empty list means none. */
export function maracCriteria(input: MaracCriteriaInput): MaracCriterionMet[] {
  return [visibleHighRisk(input), professionalJudgement(input), potentialEscalation(input), repeatMarac(input)].filter(
    (met): met is MaracCriterionMet => met !== undefined,
  );
}

/** Questions a force added for information only do not count, as for the suggested band. */
function visibleHighRisk({ questionnaire }: MaracCriteriaInput): MaracCriterionMet | undefined {
  if (!questionnaire) return undefined;
  const { instrument, answers } = questionnaire;
  const threshold = highRiskFromYesCount(instrument);
  if (threshold === undefined) return undefined;
  const yesCount = countYes(answers, instrument);
  if (yesCount < threshold) return undefined;
  const isDash2009 = instrument.id === DASH_2009.id && instrument.version === DASH_2009.version;
  const answered = isDash2009
    ? `${yesCount} DASH questions answered "yes"`
    : `${yesCount} questions answered "yes" on ${instrument.title} (version ${instrument.version})`;
  return { criterion: 'visible-high-risk', reason: `${answered} (${threshold} or more is visible high risk)`, yesCount };
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
