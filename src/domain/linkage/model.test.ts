import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FellegiSunterModel, reviewReason, type ReviewReason } from './model.ts';
import type { PersonRecord } from './record.ts';

const model = new FellegiSunterModel();

const aPerson = (overrides: Partial<PersonRecord> = {}): PersonRecord => ({
  givenName: 'Robert',
  familyName: 'Hargreaves',
  dateOfBirth: '1984-06-12',
  sex: 'M',
  postcode: 'LS6 2QT',
  address: '14 Cardigan Road, Leeds',
  ...overrides,
});

test('the same man recorded with a nickname and a surname typo is a match', () => {
  const score = model.compare(aPerson(), aPerson({ givenName: 'Bob', familyName: 'Hargraves' }));
  assert.equal(score.decision, 'match');
});

test('siblings with the same surname and address but different dates of birth are not matched', () => {
  const brother = aPerson({ givenName: 'Daniel', dateOfBirth: '1987-02-03' });
  const score = model.compare(aPerson(), brother);
  assert.equal(score.decision, 'non-match');
});

test('a father and son with the same names and address but different dates of birth are not auto-linked', () => {
  const score = model.compare(aPerson({ dateOfBirth: '1960-01-30' }), aPerson({ dateOfBirth: '1986-09-14' }));
  assert.notEqual(score.decision, 'match');
});

test('given and family names recorded the other way round still match or go to review', () => {
  const score = model.compare(aPerson(), aPerson({ givenName: 'Hargreaves', familyName: 'Robert' }));
  assert.ok(score.decision === 'match' || score.decision === 'review', score.decision);
});

test('a date of birth with day and month swapped still matches when everything else agrees', () => {
  assert.equal(model.compare(aPerson(), aPerson({ dateOfBirth: '1984-12-06' })).decision, 'match');
});

test('the explanation adds up: the prior plus each field weight is the pair weight', () => {
  const score = model.compare(aPerson(), aPerson({ givenName: 'Rob', postcode: 'LS6 3AB', phone: '07700 900123' }));
  const sum = model.parameters.priorWeight + score.fields.reduce((s, f) => s + f.weight, 0);
  assert.ok(Math.abs(sum - score.weight) < 1e-9);
  assert.ok(score.fields.every((f) => f.field && f.level && Number.isFinite(f.weight)));
});

test('a brother with a near date of birth in the same household is a relative: neither linked nor reviewed', () => {
  const brother = aPerson({ givenName: 'Daniel', dateOfBirth: '1986-06-02' });
  assert.equal(model.compare(aPerson(), brother).decision, 'non-match');
});

test('namesakes in one household with different middle names are not auto-linked', () => {
  const father = aPerson({ middleName: 'Thomas', dateOfBirth: undefined });
  const son = aPerson({ middleName: 'Daniel', dateOfBirth: undefined });
  assert.notEqual(model.compare(father, son).decision, 'match');
});

test('names swapped over with a typo as well still match when the date of birth and address agree', () => {
  const score = model.compare(aPerson(), aPerson({ givenName: 'Hargreves', familyName: 'Robert' }));
  assert.equal(score.decision, 'match');
  assert.ok(score.fields.some((f) => f.field === 'swappedNames'));
});

test('a date of birth mistyped beyond two digits, but within a generation, can still link on strong evidence', () => {
  const score = model.compare(aPerson({ middleName: 'James' }), aPerson({ middleName: 'James', dateOfBirth: '1979-02-21' }));
  assert.equal(score.fields.find((f) => f.field === 'dateOfBirth')?.level, 'different');
  assert.notEqual(score.decision, 'non-match');
});

test('an agreeing PNC ID outweighs a date of birth a generation apart', () => {
  const withPnc = (dateOfBirth: string) => aPerson({ dateOfBirth, pncId: '19/12345A' });
  assert.equal(model.compare(withPnc('1960-01-30'), withPnc('1986-09-14')).decision, 'match');
});

