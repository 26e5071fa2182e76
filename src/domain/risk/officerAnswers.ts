import type { Answers, AnswerValue, InstrumentDefinition } from './instrument.ts';

/** An attending officer's questionnaire as it arrives (API body or import row), before it is checked against a version. */
export interface OfficerAnswersInput {
  answers: Readonly<Record<string, string>>;
  comments?: Readonly<Record<string, string>>;
  officerRationale?: string;
}

/** A problem with one field, named relative to the risk assessment (answers.28, comments.3, officerRationale). */
export interface AnswerProblem {
  field: string;
  message: string;
}

const naming = (instrument: InstrumentDefinition) => `${instrument.title} (version ${instrument.version})`;

/**
 * Why these answers cannot be stored as answered on this instrument version, or an empty list when they can. The
 * version's own questions and answer options decide: a question it does not ask, an answer it does not offer, a
 * comment where it takes none, or no rationale where the officer must give one (DARA) is a problem.
 */
export function officerAnswerProblems(instrument: InstrumentDefinition, input: OfficerAnswersInput): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  const questionIds = new Set(instrument.questions.map((q) => q.id));
  const options: readonly string[] = instrument.answerOptions;
  const askedIds = instrument.questions.map((q) => q.id);
  const asked = askedIds.length > 3 ? `${askedIds[0]} to ${askedIds[askedIds.length - 1]}` : askedIds.join(', ');

  for (const [id, value] of Object.entries(input.answers)) {
    if (!questionIds.has(id)) {
      problems.push({ field: `answers.${id}`, message: `${naming(instrument)} has no question "${id}" (its questions are ${asked})` });
    } else if (!options.includes(value)) {
      problems.push({ field: `answers.${id}`, message: `${naming(instrument)} answers are ${options.join(', ')}, not "${value}"` });
    }
  }
  for (const [id, comment] of Object.entries(input.comments ?? {})) {
    if (!questionIds.has(id)) {
      problems.push({ field: `comments.${id}`, message: `${naming(instrument)} has no question "${id}" to comment on` });
    } else if (!instrument.commentAllowed && comment.trim() !== '') {
      problems.push({ field: `comments.${id}`, message: `${naming(instrument)} takes no comments` });
    }
  }
  if (instrument.officerRationaleRequired && (input.officerRationale ?? '').trim() === '') {
    problems.push({
      field: 'officerRationale',
      message: `${naming(instrument)} needs the officer's rationale for the grade`,
    });
  }
  return problems;
}

/** The answers with their comments, as the risk rules read them; call once officerAnswerProblems found none. */
export function answersOf(input: OfficerAnswersInput): Answers {
  return Object.fromEntries(
    Object.entries(input.answers).map(([id, value]) => [id, { value: value as AnswerValue, comment: input.comments?.[id] }]),
  );
}
