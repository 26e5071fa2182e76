import type { IncidentInput, PartyInput } from '../../src/modules/incidents/index.ts';
import { CLASSIFICATIONS, dashAssessment } from './dash.ts';
import { childParty, mention, type Role } from './mention.ts';
import { narrative } from './narrative.ts';
import { addressAt, ageAt, DAY, type Person, type Population } from './population.ts';
import type { Pools } from './pools.ts';
import type { Rng } from './prng.ts';
import type { Phase } from './story.ts';

/** One incident as the force's system sends it, and who its parties really are. */
export interface GeneratedIncident {
  input: IncidentInput;
  truth: {
    /** `personKeys[i]` is the true person behind `input.parties[i]`. */
    personKeys: string[];
    /** `familyKeys[i]` is that person's family (relatives share one) and `names[i]` their true name, as they were born. */
    familyKeys: string[];
    names: string[];
  };
}

const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** Minutes to days between the abuse and the call: most are reported at once, some long after. */
function reportDelay(rng: Rng): number {
  const r = rng.next();
  if (r < 0.7) return rng.between(2, 60) * 60_000;
  if (r < 0.9) return rng.between(1, 12) * 3_600_000;
  return rng.between(1, 14) * DAY;
}

interface Cast {
  parties: PartyInput[];
  personKeys: string[];
  familyKeys: string[];
  names: string[];
  time: number;
  pools: Pools;
  rng: Rng;
}

function add(cast: Cast, person: Person, party: PartyInput): void {
  cast.parties.push(party);
  cast.personKeys.push(person.key);
  cast.familyKeys.push(person.familyKey);
  cast.names.push(`${person.givenName} ${person.familyNames[0].value}`.toLowerCase());
}

function party(cast: Cast, person: Person, role: Role): void {
  add(cast, person, { role, person: mention(person, cast.time, role, cast.pools, cast.rng), present: undefined, school: undefined });
}

export interface RenderContext {
  population: Population;
  rng: Rng;
  sourceSystem: string;
}

export function renderIncident(
  phase: Phase,
  index: number,
  reportedAt: number,
  sourceReference: string,
  ctx: RenderContext,
): GeneratedIncident {
  const { population, rng } = ctx;
  const pools = population.pools;
  const plan = phase.plans[index];
  const t = reportedAt;
  const parties: PartyInput[] = [];
  const personKeys: string[] = [];
  const familyKeys: string[] = [];
  const names: string[] = [];
  const cast = { parties, personKeys, familyKeys, names, time: t, pools, rng };

  party(cast, phase.victim, 'victim');
  for (const suspect of plan.suspects) party(cast, suspect, 'suspect');

  let childrenInHousehold = 0;
  let childrenPresent = 0;
  let babyOrPregnant = false;
  for (const child of phase.victim.children) {
    const age = ageAt(child, t);
    if (age < 0 && age > -0.75) babyOrPregnant = true;
    if (age < 0 || age >= 18) continue;
    if (age < 1.5) babyOrPregnant = true;
    childrenInHousehold++;
    if (rng.chance(0.6)) {
      const p = childParty(child, t, pools, rng);
      if (p.present) childrenPresent++;
      add(cast, child, p);
    }
  }
  if (phase.relative && rng.chance(0.3)) party(cast, phase.relative, 'other');
  let witnessIs: string | undefined;
  if (phase.witness && rng.chance(0.45)) {
    party(cast, phase.witness.person, 'witness');
    witnessIs = phase.witness.is;
  } else if (rng.chance(0.08)) {
    party(cast, population.person({ sex: rng.chance(0.55) ? 'female' : 'male', age: [18, 80], at: t }), 'witness');
    witnessIs = 'neighbour';
  }

  const victimHome = addressAt(phase.victim, t);
  const place = plan.atVictimHome
    ? victimHome
    : rng.chance(0.5)
      ? addressAt(plan.suspects[0], t)
      : { ...victimHome, address: `outside ${victimHome.address}` };
  const location = rng.chance(0.96) ? { address: place.address, postcode: rng.chance(0.92) ? place.postcode : undefined } : undefined;

  const previousIncidents = index;
  const riskAssessment = rng.chance(0.92)
    ? dashAssessment(
        {
          severity: plan.severity,
          classification: plan.classification,
          intimate: plan.relationship !== 'family-member',
          honourBased: phase.kind === 'honour',
          victimFemale: phase.victim.sex === 'female',
          pregnantOrBaby: babyOrPregnant,
          childrenInHousehold,
          stepChildren: phase.stepChildren,
          otherDependant: phase.otherDependant,
          separated: plan.separated,
          orderInForce: plan.orderInForce,
          previousIncidents,
          escalating: phase.escalating,
          suspectHasRecord: plan.suspects.some((s) => s.pncId !== undefined),
          suspectHasHurtOthers: phase.serialIndex > 0,
        },
        rng,
      )
    : undefined;

  const input: IncidentInput = {
    sourceSystem: ctx.sourceSystem,
    sourceReference,
    reportedAt: iso(t),
    occurredAt: rng.chance(0.9) ? iso(t - reportDelay(rng)) : undefined,
    location,
    classification: CLASSIFICATIONS[plan.classification],
    relationship: plan.relationship,
    narrative: narrative(
      {
        phase,
        plan,
        previousIncidents,
        victim: parties[0].person,
        suspect: parties[1].person,
        place: place.address,
        childrenPresent,
        witnessIs,
      },
      rng,
    ),
    parties,
    riskAssessment,
  };
  // A conviction for violence puts the suspect on the PNC for later records.
  if (plan.classification === 'assault' && plan.severity > 0.4 && rng.chance(0.4)) population.givePncId(plan.suspects[0], t);
  return { input, truth: { personKeys, familyKeys, names } };
}
