import type { Answers, InstrumentDefinition } from './instrument.ts';
import { DARA_2022, DASH_2009, HBA_SCREEN, S_DASH } from './instruments.ts';

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

/** The version whose triggers decide which screens are offered, and a plain note when it is not the one answered. */
export interface ScreenTriggers {
  instrument: InstrumentDefinition;
  /** Set when the officer's version is not loaded, saying what the screens are worked out from instead. */
  notLoaded?: string;
}

/**
 * Which instrument version's "yes" triggers decide the screens: the version the officer answered; when that version
 * is not loaded, the same instrument's latest published version (a force's versions keep their question ids); and
 * only when the instrument itself is unknown, DASH 2009 — said plainly, never silently.
 */
export function screenTriggers(
  answered: { code: string; version: string },
  loaded: InstrumentDefinition | undefined,
  latest: InstrumentDefinition | undefined,
): ScreenTriggers {
  if (loaded) return { instrument: loaded };
  const questionnaire = `The officer's questionnaire (${answered.code} version ${answered.version}) is not loaded`;
  if (latest) {
    return {
      instrument: latest,
      notLoaded: `${questionnaire}; screens are offered on the triggers of its latest version (${latest.title}, version ${latest.version})`,
    };
  }
  return { instrument: DASH_2009, notLoaded: `${questionnaire}; screens are offered on the DASH 2009 triggers` };
}

/** Built-in instruments by their short names; a force variant is named by its own title. */
const SHORT_NAMES: Record<string, string> = { [DASH_2009.id]: 'DASH', [DARA_2022.id]: 'DARA' };

/** Without the officer's instrument, the reason a screen is offered, in words rather than question numbers. */
const PROMPTED_WITHOUT_INSTRUMENT: Record<string, string> = {
  [S_DASH.id]: "the officer's risk assessment records the victim as very frightened or stalked or harassed",
  [HBA_SCREEN.id]: "the officer's risk assessment records the victim as isolated from family or friends",
};

/**
 * When a screen is offered, as the page explains it: the questions of the instrument the officer actually answered
 * whose "yes" prompts it (e.g. "when DARA question 2 (fear of what happens next) or 17 (…) is yes"), plus the
 * incident count for S-DASH. Without a known instrument no question numbers are given, since none would apply.
 */
export function screenOfferedWhen(screenId: string, instrument?: InstrumentDefinition): string {
  const questions = instrument?.questions.filter((q) => q.prompts?.includes(screenId)) ?? [];
  const prompted =
    instrument && questions.length
      ? `${SHORT_NAMES[instrument.id] ?? instrument.title} question ` +
        `${questions.map((q) => `${q.id} (${q.label.charAt(0).toLowerCase()}${q.label.slice(1)})`).join(' or ')} is yes`
      : (PROMPTED_WITHOUT_INSTRUMENT[screenId] ?? "a question of the officer's risk assessment that prompts it is yes");
  return screenId === S_DASH.id ? `when ${prompted}, or after 2 or more incidents in 12 months` : `when ${prompted}`;
}

/** Any "yes" on the HBA screen is an indicator to escalate to a supervisor or specialist at once, whatever the grade. */
export function hbaIndicatorsPresent(hbaAnswers: Answers): boolean {
  return Object.values(hbaAnswers).some((answer) => answer?.value === 'yes');
}
