import type { Classification } from './dash.ts';
import { anAddress } from './pools.ts';
import {
  addressAt,
  ageAt,
  before,
  changeFamilyName,
  DAY,
  familyNameAt,
  moveHome,
  type Person,
  type Population,
  type Sex,
} from './population.ts';

import { cumulative, type Rng } from './prng.ts';

/** How often the relatives the records confuse most turn up: the force as it is, or a family-heavy one. */
export interface FamilyMix {
  /** The share of households with children that have twins (about 1 in 70 births in England and Wales is a twin). */
  twinHouseholds: number;
  /** The weight of family stories among the kinds of story (intimate partners weigh 58). */
  familyStories: number;
  /** The share of family stories between brothers and sisters (the rest are a parent and a grown child). */
  siblings: number;
  /** The share of sibling stories between twins. */
  twins: number;
  /** The share of father–son stories in which the son has his father's given name. */
  namesakeSons: number;
  /** The share of relatives at one address who share one phone. */
  familyPhones: number;
  /** The share of married women who go back to their maiden name after a separation. */
  maidenNames: number;
}

export const USUAL_FAMILIES: FamilyMix = {
  twinHouseholds: 0.015,
  familyStories: 17,
  siblings: 0.25,
  twins: 0.1,
  namesakeSons: 0.2,
  familyPhones: 0.3,
  maidenNames: 0.3,
};

/** A force where relatives are many: the run that shows whether linkage keeps them apart. */
export const FAMILY_HEAVY: FamilyMix = {
  twinHouseholds: 0.15,
  familyStories: 60,
  siblings: 0.5,
  twins: 0.4,
  namesakeSons: 0.6,
  familyPhones: 0.6,
  maidenNames: 0.5,
};

export type StoryKind = 'intimate' | 'ex-partner' | 'stalking' | 'family' | 'honour' | 'serial';
export type Relationship = 'intimate-partner' | 'ex-intimate-partner' | 'family-member';

/** One incident yet to be reported: when, how bad, and what the relationship is by then. */
export interface IncidentPlan {
  at: number;
  severity: number;
  classification: Classification;
  relationship: Relationship;
  separated: boolean;
  orderInForce: boolean;
  suspects: Person[];
  atVictimHome: boolean;
}

/** One abusive relationship: a victim, the suspect(s) and the incidents that will be reported. */
export interface Phase {
  kind: StoryKind;
  victim: Person;
  suspects: Person[];
  /** What the suspect is to the victim, in the narrative's words ("partner", "son"). */
  suspectIs: string;
  stepChildren: boolean;
  otherDependant: boolean;
  witness?: { person: Person; is: string };
  /** A relative who turns up in the records as "other" (honour-based cases). */
  relative?: Person;
  escalating: boolean;
  /** 0 for a suspect's first victim in the story, 1 for the next, and so on. */
  serialIndex: number;
  plans: IncidentPlan[];
  /** Whether the suspect is free to turn up in a later story once this one ends. */
  lastOfStory: boolean;
}

// Reports cluster in the evening and around midnight (approximately UK local time).
const HOUR_WEIGHTS = cumulative([5, 4, 3, 2, 1.5, 1, 1, 1.5, 2, 2.5, 3, 3, 3.5, 3.5, 4, 4.5, 5, 6, 7, 8, 8.5, 8, 7.5, 6.5]);

/** A time of day (ms after midnight), weighted to when domestic abuse is reported. */
export function timeOfDay(rng: Rng): number {
  return (rng.weighted(HOUR_WEIGHTS) * 3600 + rng.int(3600)) * 1000;
}

const KINDS: StoryKind[] = ['intimate', 'ex-partner', 'stalking', 'family', 'honour', 'serial'];

const clamp = (x: number) => Math.min(1, Math.max(0.02, x));
const opposite = (sex: Sex): Sex => (sex === 'female' ? 'male' : 'female');

/** Plans stories of abuse, and brings back earlier victims and suspects for new ones. */
export class Storyteller {
  private readonly victims: Person[] = [];
  private readonly suspects: Person[] = [];
  private readonly kindWeights: number[];

