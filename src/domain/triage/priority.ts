import type { Answers, InstrumentDefinition } from '../risk/instrument.ts';
import { hbaIndicatorsPresent } from '../risk/screens.ts';
import { SERIAL_PERPETRATOR_VICTIMS } from '../history/indicators.ts';
import { maracCriterionName } from '../risk/marac.ts';
import type { OfficerGrade } from './tasks.ts';

/*
 * THE TRIAGE PRIORITY RULES (what orders the queue of DA incidents awaiting secondary risk assessment).
 *
 * 1. Each incident scores points for what is known about it when it arrives:
 *      officer's grade high                              +40
 *      officer's grade medium                            +20   (standard or ungraded: 0)
 *      honour-based abuse indicator                      +30   a "yes" on the force's HBA screen, or the
 *                                                              classification names honour-based abuse, forced
 *                                                              marriage or FGM. DASH Q4 (isolation)
 *                                                              only prompts the screen: it is not an indicator. Any HBA indicator goes to a
 *                                                              supervisor at once, whatever the grade.
 *      MARAC criteria met (any)                          +30   as stored at intake (visible high risk, potential
 *                                                              escalation, repeat MARAC, professional judgement)
 *      children                                          +15   a child party linked to the incident (present or
 *                                                              not), or DASH Q9 (pregnant / baby) or Q10 (children
 *                                                              in the household) yes
 *      stalking indicator                                +15   DASH Q8 yes, or the classification names stalking
 *                                                              or harassment
 *      serial suspect                                    +15   a suspect who has harmed 2 or more distinct victims
 *                                                              in the linked history (this incident included)
 *      breach                                            +10   the classification names a breach (bail, order,
 *                                                              injunction), or DASH Q26 yes
 *      order breach recorded                             +25   a breach of a protective order (DVPN, DVPO, DAPN,
 *                                                              DAPO, restraining, non-molestation, bail, SPO) was
 *                                                              recorded on the order register against this incident:
 *                                                              the court has already found the risk high enough to
 *                                                              restrain the suspect, and the suspect ignored it. On
 *                                                              top of "breach" (a word in the classification is a
 *                                                              claim; the register is the record). Stored on the open
 *                                                              triage item when the breach is recorded
 *                                                              (src/modules/orders, via the triage reprioritisation).
 * 2. The queue is ordered by score, highest first.
 * 3. Within one score, the item closest to breaching its SLA comes first, so overdue items lead (their due time has
 *    passed) and the longest overdue leads them; then a fixed tie-break (the task id) so pages never shuffle.
 *    The age of an item counts through its deadline: the SLA clock starts when the incident was reported.
 * 4. The score and flags are stored on the open triage item at intake, and worked out again, in the same transaction,
 *    whenever a suspect's linked history changes: a new incident naming the suspect, a merge of two person records, an
 *    undone merge (src/modules/triage/service.ts, reprioritiseTriageAfter), and when the HBA screen is saved on the
 *    assessment page (its answers set or clear the HBA flag). Each change is an audit event.
 * The SLA itself (due time) is set by the officer's grade: high 2 h, medium 24 h, standard 72 h by default,
 * configurable by an administrator.
 *
 * The score is a way to order work, not a risk grade: every item is still assessed by a person.
 */

export const TRIAGE_FLAGS = ['hba', 'marac', 'children', 'stalking', 'serial-suspect', 'breach', 'order-breach'] as const;
export type TriageFlag = (typeof TRIAGE_FLAGS)[number];

export const FLAG_NAMES: Record<TriageFlag, string> = {
  hba: 'Honour-based abuse',
  marac: 'MARAC criteria met',
  children: 'Children',
  stalking: 'Stalking',
  'serial-suspect': 'Serial suspect',
  breach: 'Breach',
  'order-breach': 'Order breach recorded',
};

export const PRIORITY_POINTS = {
  grade: { high: 40, medium: 20, standard: 0 },
  hba: 30,
  marac: 30,
  children: 15,
  stalking: 15,
  'serial-suspect': 15,
  breach: 10,
  'order-breach': 25,
} as const;

/** What the triage priority is worked out from: stored on the task at intake (flags) and the incident. */
export interface TriageFacts {
  officerGrade: OfficerGrade | null;
  flags: readonly TriageFlag[];
  maracCriteria: readonly string[];
}

export interface PriorityReason {
  code: 'grade' | TriageFlag;
  text: string;
  points: number;
}

export interface TriagePriority {
  score: number;
  reasons: PriorityReason[];
}

const GRADE_NAMES: Record<OfficerGrade, string> = { high: 'High', medium: 'Medium', standard: 'Standard' };

const REASON_TEXT: Record<TriageFlag, (facts: TriageFacts) => string> = {
  hba: () => 'Honour-based abuse indicator: escalate to a supervisor at once',
  marac: (f) => `MARAC criteria met: ${f.maracCriteria.map(maracCriterionName).join(', ') || 'yes'}`,
  children: () => 'Children linked to the incident or in the household',
  stalking: () => 'Stalking or harassment indicated',
  'serial-suspect': () => `Serial suspect: ${SERIAL_PERPETRATOR_VICTIMS} or more victims in the linked history`,
  breach: () => 'Breach of bail, an order or an agreement',
  'order-breach': () => 'A breach of a protective order was recorded against this incident',
};

