import type { IncidentInput } from '../../src/modules/incidents/index.ts';
import type { Rng } from './prng.ts';

type RiskAssessment = NonNullable<IncidentInput['riskAssessment']>;
type Answer = RiskAssessment['answers'][string];
type Grade = RiskAssessment['officerGrade'];

export const CLASSIFICATIONS = {
  assault: 'Domestic abuse - assault',
  damage: 'Domestic abuse - criminal damage',
  stalking: 'Domestic abuse - harassment/stalking',
  verbal: 'Domestic abuse - verbal argument',
  breach: 'Domestic abuse - breach of order',
  coercion: 'Domestic abuse - coercive control',
} as const;
export type Classification = keyof typeof CLASSIFICATIONS;

/** What the officer at the scene knows when answering the DASH 2009 checklist. */
export interface DashContext {
  /** 0 (minor) to 1 (life-threatening). */
  severity: number;
  classification: Classification;
  intimate: boolean;
  honourBased: boolean;
  victimFemale: boolean;
  pregnantOrBaby: boolean;
  childrenInHousehold: number;
  stepChildren: boolean;
  otherDependant: boolean;
  separated: boolean;
  orderInForce: boolean;
  /** Incidents already reported in this relationship. */
  previousIncidents: number;
  escalating: boolean;
  suspectHasRecord: boolean;
  suspectHasHurtOthers: boolean;
}

/** The chance of a "yes" to each of the 27 questions, so answers agree with the story (no pregnancy question for men, no child questions without children). */
function yesChance(q: number, c: DashContext): number {
  const s = c.severity;
  const kids = c.childrenInHousehold > 0;
  switch (q) {
    case 1:
      return c.classification === 'assault' ? 0.45 + 0.5 * s : 0.03;
    case 2:
      return 0.15 + 0.7 * s + (c.classification === 'stalking' ? 0.2 : 0);
    case 3:
      return 0.15 + 0.7 * s;
    case 4:
      return c.honourBased ? 0.95 : c.classification === 'coercion' ? 0.75 : 0.05 + 0.4 * s;
    case 5:
      return 0.08 + 0.45 * s;
    case 6:
      return c.separated ? 0.92 : 0.1 + 0.2 * s;
    case 7:
      return kids ? (c.separated ? 0.6 : 0.08) : 0;
    case 8:
      return c.classification === 'stalking' ? 0.97 : c.separated ? 0.3 + 0.4 * s : 0.05 + 0.3 * s;
    case 9:
      return c.victimFemale && c.pregnantOrBaby ? 0.97 : 0;
    case 10:
      return c.stepChildren && kids ? 0.9 : c.otherDependant ? 0.5 : 0;
    case 11:
      return kids ? 0.03 + 0.35 * s * s : 0;
    case 12:
      return kids ? 0.03 + 0.4 * s * s : 0;
    case 13:
      return c.previousIncidents === 0 ? 0.05 + 0.2 * s : c.escalating ? 0.9 : 0.15 + 0.2 * s;
    case 14:
      return c.previousIncidents === 0 ? 0.05 + 0.2 * s : c.escalating ? 0.88 : 0.1 + 0.3 * s;
    case 15:
      return c.honourBased || c.classification === 'coercion' ? 0.92 : c.intimate ? 0.15 + 0.6 * s : 0.1 + 0.3 * s;
    case 16:
      return 0.03 + 0.55 * s * s;
    case 17:
      return 0.02 + 0.65 * s * s;
    case 18:
      return c.intimate ? 0.02 + 0.6 * s * s : 0.01 + 0.1 * s;
    case 19:
      return c.intimate ? 0.02 + 0.3 * s * s : 0;
    case 20:
      return c.honourBased ? 0.9 : 0.03 + 0.1 * s;
    case 21:
      return c.suspectHasHurtOthers ? 0.85 : 0.08 + 0.35 * s;
    case 22:
      return 0.02 + 0.2 * s;
    case 23:
      return 0.12 + 0.35 * s;
    case 24:
      return 0.25 + 0.4 * s;
    case 25:
      return 0.04 + 0.3 * s;
    case 26:
      return c.classification === 'breach' ? 1 : c.orderInForce ? 0.6 : 0.03 + 0.1 * s;
    case 27:
      return c.suspectHasRecord ? 0.9 : 0.08;
    default:
      return 0;
  }
}