const name = fc.constantFrom('Robert', 'Bob', 'Margaret', 'Peggy', 'Aisha', 'Mohammed', 'Siobhan', 'Wojciech', 'Li', 'Jo');
const surname = fc.constantFrom('Smith', 'Smyth', 'Khan', "O'Neill", 'Smith-Jones', 'Jones', 'Nowak', 'Nguyen', 'Patel');
const date = fc
  .date({ min: new Date('1930-01-01'), max: new Date('2020-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const aRecord = fc.record({
  givenName: name,
  familyName: surname,
  dateOfBirth: date,
  sex: optional(fc.constantFrom('M', 'F', '')),
  postcode: optional(fc.constantFrom('LS6 2QT', 'M1 1AE', 'SW1A 1AA', 'B1 1AA')),
  phone: optional(fc.constantFrom('07700 900123', '07700 900456')),
  address: optional(fc.constantFrom('1 High Street', '22 Acacia Avenue', 'Flat 3, 9 Mill Lane')),
});

test('a record with a name and date of birth always matches itself', () => {
  fc.assert(fc.property(aRecord, (r) => assert.equal(model.compare(r, { ...r }).decision, 'match')));
});

test('comparison is symmetric in weight and decision', () => {
  fc.assert(
    fc.property(aRecord, aRecord, (a, b) => {
      const ab = model.compare(a, b);
      const ba = model.compare(b, a);
      assert.ok(Math.abs(ab.weight - ba.weight) < 1e-9);
      assert.equal(ab.decision, ba.decision);
    }),
  );
});

// Names and middle names crossed, missing or alike, so every name level (swapped too) comes up.
const loose = fc.record({
  givenName: optional(fc.oneof(name, surname)),
  middleName: optional(fc.constantFrom('Anne', 'A', 'Marie', 'J')),
  familyName: optional(fc.oneof(surname, name)),
  dateOfBirth: optional(fc.oneof(date, fc.constantFrom('1980-05-17', '1980-17-05', '1981-05-17', '1980', ''))),
  sex: optional(fc.constantFrom('M', 'F', '')),
  postcode: optional(fc.constantFrom('LS6 2QT', 'LS6 2QU', 'LS6 3AA', 'M1 1AE')),
  phone: optional(fc.constantFrom('07700 900123', '07700 900456')),
  email: optional(fc.constantFrom('jo@example.org', 'jo@example.com')),
  pncId: optional(fc.constantFrom('09/213486R', '11/1234567A')),
  address: optional(fc.constantFrom('1 High Street', '1 High St', '3 High Street', 'Flat 3, 9 Mill Lane')),
});

test('weighing a pair alone gives exactly the weight of comparing it', () => {
  fc.assert(
    fc.property(loose, loose, (a, b) => {
      assert.equal(model.weightPrepared(model.prepare(a), model.prepare(b)), model.compare(a, b).weight);
    }),
    { numRuns: 3000 },
  );
});

/** Two records that agree on some fields (each field of the second taken from the first or not, at random). */
const overlapping = fc.tuple(loose, loose, fc.array(fc.boolean(), { minLength: 10, maxLength: 10 })).map(([a, b, same]) => {
  const fields = Object.keys(a) as (keyof typeof a)[];
  return [a, Object.fromEntries(fields.map((field, i) => [field, same[i] ? a[field] : b[field]])) as typeof b] as const;
});

test('weighing against a floor gives the weight, or nothing only when the weight is below the floor', () => {
  fc.assert(
    // Floors near the pair's own weight, above and below: where a bound that is too low would show.
    fc.property(overlapping, fc.double({ min: -8, max: 8, noNaN: true }), ([a, b], offset) => {
      const compared = model.compare(a, b).weight;
      const floor = compared + offset;
      const weight = model.weightPrepared(model.prepare(a), model.prepare(b), floor);
      if (weight === undefined) assert.ok(compared < floor, `${compared} was skipped below ${floor}`);
      else assert.equal(weight, compared);
    }),
    { numRuns: 3000 },
  );
  // The floor is not vacuous: a namesake born another year, elsewhere, cannot reach the weight of a true match.
  const jo = aPerson({ givenName: 'Jo', familyName: 'Khan', dateOfBirth: '1980-05-17', postcode: 'LS6 2QT', address: '1 High Street' });
  const namesake = { ...jo, dateOfBirth: '1986-02-03', postcode: 'M1 1AE', address: '22 Acacia Avenue' };
  assert.equal(model.weightPrepared(model.prepare(jo), model.prepare(namesake), model.compare(jo, { ...jo }).weight), undefined);
});

test('blocking keys are deterministic and shared by a record and its copy', () => {
  fc.assert(fc.property(aRecord, (r) => assert.deepEqual(model.blockingKeys(r), model.blockingKeys({ ...r }))));
});

test('neighbours with the same first name in one postcode are not linked without a person looking', () => {
  // Another surname, dates of birth weeks apart, another house in the same street.
  const score = model.compare(
    aPerson({ givenName: 'Gary', familyName: 'Cook', dateOfBirth: '1994-06-02', address: '98 Edwin Bank, Hull', postcode: 'HU1 2SG' }),
    aPerson({ givenName: 'Gary', familyName: 'Hall', dateOfBirth: '1994-06-26', address: '32 Edwin Bank, Hull', postcode: 'HU1 2SG' }),
  );
  assert.notEqual(score.decision, 'match');
  assert.ok(score.fields.some((f) => f.field === 'address' && f.level === 'other-number'));
});

test('one crossed name agreeing is not a swap: Robert Martin and Richard Roberts at one postcode are not linked', () => {
  const score = model.compare(
    aPerson({ givenName: 'Robert', familyName: 'Martin', dateOfBirth: '', address: '129 Lucienne Bank', postcode: 'HU13 3PD' }),
    aPerson({ givenName: 'Richard', familyName: 'Roberts', dateOfBirth: '', address: 'Flat 5, 154 Lucienne Bank', postcode: 'HU13 3PD' }),
  );
  assert.notEqual(score.decision, 'match');
  assert.ok(score.fields.some((f) => f.field === 'swappedNames' && f.level === 'different' && f.weight < 0));
});

test('the same full name with nothing that identifies one person goes to review, not an automatic link', () => {
  const peter = { givenName: 'Peter', familyName: 'Smith', sex: 'M' };
  const score = model.compare(
    { ...peter, address: '3 Mill Lane, Hull' },
    { ...peter, address: 'Mill Lane, Hull', dateOfBirth: '1983-03-15' },
  );
  assert.equal(score.decision, 'review');
  // The same names with the date of birth on both, or the same house, do link.
  assert.equal(model.compare({ ...peter, dateOfBirth: '1983-03-15' }, { ...peter, dateOfBirth: '1983-03-15' }).decision, 'match');
  assert.equal(
    model.compare(
      { ...peter, address: '3 Mill Lane, Hull', postcode: 'HU1 2SG' },
      { ...peter, address: '3 Mill Lane', postcode: 'HU1 2SG' },
    ).decision,
    'match',
  );
});

test('namesakes born a digit apart, with nothing else of their lives agreeing, go to review', () => {
  // Two Martin Clarks, 26 March and 26 August 1993: one postcode in Doncaster, none given for the other.
  const doncaster = { givenName: 'Martin', familyName: 'Clark', sex: 'M', dateOfBirth: '1993-03-26', postcode: 'DN13 3NB' };
  const score = model.compare(doncaster, { givenName: 'Martin', familyName: 'Clark', sex: 'M', dateOfBirth: '1993-08-26' });
  assert.ok(score.fields.some((f) => f.field === 'dateOfBirth' && f.level === 'one-digit'));
  assert.ok(score.probability >= 0.995, 'probable on the fields alone');
  assert.equal(score.decision, 'review');
  // The same typo with the same house, phone or middle name agreeing is the same man.
  const house = { address: '13 Jannie Walk, Doncaster', postcode: 'DN13 3NB' };
  assert.equal(model.compare({ ...doncaster, ...house }, { ...doncaster, ...house, dateOfBirth: '1993-08-26' }).decision, 'match');
  const phone = { phone: '07747 016540' };
  assert.equal(
    model.compare({ ...doncaster, ...phone }, { ...doncaster, ...phone, postcode: '', dateOfBirth: '1993-08-26' }).decision,
    'match',
  );
});

test('neighbours with a near date of birth and another surname are not linked because their postcode agrees', () => {
  const score = model.compare(
    aPerson({
      givenName: 'Rachel',
      familyName: 'Baker',
      dateOfBirth: '2000-04-17',
      address: '145 Witting Rise, Hull',
      postcode: 'HU14 3NF',
    }),
    aPerson({
      givenName: 'Rachel',
      familyName: 'Johnson',
      dateOfBirth: '2000-07-17',
      address: '149 Witting Rise, Hull',
      postcode: 'HU14 3NF',
    }),
  );
  assert.notEqual(score.decision, 'match');
});

test('another surname links only when the date of birth agrees: a married name, not a lodger with the same first name', () => {
  const before = aPerson({ givenName: 'Joanne', familyName: 'Pritchard', sex: 'F' });
  const married = model.compare(before, { ...before, familyName: 'Holloway' });
  assert.equal(married.decision, 'match');
  const lodger = model.compare(before, { ...before, familyName: 'Holloway', dateOfBirth: '1990-02-03' });
  assert.notEqual(lodger.decision, 'match');
  // Given and middle name and the house agree, no date on one side: probable enough to link on the fields alone.
  const withMiddle = { ...before, middleName: 'Louise' };
  const undated = model.compare(withMiddle, { ...withMiddle, familyName: 'Holloway', dateOfBirth: '' });
  assert.ok(undated.probability >= 0.995);
  assert.equal(undated.decision, 'review');
});

test('a pair that is not linked says why: the rule that refused it, or evidence short of the threshold', () => {
  const reasonOf = (a: PersonRecord, b: PersonRecord) => {
    const score = model.compare(a, b);
    return { decision: score.decision, reason: reviewReason(score.probability, score.fields, model.parameters) };
  };
  const undated = { dateOfBirth: undefined };
  const cases: [PersonRecord, PersonRecord, ReviewReason][] = [
    [aPerson({ dateOfBirth: '1960-01-30' }), aPerson({ dateOfBirth: '1986-09-14' }), 'generation-apart'],
    [aPerson({ middleName: 'Thomas', ...undated }), aPerson({ middleName: 'Daniel', ...undated }), 'middle-names-differ'],
    [aPerson({ ...undated }), aPerson({ givenName: 'Rupert', ...undated }), 'same-family'],
    [
      { givenName: 'Peter', familyName: 'Smith', sex: 'M', address: '3 Mill Lane, Hull' },
      { givenName: 'Peter', familyName: 'Smith', sex: 'M', address: 'Mill Lane, Hull', dateOfBirth: '1983-03-15' },
      'nothing-identifying',
    ],
    [
      { givenName: 'Martin', familyName: 'Clark', sex: 'M', dateOfBirth: '1993-03-26', postcode: 'DN13 3NB' },
      { givenName: 'Martin', familyName: 'Clark', sex: 'M', dateOfBirth: '1993-08-26' },
      'near-date-uncorroborated',
    ],
    [
      { givenName: 'Robert', familyName: 'Hargreaves', phone: '07700 900123' },
      { givenName: 'Rupert', familyName: 'Greaves', phone: '07700 900123' },
      'other-surname-uncorroborated',
    ],
    [
      { givenName: 'Robert', familyName: 'Hargreaves', dateOfBirth: '1984-06-12', sex: 'M' },
      { givenName: 'Roberto', familyName: 'Hargrove', dateOfBirth: '1984-06-12', sex: 'F' },
      'not-enough-evidence',
    ],
  ];
  for (const [a, b, reason] of cases) assert.deepEqual(reasonOf(a, b), { decision: 'review', reason }, reason);
  // A linked pair has no reason, and a pair has a reason whenever it is not linked.
  assert.deepEqual(reasonOf(aPerson(), aPerson({ givenName: 'Bob', familyName: 'Hargraves' })), { decision: 'match', reason: undefined });
  fc.assert(
    fc.property(overlapping, ([a, b]) => {
      const { decision, reason } = reasonOf(a, b);
      return (decision === 'match') === (reason === undefined);
    }),
    { numRuns: 2000 },
  );
});
