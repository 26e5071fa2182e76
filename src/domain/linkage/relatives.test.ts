import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ADULT_FEMALE, ADULT_MALE, CHILD_FEMALE, CHILD_MALE } from '../../../bench/generator/names.ts';
import { givenNamesClearlyDiffer } from './comparators.ts';
import * as batch from './deduplicate.ts';
import { FellegiSunterModel, personComparison, reviewReason } from './model.ts';
import { normaliseName } from './normalise.ts';
import type { PersonRecord } from './record.ts';

/** Issue 15: a clearly different given name with everything else equal is a relative, never an automatic link. */

const model = new FellegiSunterModel();

const household = (overrides: Partial<PersonRecord> = {}): PersonRecord => ({
  givenName: 'Claire',
  familyName: 'Whitfield',
  dateOfBirth: '1991-04-17',
  sex: 'F',
  postcode: 'LS6 2QT',
  address: '14 Cardigan Road, Leeds',
  phone: '07700 900123',
  email: 'whitfield.family@example.com',
  ...overrides,
});

const outcome = (a: PersonRecord, b: PersonRecord) => {
  const score = model.compare(a, b);
  return { decision: score.decision, reason: reviewReason(score.probability, score.fields, model.parameters) };
};

test('records that differ only in a clearly different given name are never linked; slips of one name still are', () => {
  const cases: [string, Partial<PersonRecord>, Partial<PersonRecord>, 'match' | 'not linked'][] = [
    ['twin sisters', { givenName: 'Claire' }, { givenName: 'Isabella' }, 'not linked'],
    ['twin brothers', { givenName: 'Peter', sex: 'M' }, { givenName: 'Ethan', sex: 'M' }, 'not linked'],
    ['twins with short names', { givenName: 'Zoe' }, { givenName: 'Lucy' }, 'not linked'],
    ['siblings born apart', { givenName: 'Claire' }, { givenName: 'Hannah', dateOfBirth: '1994-09-02' }, 'not linked'],
    ['a close spelling of another name', { givenName: 'Christopher', sex: 'M' }, { givenName: 'Christian', sex: 'M' }, 'not linked'],
    ['nickname Kate / Katherine', { givenName: 'Katherine' }, { givenName: 'Kate' }, 'match'],
    ['nickname Bob / Robert', { givenName: 'Robert', sex: 'M' }, { givenName: 'Bob', sex: 'M' }, 'match'],
    ['variant Mohammed / Muhammad', { givenName: 'Mohammed', sex: 'M' }, { givenName: 'Muhammad', sex: 'M' }, 'match'],
    ['one-letter typo', { givenName: 'Claire' }, { givenName: 'Clare' }, 'match'],
    ['two edits', { givenName: 'Isobel' }, { givenName: 'Ysabel' }, 'match'],
    ['transposition', { givenName: 'Claire' }, { givenName: 'Cliare' }, 'match'],
    ['an initial', { givenName: 'Claire' }, { givenName: 'C' }, 'match'],
    ['given and family names swapped', {}, { givenName: 'Whitfield', familyName: 'Claire' }, 'match'],
    ['middle name recorded as the first', { givenName: 'Claire', middleName: 'Louise' }, { givenName: 'Louise' }, 'match'],
    ['both given names in one field', { givenName: 'Claire Louise' }, { givenName: 'Louise' }, 'match'],
  ];
  for (const [what, a, b, expected] of cases) {
    const { decision } = outcome(household(a), household(b));
    assert.equal(decision === 'match' ? 'match' : 'not linked', expected, what);
  }
});

test('twins are proposed as likely relatives, with the given name shown as clearly different', () => {
  const score = model.compare(household(), household({ givenName: 'Isabella' }));
  assert.equal(score.decision, 'review');
  assert.equal(reviewReason(score.probability, score.fields), 'different-given-names');
  assert.equal(score.fields.find((f) => f.field === 'givenName')?.level, 'other-name');
});

test('an agreeing PNC ID is the one exception, and the comparison still shows the given names differing', () => {
  const score = model.compare(household({ pncId: '19/12345A' }), household({ givenName: 'Isabella', pncId: '19/12345A' }));
  assert.equal(score.decision, 'match');
  assert.equal(score.fields.find((f) => f.field === 'givenName')?.level, 'other-name');
  // Another PNC ID on one of them is no exception.
  assert.notEqual(model.compare(household({ pncId: '19/12345A' }), household({ givenName: 'Isabella' })).decision, 'match');
});

test('Jr and Sr: the same names at the same address with dates of birth 15 or more years apart are never linked', () => {
  for (const gap of [15, 20, 25, 40]) {
    const father = household({ givenName: 'David', sex: 'M', dateOfBirth: `${1960}-03-09` });
    const son = household({ givenName: 'David', sex: 'M', dateOfBirth: `${1960 + gap}-11-21` });
    assert.deepEqual(outcome(father, son), { decision: 'review', reason: 'generation-apart' }, `${gap} years`);
    // Even with the same birthday, and named Junior in the middle name field.
    const sameDay = household({ givenName: 'David', sex: 'M', dateOfBirth: `${1960 + gap}-03-09`, middleName: 'Junior' });
    assert.notEqual(model.compare(father, sameDay).decision, 'match', `${gap} years, same birthday`);
  }
});

test('given names clearly differ by the comparators and nickname table alone', () => {
  const differ = (a: string, b: string) => givenNamesClearlyDiffer(normaliseName(a), normaliseName(b));
  assert.equal(differ('Peter', 'Ethan'), true);
  assert.equal(differ('Zoe', 'Lucy'), true);
  assert.equal(differ('J', 'Mary'), true);
  assert.equal(differ('Kate', 'Katherine'), false);
  assert.equal(differ('Jon', 'John'), false);
  assert.equal(differ('J', 'John'), false);
  assert.equal(differ('Steven', 'Stephen'), false);
});

