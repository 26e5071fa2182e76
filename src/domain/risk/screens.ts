import type { Answers, InstrumentDefinition } from './instrument.ts';
import { DASH_2009, HBA_SCREEN, S_DASH } from './instruments.ts';

/** The screens prompted by "yes" answers, as the instrument's data says (DASH 2009: Q2 and Q8 → S-DASH, Q4 → HBA). */
export function screensPrompted(answers: Answers, instrument: InstrumentDefinition): string[] {
  const prompted = instrument.questions.filter((q) => answers[q.id]?.value === 'yes').flatMap((q) => q.prompts ?? []);
  return [...new Set(prompted)];
}

export interface StalkingScreenInput {
  dash?: Answers;
  /** Police-reported incidents with this victim in the last 12 months, the current one included. */
  victimIncidentCountLast12Months: number;
  /** The victim says they are very frightened, when that is known other than through DASH Q2 (e.g. from a DARA). */
  veryFrightened?: boolean;
  /** The DASH version the answers belong to. */
  instrument?: InstrumentDefinition;
}

/** S-DASH is offered when DASH Q8 (stalking/harassment) is yes, after 2+ incidents, or when the victim is very frightened (Q2). */
export function stalkingScreenOffered({
  dash,
  victimIncidentCountLast12Months,
  veryFrightened,
  instrument = DASH_2009,
}: StalkingScreenInput): boolean {
  return (
    victimIncidentCountLast12Months >= 2 ||
    veryFrightened === true ||
    (dash !== undefined && screensPrompted(dash, instrument).includes(S_DASH.id))
  );
}

/** The HBA screen is offered when DASH Q4 (isolation from family or friends) is yes. */
export function hbaScreenOffered(dash: Answers, instrument: InstrumentDefinition = DASH_2009): boolean {
  return screensPrompted(dash, instrument).includes(HBA_SCREEN.id);
}

/** Any "yes" on the HBA screen is an indicator to escalate to a supervisor or specialist at once, whatever the grade. */
export function hbaIndicatorsPresent(hbaAnswers: Answers): boolean {
  return Object.values(hbaAnswers).some((answer) => answer?.value === 'yes');
}
