import type { ReviewReason } from './model.ts';

/**
 * A link probability as a research assistant reads it: a percentage to one decimal place, but never a certainty
 * the model does not have. A pair sent for review at 0.99996 is "over 99.9%", not "100%": it went to a person
 * because something else (a date of birth a digit apart, another surname) kept it from being linked.
 */
export function formatProbability(probability: number): string {
  if (probability >= 0.9995) return 'over 99.9%';
  if (probability < 0.0005) return 'under 0.1%';
  return `${(Math.round(probability * 1000) / 10).toFixed(1).replace(/\.0$/, '')}%`;
}

/**
 * Why the engine sent a pair to a person rather than linking it (reviewReason), as a research assistant reads it:
 * the rule, and what it guards against, so that a high probability is not taken for a decision already made.
 */
export const REVIEW_REASON_TEXT: Record<ReviewReason, string> = {
  'not-enough-evidence': 'The details agree, but not strongly enough to link the records without a person looking.',
  'generation-apart': 'The dates of birth are a generation apart: they may be a parent and a child with the same name.',
  'different-given-names':
    'The given names clearly differ (not a nickname, a typo, an initial or a swap) while the rest agrees: likely relatives, such as twins or siblings, not one person.',
  'swapped-name-differs':
    'The names are recorded the other way round and one of them differs: which one is the given name the records do not say, so they may be relatives (a twin recorded surname first), or one person under another surname.',
  'middle-names-differ': 'The middle names differ: in one household that is often a father and son with the same first name.',
  'nothing-identifying':
    'Nothing that identifies one person (date of birth, house, phone, email or PNC ID) agrees: names, sex and an area are shared by many people in a force.',
  'near-date-uncorroborated':
    "The dates of birth are a typo apart, and nothing else of the person's life (house, phone, email, middle name) agrees: common names have namesakes born a digit apart.",
  'other-surname-uncorroborated':
    'The surnames differ (it may be a married or former name), but no date of birth agrees to show it is the same person.',
  'same-family':
    "Surname and household agree, but the person's own details do not show it is the same member of the family: it may be a relative.",
};

/** The same, in a few words for a row of the possible-matches queue. */
export const REVIEW_REASON_LABEL: Record<ReviewReason, string> = {
  'not-enough-evidence': 'Evidence short of a link',
  'generation-apart': 'Born a generation apart',
  'different-given-names': 'Likely relatives (different given names)',
  'swapped-name-differs': 'Names swapped, one differs',
  'middle-names-differ': 'Middle names differ',
  'nothing-identifying': 'Nothing identifying agrees',
  'near-date-uncorroborated': 'Birth dates a typo apart',
  'other-surname-uncorroborated': 'Another surname, no birth date',
  'same-family': 'May be a relative',
};
