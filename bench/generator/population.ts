import { anAddress, type Address, type Pools } from './pools.ts';
import type { Rng } from './prng.ts';

export const DAY = 86_400_000;
export const YEAR = 365.25 * DAY;

export type Sex = 'female' | 'male';

interface Dated<T> {
  from: number;
  value: T;
}

/** One true person. What the records say about them varies; this is what is true. */
export interface Person {
  key: string;
  /** The family the person was born or brought into (their own key if none is known): relatives share it. */
  familyKey: string;
  sex: Sex;
  givenName: string;
  middleName?: string;
  /** Family names over time (a marriage adds one); the earliest comes first. */
  familyNames: Dated<string>[];
  dateOfBirth: string;
  bornAt: number;
  addresses: Dated<Address>[];
  phone?: string;
  email?: string;
  pncId?: string;
  /** Children living with this person, some of whom may not be born yet. */
  children: Person[];
  primarySchool?: string;
  secondarySchool?: string;
  /** The last report already planned for this person: later changes of name or home must come after it. */
  busyUntil: number;
}

function at<T>(history: Dated<T>[], time: number): T {
  for (let i = history.length - 1; i > 0; i--) if (history[i].from <= time) return history[i].value;
  return history[0].value;
}

export const familyNameAt = (person: Person, time: number): string => at(person.familyNames, time);
export const addressAt = (person: Person, time: number): Address => at(person.addresses, time);
export const ageAt = (person: Person, time: number): number => (time - person.bornAt) / YEAR;

/** A moment about `daysBefore` days before `at`, but never before what is already planned for the person. */
export function before(person: Person, at: number, daysBefore: number): number {
  return Math.max(person.busyUntil + 1, at - daysBefore * DAY);
}

export function changeFamilyName(person: Person, from: number, name: string): void {
  if (familyNameAt(person, from) !== name) person.familyNames.push({ from, value: name });
}

export function moveHome(person: Person, from: number, address: Address): void {
  person.addresses.push({ from, value: address });
}

export interface NewPerson {
  sex: Sex;
  /** Age range in years at `at`. */
  age: [number, number];
  at: number;
  familyName?: string;
  address?: Address;
  child?: boolean;
  /** A relative: the new person is of their family (child, sibling, parent). */
  relativeOf?: Person;
}

/** Makes the people of the synthetic force, each with a stable key like P000123. */
export class Population {
  private count = 0;

  constructor(
    readonly pools: Pools,
    private readonly rng: Rng,
  ) {}

  person({ sex, age, at, familyName, address, child = false, relativeOf }: NewPerson): Person {
    const { rng, pools } = this;
    const bornAt = Math.floor(at - (age[0] + rng.next() * (age[1] - age[0])) * YEAR);
    return this.make(sex, bornAt, familyName ?? rng.pick(pools.surnames), address ?? anAddress(pools, rng), child, undefined, relativeOf);
  }

  /** A baby of `parent` born at `bornAt` into the household at `address`. */
  baby(bornAt: number, familyName: string, address: Address, parent: Person): Person {
    return this.make(this.rng.chance(0.5) ? 'female' : 'male', bornAt, familyName, address, true, undefined, parent);
  }

  /**
   * A twin of `sibling`: born the same day into the same family and home, with another given name. Twins share
   * surname, date of birth, address and often a phone, and only their given names tell them apart.
   */
  twinOf(sibling: Person, sex: Sex, child: boolean): Person {
    return this.make(sex, sibling.bornAt, sibling.familyNames[0].value, sibling.addresses[0].value, child, sibling.givenName, sibling);
  }

  private make(
    sex: Sex,
    bornAt: number,
    familyName: string,
    address: Address,
    child: boolean,
    notNamed?: string,
    relativeOf?: Person,
  ): Person {
    const { rng, pools } = this;
    const names = child ? (sex === 'female' ? pools.childFemale : pools.childMale) : sex === 'female' ? pools.adultFemale : pools.adultMale;
    let givenName = rng.pick(names);
    while (givenName === notNamed) givenName = rng.pick(names);
    let middleName: string | undefined;
    if (rng.chance(0.55)) {
      middleName = rng.pick(sex === 'female' ? pools.adultFemale : pools.adultMale);
      if (middleName === givenName) middleName = undefined;
    }
    if (!child && rng.chance(0.02)) familyName = `${familyName}-${rng.pick(pools.surnames)}`;
    this.count++;
    const adult = !child;
    const phone = adult && rng.chance(0.7) ? `07${rng.between(100, 999)} ${String(rng.int(1_000_000)).padStart(6, '0')}` : undefined;
    const email =
      adult && rng.chance(0.15)
        ? `${givenName}.${familyName}${rng.between(1, 99)}@example.com`.toLowerCase().replace(/[^a-z0-9.@-]/g, '')
        : undefined;
    // Every field is set here, in one order, so that all people share one object shape (a million of them).
    const key = `P${String(this.count).padStart(6, '0')}`;
    const person: Person = {
      key,
      familyKey: relativeOf?.familyKey ?? key,
      sex,
      givenName,
      middleName,
      familyNames: [{ from: -Infinity, value: familyName }],
      dateOfBirth: new Date(bornAt).toISOString().slice(0, 10),
      bornAt,
      addresses: [{ from: -Infinity, value: address }],
      phone,
      email,
      pncId: undefined,
      children: [],
      primarySchool: child ? rng.pick(address.town.primarySchools) : undefined,
      secondarySchool: child ? rng.pick(address.town.secondarySchools) : undefined,
      busyUntil: -Infinity,
    };
    return person;
  }

  /** A Police National Computer identifier in the YY/NNNNNNL form, for people with a record. */
  givePncId(person: Person, recordedAt: number): void {
    if (person.pncId) return;
    const year = Math.max(new Date(person.bornAt).getUTCFullYear() + 12, new Date(recordedAt).getUTCFullYear() - this.rng.int(15));
    const letters = 'ABCDEFGHJKLMNPQRTUVWXYZ';
    person.pncId = `${String(year % 100).padStart(2, '0')}/${String(this.rng.int(1_000_000)).padStart(6, '0')}${letters[this.rng.int(letters.length)]}`;
  }
}