  constructor(
    private readonly population: Population,
    private readonly rng: Rng,
    /** How many finished victims (and suspects) are remembered for reuse. */
    private readonly memory: number,
    private readonly families: FamilyMix = USUAL_FAMILIES,
  ) {
    this.kindWeights = cumulative([58, 10, 7, families.familyStories, 3, 5]);
  }

  /** A person whose story has ended becomes available to a later one. */
  release(person: Person, asSuspect: boolean): void {
    const pool = asSuspect ? this.suspects : this.victims;
    if (pool.length < this.memory) pool.push(person);
    else pool[this.rng.int(pool.length)] = person;
  }

  private reuse(pool: Person[], chance: number): Person | undefined {
    if (pool.length === 0 || !this.rng.chance(chance)) return undefined;
    const i = this.rng.int(pool.length);
    const person = pool[i];
    pool[i] = pool[pool.length - 1];
    pool.pop();
    return person;
  }

  /** The phases of a new story whose first incident is reported at `firstAt`. */
  story(firstAt: number): Phase[] {
    const kind = KINDS[this.rng.weighted(this.kindWeights)];
    const phases =
      kind === 'family'
        ? [this.family(firstAt)]
        : kind === 'honour'
          ? [this.honour(firstAt)]
          : kind === 'serial'
            ? this.serial(firstAt)
            : [this.intimate(kind, firstAt)];
    for (const phase of phases) {
      const last = phase.plans[phase.plans.length - 1].at;
      for (const person of [phase.victim, ...phase.suspects]) person.busyUntil = Math.max(person.busyUntil, last);
    }
    return phases;
  }

  private incidentCount(escalating: boolean, max = 12): number {
    const { rng } = this;
    if (escalating) return rng.between(4, 8);
    if (rng.chance(0.52)) return 1;
    return Math.min(max, 2 + Math.floor(rng.exponential(1.3)));
  }

  /** Report times: escalating abuse comes round faster each time. */
  private times(firstAt: number, count: number, escalating: boolean, meanGapDays: number): number[] {
    const { rng } = this;
    const times = [firstAt];
    let gap = meanGapDays;
    let day = Math.floor(firstAt / DAY);
    for (let i = 1; i < count; i++) {
      day += Math.max(1, Math.round(rng.exponential(gap)));
      times.push(day * DAY + timeOfDay(rng));
      if (escalating) gap *= 0.7;
    }
    return times;
  }

  private severities(count: number, escalating: boolean): number[] {
    const { rng } = this;
    const base = rng.chance(0.08) ? 0.7 + 0.3 * rng.next() : 0.05 + 0.45 * Math.pow(rng.next(), 1.3);
    const step = 0.06 + 0.06 * rng.next();
    return Array.from({ length: count }, (_, i) => clamp(escalating ? base + i * step : base + (rng.next() - 0.5) * 0.2));
  }

  private classify(kind: StoryKind, severity: number, separated: boolean, orderInForce: boolean): Classification {
    const r = this.rng.next();
    if (orderInForce && r < 0.4) return 'breach';
    if (kind === 'stalking') return r < 0.8 ? 'stalking' : r < 0.9 ? 'damage' : 'assault';
    if (kind === 'honour') return r < 0.5 ? 'coercion' : r < 0.75 ? 'assault' : 'stalking';
    if (kind === 'family') return severity > 0.3 && r < 0.5 ? 'assault' : r < 0.7 ? 'damage' : 'verbal';
    if (separated && r < 0.3) return 'stalking';
    if (severity < 0.25) return r < 0.55 ? 'verbal' : r < 0.7 ? 'damage' : r < 0.85 ? 'coercion' : 'assault';
    return r < 0.6 ? 'assault' : r < 0.75 ? 'damage' : r < 0.92 ? 'coercion' : 'verbal';
  }

