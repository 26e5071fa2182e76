import assert from 'node:assert/strict';
import test from 'node:test';
import fc from 'fast-check';
import { FellegiSunterModel, type PersonRecord } from '../../src/domain/linkage/index.ts';
import { ComparisonCodes } from './comparisonCodes.ts';

const model = new FellegiSunterModel();
const codes = new ComparisonCodes(model);

const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
// Names crossed, alike or missing, dates a digit or a generation apart, one household or two: every level comes up.
const record: fc.Arbitrary<PersonRecord> = fc.record({
  givenName: optional(fc.constantFrom('Jo', 'Joanne', 'Khan', 'Jon', 'J')),
  middleName: optional(fc.constantFrom('Anne', 'A', 'Marie')),
  familyName: optional(fc.constantFrom('Khan', 'Kahn', 'Jo', 'Smith-Khan')),
  dateOfBirth: optional(fc.constantFrom('1980-05-17', '1980-17-05', '1981-05-17', '1980-05-71', '2001-01-01', '1980')),
  sex: optional(fc.constantFrom('M', 'F')),
  postcode: optional(fc.constantFrom('LS6 2QT', 'LS6 2QU', 'LS6 3AA', 'M1 1AE', 'NOT A POSTCODE')),
  address: optional(fc.constantFrom('1 High Street', '1 High St', '3 High Street', 'Flat 3, 9 Mill Lane')),
  phone: optional(fc.constantFrom('07700 900123', '07700 900456')),
  email: optional(fc.constantFrom('jo@example.org', 'jo@example.com')),
  pncId: optional(fc.constantFrom('09/213486R', '11/1234567A')),
});

test('the explanation made from a comparison code is the JSON of the comparison itself', () => {
  fc.assert(
    fc.property(record, record, (a, b) => {
      const { fields } = model.compare(a, b);
      const code = codes.encode(fields);
      assert.equal(code.length, fields.length);
      assert.equal(codes.explanation(code), JSON.stringify(fields));
    }),
    { numRuns: 2000 },
  );
});

test('a level the model has no parameters for is refused, not sent as another', () => {
  assert.throws(() => codes.encode([{ field: 'givenName', level: 'telepathic', weight: 0 }]), /No code for givenName at level telepathic/);
});

test('a model weighing names by their frequency cannot explain levels alone', () => {
  const weighted = new FellegiSunterModel(undefined, { nameFrequencies: { givenName: new Map(), familyName: new Map(), unseen: 0.001 } });
  assert.throws(() =>
    new ComparisonCodes(weighted).explanation(codes.encode(model.compare({ givenName: 'Jo' }, { givenName: 'Jo' }).fields)),
  );
});
