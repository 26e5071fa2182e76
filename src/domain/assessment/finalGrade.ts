import { gradeDecision, type GradeDecisionError } from '../risk/gradeDecision.ts';
import type { RiskGrade } from '../risk/grades.ts';
import type { Answers, InstrumentDefinition } from '../risk/instrument.ts';
import { countYes, suggestedBand } from '../risk/scoring.ts';

export interface OfficerAssessment {
  instrument: InstrumentDefinition;
  answers: Answers;
  officerGrade?: RiskGrade;
}

export interface SuggestedBand {
  yesCount: number;
  band?: RiskGrade;
  reason: string;
}

/** The band the officer's answers suggest, with the reason in words (DASH: 1–9 standard, 10–13 medium, 14+ high). */
export function suggestedBandOf({ instrument, answers }: OfficerAssessment): SuggestedBand {
  const yesCount = countYes(answers, instrument);
  const band = suggestedBand(yesCount, instrument);
  if (instrument.grading.method !== 'yes-count-bands' || band === undefined) {
    return { yesCount, reason: `${instrument.title} has no "yes" threshold: the grade is a judgement with a written rationale` };
  }
  const bands = instrument.grading.bands;
  const index = bands.findIndex((b) => b.grade === band);
  const next = bands[index + 1];
  const range = next ? `${bands[index].fromYesCount} to ${next.fromYesCount - 1}` : `${bands[index].fromYesCount} or more`;
  const answered = `${yesCount} question${yesCount === 1 ? '' : 's'} answered "yes"`;
  return { yesCount, band, reason: `${answered}: ${range} suggests ${band} risk` };
}

export interface FinalGradeRecord {
  finalGrade: RiskGrade;
  band?: RiskGrade;
  yesCount?: number;
  /** Trimmed; null when none was given (allowed only when the grade agrees with the band and the officer). */
  rationale: string | null;
  needsSupervisorReview: boolean;
}

export type FinalGradeOutcome = { ok: true; record: FinalGradeRecord } | { ok: false; errors: GradeDecisionError[] };

/**
 * What is stored for an assessor's final grade, or why it cannot be: the grade decision rules (gradeDecision) decide
 * whether a rationale is needed and whether a supervisor must review a grade below the band.
 */
export function decideFinalGrade(finalGrade: RiskGrade, rationale: string | undefined, officer?: OfficerAssessment): FinalGradeOutcome {
  const suggested = officer ? suggestedBandOf(officer) : undefined;
  const decision = gradeDecision({ finalGrade, band: suggested?.band, officerGrade: officer?.officerGrade, rationale });
  if (!decision.ok) return { ok: false, errors: decision.errors };
  const trimmed = (rationale ?? '').trim();
  return {
    ok: true,
    record: {
      finalGrade,
      band: suggested?.band,
      yesCount: suggested?.yesCount,
      rationale: trimmed === '' ? null : trimmed,
      needsSupervisorReview: decision.needsSupervisorReview,
    },
  };
}
