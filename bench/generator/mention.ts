import type { PartyInput, PersonDetails } from '../../src/modules/incidents/index.ts';
import { typo } from './names.ts';
import { addressAt, ageAt, familyNameAt, type Person } from './population.ts';
import type { Pools } from './pools.ts';
import type { Rng } from './prng.ts';

export type Role = PartyInput['role'];

/** How often each role's details are missing from a record: officers learn less about suspects and witnesses. */
const MISSING: Record<Role, { dob: number; address: number; phone: number }> = {
  victim: { dob: 0.05, address: 0.04, phone: 0.5 },
  suspect: { dob: 0.15, address: 0.15, phone: 0.75 },
  child: { dob: 0.08, address: 0.3, phone: 1 },
  witness: { dob: 0.4, address: 0.25, phone: 0.5 },
  other: { dob: 0.3, address: 0.3, phone: 0.6 },
};

const validDate = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};
const isoDate = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** The date of birth as written: usually right, sometimes with day and month swapped or one digit wrong. */
function dateOfBirthAsWritten(dob: string, rng: Rng): string {
  const r = rng.next();
  if (r > 0.03) return dob;
  const y = Number(dob.slice(0, 4));
  const m = Number(dob.slice(5, 7));
  const d = Number(dob.slice(8, 10));
  if (r < 0.015) return d <= 12 && d !== m ? isoDate(y, d, m) : dob;
  const digits = dob.replace(/-/g, '').split('');
  const position = rng.pick([2, 3, 5, 6, 7]);
  digits[position] = String((Number(digits[position]) + 1 + rng.int(8)) % 10);
  const [ty, tm, td] = [Number(digits.slice(0, 4).join('')), Number(digits.slice(4, 6).join('')), Number(digits.slice(6, 8).join(''))];
  return validDate(ty, tm, td) ? isoDate(ty, tm, td) : dob;
}

function givenNameAsWritten(person: Person, pools: Pools, rng: Rng): string {
  const r = rng.next();
  const variants = pools.variants.get(person.givenName);
  if (r < 0.08 && variants) return rng.pick(variants);
  if (r < 0.1) return typo(person.givenName, rng);
  return person.givenName;
}

function familyNameAsWritten(person: Person, time: number, rng: Rng): string {
  let name = familyNameAt(person, time);
  // Old records and old habits: the name before marriage still turns up after it.
  if (person.familyNames.length > 1 && rng.chance(0.04)) name = person.familyNames[person.familyNames.length - 2].value;
  const hyphen = name.indexOf('-');
  if (hyphen > 0 && rng.chance(0.25)) name = rng.chance(0.5) ? name.slice(0, hyphen) : name.slice(hyphen + 1);
  if (rng.chance(0.025)) name = typo(name, rng);
  return name;
}

function phoneAsWritten(phone: string, rng: Rng): string {
  const r = rng.next();
  if (r < 0.15) return phone.replace(' ', '');
  if (r < 0.22) return `+44 ${phone.slice(1)}`;
  return phone;
}

/** What one record says about a person at a moment: mostly right, with the slips real records have. */
export function mention(person: Person, time: number, role: Role, pools: Pools, rng: Rng): PersonDetails {
  const missing = MISSING[role];
  let givenName = givenNameAsWritten(person, pools, rng);
  let familyName = familyNameAsWritten(person, time, rng);
  if (rng.chance(0.004)) [givenName, familyName] = [familyName, givenName];
  if (rng.chance(0.015)) familyName = familyName.toUpperCase();

  let middleName: string | undefined;
  if (person.middleName) {
    const r = rng.next();
    middleName = r < 0.4 ? person.middleName : r < 0.5 ? person.middleName[0] : undefined;
  }

  const home = addressAt(person, time);
  let address: string | undefined;
  let postcode: string | undefined;
  if (!rng.chance(missing.address)) {
    const r = rng.next();
    address = r < 0.75 ? home.address : r < 0.88 ? home.street : r < 0.96 ? home.abbreviated : home.address.toUpperCase();
    const p = rng.next();
    postcode = p < 0.9 ? home.postcode : p < 0.91 ? typo(home.postcode, rng) : p < 0.93 ? home.postcode.replace(' ', '') : undefined;
  } else if (rng.chance(0.3)) {
    postcode = home.postcode;
  }

  const sexRoll = rng.next();
  return {
    givenName,
    middleName,
    familyName,
    dateOfBirth: rng.chance(missing.dob) ? undefined : dateOfBirthAsWritten(person.dateOfBirth, rng),
    sex: sexRoll < 0.94 ? person.sex : sexRoll < 0.97 ? 'unknown' : undefined,
    address,
    postcode,
    phone: person.phone && !rng.chance(missing.phone) ? phoneAsWritten(person.phone, rng) : undefined,
    email: person.email && rng.chance(0.2) ? person.email : undefined,
    pncId: person.pncId && rng.chance(0.7) ? person.pncId : undefined,
  };
}

/** A child as a party: present or not, and the school they attend at that age. */
export function childParty(child: Person, time: number, pools: Pools, rng: Rng): PartyInput {
  const age = ageAt(child, time);
  const school = age < 4 || age >= 16 || rng.chance(0.25) ? undefined : age < 11 ? child.primarySchool : child.secondarySchool;
  return { role: 'child', person: mention(child, time, 'child', pools, rng), present: rng.chance(0.55), school };
}
