import type { LocalDate } from '../calendar/localDate.ts';

/** How a contact with the victim was made. */
export const CONTACT_METHODS = { call: 'Phone call', visit: 'Visit', letter: 'Letter', message: 'Text or email message' } as const;
export type ContactMethod = keyof typeof CONTACT_METHODS;

export const CONTACT_DIRECTIONS = { outgoing: 'We contacted her', incoming: 'She contacted us' } as const;
export type ContactDirection = keyof typeof CONTACT_DIRECTIONS;

/** How the contact went: "no answer" and "disengaged" are outcomes too, recorded as carefully as a conversation. */
export const CONTACT_OUTCOMES = {
  spoke: 'Spoke with her',
  'no-answer': 'No answer',
  'message-left': 'Safe message left',
  'letter-sent': 'Letter sent',
  declined: 'Declined support this time',
  disengaged: 'Disengaged from support',
  'unsafe-to-talk': 'Not safe to talk (call ended)',
} as const;
export type ContactOutcome = keyof typeof CONTACT_OUTCOMES;

/** Safety-plan items a victim may agree (a structured list; "other" items are written in). */
export const SAFETY_PLAN_ITEMS = {
  'emergency-999': 'Call 999 in an emergency (Silent Solution: 55 if unable to speak)',
  'safe-word': 'A safe word agreed with a trusted person',
  'escape-bag': 'An escape bag with documents, medication and money kept somewhere safe',
  'safe-room': 'A safe room to go to, away from the kitchen and with a phone',
  'trusted-contact': 'A trusted person who knows the plan',
  'phone-safety': 'Phone and social media safety (location sharing off, passwords changed)',
  'children-plan': 'What the children do if there is an incident',
  'route-change': 'Change of routes and routines',
  'target-hardening': 'Target hardening or a personal alarm considered',
  'refuge-option': 'Refuge or other safe accommodation as an option',
} as const;
export type SafetyPlanItem = keyof typeof SAFETY_PLAN_ITEMS;

/** Domestic-abuse literature a victim may be sent or given. */
export const DA_LITERATURE = {
  'da-leaflet': 'Force domestic abuse leaflet',
  'helplines-card': 'Helplines card (National DA Helpline, local IDVA service)',
  'dvds-leaflet': "Domestic Violence Disclosure Scheme (Clare's Law) leaflet",
  'victims-code-leaflet': "Victims' Code leaflet",
  'stalking-leaflet': 'Stalking and harassment advice',
  'online-safety': 'Online and phone safety guide',
} as const;
export type DaLiterature = keyof typeof DA_LITERATURE;

/** Why a case is closed. */
export const CLOSURE_REASONS = {
  'risk-reduced': 'Risk reduced: support no longer needed',
  'victim-declined': 'Victim declined further support',
  disengaged: 'Victim disengaged, attempts to contact exhausted',
  'moved-away': 'Victim moved out of the force area (case transferred to that force)',
  'handed-to-partner': 'Support handed to a partner agency',
  other: 'Other reason',
} as const;
export type ClosureReason = keyof typeof CLOSURE_REASONS;

export interface ContactDisclosures {
  urgent: boolean;
  policeResourceRequested: boolean;
  unseenCrime: string | null;
  intelligence: string | null;
}

export type ContactTaskType = 'police-resource-requested' | 'record-unseen-crime' | 'submit-intelligence';

export interface ContactTask {
  type: ContactTaskType;
  /** Who does it: the case team's supervisor, or the person who recorded the contact. */
  for: 'supervisor' | 'recorder';
  dueAt: Date;
  sourceRule: string;
}

/** A police resource asked for a caller in distress is the supervisor's at once (THRIVE: the threat is now). */
export const POLICE_RESOURCE_DUE_MINUTES = 15;
/** Home Office Counting Rules / National Crime Recording Standard: a crime is recorded within 24 hours of the report. */
export const CRIME_RECORDING_DUE_HOURS = 24;
/** Intelligence disclosed by a victim is submitted the same working shift: within 24 hours. */
export const INTELLIGENCE_DUE_HOURS = 24;

/**
 * The work a contact sets off: the urgent path (a police resource requested for a caller in distress) is an urgent
 * task for the supervisor; a crime disclosed that was not yet recorded, or intelligence, is a task for the officer
 * who heard it to record the crime or submit the intelligence.
 */
export function tasksRaisedByContact(contact: ContactDisclosures, recordedAt: Date): ContactTask[] {
  const after = (ms: number) => new Date(recordedAt.getTime() + ms);
  const tasks: ContactTask[] = [];
  if (contact.urgent && contact.policeResourceRequested)
    tasks.push({
      type: 'police-resource-requested',
      for: 'supervisor',
      dueAt: after(POLICE_RESOURCE_DUE_MINUTES * 60_000),
      sourceRule: 'urgent-contact-police-resource',
    });
  if (contact.unseenCrime?.trim())
    tasks.push({
      type: 'record-unseen-crime',
      for: 'recorder',
      dueAt: after(CRIME_RECORDING_DUE_HOURS * 3_600_000),
      sourceRule: 'unseen-crime-disclosed',
    });
  if (contact.intelligence?.trim())
    tasks.push({
      type: 'submit-intelligence',
      for: 'recorder',
      dueAt: after(INTELLIGENCE_DUE_HOURS * 3_600_000),
      sourceRule: 'intelligence-disclosed',
    });
  return tasks;
}

export type ContactDue = 'overdue' | 'today' | 'upcoming' | 'none';

/** Whether the next contact on a case is due, against today's London date. */
export function contactDue(nextDueOn: LocalDate | null, today: LocalDate): ContactDue {
  if (!nextDueOn) return 'none';
  if (nextDueOn < today) return 'overdue';
  return nextDueOn === today ? 'today' : 'upcoming';
}

/** The actor's relationship to a case, as the policy needs it: its owner, its team, or anyone else in the force. */
export function relationshipToCase(
  actor: { userId: string | null; teamId: string | null },
  kase: { ownerId: string | null; teamId: string | null },
): 'own' | 'team' | 'force' {
  if (kase.ownerId !== null && kase.ownerId === actor.userId) return 'own';
  if (kase.teamId !== null && kase.teamId === actor.teamId) return 'team';
  return 'force';
}
