import { protectiveNoticeHearingDueBy } from '../calendar/protectiveNotice.ts';
import type { Calendar } from '../calendar/bankHolidays.ts';
import { endOfLondonDay, londonDateOf } from '../calendar/london.ts';
import { addDays } from '../calendar/localDate.ts';

/**
 * The order register's rules, from the Crime and Security Act 2010 ss.24–33 (DVPN / DVPO) and the Domestic Abuse Act
 * 2021 Part 3 (DAPN / DAPO):
 * - A DVPN is authorised by a superintendent or above; a DAPN by an inspector or above. A notice authorised below that
 *   rank is refused.
 * - The court hearing for a DVPN or DAPN must start within 48 hours of service, not counting Sundays, Christmas Day,
 *   Good Friday or bank holidays (src/domain/calendar/protectiveNotice.ts).
 * - A DVPO lasts at least 14 and at most 28 days from the day it is made; a DAPO may have no end date at all.
 * - A person subject to a DAPO must notify the police of their name and address within 3 days of the order: by the
 *   end (23:59:59 London time) of the third calendar day after the day it was made.
 * - Which regime a force uses (DVPN/DVPO, DAPN/DAPO or both) is configured per force; the other regime's notices and
 *   orders are refused.
 * - Restraining orders, non-molestation orders, bail conditions and Stalking Protection Orders are recorded with their
 *   conditions and end date, if they have one; no statutory clock runs on them here.
 */
export const ORDER_TYPES = [
  'DVPN',
  'DVPO',
  'DAPN',
  'DAPO',
  'restraining-order',
  'non-molestation-order',
  'bail-conditions',
  'stalking-protection-order',
] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

export const ORDER_TYPE_NAMES: Record<OrderType, string> = {
  DVPN: 'Domestic Violence Protection Notice (DVPN)',
  DVPO: 'Domestic Violence Protection Order (DVPO)',
  DAPN: 'Domestic Abuse Protection Notice (DAPN)',
  DAPO: 'Domestic Abuse Protection Order (DAPO)',
  'restraining-order': 'Restraining order',
  'non-molestation-order': 'Non-molestation order',
  'bail-conditions': 'Bail conditions',
  'stalking-protection-order': 'Stalking Protection Order',
};

export const ORDER_REGIMES = ['dvpn-dvpo', 'dapn-dapo', 'both'] as const;
export type OrderRegime = (typeof ORDER_REGIMES)[number];
export const DEFAULT_ORDER_REGIME: OrderRegime = 'dvpn-dvpo';

export const ORDER_REGIME_NAMES: Record<OrderRegime, string> = {
  'dvpn-dvpo': 'DVPN and DVPO (Crime and Security Act 2010)',
  'dapn-dapo': 'DAPN and DAPO (Domestic Abuse Act 2021)',
  both: 'Both, during the transition',
};

/** A notice whose hearing must follow within 48 hours, and the order the court may make on it. */
export const NOTICE_ORDER: Partial<Record<OrderType, OrderType>> = { DVPN: 'DVPO', DAPN: 'DAPO' };

export function isNotice(type: OrderType): boolean {
  return NOTICE_ORDER[type] !== undefined;
}

const REGIME_OF: Partial<Record<OrderType, Exclude<OrderRegime, 'both'>>> = {
  DVPN: 'dvpn-dvpo',
  DVPO: 'dvpn-dvpo',
  DAPN: 'dapn-dapo',
  DAPO: 'dapn-dapo',
};

/** Police ranks, lowest first. */
export const POLICE_RANKS = [
  'constable',
  'sergeant',
  'inspector',
  'chief-inspector',
  'superintendent',
  'chief-superintendent',
  'assistant-chief-constable',
  'deputy-chief-constable',
  'chief-constable',
] as const;
export type PoliceRank = (typeof POLICE_RANKS)[number];