const pool = [...new Set([ADULT_FEMALE, ADULT_MALE, CHILD_FEMALE, CHILD_MALE].flatMap((byDecade) => Object.values(byDecade).flat()))];
const aRecord = fc.record({
  givenName: fc.constantFrom(...pool),
  middleName: fc.option(fc.constantFrom(...pool), { nil: undefined }),
  familyName: fc.constantFrom('Whitfield', 'Smith', 'Khan', "O'Neill", 'Nowak'),
  dateOfBirth: fc
    .date({ min: new Date('1930-01-01'), max: new Date('2020-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  sex: fc.constantFrom('M', 'F'),
  postcode: fc.option(fc.constantFrom('LS6 2QT', 'M1 1AE'), { nil: undefined }),
  address: fc.option(fc.constantFrom('14 Cardigan Road, Leeds', 'Flat 3, 9 Mill Lane'), { nil: undefined }),
  phone: fc.option(fc.constantFrom('07700 900123'), { nil: undefined }),
  email: fc.option(fc.constantFrom('family@example.com'), { nil: undefined }),
});

test('changing a record’s given name to an unrelated name from the name pools never links it with the original', () => {
  fc.assert(
    fc.property(aRecord, fc.constantFrom(...pool), (record, other) => {
      const relative = { ...record, givenName: other, middleName: undefined };
      fc.pre(givenNamesClearlyDiffer(normaliseName(record.givenName), normaliseName(other), normaliseName(record.middleName ?? '')));
      assert.notEqual(model.compare(record, relative).decision, 'match');
      assert.notEqual(model.compare(relative, record).decision, 'match');
    }),
    { numRuns: 3000 },
  );
});

test('a typo of a variant, a swap recorded by half and a slip in a middle name recorded first are not other names', () => {
  const cases: [string, Partial<PersonRecord>, Partial<PersonRecord>][] = [
    ['Mickey / Micharl (Michael)', { givenName: 'Mickey', sex: 'M' }, { givenName: 'Micharl', sex: 'M' }],
    ['Livvy / Oliva (Olivia)', { givenName: 'Livvy' }, { givenName: 'Oliva' }],
    ['Kev / Kvin (Kevin)', { givenName: 'Kev', sex: 'M' }, { givenName: 'Kvin', sex: 'M' }],
    ['a family name recorded as the given name, no family name', {}, { givenName: 'Whitfield', familyName: '' }],
    ['Claire Louise / Louisa', { givenName: 'Claire', middleName: 'Louise' }, { givenName: 'Louisa' }],
    ['a nickname with the names swapped', { givenName: 'Jonathan', sex: 'M' }, { givenName: 'Whitfield', familyName: 'Jonny', sex: 'M' }],
  ];
  for (const [what, a, b] of cases) assert.equal(outcome(household(a), household(b)).decision, 'match', what);
  // A short form shared by two names is no bridge between them: John's Jack is a letter from Jake.
  assert.equal(
    outcome(household({ givenName: 'John', sex: 'M' }), household({ givenName: 'Jake', sex: 'M' })).reason,
    'different-given-names',
  );
});

test('twins are not made one person through a record that agrees with both (a shared short form, no given name)', () => {
  const { deduplicate } = batch;
  const twinsThroughChris = [
    household({ givenName: 'Christopher', sex: 'M' }),
    household({ givenName: 'Chris', sex: '' }),
    household({ givenName: 'Christine' }),
  ];
  const ids = twinsThroughChris.map((_, i) => String(i));
  const clusters = deduplicate(twinsThroughChris, ids).clusterIds;
  assert.notEqual(clusters[0], clusters[2]);
  const throughNoName = [household(), household({ givenName: '' }), household({ givenName: 'Isabella' })];
  const noName = deduplicate(throughNoName, ids).clusterIds;
  assert.notEqual(noName[0], noName[2]);
  // Intake: the person of Christopher and Chris meets Christine; Chris alone would link her.
  const christine = household({ givenName: 'Christine' });
  const spoken = personComparison([model.compare(christine, twinsThroughChris[0]), model.compare(christine, twinsThroughChris[1])]);
  assert.notEqual(spoken.decision, 'match');
  assert.equal(reviewReason(spoken.probability, spoken.fields), 'different-given-names');
  // A PNC ID bridges: Mia's record is Luke's by it, and a later Luke agrees with Luke's record.
  const luke = household({ givenName: 'Luke', sex: 'M', pncId: '12/345678A' });
  const mia = household({ givenName: 'Mia', sex: 'M', pncId: '12/345678A' });
  const lukeAgain = household({ givenName: 'Luke', sex: 'M' });
  const bridged = personComparison([model.compare(lukeAgain, luke), model.compare(lukeAgain, mia)], '', ['12/345678A', '12/345678A']);
  assert.equal(bridged.decision, 'match');
});

test('names recorded crossed with one of them disagreeing are not linked: the one that differs may be the given name', () => {
  const eloise = household({ givenName: 'Eloise', familyName: 'Hane', dateOfBirth: '2021-10-08' });
  const herTwinBrotherCrossed = household({ givenName: 'Hane', familyName: 'Plato', dateOfBirth: '2021-10-08', sex: 'M' });
  assert.notEqual(outcome(eloise, herTwinBrotherCrossed).decision, 'match');
  assert.equal(outcome(eloise, herTwinBrotherCrossed).reason, 'swapped-name-differs');
});
