import type { Answers, AnswerValue } from './instrument.ts';

/** Test builder: DASH answers with `yes` "yes" answers (from Q1 on), then `dontKnow` "don't know", the rest "no". */
export function dashAnswers({ yes = 0, dontKnow = 0, questionIds = [] as string[] } = {}): Answers {
  const answers: Record<string, { value: AnswerValue }> = {};
  for (let id = 1; id <= 27; id++) {
    const value: AnswerValue = id <= yes ? 'yes' : id <= yes + dontKnow ? 'dont-know' : 'no';
    answers[String(id)] = { value };
  }
  for (const id of questionIds) answers[id] = { value: 'yes' };
  return answers;
}
