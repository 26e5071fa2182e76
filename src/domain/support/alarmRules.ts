import { addDays, isLocalDate, type LocalDate } from '../calendar/localDate.ts';

/**
 * Panic alarms (DOMAIN.md "Support programmes": e.g. TecSOS handsets issued to high-risk victims; track issue, review
 * due, activations, return). How often an alarm is reviewed is a force setting: no national rule sets it. The default,
 * 90 days, is this product's choice (a quarterly check that she still needs it and it still works), changed by an
 * administrator or supervisor on the settings page.
 */
export const DEFAULT_ALARM_REVIEW_DAYS = 90;
export const MAX_ALARM_REVIEW_DAYS = 365;

export const ALARM_DEVICES = ['tecsos-handset', 'pendant-alarm', 'home-alarm-unit', 'mobile-app', 'other'] as const;
export type AlarmDevice = (typeof ALARM_DEVICES)[number];
export const ALARM_DEVICE_NAMES: Record<AlarmDevice, string> = {
  'tecsos-handset': 'TecSOS handset',
  'pendant-alarm': 'Pendant (wearable) alarm',
  'home-alarm-unit': 'Home alarm unit (hard-wired)',
  'mobile-app': 'Mobile phone safety app',
  other: 'Other device',
};

export const RETURN_REASONS = ['no-longer-needed', 'case-closed', 'faulty', 'moved-away', 'lost', 'other'] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];
export const RETURN_REASON_NAMES: Record<ReturnReason, string> = {
  'no-longer-needed': 'She no longer needs it',
  'case-closed': 'Her case has closed',
  faulty: 'Faulty (replaced or removed)',
  'moved-away': 'She has moved out of the force area',
  lost: 'Lost or not recovered',
  other: 'Other',
};

/** What an alarm's state asks of the support officer now. */
export type AlarmState = 'in-use' | 'review-due' | 'unreturned' | 'returned';
export const ALARM_STATE_NAMES: Record<AlarmState, string> = {
  'in-use': 'In use',
  'review-due': 'Review due',
  unreturned: 'Not returned',
  returned: 'Returned',
};

/** The task an alarm needs now, if any: its return (her case has closed), else its review (the review date came). */
export type AlarmTaskKind = 'alarm-review' | 'alarm-return';

export function reviewDueOn(from: LocalDate, days: number): LocalDate {
  return addDays(from, days);
}

export function reviewDaysProblem(days: number): string | null {
  return Number.isInteger(days) && days >= 1 && days <= MAX_ALARM_REVIEW_DAYS
    ? null
    : `The number of days must be a whole number from 1 to ${MAX_ALARM_REVIEW_DAYS}`;
}

export interface AlarmFacts {
  reviewDueOn: LocalDate;
  returnedOn: LocalDate | null;
  /** Whether the victim has an open safeguarding case now (null: she never had one). */
  caseOpen: boolean | null;
  /** Whether she ever had a case that has now closed. */
  caseClosed: boolean;
}

/**
 * An alarm still out is "not returned" once the victim's case has closed with no case open for her (the alarm should
 * come back), and "review due" from its review date on; a returned alarm asks nothing.
 */
export function alarmState(a: AlarmFacts, today: LocalDate): AlarmState {
  if (a.returnedOn) return 'returned';
  if (a.caseClosed && a.caseOpen !== true) return 'unreturned';
  if (a.reviewDueOn <= today) return 'review-due';
  return 'in-use';
}

export function taskKindFor(state: AlarmState): AlarmTaskKind | null {
  if (state === 'unreturned') return 'alarm-return';
  if (state === 'review-due') return 'alarm-review';
  return null;
}

/** The dates of an issue or a return, each against today and each other; keyed by field. */
export function alarmDateProblems(input: {
  issuedOn?: LocalDate;
  returnedOn?: LocalDate;
  issuedBefore?: LocalDate;
  today: LocalDate;
}): Record<string, string> {
  const errors: Record<string, string> = {};
  if (input.issuedOn !== undefined) {
    if (!isLocalDate(input.issuedOn)) errors.issuedOn = 'The date issued must be a real date';
    else if (input.issuedOn > input.today) errors.issuedOn = 'The date issued must be today or in the past';
  }
  if (input.returnedOn !== undefined) {
    if (!isLocalDate(input.returnedOn)) errors.returnedOn = 'The date returned must be a real date';
    else if (input.returnedOn > input.today) errors.returnedOn = 'The date returned must be today or in the past';
    else if (input.issuedBefore && input.returnedOn < input.issuedBefore)
      errors.returnedOn = 'The date returned must be on or after the date the alarm was issued';
  }
  return errors;
}
