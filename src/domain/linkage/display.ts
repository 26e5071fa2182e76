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
