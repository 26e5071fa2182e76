import { Faker, base, en, en_GB, en_IN, pl } from '@faker-js/faker';
import { abbreviateStreet, ADULT_FEMALE, ADULT_MALE, CHILD_FEMALE, CHILD_MALE, COMMON_SURNAMES } from './names.ts';
import type { Rng } from './prng.ts';

/** Everything faker contributes, drawn once per seed: faker is too slow to call per mention at a million incidents. */
export interface Pools {
  adultFemale: string[];
  adultMale: string[];
  childFemale: string[];
  childMale: string[];
  surnames: string[];
  /** Canonical given name → nicknames and other spellings of it. */
  variants: Map<string, string[]>;
  streets: Street[];
  towns: Town[];
}

export interface Town {
  name: string;
  primarySchools: string[];
  secondarySchools: string[];
}

export interface Street {
  name: string;
  abbreviatedName: string;
  town: Town;
  postcode: string;
}

export interface Address {
  address: string;
  /** The street line alone, for mentions that leave the town out. */
  street: string;
  /** The same address with the street type abbreviated ("Rd", "Cl"), as some officers write it. */
  abbreviated: string;
  postcode: string;
  town: Town;
}

const AREAS = ['AB', 'CF', 'DN', 'EX', 'GL', 'HU', 'LN', 'NR', 'PO', 'SY', 'TQ', 'YO', 'LL', 'TR', 'DH', 'CA'];
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const SAINTS = ['Mary', 'John', 'Peter', 'Andrew', 'Michael', 'Anne', 'Paul', 'Joseph', 'Margaret', 'Thomas'];

const cache = new Map<number, Pools>();

export function poolsFor(seed: number): Pools {
  let pools = cache.get(seed);
  if (!pools) cache.set(seed, (pools = buildPools(seed)));
  return pools;
}

function distinct(count: number, draw: () => string): string[] {
  const seen = new Set<string>();
  for (let i = 0; i < count * 3 && seen.size < count; i++) seen.add(draw());
  return [...seen];
}

/** Hand-picked common names count several times over faker's tail, so common names stay common. */
function weighted(common: string[], commonWeight: number, tail: string[]): string[] {
  const out: string[] = [];
  for (const name of common) for (let i = 0; i < commonWeight; i++) out.push(name);
  for (const name of tail) if (!common.includes(name)) out.push(name);
  return out;
}

function buildPools(seed: number): Pools {
  const gb = new Faker({ locale: [en_GB, en, base] });
  gb.seed(seed);
  const polish = new Faker({ locale: [pl, en, base] });
  polish.seed(seed + 1);
  const indian = new Faker({ locale: [en_IN, en, base] });
  indian.seed(seed + 2);

  const femaleTail = [
    ...distinct(150, () => gb.person.firstName('female')),
    ...distinct(25, () => polish.person.firstName('female')),
    ...distinct(25, () => indian.person.firstName('female')),
  ];
  const maleTail = [
    ...distinct(150, () => gb.person.firstName('male')),
    ...distinct(25, () => polish.person.firstName('male')),
    ...distinct(25, () => indian.person.firstName('male')),
  ];
  const surnames: string[] = [];
  COMMON_SURNAMES.forEach((name, rank) => {
    const weight = Math.max(1, Math.round(40 / Math.pow(rank + 1, 0.6)));
    for (let i = 0; i < weight; i++) surnames.push(name);
  });
  const common = new Set<string>(COMMON_SURNAMES);
  for (const name of [...distinct(400, () => gb.person.lastName()), ...distinct(40, () => indian.person.lastName())]) {
    if (!common.has(name)) surnames.push(name);
  }

  const variants = new Map<string, string[]>();
  for (const list of [ADULT_FEMALE, ADULT_MALE, CHILD_FEMALE, CHILD_MALE]) {
    for (const [name, others] of Object.entries(list)) if (others.length > 0) variants.set(name, others);
  }

  const areas = [gb.helpers.arrayElement(AREAS)];
  while (areas.length < 3) {
    const area = gb.helpers.arrayElement(AREAS);
    if (!areas.includes(area)) areas.push(area);
  }
  const towns: Town[] = distinct(14, () => gb.location.city()).map((name) => ({
    name,
    primarySchools: [
      `${name} Primary School`,
      `St ${gb.helpers.arrayElement(SAINTS)}'s C of E Primary School`,
      `${name} Infant and Junior School`,
    ],
    secondarySchools: [`${name} Academy`, `${name} High School`],
  }));
  const streets: Street[] = distinct(700, () => gb.location.street()).map((name) => {
    const area = gb.helpers.arrayElement(areas);
    const district = gb.number.int({ min: 1, max: 28 });
    const inward = `${gb.number.int({ min: 1, max: 9 })}${gb.helpers.arrayElement([...INWARD_LETTERS])}${gb.helpers.arrayElement([...INWARD_LETTERS])}`;
    return {
      name,
      abbreviatedName: abbreviateStreet(name),
      town: gb.helpers.arrayElement(towns),
      postcode: `${area}${district} ${inward}`,
    };
  });

  return {
    adultFemale: weighted(Object.keys(ADULT_FEMALE), 12, femaleTail),
    adultMale: weighted(Object.keys(ADULT_MALE), 12, maleTail),
    childFemale: weighted(Object.keys(CHILD_FEMALE), 6, femaleTail),
    childMale: weighted(Object.keys(CHILD_MALE), 6, maleTail),
    surnames,
    variants,
    streets,
    towns,
  };
}

/** A home somewhere in the force area: a house on a street, now and then a flat. */
export function anAddress(pools: Pools, rng: Rng): Address {
  const street = rng.pick(pools.streets);
  const number = rng.between(1, 180);
  const flat = rng.chance(0.12) ? `Flat ${rng.between(1, 12)}, ` : '';
  const line = `${flat}${number} ${street.name}`;
  return {
    address: `${line}, ${street.town.name}`,
    street: line,
    abbreviated: `${flat}${number} ${street.abbreviatedName}, ${street.town.name}`,
    postcode: street.postcode,
    town: street.town,
  };
}
