import { isLocalDate, type LocalDate } from '../calendar/localDate.ts';

/**
 * How an Operation Encompass task ends (DOMAIN.md): the notice went to the child's school, or there is no school to
 * tell — the child is not of school age, or the school is still unknown after checks. Either "no school" outcome is a
 * decision not to notify, so it carries who checked, what they checked and when.
 */
export const ENCOMPASS_OUTCOMES = {
  notified: 'Notice sent to the school',
  'not-school-age': 'Not of school age: no school to tell',
  'school-unknown': 'School not known after checks',
} as const;

export type EncompassOutcome = keyof typeof ENCOMPASS_OUTCOMES;
export const NO_SCHOOL_OUTCOMES = ['not-school-age', 'school-unknown'] as const;
export type NoSchoolOutcome = (typeof NO_SCHOOL_OUTCOMES)[number];

/** Where an officer looks for a child's school before deciding it cannot be found. */
export const SCHOOL_CHECKS = {
  'la-education': 'The local authority’s education or admissions team',
  'childrens-social-care': 'Children’s social care records',
  'health-visitor': 'Health visitor or school nurse',
  'parent-or-carer': 'The child’s parent or carer',
  'police-systems': 'Police systems (earlier incidents and intelligence)',
  other: 'Another source (say which in the details)',
} as const;

export type SchoolCheck = keyof typeof SCHOOL_CHECKS;
export const SCHOOL_CHECK_CODES = Object.keys(SCHOOL_CHECKS) as SchoolCheck[];

/** What was checked before closing without a notice, as recorded on the task. */
export interface SchoolChecks {
  checkedBy: string;
  sources: SchoolCheck[];
  details: string;
  /** ISO 8601 instant. */
  checkedAt: string;
}

export function encompassOutcomeName(outcome: string): string {
  return (ENCOMPASS_OUTCOMES as Record<string, string>)[outcome] ?? outcome;
}

/** How a done Operation Encompass task ended, as the task list and the incident say it. */
export function encompassOutcomeText(details: { sentTo?: string; outcome?: string }): string {
  if (details.sentTo) return `Notice sent to ${details.sentTo}`;
  if (details.outcome) return encompassOutcomeName(details.outcome);
  return 'Done';
}

export function schoolCheckName(check: string): string {
  return (SCHOOL_CHECKS as Record<string, string>)[check] ?? check;
}

/**
 * Where a child is in school on a day, from the date of birth. Operation Encompass runs from reception to 17: a child
 * starts reception in the September after their fourth birthday (born January–August: the year they turn 4;
 * September–December: the year after), and is no longer a child for it from their 18th birthday.
 */
export type SchoolStage = 'before-reception' | 'school-age' | 'adult';

export interface SchoolAge {
  stage: SchoolStage;
  /** Whole years on the day. */
  age: number;
  /** The day the child starts (or started) reception. */
  receptionStartsOn: LocalDate;
}

export function schoolAgeOn(dateOfBirth: LocalDate, on: LocalDate): SchoolAge {
  if (!isLocalDate(dateOfBirth) || !isLocalDate(on)) throw new RangeError('dates must be YYYY-MM-DD');
  const [by, bm] = dateOfBirth.split('-').map(Number);
  const receptionYear = by + (bm <= 8 ? 4 : 5);
  const receptionStartsOn = `${receptionYear}-09-01`;
  const birthday = dateOfBirth.slice(5);
  const [oy] = on.split('-').map(Number);
  const age = oy - by - (on.slice(5) < birthday ? 1 : 0);
  const stage: SchoolStage = on < receptionStartsOn ? 'before-reception' : age >= 18 ? 'adult' : 'school-age';
  return { stage, age: Math.max(0, age), receptionStartsOn };
}

/**
 * The child's school age on the day of the incident, when the recorded date of birth can say it: none when it is
 * missing or not a date, or falls after the incident (a mistyped year), since an age from it would mislead.
 */
export function schoolAgeAtIncident(dateOfBirth: string | null | undefined, incidentDay: LocalDate): SchoolAge | undefined {
  if (!isLocalDate(dateOfBirth) || dateOfBirth > incidentDay) return undefined;
  return schoolAgeOn(dateOfBirth, incidentDay);
}