/** The score and the reasons shown beside it, highest-weighted first (rule 1). */
export function triagePriority(facts: TriageFacts): TriagePriority {
  const reasons: PriorityReason[] = [];
  if (facts.officerGrade && PRIORITY_POINTS.grade[facts.officerGrade] > 0) {
    reasons.push({
      code: 'grade',
      text: `Officer graded ${GRADE_NAMES[facts.officerGrade].toLowerCase()} risk`,
      points: PRIORITY_POINTS.grade[facts.officerGrade],
    });
  }
  for (const flag of TRIAGE_FLAGS) {
    if (facts.flags.includes(flag)) reasons.push({ code: flag, text: REASON_TEXT[flag](facts), points: PRIORITY_POINTS[flag] });
  }
  reasons.sort((a, b) => b.points - a.points);
  return { score: reasons.reduce((sum, r) => sum + r.points, 0), reasons };
}

/** What the incident itself says, at intake. */
export interface IncidentSignals {
  classification: string;
  /** The officer's DASH answers, when one came with the incident. */
  dash?: Answers;
  /** The HBA screen's answers, once someone has recorded them. */
  hbaScreen?: Answers;
  instrument?: InstrumentDefinition;
  childParties: number;
  /** The most distinct victims any suspect of this incident has in the linked history, this incident included. */
  suspectMostVictims: number;
  maracCriteria: readonly string[];
  /** Breaches of protective orders recorded on the order register against this incident. */
  orderBreaches?: number;
}

const HBA_WORDS = /honou?r|forced marriage|\bfgm\b|genital mutilation/i;
const STALKING_WORDS = /stalk|harass/i;
const BREACH_WORDS = /breach/i;
/** DASH 2009 question numbers the rules read directly (HBA comes from the HBA screen, not DASH). */
const DASH_STALKING = '8';
const DASH_CHILDREN = ['9', '10'];
const DASH_BREACH = '26';

/** The classification itself names honour-based abuse, forced marriage or FGM. */
export function hbaClassified(classification: string): boolean {
  return HBA_WORDS.test(classification);
}

/** The HBA flag: a "yes" on the HBA screen, or a classification of honour-based abuse. */
export function hbaIndicated(classification: string, hbaScreen: Answers | undefined): boolean {
  return hbaClassified(classification) || (hbaScreen !== undefined && hbaIndicatorsPresent(hbaScreen));
}

const yes = (dash: Answers | undefined, id: string) => dash?.[id]?.value === 'yes';

/** The flags of rule 1, from what arrived with the incident and the linked history. */
export function triageFlags(s: IncidentSignals): TriageFlag[] {
  const dash = s.dash;
  const found: Record<TriageFlag, boolean> = {
    hba: hbaIndicated(s.classification, s.hbaScreen),
    marac: s.maracCriteria.length > 0,
    children: s.childParties > 0 || DASH_CHILDREN.some((id) => yes(dash, id)),
    stalking: STALKING_WORDS.test(s.classification) || yes(dash, DASH_STALKING),
    'serial-suspect': s.suspectMostVictims >= SERIAL_PERPETRATOR_VICTIMS,
    breach: BREACH_WORDS.test(s.classification) || yes(dash, DASH_BREACH),
    'order-breach': (s.orderBreaches ?? 0) > 0,
  };
  return TRIAGE_FLAGS.filter((flag) => found[flag]);
}

/** Rules 2 and 3 as a comparator; the queue's SQL orders the same way (priority desc, due, id). */
export interface QueueOrderItem {
  id: string;
  score: number;
  dueAt: Date;
}

export function compareQueueItems(a: QueueOrderItem, b: QueueOrderItem): number {
  return b.score - a.score || a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export interface SlaClock {
  overdue: boolean;
  /** Minutes until due (negative when overdue). */
  minutes: number;
  text: string;
}

function duration(totalMinutes: number): string {
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  if (days > 0) return [`${days} ${days === 1 ? 'day' : 'days'}`, hours ? `${hours} h` : ''].filter(Boolean).join(' ');
  if (hours > 0) return [`${hours} h`, minutes ? `${minutes} min` : ''].filter(Boolean).join(' ');
  return `${minutes} min`;
}

/** "due in 1 h 20 min" / "overdue by 3 h": whole minutes, rounded towards the deadline. */
export function slaClock(dueAt: Date, now: Date): SlaClock {
  const ms = dueAt.getTime() - now.getTime();
  if (ms < 0) {
    const late = Math.max(1, Math.floor(-ms / 60_000));
    return { overdue: true, minutes: -late, text: `overdue by ${duration(late)}` };
  }
  const left = Math.floor(ms / 60_000);
  return { overdue: false, minutes: left, text: left === 0 ? 'due now' : `due in ${duration(left)}` };
}
