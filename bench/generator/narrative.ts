import type { PersonDetails } from '../../src/modules/incidents/index.ts';
import type { Classification } from './dash.ts';
import type { Rng } from './prng.ts';
import type { IncidentPlan, Phase } from './story.ts';

export interface NarrativeFacts {
  phase: Phase;
  plan: IncidentPlan;
  previousIncidents: number;
  victim: PersonDetails;
  suspect: PersonDetails;
  place: string;
  childrenPresent: number;
  witnessIs?: string;
}

const name = (p: PersonDetails) => `${p.givenName} ${p.familyName}`;
const victims = (rel: string) => rel.replace(/^their /, "the victim's ");
const ordinal = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;

const OPENINGS: Record<Classification, (v: string, s: string, rel: string, place: string) => string> = {
  assault: (v, s, rel, place) => `${v} reports being assaulted by ${rel} ${s} at ${place}.`,
  damage: (v, s, rel, place) => `${s}, ${victims(rel)}, damaged property belonging to ${v} during an argument at ${place}.`,
  stalking: (v, s, rel, place) =>
    `${v} reports repeated unwanted contact from ${rel} ${s}, including calls, messages and turning up at ${place}.`,
  verbal: (v, s, rel, place) => `Police attended ${place} after a report of shouting between ${v} and ${rel} ${s}.`,
  breach: (v, s, rel, place) => `${s}, ${victims(rel)}, attended ${place} in breach of a non-molestation order protecting ${v}.`,
  coercion: (v, s, rel) => `${v} describes ${rel} ${s} controlling their money, their phone and who they see.`,
};

const INJURY = [
  'No injuries reported.',
  'No visible injuries; the victim declined medical attention.',
  'Minor injuries; first aid given at the scene.',
  'The victim was taken to hospital with injuries to the face and neck.',
];

/** A few sentences an attending officer might write, built from the story so far. Entirely synthetic. */
export function narrative(facts: NarrativeFacts, rng: Rng): string {
  const { phase, plan, previousIncidents } = facts;
  const rel = `their ${plan.separated && phase.kind !== 'family' && phase.kind !== 'honour' ? 'ex-partner' : phase.suspectIs}`;
  const sentences = [OPENINGS[plan.classification](name(facts.victim), name(facts.suspect), rel, facts.place)];
  if (plan.classification === 'assault') sentences.push(INJURY[Math.min(3, Math.floor(plan.severity * 4))]);
  if (phase.kind === 'honour') {
    sentences.push(
      'The victim says family members are pressuring them to marry and have threatened them for bringing shame on the family.',
    );
  }
  if (plan.suspects.length > 1) sentences.push(`${plan.suspects.length} family members were involved.`);
  if (facts.childrenPresent > 0)
    sentences.push(
      facts.childrenPresent === 1 ? 'A child was present at the time.' : `${facts.childrenPresent} children were present at the time.`,
    );
  if (facts.witnessIs) sentences.push(`The victim's ${facts.witnessIs} witnessed part of the incident.`);
  if (previousIncidents >= 2) {
    sentences.push(
      phase.escalating
        ? `This is the ${ordinal(previousIncidents + 1)} report in this relationship and the victim says the abuse is getting worse.`
        : `There have been ${previousIncidents} previous reports involving the same people.`,
    );
  }
  sentences.push(
    rng.pick([
      'Suspect arrested at the scene.',
      'Suspect had left before officers arrived.',
      'Suspect spoken to and advised.',
      'Suspect later arrested by appointment.',
    ]),
  );
  return sentences.join(' ');
}