/** Questions about the abuser's past where victims most often do not know. */
const OFTEN_UNKNOWN = new Set([11, 21, 22, 24, 25, 27]);

const COMMENTS: Record<string, string[]> = {
  '1': [
    'Bruising to the left forearm.',
    'Cut lip and swelling to the cheek.',
    'Redness to the neck, no visible marks.',
    'Scratches to both arms.',
  ],
  '2': [
    "Victim said 'I really think I will be killed one day'.",
    'Victim was shaking and tearful throughout.',
    'Victim is scared to go home.',
  ],
  '4': [
    'Not allowed to see friends; phone is checked every evening.',
    'Has stopped going to the GP because the suspect insists on attending.',
  ],
  '8': [
    'Over forty texts and calls in one evening.',
    'Has been waiting outside the workplace most days.',
    'Drives past the address repeatedly at night.',
  ],
  '17': ["Said 'if you leave I will kill you' and the victim believed it."],
  '18': ['Hands round the neck until the victim felt faint.', 'Pinned down with a pillow over the face.'],
  '20': ['A former partner of the suspect has also made threats.'],
  '26': ['Non-molestation order in force; attended the address regardless.'],
};
const HONOUR_COMMENTS: Record<string, string> = {
  '4': "Family members have taken the victim's phone and passport and will not let the victim leave the house alone.",
  '20': 'Uncle and cousins have threatened the victim over a refusal to marry.',
};

function bandFor(yesCount: number): Grade {
  return yesCount >= 14 ? 'high' : yesCount >= 10 ? 'medium' : 'standard';
}

const RANK: Record<Grade, number> = { standard: 0, medium: 1, high: 2 };

/** A completed DASH 2009 checklist; the officer's grade follows the yes-count band, raised on professional judgement where the story calls for it. */
export function dashAssessment(context: DashContext, rng: Rng): RiskAssessment {
  const answers: Record<string, Answer> = {};
  const comments: Record<string, string> = {};
  let yes = 0;
  const refusedSome = rng.chance(0.03);
  for (let q = 1; q <= 27; q++) {
    if (refusedSome && rng.chance(0.3)) continue;
    const id = String(q);
    const chance = yesChance(q, context);
    let answer: Answer;
    if (chance > 0 && rng.chance(chance)) answer = 'yes';
    else if (rng.chance(OFTEN_UNKNOWN.has(q) ? 0.08 : 0.015)) answer = 'dont-know';
    else answer = 'no';
    answers[id] = answer;
    if (answer === 'yes') {
      yes++;
      const honour = context.honourBased ? HONOUR_COMMENTS[id] : undefined;
      if (honour && rng.chance(0.6)) comments[id] = honour;
      else if (COMMENTS[id] && rng.chance(0.25)) comments[id] = rng.pick(COMMENTS[id]);
    }
  }
  let grade = bandFor(yes);
  const lifeThreatening = answers['17'] === 'yes' || answers['18'] === 'yes' || answers['16'] === 'yes';
  if (grade === 'standard' && (lifeThreatening || context.honourBased) && rng.chance(0.6)) grade = 'medium';
  if (grade === 'medium' && lifeThreatening && context.escalating && rng.chance(0.5)) grade = 'high';
  if (RANK[grade] < RANK.high && context.severity > 0.9 && rng.chance(0.5)) grade = 'high';
  return { instrument: 'dash-2009', answers, comments: Object.keys(comments).length > 0 ? comments : undefined, officerGrade: grade };
}
