import type { Calendar } from '../calendar/bankHolidays.ts';
import { workingDaysDueBy } from '../calendar/workingDays.ts';

/**
 * Referrals to partner agencies (DOMAIN.md "Multi-agency work"; DPA 2018 Part 3 and the information-sharing
 * protocols): a lawful basis for sharing, the victim's consent (given, refused, or overridden with a reason), exactly
 * which information is shared (data minimisation), and the referral's status.
 */
export const CONSENT_STATES = ['given', 'refused', 'overridden'] as const;
export type Consent = (typeof CONSENT_STATES)[number];

export const CONSENT_NAMES: Record<Consent, string> = {
  given: 'Given by the victim',
  refused: 'Refused by the victim',
  overridden: 'Not given or refused, overridden',
};

/** The lawful bases a force relies on to share with a partner; each is named as officers record it. */
export const LAWFUL_BASES = {
  consent: 'Consent of the victim',
  'safeguarding-individuals-at-risk': 'Safeguarding of children and individuals at risk (DPA 2018 Sch. 8 para. 4)',
  'law-enforcement-purpose': 'Law enforcement purpose: preventing crime and protecting life (DPA 2018 s.35)',
  'crime-and-disorder-act-s115': 'Crime and Disorder Act 1998 s.115 (information sharing to reduce crime)',
  'children-act-2004-s11': 'Children Act 2004 s.11 (duty to safeguard and promote the welfare of children)',
  'care-act-2014-s45': 'Care Act 2014 s.45 (supply of information to a Safeguarding Adults Board)',
} as const;
export type LawfulBasis = keyof typeof LAWFUL_BASES;

/** What a referral can share, one field at a time; only what is ticked leaves the force. */
export const SHAREABLE_FIELDS = {
  'victim-name': "Victim's name",
  'victim-date-of-birth': "Victim's date of birth",
  'victim-address': "Victim's address",
  'victim-phone': "Victim's phone number",
  'safe-contact': 'Safe-contact instructions',
  'incident-summary': 'Incident summary (reference, date, classification, circumstances)',
  'risk-grade': 'Risk grade',
  children: 'Children linked to the incident (names and dates of birth)',
  perpetrator: 'Perpetrator (name and date of birth)',
} as const;
export type ShareableField = keyof typeof SHAREABLE_FIELDS;
export const SHAREABLE_FIELD_IDS = Object.keys(SHAREABLE_FIELDS) as ShareableField[];

/** Without a choice (the API's `sharedFields` left out): the least a partner needs to make safe contact. */
export const DEFAULT_SHARED_FIELDS: ShareableField[] = ['victim-name', 'victim-phone', 'safe-contact', 'risk-grade'];

export const isShareableField = (f: string): f is ShareableField => Object.hasOwn(SHAREABLE_FIELDS, f);
export const isLawfulBasis = (b: string): b is LawfulBasis => Object.hasOwn(LAWFUL_BASES, b);
export const isConsent = (c: string): c is Consent => (CONSENT_STATES as readonly string[]).includes(c);

/** The shortest override reason accepted: a reason is a sentence, not "n/a". */
export const OVERRIDE_REASON_MIN = 10;

export interface ReferralDecision {
  agency?: string | null;
  lawfulBasis?: string | null;
  consent?: string | null;
  overrideReason?: string | null;
  sharedFields?: readonly string[] | null;
}

export interface ReferralProblem {
  field: 'agency' | 'lawfulBasis' | 'consent' | 'overrideReason' | 'sharedFields';
  message: string;
}

/**
 * Whether a referral may be sent as decided, and every reason it may not. Consent is the victim's, recorded as given,
 * refused or overridden; a referral with no consent decision, or with consent refused or overridden but no reason to
 * override, is refused. A referral on the basis of consent needs consent given.
 */
