import { formatLondonDate, formatLondonDateTime } from '../calendar/display.ts';

/** What the police know about a child linked to a DA incident, as the notice needs it. */
export interface EncompassFacts {
  child: { givenName: string; familyName: string; dateOfBirth: string | null };
  school: string | null;
  /** null: the officer did not record whether the child was there. */
  present: boolean | null;
  incident: {
    reference: string;
    occurredAt: Date | null;
    reportedAt: Date;
    locationAddress: string | null;
    classification: string;
  };
}

export interface EncompassNotice {
  rows: { key: string; value: string }[];
  /** The same content as plain text, for the officer to paste into the school's secure channel. */
  text: string;
}

function dateOfBirth(iso: string | null): string {
  return iso ? formatLondonDate(new Date(`${iso}T12:00:00Z`)) : 'Not known';
}

function presence(present: boolean | null): string {
  if (present === true) return 'Yes, the child was present';
  if (present === false) return 'No, the child was not present';
  return 'Not recorded by the attending officer';
}

/**
 * The Operation Encompass notice to the school's designated safeguarding lead (Victims and Prisoners Act 2024 and its
 * statutory guidance): who the child is, which
 * incident, when and where, whether the child was there, and the circumstances in brief — the classification only.
 * The narrative and the adults' details stay with the police: a school needs to know to look after the child, not the
 * story of the incident.
 */
export function encompassNotice(facts: EncompassFacts): EncompassNotice {
  const { child, incident } = facts;
  const when = incident.occurredAt ?? incident.reportedAt;
  const rows = [
    { key: "Child's name", value: `${child.givenName} ${child.familyName.toUpperCase()}` },
    { key: 'Date of birth', value: dateOfBirth(child.dateOfBirth) },
    { key: 'School', value: facts.school?.trim() || 'Not recorded: find the school before notifying' },
    { key: 'Police reference', value: incident.reference },
    { key: incident.occurredAt ? 'Date and time of the incident' : 'Date and time reported', value: formatLondonDateTime(when) },
    { key: 'Location', value: incident.locationAddress?.trim() || 'Not recorded' },
    { key: 'Child present', value: presence(facts.present) },
    { key: 'Brief circumstances', value: incident.classification },
  ];
  const text = [
    'OPERATION ENCOMPASS NOTIFICATION',
    'For the designated safeguarding lead. Confidential: keep with the child’s safeguarding record.',
    '',
    ...rows.map((r) => `${r.key}: ${r.value}`),
  ].join('\n');
  return { rows, text };
}
