import type { RiskGrade } from './grades.ts';
import type { Answers, InstrumentDefinition } from './instrument.ts';

/** "Don't know" is not "yes"; unanswered questions are not "yes"; nor are questions a force added for information only. */
export function countYes(answers: Answers, instrument?: InstrumentDefinition): number {
  const informationOnly = new Set(instrument?.questions.filter((q) => q.countsTowardBand === false).map((q) => q.id));
  return Object.entries(answers).filter(([id, answer]) => answer?.value === 'yes' && !informationOnly.has(id)).length;
}

/** The band the instrument suggests for this many "yes" answers; undefined when the instrument has no threshold (DARA). */
export function suggestedBand(yesCount: number, instrument: InstrumentDefinition): RiskGrade | undefined {
  if (!Number.isInteger(yesCount) || yesCount < 0) throw new RangeError(`A count of "yes" answers must be a whole number, not ${yesCount}`);
  if (instrument.grading.method !== 'yes-count-bands') return undefined;
  return instrument.grading.bands.findLast((band) => yesCount >= band.fromYesCount)?.grade;
}

/**
 * The "yes" count from which the instrument itself suggests high risk (DASH 2009: 14, SafeLives' "visible high
 * risk"; a force variant: its own high threshold); undefined when the instrument sets no threshold (DARA).
 */
export function highRiskFromYesCount(instrument: InstrumentDefinition): number | undefined {
  if (instrument.grading.method !== 'yes-count-bands') return undefined;
  return instrument.grading.bands.find((band) => band.grade === 'high')?.fromYesCount;
}