  /** Gives the victim children unless there are some under 16 already; true when any are not the suspect's. */
  private household(victim: Person, suspect: Person, at: number, chance: number, suspectIsParent: boolean): boolean {
    const { rng, population } = this;
    if (victim.children.some((c) => ageAt(c, at) < 16)) return true;
    if (!rng.chance(chance)) return false;
    const count = 1 + rng.weighted(cumulative([50, 35, 15]));
    const home = addressAt(victim, at);
    const familyName = familyNameAt(suspectIsParent ? suspect : victim, at);
    const maxAge = Math.max(0, Math.min(15, ageAt(victim, at) - 17));
    for (let i = 0; i < count; i++) {
      const sex = rng.chance(0.5) ? 'female' : 'male';
      victim.children.push(population.person({ sex, age: [0, maxAge], at, familyName, address: home, child: true, relativeOf: victim }));
    }
    // Twins in about one household in seventy: same surname, date of birth and home, another given name.
    if (rng.chance(this.families.twinHouseholds)) {
      const sibling = victim.children[victim.children.length - 1];
      victim.children.push(population.twinOf(sibling, rng.chance(0.5) ? sibling.sex : opposite(sibling.sex), true));
    }
    return !suspectIsParent;
  }

  /** Someone close to the victim who sees some of what happens: relatives share the victim's family name. */
  private witness(victim: Person, at: number): { person: Person; is: string } | undefined {
    const { rng, population } = this;
    if (!rng.chance(0.25)) return undefined;
    const victimAge = ageAt(victim, at);
    const is = rng.pick(
      victimAge < 50 ? ['neighbour', 'friend', 'mother', 'sister', 'brother'] : ['neighbour', 'friend', 'sister', 'brother'],
    );
    const sex: Sex = is === 'mother' || is === 'sister' ? 'female' : is === 'brother' ? 'male' : rng.chance(0.6) ? 'female' : 'male';
    if (is === 'neighbour' || is === 'friend') return { person: population.person({ sex, age: [18, 75], at }), is };
    const age: [number, number] = is === 'mother' ? [victimAge + 17, victimAge + 40] : [Math.max(16, victimAge - 10), victimAge + 10];
    return { person: population.person({ sex, age, at, familyName: victim.familyNames[0].value, relativeOf: victim }), is };
  }

