import type { RiskGrade } from './grades.ts';
import { validateInstrumentDefinition, type InstrumentDefinition, type InstrumentQuestion } from './instrument.ts';
import { DARA_2022, DASH_2009 } from './instruments.ts';

/** The instruments shipped with the product. They are never edited: a force varies one by saving a new version. */
export const BUILT_IN_INSTRUMENTS: readonly InstrumentDefinition[] = [DASH_2009, DARA_2022];

/** How a stored assessment names a built-in instrument, e.g. "dash-2009". */
export const builtInCode = (definition: InstrumentDefinition) => `${definition.id}-${definition.version}`;

export function builtInInstrument(code: string, version?: string): InstrumentDefinition | undefined {
  return BUILT_IN_INSTRUMENTS.find((d) => code === builtInCode(d) || (code === d.id && (version === undefined || version === d.version)));
}

export interface VariantChanges {
  code: string;
  version: string;
  title: string;
  /** New wording (and optional guidance) by question id; every question of the base keeps its id. */
  questions: Record<string, { text: string; guidance?: string }>;
  /** "Yes" counts from which the medium and high bands start, for an instrument graded by yes-count bands. */
  thresholds?: Partial<Record<Exclude<RiskGrade, 'standard'>, number>>;
  /** A question the force adds; it does not count toward the band unless the force says so. */
  addedQuestion?: { label: string; text: string; countsTowardBand: boolean };
}

/** A problem with a form field: the field's id on the variant form and a message the administrator can act on. */
export interface VariantError {
  field: string;
  message: string;
}

export type VariantResult = { ok: true; definition: InstrumentDefinition } | { ok: false; errors: VariantError[] };

const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const questionField = (id: string) => `question-${id}`;
export const guidanceField = (id: string) => `guidance-${id}`;

/**
 * A force's variant of a base instrument: reworded questions, guidance, an added question, other thresholds.
 * Question ids and answer options stay those of the base so answers remain comparable across versions.
 */
export function forceVariant(base: InstrumentDefinition, changes: VariantChanges): VariantResult {
  const errors: VariantError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });

  const code = changes.code.trim();
  if (!CODE.test(code)) fail('code', 'Enter a code of lower-case letters and digits separated by hyphens, like dash-2009-west-mercia');
  else if (builtInInstrument(code)) fail('code', `${code} is a built-in instrument: choose a code of the force's own`);
  const version = changes.version.trim();
  if (!/^[A-Za-z0-9.-]{1,20}$/.test(version))
    fail('version', 'Enter a version of up to 20 letters, digits, dots or hyphens, like 1 or 2026.1');
  const title = changes.title.trim();
  if (title === '') fail('title', 'Enter a title');

  const questions: InstrumentQuestion[] = base.questions.map((q) => {
    const change = changes.questions[q.id];
    const text = change?.text.trim() ?? '';
    if (text === '') fail(questionField(q.id), `Enter the wording of question ${q.id}`);
    const guidance = change?.guidance?.trim();
    const { guidance: _old, ...rest } = q;
    return { ...rest, text, ...(guidance ? { guidance } : {}) };
  });
  const added = changes.addedQuestion;
  if (added && (added.label.trim() !== '' || added.text.trim() !== '')) {
    if (added.label.trim() === '') fail('added-label', 'Enter a short label for the added question');
    if (added.text.trim() === '') fail('added-text', 'Enter the wording of the added question');
    questions.push({
      id: String(nextQuestionNumber(base.questions)),
      label: added.label.trim(),
      text: added.text.trim(),
      countsTowardBand: added.countsTowardBand,
    });
  }

  let grading = base.grading;
  if (base.grading.method === 'yes-count-bands') {
    const from = (grade: RiskGrade) =>
      base.grading.method === 'yes-count-bands' ? base.grading.bands.find((b) => b.grade === grade)?.fromYesCount : undefined;
    const medium = changes.thresholds?.medium ?? from('medium');
    const high = changes.thresholds?.high ?? from('high');
    const counted = questions.filter((q) => q.countsTowardBand !== false).length;
    if (medium === undefined || !Number.isInteger(medium) || medium < 1 || medium > counted)
      fail('band-medium', `Enter the number of "yes" answers medium risk starts at, from 1 to ${counted}`);
    else if (high === undefined || !Number.isInteger(high) || high <= medium || high > counted)
      fail('band-high', `Enter the number of "yes" answers high risk starts at, more than ${medium} and at most ${counted}`);
    else
      grading = {
        method: 'yes-count-bands',
        bands: [
          { grade: 'standard', fromYesCount: 0 },
          { grade: 'medium', fromYesCount: medium },
          { grade: 'high', fromYesCount: high },
        ],
      };
  }

  if (errors.length > 0) return { ok: false, errors };
  const definition = {
    ...base,
    id: code,
    version,
    title,
    description: `${title}: a force variant of ${base.title} (${base.id} ${base.version}).`,
    grading,
    questions,
  };
  // The general validator is the last word on the shape: a variant can never be less valid than an upload.
  const validation = validateInstrumentDefinition(definition);
  if (!validation.ok) return { ok: false, errors: validation.errors.map((e) => ({ field: 'form', message: `${e.path}: ${e.message}` })) };
  return { ok: true, definition: validation.instrument };
}

function nextQuestionNumber(questions: InstrumentQuestion[]): number {
  const numbers = questions.map((q) => Number(q.id)).filter(Number.isInteger);
  return (numbers.length > 0 ? Math.max(...numbers) : questions.length) + 1;
}
