import { historyIndicators, type HistoryIncident, type HistoryIndicators } from '../../domain/history/indicators.ts';
import { isRiskGrade } from '../../domain/risk/grades.ts';
import type * as repo from './repository.ts';

type IncidentRow = Awaited<ReturnType<typeof repo.incidentsOfPerson>>[number];
type PartyRow = Awaited<ReturnType<typeof repo.otherPartiesOf>>[number];
type ReferralRow = Awaited<ReturnType<typeof repo.maracReferralsOf>>[number];
type DetailsRow = Awaited<ReturnType<typeof repo.recordedDetailsOf>>[number];

export type PartyRole = HistoryIncident['role'];

export interface ChronologyEntry {
  kind: 'incident' | 'marac-referral';
  at: Date;
  incidentId: string;
  reference: string;
  /** For an incident: this person's role in it. */
  role?: PartyRole;
  classification?: string;
  grade?: string | null;
  maracCriteria?: { criterion: string; reason: string }[];
  otherParties: { personId: string; role: PartyRole; name: string }[];
}

export interface Relationship {
  personId: string;
  name: string;
  dateOfBirth: string | null;
  /** How they relate to this person, in words: "harmed this person", "harmed by this person", "child". */
  relation: 'harmed-by' | 'harmed' | 'child' | 'other';
  incidents: number;
  lastAt: Date;
}

export interface PersonHistory {
  chronology: ChronologyEntry[];
  indicators: HistoryIndicators;
  relationships: Relationship[];
  aliases: { name: string; lastSeen: Date }[];
  addresses: { address: string; lastSeen: Date }[];
  phones: string[];
}

const nameOf = (p: { given_name: string; family_name: string }) => `${p.given_name} ${p.family_name}`;

function relationOf(myRole: PartyRole, theirRole: PartyRole): Relationship['relation'] {
  if (myRole === 'victim' && theirRole === 'suspect') return 'harmed-by';
  if (myRole === 'suspect' && theirRole === 'victim') return 'harmed';
  if ((myRole === 'victim' || myRole === 'suspect') && theirRole === 'child') return 'child';
  return 'other';
}

/** One person's whole history, assembled from the rows the repository read. */
export function assembleHistory(
  person: { given_name: string; family_name: string },
  rows: { incidents: IncidentRow[]; parties: PartyRow[]; referrals: ReferralRow[]; details: DetailsRow[] },
  now: Date,
): PersonHistory {
  const partiesByIncident = new Map<string, PartyRow[]>();
  for (const party of rows.parties) partiesByIncident.set(party.incident_id, [...(partiesByIncident.get(party.incident_id) ?? []), party]);

  const chronology: ChronologyEntry[] = rows.incidents.map((i) => ({
    kind: 'incident',
    at: new Date(i.occurred_at ?? i.reported_at),
    incidentId: i.id,
    reference: i.reference,
    role: i.role as PartyRole,
    classification: i.classification,
    grade: i.grade,
    maracCriteria: i.marac_criteria as ChronologyEntry['maracCriteria'],
    otherParties: (partiesByIncident.get(i.id) ?? []).map((p) => ({ personId: p.person_id, role: p.role as PartyRole, name: nameOf(p) })),
  }));
  for (const r of rows.referrals) {
    chronology.push({
      kind: 'marac-referral',
      at: new Date(r.referred_at),
      incidentId: r.incident_id,
      reference: r.reference,
      otherParties: [],
    });
  }
  chronology.sort((a, b) => b.at.getTime() - a.at.getTime());

  const historyIncidents: HistoryIncident[] = rows.incidents.map((i) => ({
    incidentId: i.id,
    occurredAt: new Date(i.occurred_at ?? i.reported_at),
    role: i.role as PartyRole,
    grade: isRiskGrade(i.grade) ? i.grade : null,
    otherParties: (partiesByIncident.get(i.id) ?? []).map((p) => ({ personId: p.person_id, role: p.role as PartyRole })),
  }));

  return {
    chronology,
    indicators: historyIndicators(
      historyIncidents,
      rows.referrals.map((r) => new Date(r.referred_at)),
      now,
    ),
    relationships: relationshipsOf(rows.incidents, partiesByIncident),
    ...identityOf(person, rows.details),
  };
}

function relationshipsOf(incidents: IncidentRow[], partiesByIncident: Map<string, PartyRow[]>): Relationship[] {
  const byKey = new Map<string, Relationship>();
  for (const incident of incidents) {
    const at = new Date(incident.occurred_at ?? incident.reported_at);
    for (const party of partiesByIncident.get(incident.id) ?? []) {
      const relation = relationOf(incident.role as PartyRole, party.role as PartyRole);
      const key = `${party.person_id}:${relation}`;
      const known = byKey.get(key);
      if (known) {
        known.incidents++;
        if (at > known.lastAt) known.lastAt = at;
      } else {
        byKey.set(key, {
          personId: party.person_id,
          name: nameOf(party),
          dateOfBirth: party.date_of_birth,
          relation,
          incidents: 1,
          lastAt: at,
        });
      }
    }
  }
  const order: Relationship['relation'][] = ['harmed-by', 'harmed', 'child', 'other'];
  return [...byKey.values()].sort(
    (a, b) => order.indexOf(a.relation) - order.indexOf(b.relation) || b.lastAt.getTime() - a.lastAt.getTime(),
  );
}

function identityOf(person: { given_name: string; family_name: string }, details: DetailsRow[]) {
  const aliases = new Map<string, Date>();
  const addresses = new Map<string, Date>();
  const phones = new Set<string>();
  const primary = nameOf(person).toLowerCase();
  for (const d of details) {
    const seen = new Date(d.reported_at);
    const name = `${d.given_name} ${d.family_name}`;
    if (name.toLowerCase() !== primary && !aliases.has(name)) aliases.set(name, seen);
    const address = [d.address, d.postcode].filter(Boolean).join(', ');
    if (address && !addresses.has(address)) addresses.set(address, seen);
    if (d.phone) phones.add(d.phone);
  }
  return {
    aliases: [...aliases].map(([name, lastSeen]) => ({ name, lastSeen })),
    addresses: [...addresses].map(([address, lastSeen]) => ({ address, lastSeen })),
    phones: [...phones],
  };
}