  private intimate(kind: StoryKind, firstAt: number, suspectGiven?: Person, serialIndex = 0): Phase {
    const { rng, population } = this;
    const separatedFromStart = kind === 'ex-partner' || kind === 'stalking';
    const victimSex: Sex = rng.chance(0.82) ? 'female' : 'male';
    const suspectSex: Sex = rng.chance(0.94) ? opposite(victimSex) : victimSex;
    const reusedVictim = suspectGiven ? undefined : this.reuse(this.victims, 0.08);
    const victim = reusedVictim ?? population.person({ sex: victimSex, age: [18, 18 + 40 * Math.pow(rng.next(), 1.4)], at: firstAt });
    const suspect =
      suspectGiven ??
      this.reuse(this.suspects, 0.06) ??
      population.person({
        sex: victim.sex === victimSex ? suspectSex : opposite(victim.sex),
        age: [Math.max(18, ageAt(victim, firstAt) - 6), ageAt(victim, firstAt) + 8],
        at: firstAt,
      });

    const cohabiting = !separatedFromStart && rng.chance(0.75);
    if (cohabiting) {
      const home = rng.chance(0.5) ? addressAt(victim, firstAt) : anAddress(population.pools, rng);
      moveHome(victim, before(victim, firstAt, rng.between(60, 2000)), home);
      moveHome(suspect, before(suspect, firstAt, rng.between(30, 60)), home);
    } else if (reusedVictim || suspectGiven) {
      moveHome(victim, before(victim, firstAt, rng.between(20, 300)), anAddress(population.pools, rng));
    }
    // Marriage brings a new family name; earlier records keep the old one.
    if (victim.sex === 'female' && suspect.sex === 'male' && (cohabiting || reusedVictim) && rng.chance(0.3)) {
      changeFamilyName(victim, before(victim, firstAt, rng.between(30, 1500)), familyNameAt(suspect, firstAt));
    }
    const stepChildren = this.household(victim, suspect, firstAt, kind === 'serial' ? 0.4 : 0.5, kind !== 'serial' && rng.chance(0.8));
    if (victim.sex === 'female' && ageAt(victim, firstAt) < 40 && rng.chance(0.1)) {
      const bornAt = Math.floor(firstAt / DAY + rng.between(20, 240)) * DAY;
      victim.children.push(population.baby(bornAt, familyNameAt(suspect, firstAt), addressAt(victim, firstAt), victim));
    }
    if (rng.chance(kind === 'serial' ? 0.85 : kind === 'stalking' ? 0.5 : 0.35)) population.givePncId(suspect, firstAt);

    const escalating = rng.chance(kind === 'stalking' ? 0.35 : kind === 'serial' ? 0.25 : 0.1);
    const count = kind === 'serial' ? rng.between(1, 4) : this.incidentCount(escalating);
    const times = this.times(firstAt, count, escalating, kind === 'serial' ? 35 : kind === 'stalking' ? 40 : 90);
    const severities = this.severities(count, escalating);
    const separatesAt = separatedFromStart ? 0 : count > 1 && rng.chance(0.35) ? rng.between(1, count - 1) : count;
    const orderFrom = separatedFromStart && rng.chance(0.25) ? 0 : rng.chance(0.4) ? separatesAt + 1 : Infinity;
    if (!separatedFromStart && separatesAt < count) {
      const when = (times[separatesAt - 1] + times[separatesAt]) / 2;
      moveHome(rng.chance(0.5) ? victim : suspect, when, anAddress(population.pools, rng));
    }
    const marriesAt = !cohabiting || victim.sex !== 'female' || count < 3 || !rng.chance(0.1) ? -1 : rng.between(1, count - 1);
    if (marriesAt > 0) changeFamilyName(victim, (times[marriesAt - 1] + times[marriesAt]) / 2, familyNameAt(suspect, firstAt));
    // After a separation, some married women go back to the name they were born with; later records carry it.
    const maidenName = victim.familyNames[0].value;
    if (!separatedFromStart && separatesAt < count && (marriesAt < 0 || marriesAt < separatesAt)) {
      const separatedAt = (times[separatesAt - 1] + times[separatesAt]) / 2;
      const married = familyNameAt(victim, separatedAt) !== maidenName;
      if (married && rng.chance(this.families.maidenNames)) changeFamilyName(victim, separatedAt + rng.between(10, 120) * DAY, maidenName);
    }

    const plans = times.map((at, i): IncidentPlan => {
      const separated = i >= separatesAt;
      const orderInForce = i >= orderFrom;
      return {
        at,
        severity: severities[i],
        classification: this.classify(kind, severities[i], separated, orderInForce),
        relationship: separated ? 'ex-intimate-partner' : 'intimate-partner',
        separated,
        orderInForce,
        suspects: [suspect],
        atVictimHome: rng.chance(separated ? 0.7 : 0.9),
      };
    });
    const spouse = familyNameAt(victim, firstAt) === familyNameAt(suspect, firstAt) && victim.sex !== suspect.sex;
    const suspectIs = separatedFromStart ? 'ex-partner' : spouse ? (suspect.sex === 'male' ? 'husband' : 'wife') : 'partner';
    return {
      kind,
      victim,
      suspects: [suspect],
      suspectIs,
      stepChildren,
      otherDependant: false,
      witness: this.witness(victim, firstAt),
      escalating,
      serialIndex,
      plans,
      lastOfStory: true,
    };
  }

  private family(firstAt: number): Phase {
    const { rng, population } = this;
    const sibling = rng.chance(this.families.siblings);
    const victim = population.person({ sex: rng.chance(0.65) ? 'female' : 'male', age: sibling ? [20, 55] : [45, 85], at: firstAt });
    const victimAge = ageAt(victim, firstAt);
    const suspectSex: Sex = rng.chance(0.75) ? 'male' : 'female';
    // Relatives the records confuse most: a twin (same date of birth) and a son named after his father.
    const twin = sibling && rng.chance(this.families.twins);
    const suspect = twin
      ? population.twinOf(victim, suspectSex, false)
      : population.person({
          sex: suspectSex,
          age: sibling ? [Math.max(18, victimAge - 8), victimAge + 8] : [18, Math.max(19, Math.min(50, victimAge - 18))],
          at: firstAt,
          familyName: familyNameAt(victim, firstAt),
          address: rng.chance(0.7) ? addressAt(victim, firstAt) : undefined,
          relativeOf: victim,
        });
    if (!sibling && victim.sex === 'male' && suspectSex === 'male' && rng.chance(this.families.namesakeSons))
      suspect.givenName = victim.givenName;
    // A family phone: the landline or one mobile the household shares.
    if (victim.phone && addressAt(suspect, firstAt) === addressAt(victim, firstAt) && rng.chance(this.families.familyPhones))
      suspect.phone = victim.phone;
    if (rng.chance(0.3)) population.givePncId(suspect, firstAt);
    const escalating = rng.chance(0.08);
    const count = this.incidentCount(escalating);
    const times = this.times(firstAt, count, escalating, 80);
    const severities = this.severities(count, escalating);
    const plans = times.map((at, i): IncidentPlan => ({
      at,
      severity: severities[i],
      classification: this.classify('family', severities[i], false, false),
      relationship: 'family-member',
      separated: false,
      orderInForce: false,
      suspects: [suspect],
      atVictimHome: rng.chance(0.9),
    }));
    const suspectIs = sibling ? (suspectSex === 'male' ? 'brother' : 'sister') : suspectSex === 'male' ? 'son' : 'daughter';
    return {
      kind: 'family',
      victim,
      suspects: [suspect],
      suspectIs,
      stepChildren: false,
      otherDependant: !sibling && rng.chance(0.2),
      witness: this.witness(victim, firstAt),
      escalating,
      serialIndex: 0,
      plans,
      lastOfStory: true,
    };
  }

