import { compareGrades, isRiskGrade, type RiskGrade } from './grades.ts';

/**
 * A questionnaire (DASH, DARA, S-DASH, HBA screen, or a force's variant) is versioned data in this shape, so an
 * administrator can load a new one without a code change. validateInstrumentDefinition checks an upload.
 */
export const ANSWER_VALUES = ['yes', 'no', 'dont-know'] as const;
export type AnswerValue = (typeof ANSWER_VALUES)[number];

export interface Answer {
  value: AnswerValue;
  comment?: string;
}
/** Keyed by question id; a question not yet answered is absent. */
export type Answers = Readonly<Record<string, Answer | undefined>>;

export interface YesCountBand {
  grade: RiskGrade;
  fromYesCount: number;
}

export type Grading =
  /** Bands suggested by the number of "yes" answers (DASH); the grade itself is still a person's decision. */
  | { method: 'yes-count-bands'; bands: YesCountBand[] }
  /** The officer sets the grade with a written rationale; no count threshold (DARA). */
  | { method: 'officer-judgement' }
  /** No cut-off: more "yes" means more concern (S-DASH). */
  | { method: 'yes-count-no-cutoff' }
  /** Any "yes" must be escalated to a supervisor or specialist at once, whatever the grade (HBA screen). */
  | { method: 'any-yes-escalates' };

export interface InstrumentQuestion {
  id: string;
  label: string;
  text: string;
  /** Ids of the screens a "yes" to this question prompts. */
  prompts?: string[];
  /** A force's note to the officer asking the question, shown beneath it. */
  guidance?: string;
  /** False for a question a force added for information only: its "yes" does not count toward the band. */
  countsTowardBand?: boolean;
}

export interface InstrumentDefinition {
  id: string;
  version: string;
  title: string;
  description: string;
  answerOptions: AnswerValue[];
  commentAllowed: boolean;
  officerRationaleRequired: boolean;
  grading: Grading;
  questions: InstrumentQuestion[];
}

export interface DefinitionError {
  path: string;
  message: string;
}

export type InstrumentValidation = { ok: true; instrument: InstrumentDefinition } | { ok: false; errors: DefinitionError[] };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

export function validateInstrumentDefinition(json: unknown): InstrumentValidation {
  const errors: DefinitionError[] = [];
  const fail = (path: string, message: string) => errors.push({ path, message });
  if (!isObject(json)) return { ok: false, errors: [{ path: '', message: 'must be a JSON object' }] };

  if (!isText(json.id) || !/^[a-z0-9-]+$/.test(json.id)) fail('id', 'must be lower-case letters, digits and hyphens');
  for (const field of ['version', 'title', 'description'] as const) if (!isText(json[field])) fail(field, 'must be given');
  for (const field of ['commentAllowed', 'officerRationaleRequired'] as const) {
    if (typeof json[field] !== 'boolean') fail(field, 'must be true or false');
  }

  const options = json.answerOptions;
  if (!Array.isArray(options) || options.length < 2) fail('answerOptions', 'must list at least two answers');
  else {
    options.forEach((option, i) => {
      if (!ANSWER_VALUES.includes(option))
        fail(`answerOptions[${i}]`, `must be one of ${ANSWER_VALUES.join(', ')}, not ${JSON.stringify(option)}`);
    });
    if (!options.includes('yes')) fail('answerOptions', 'must include "yes"');
    if (new Set(options).size !== options.length) fail('answerOptions', 'must not repeat an answer');
  }

  validateGrading(json.grading, json.officerRationaleRequired, fail);
  validateQuestions(json.questions, fail);

  return errors.length > 0 ? { ok: false, errors } : { ok: true, instrument: json as unknown as InstrumentDefinition };
}

function validateGrading(grading: unknown, officerRationaleRequired: unknown, fail: (path: string, message: string) => void): void {
  if (!isObject(grading)) return fail('grading', 'must be given');
  switch (grading.method) {
    case 'yes-count-bands': {
      const bands = grading.bands;
      if (!Array.isArray(bands) || bands.length === 0) return fail('grading.bands', 'must list at least one band');
      bands.forEach((band: unknown, i) => {
        if (!isObject(band) || !isRiskGrade(band.grade)) fail(`grading.bands[${i}].grade`, 'must be standard, medium or high');
        if (!isObject(band) || !Number.isInteger(band.fromYesCount) || (band.fromYesCount as number) < 0) {
          fail(`grading.bands[${i}].fromYesCount`, 'must be a whole number, 0 or more');
        }
      });
      if (isObject(bands[0]) && bands[0].fromYesCount !== 0)
        fail('grading.bands[0].fromYesCount', 'the first band must start at 0 "yes" answers');
      for (let i = 1; i < bands.length; i++) {
        const [previous, band] = [bands[i - 1], bands[i]];
        if (!isObject(previous) || !isObject(band)) continue;
        if (!((band.fromYesCount as number) > (previous.fromYesCount as number))) {
          fail(`grading.bands[${i}].fromYesCount`, 'must be higher than the band before');
        }
        if (isRiskGrade(previous.grade) && isRiskGrade(band.grade) && compareGrades(band.grade, previous.grade) <= 0) {
          fail(`grading.bands[${i}].grade`, 'must be a higher grade than the band before');
        }
      }
      return;
    }
    case 'officer-judgement':
      if (officerRationaleRequired !== true) fail('officerRationaleRequired', 'must be true when the grade is set by officer judgement');
      return;
    case 'yes-count-no-cutoff':
    case 'any-yes-escalates':
      return;
    default:
      fail('grading.method', 'must be yes-count-bands, officer-judgement, yes-count-no-cutoff or any-yes-escalates');
  }
}

function validateQuestions(questions: unknown, fail: (path: string, message: string) => void): void {
  if (!Array.isArray(questions) || questions.length === 0) return fail('questions', 'must list at least one question');
  const ids = new Set<string>();
  questions.forEach((question: unknown, i) => {
    const at = `questions[${i}]`;
    if (!isObject(question)) return fail(at, 'must be an object');
    if (!isText(question.id)) fail(`${at}.id`, 'must be given');
    else if (ids.has(question.id)) fail(`${at}.id`, `"${question.id}" is used by another question`);
    else ids.add(question.id);
    if (!isText(question.label)) fail(`${at}.label`, 'must be given');
    if (!isText(question.text)) fail(`${at}.text`, 'must be given');
    if (question.prompts !== undefined && (!Array.isArray(question.prompts) || !question.prompts.every(isText))) {
      fail(`${at}.prompts`, 'must be a list of screen ids');
    }
    if (question.guidance !== undefined && typeof question.guidance !== 'string') fail(`${at}.guidance`, 'must be text');
    if (question.countsTowardBand !== undefined && typeof question.countsTowardBand !== 'boolean') {
      fail(`${at}.countsTowardBand`, 'must be true or false');
    }
  });
}

/** For definitions shipped with the product: an invalid one is a programming error. */
export function instrumentDefinition(json: unknown): InstrumentDefinition {
  const validation = validateInstrumentDefinition(json);
  if (!validation.ok) {
    throw new Error(`Invalid instrument definition: ${validation.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  }
  return validation.instrument;
}