export const POLICE_RANK_NAMES: Record<PoliceRank, string> = {
  constable: 'Constable',
  sergeant: 'Sergeant',
  inspector: 'Inspector',
  'chief-inspector': 'Chief Inspector',
  superintendent: 'Superintendent',
  'chief-superintendent': 'Chief Superintendent',
  'assistant-chief-constable': 'Assistant Chief Constable',
  'deputy-chief-constable': 'Deputy Chief Constable',
  'chief-constable': 'Chief Constable',
};

/** The lowest rank that may authorise each notice. */
export const MINIMUM_AUTHORISING_RANK: Partial<Record<OrderType, PoliceRank>> = { DVPN: 'superintendent', DAPN: 'inspector' };

/** Why this rank may not authorise this notice, or null when it may (or the type needs no police authorisation). */
export function authorisationProblem(type: OrderType, rank: PoliceRank | null): string | null {
  const minimum = MINIMUM_AUTHORISING_RANK[type];
  if (!minimum) return null;
  if (rank === null) return `A ${type} must be authorised by a ${POLICE_RANK_NAMES[minimum].toLowerCase()} or above: enter their rank`;
  if (POLICE_RANKS.indexOf(rank) < POLICE_RANKS.indexOf(minimum)) {
    const given = POLICE_RANK_NAMES[rank].toLowerCase();
    return `A ${type} must be authorised by a ${POLICE_RANK_NAMES[minimum].toLowerCase()} or above, not ${/^[aeiou]/.test(given) ? 'an' : 'a'} ${given}`;
  }
  return null;
}

/** Why the force may not record this type under its regime, or null. */
export function regimeProblem(type: OrderType, regime: OrderRegime): string | null {
  const own = REGIME_OF[type];
  if (!own || regime === 'both' || regime === own) return null;
  return `This force uses ${ORDER_REGIME_NAMES[regime]}: a ${type} cannot be recorded`;
}

export const DVPO_MIN_DAYS = 14;
export const DVPO_MAX_DAYS = 28;

/**
 * Why this end date is wrong for the order, or null. A DVPO runs 14 to 28 days, counted in London calendar days from
 * the day it was made to the day it ends; a DAPO and the civil and criminal orders may have no end date; no order
 * ends before it starts.
 */
export function durationProblem(type: OrderType, startsAt: Date, endsAt: Date | null): string | null {
  if (endsAt !== null && endsAt.getTime() <= startsAt.getTime()) return 'The end date must be after the date the order was made or served';
  if (type !== 'DVPO') return null;
  if (endsAt === null) return `A DVPO must have an end date, ${DVPO_MIN_DAYS} to ${DVPO_MAX_DAYS} days after it is made`;
  const days = daysBetween(londonDateOf(startsAt), londonDateOf(endsAt));
  if (days < DVPO_MIN_DAYS || days > DVPO_MAX_DAYS) {
    return `A DVPO lasts ${DVPO_MIN_DAYS} to ${DVPO_MAX_DAYS} days: this one would last ${days} day${days === 1 ? '' : 's'}`;
  }
  return null;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** When the court hearing for a notice must start; null for anything that is not a DVPN or DAPN. */
export function hearingDueBy(type: OrderType, servedAt: Date, calendar: Calendar): Date | null {
  return isNotice(type) ? protectiveNoticeHearingDueBy(servedAt, calendar) : null;
}

export const DAPO_NOTIFICATION_DAYS = 3;

/** When the subject of a DAPO must have notified their name and address; null for other orders. */
export function notificationDueBy(type: OrderType, madeAt: Date): Date | null {
  return type === 'DAPO' ? endOfLondonDay(addDays(londonDateOf(madeAt), DAPO_NOTIFICATION_DAYS)) : null;
}

export const EXPIRY_REVIEW_DAYS = 7;

/** An order in force whose end falls within the next 7 days is reviewed: extend, apply for a further order, or lapse. */
export function isDueExpiryReview(endsAt: Date | null, now: Date): boolean {
  if (endsAt === null) return false;
  const left = endsAt.getTime() - now.getTime();
  return left >= 0 && left <= EXPIRY_REVIEW_DAYS * 86_400_000;
}