  /** Honour-based abuse: a young person controlled by parent and sibling, with other relatives in the background. */
  private honour(firstAt: number): Phase {
    const { rng, population } = this;
    const victim = population.person({ sex: rng.chance(0.85) ? 'female' : 'male', age: [16, 25], at: firstAt });
    const family = { familyName: familyNameAt(victim, firstAt), address: addressAt(victim, firstAt), at: firstAt, relativeOf: victim };
    const victimAge = ageAt(victim, firstAt);
    const father = population.person({ ...family, sex: 'male', age: [victimAge + 20, victimAge + 35] });
    const brother = rng.chance(0.6)
      ? population.person({ ...family, sex: 'male', age: [Math.max(18, victimAge - 4), victimAge + 12] })
      : undefined;
    const mother = population.person({ ...family, sex: 'female', age: [victimAge + 18, victimAge + 30] });
    // The household's landline or one mobile, given by the parents and the brother alike.
    if (father.phone && rng.chance(this.families.familyPhones))
      for (const relative of [mother, brother]) if (relative?.phone) relative.phone = father.phone;
    const escalating = rng.chance(0.4);
    const count = escalating ? rng.between(3, 5) : rng.between(1, 3);
    const times = this.times(firstAt, count, escalating, 45);
    const severities = this.severities(count, escalating);
    const leavesAt = count > 1 && rng.chance(0.4) ? rng.between(1, count - 1) : count;
    if (leavesAt < count) moveHome(victim, times[leavesAt] - DAY, anAddress(population.pools, rng));
    const plans = times.map((at, i): IncidentPlan => ({
      at,
      severity: severities[i],
      classification: this.classify('honour', severities[i], false, false),
      relationship: 'family-member',
      separated: i >= leavesAt,
      orderInForce: false,
      suspects: brother && rng.chance(0.5) ? [father, brother] : [rng.chance(0.8) || !brother ? father : brother],
      atVictimHome: rng.chance(0.8),
    }));
    return {
      kind: 'honour',
      victim,
      suspects: brother ? [father, brother] : [father],
      suspectIs: 'father',
      stepChildren: false,
      otherDependant: false,
      relative: mother,
      escalating,
      serialIndex: 0,
      plans,
      lastOfStory: true,
    };
  }

  /** A serial perpetrator: one suspect, a new partner every so often, the same pattern each time. */
  private serial(firstAt: number): Phase[] {
    const { rng, population } = this;
    const suspect = population.person({ sex: rng.chance(0.9) ? 'male' : 'female', age: [20, 45], at: firstAt });
    const phases: Phase[] = [];
    const partners = rng.between(3, 4);
    let at = firstAt;
    for (let i = 0; i < partners; i++) {
      const phase = this.intimate('serial', at, suspect, i);
      phase.lastOfStory = i === partners - 1;
      phases.push(phase);
      const last = phase.plans[phase.plans.length - 1].at;
      at = (Math.floor(last / DAY) + rng.between(30, 180)) * DAY + timeOfDay(rng);
    }
    return phases;
  }
}
