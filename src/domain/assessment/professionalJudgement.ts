/** The professional-judgement MARAC reasons offered to the assessor (SafeLives' examples), and "other" in words. */
export const PROFESSIONAL_JUDGEMENT_REASONS = {
  strangulation: 'Strangulation, choking or suffocation',
  stalking: 'Stalking',
  'threats-to-kill': 'Threats to kill',
  'victim-fear': "The victim's own fear",
  'hba-forced-marriage': 'Honour-based abuse or forced marriage',
  'separation-coercive-control': 'Separation with coercive control',
  other: 'Other',
} as const;

export type ProfessionalJudgementReason = keyof typeof PROFESSIONAL_JUDGEMENT_REASONS;
export const PROFESSIONAL_JUDGEMENT_KEYS = Object.keys(PROFESSIONAL_JUDGEMENT_REASONS) as [
  ProfessionalJudgementReason,
  ...ProfessionalJudgementReason[],
];

/** The reasons as they are recorded with the MARAC criterion: the ticked labels, then "Other: …" in the assessor's words. */
export function professionalJudgementReasons(ticked: readonly ProfessionalJudgementReason[], other?: string): string[] {
  const reasons: string[] = ticked.filter((r) => r !== 'other').map((r) => PROFESSIONAL_JUDGEMENT_REASONS[r]);
  const otherText = (other ?? '').trim();
  if (ticked.includes('other') && otherText !== '') reasons.push(`Other: ${otherText}`);
  return reasons;
}
