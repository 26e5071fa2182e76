import { formatLondonDate, formatLondonDateTime } from '../calendar/display.ts';
import { ORDER_TYPE_NAMES, NOTICE_ORDER, POLICE_RANK_NAMES, type OrderType, type PoliceRank } from './orderRules.ts';

/**
 * The court application pack for a DVPN or DAPN: what the coordinator checks and files with the magistrates' court,
 * pre-filled from the records. One list of sections, so the PDF and the Word document say exactly the same:
 * 1. the application (the order sought, the notice and its reference);
 * 2. the person the order is sought against (name, date of birth);
 * 3. the people it would protect;
 * 4. the times: when the notice was served and when the hearing must start (48 hours, DOMAIN.md);
 * 5. the authorising officer and their rank;
 * 6. the conditions sought (those of the notice);
 * 7. the grounds: the incidents linking the person to those protected, newest first;
 * 8. a reminder that the pack is a draft for the coordinator to check before filing.
 */
export interface CourtPackFacts {
  reference: string;
  type: OrderType;
  subject: { name: string; dateOfBirth: string | null };
  protectedPeople: { name: string; dateOfBirth: string | null }[];
  servedAt: Date;
  hearingDueBy: Date;
  authorisedBy: { name: string; rank: PoliceRank | null } | null;
  conditions: { kind: string; text: string; address?: string | null }[];
  grounds: { reference: string; at: Date; classification: string; role: string }[];
}

export interface PackSection {
  heading: string;
  lines: string[];
}

const CONDITION_NAMES: Record<string, string> = { 'no-contact': 'No contact', 'exclusion-zone': 'Exclusion zone', other: 'Other' };

const born = (dob: string | null) => (dob ? `born ${formatLondonDate(new Date(`${dob}T12:00:00Z`))}` : 'date of birth not recorded');

export function courtPackTitle(f: CourtPackFacts): string {
  return `Application for a ${NOTICE_ORDER[f.type] ?? 'protection order'}: ${f.type} ${f.reference}`;
}

export function courtPackSections(f: CourtPackFacts): PackSection[] {
  const order = NOTICE_ORDER[f.type];
  return [
    {
      heading: 'Application',
      lines: [
        `The police apply for a ${order ? ORDER_TYPE_NAMES[order] : 'protection order'} following the ${ORDER_TYPE_NAMES[f.type]} ${f.reference}.`,
      ],
    },
    { heading: 'Person the order is sought against', lines: [`${f.subject.name}, ${born(f.subject.dateOfBirth)}`] },
    {
      heading: 'People the order would protect',
      lines: f.protectedPeople.length ? f.protectedPeople.map((p) => `${p.name}, ${born(p.dateOfBirth)}`) : ['None named'],
    },
    {
      heading: 'Times',
      lines: [
        `Notice served: ${formatLondonDateTime(f.servedAt)}`,
        `Hearing must start by: ${formatLondonDateTime(f.hearingDueBy)} (48 hours from service, not counting Sundays, Christmas Day, Good Friday and bank holidays)`,
      ],
    },
    {
      heading: 'Authorising officer',
      lines: [
        f.authorisedBy
          ? `${f.authorisedBy.name}, ${f.authorisedBy.rank ? POLICE_RANK_NAMES[f.authorisedBy.rank] : 'rank not recorded'}`
          : 'Not recorded',
      ],
    },
    {
      heading: 'Conditions sought',
      lines: f.conditions.length
        ? f.conditions.map((c) => `${CONDITION_NAMES[c.kind] ?? c.kind}: ${c.text}${c.address ? ` (${c.address})` : ''}`)
        : ['None recorded on the notice: add the conditions sought before filing'],
    },
    {
      heading: 'Grounds: incidents linking them',
      lines: f.grounds.length
        ? f.grounds.map(
            (g) => `${formatLondonDateTime(g.at)}, ${g.reference}: ${g.classification} (${f.subject.name} recorded as ${g.role})`,
          )
        : ['No incident is linked: set out the grounds before filing'],
    },
    {
      heading: 'Before filing',
      lines: [
        'This pack was generated from the police records. Check every entry, add the officer’s statement, and file it with the court.',
      ],
    },
  ];
}
