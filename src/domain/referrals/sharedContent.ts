import { SHAREABLE_FIELDS, SHAREABLE_FIELD_IDS, type ShareableField } from './referral.ts';

/** What the force holds that a referral can share, gathered from the incident and the victim's record. */
export interface ReferralSource {
  victim: {
    givenName: string;
    familyName: string;
    dateOfBirth: string | null;
    address: string | null;
    phone: string | null;
    safeContact: string | null;
  };
  incident: { reference: string; reportedOn: string; classification: string; location: string | null; narrative: string | null };
  riskGrade: string | null;
  children: { name: string; dateOfBirth: string | null }[];
  perpetrators: { name: string; dateOfBirth: string | null }[];
}

/** The copy of what was shared, field by field: only the fields selected appear in it at all. */
export type SharedContent = Partial<Record<ShareableField, string | string[]>>;

const NOT_HELD = 'Not held';
const born = (dob: string | null) => (dob ? `born ${dob}` : 'date of birth not known');

function valueOf(field: ShareableField, s: ReferralSource): string | string[] {
  switch (field) {
    case 'victim-name':
      return `${s.victim.givenName} ${s.victim.familyName.toUpperCase()}`;
    case 'victim-date-of-birth':
      return s.victim.dateOfBirth ?? NOT_HELD;
    case 'victim-address':
      return s.victim.address ?? NOT_HELD;
    case 'victim-phone':
      return s.victim.phone ?? NOT_HELD;
    case 'safe-contact':
      return s.victim.safeContact ?? 'None recorded: ask the referrer before making contact';
    case 'incident-summary': {
      const i = s.incident;
      return [
        `${i.reference}, reported ${i.reportedOn}: ${i.classification}`,
        ...(i.location ? [`Location: ${i.location}`] : []),
        ...(i.narrative ? [i.narrative] : []),
      ];
    }
    case 'risk-grade':
      return s.riskGrade ? s.riskGrade[0]!.toUpperCase() + s.riskGrade.slice(1) : 'Not yet graded';
    case 'children':
      return s.children.length ? s.children.map((c) => `${c.name}, ${born(c.dateOfBirth)}`) : ['No children linked to the incident'];
    case 'perpetrator':
      return s.perpetrators.length ? s.perpetrators.map((p) => `${p.name}, ${born(p.dateOfBirth)}`) : [NOT_HELD];
  }
}

/** Data minimisation: the shared copy holds the selected fields and nothing else, in the catalogue's order. */
export function sharedContentOf(fields: readonly ShareableField[], source: ReferralSource): SharedContent {
  const chosen = new Set(fields);
  const content: SharedContent = {};
  for (const f of SHAREABLE_FIELD_IDS) if (chosen.has(f)) content[f] = valueOf(f, source);
  return content;
}

/** The shared copy as labelled lines, for a page or the PDF: fields the copy does not hold are never shown. */
export function sharedItems(content: SharedContent): { field: ShareableField; label: string; lines: string[] }[] {
  return SHAREABLE_FIELD_IDS.filter((f) => content[f] !== undefined).map((f) => ({
    field: f,
    label: SHAREABLE_FIELDS[f],
    lines: ([] as string[]).concat(content[f]!),
  }));
}