export function referralProblems(d: ReferralDecision): ReferralProblem[] {
  const problems: ReferralProblem[] = [];
  if (!d.agency?.trim()) problems.push({ field: 'agency', message: 'Select the agency to refer to' });
  const basis = d.lawfulBasis?.trim() ?? '';
  if (!basis) problems.push({ field: 'lawfulBasis', message: 'Select the lawful basis for sharing' });
  else if (!isLawfulBasis(basis)) problems.push({ field: 'lawfulBasis', message: 'Select a lawful basis from the list' });
  const consent = d.consent?.trim() ?? '';
  const reason = d.overrideReason?.trim() ?? '';
  if (!consent) problems.push({ field: 'consent', message: 'Say whether the victim consents to the referral' });
  else if (!isConsent(consent)) problems.push({ field: 'consent', message: 'Consent must be given, refused or overridden' });
  else if (consent === 'refused')
    problems.push({
      field: 'consent',
      message: 'The victim refused consent: the referral can only be sent with consent overridden, giving the reason',
    });
  else if (consent === 'overridden' && reason.length === 0)
    problems.push({ field: 'overrideReason', message: 'Give the reason for sharing without the victim’s consent' });
  else if (consent === 'overridden' && reason.length < OVERRIDE_REASON_MIN)
    problems.push({
      field: 'overrideReason',
      message: `The reason for overriding consent must be at least ${OVERRIDE_REASON_MIN} characters`,
    });
  if (basis === 'consent' && isConsent(consent) && consent !== 'given')
    problems.push({ field: 'lawfulBasis', message: 'Consent is the lawful basis only when the victim has given it: choose another basis' });
  const fields = d.sharedFields ?? [];
  if (fields.length === 0) problems.push({ field: 'sharedFields', message: 'Select at least one piece of information to share' });
  const unknown = fields.filter((f) => !isShareableField(f));
  if (unknown.length) problems.push({ field: 'sharedFields', message: `Not information a referral can share: ${unknown.join(', ')}` });
  return problems;
}

export const REFERRAL_STATUSES = ['draft', 'sent', 'accepted', 'rejected', 'withdrawn', 'closed'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const STATUS_NAMES: Record<ReferralStatus, string> = {
  draft: 'Draft',
  sent: 'Sent, awaiting response',
  accepted: 'Accepted',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
  closed: 'Closed',
};

/** Who changes a referral's status: the referrer (the force) or the agency it went to. */
export type ReferralStep = 'send' | 'accept' | 'reject' | 'withdraw' | 'close';

/** draft → sent → accepted / rejected → closed; withdrawn by the force while it is still open. */
const TRANSITIONS: Record<ReferralStep, { from: readonly ReferralStatus[]; to: ReferralStatus; by: 'force' | 'partner' }> = {
  send: { from: ['draft'], to: 'sent', by: 'force' },
  accept: { from: ['sent'], to: 'accepted', by: 'partner' },
  reject: { from: ['sent'], to: 'rejected', by: 'partner' },
  withdraw: { from: ['draft', 'sent', 'accepted'], to: 'withdrawn', by: 'force' },
  close: { from: ['accepted', 'rejected'], to: 'closed', by: 'force' },
};

/** The status a step leads to, or undefined when the step is not open from this status. */
export function statusAfter(from: string, step: ReferralStep): ReferralStatus | undefined {
  const t = TRANSITIONS[step];
  return (t.from as readonly string[]).includes(from) ? t.to : undefined;
}

/** The steps open to one side from a status (what the page offers). */
export function stepsOpen(from: string, by: 'force' | 'partner'): ReferralStep[] {
  return (Object.keys(TRANSITIONS) as ReferralStep[]).filter((s) => TRANSITIONS[s].by === by && statusAfter(from, s) !== undefined);
}

/** A partner that has not accepted or rejected within this many working days is chased (configurable). */
export const RESPONSE_WORKING_DAYS_DEFAULT = 3;

/** When the agency should have answered: the end of the Nth working day after the referral was sent. */
export function responseDueBy(sentAt: Date, calendar: Calendar, workingDays: number = RESPONSE_WORKING_DAYS_DEFAULT): Date {
  return workingDaysDueBy(sentAt, workingDays, calendar);
}

/** A referral whose agency has not answered by its due time, and which has not been chased yet. */
export function needsReminder(r: { status: string; responseDueAt: Date | null; remindedAt: Date | null }, now: Date): boolean {
  return r.status === 'sent' && r.responseDueAt !== null && r.responseDueAt.getTime() < now.getTime() && r.remindedAt === null;
}

/** What a partner records after taking a referral on: an update, or the outcome of a contact attempt. */
export const CONTACT_OUTCOMES = {
  'contact-made': 'Contact made with the victim',
  'no-answer': 'No answer',
  'message-left': 'Message left (by the safe-contact route)',
  'support-declined': 'Victim declined support',
  'support-engaged': 'Victim engaged with support',
  'unsafe-to-contact': 'Not safe to contact',
} as const;
export type ContactOutcome = keyof typeof CONTACT_OUTCOMES;
export const isContactOutcome = (o: string): o is ContactOutcome => Object.hasOwn(CONTACT_OUTCOMES, o);
