import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CANDIDATE_SHARED_KEY_WEIGHT, nameKeysToWeigh, namesInFull, sharedKeyWeight, sharedKeysWeight } from './candidates.ts';
import { FellegiSunterModel } from './model.ts';

const model = new FellegiSunterModel();
const sharedWeight = (a: string[], b: string[]) => sharedKeysWeight(a.filter((k) => b.includes(k)));

test('a PNC ID, phone or email key alone makes a candidate; a name, date or postcode key needs another', () => {
  assert.equal(sharedKeyWeight('pnc:02/216695G'), CANDIDATE_SHARED_KEY_WEIGHT);
  assert.equal(sharedKeyWeight('ph:07700900123'), CANDIDATE_SHARED_KEY_WEIGHT);
  assert.equal(sharedKeyWeight('em:someone@example.com'), CANDIDATE_SHARED_KEY_WEIGHT);
  assert.equal(sharedKeyWeight('dob:1984-06-12'), 1);
  assert.equal(sharedKeyWeight('fp:h:HU13 3PD'), 1);
});

test('the same man with a nickname, a surname typo and a moved house still shares two keys with his record', () => {
  const a = model.blockingKeys({ givenName: 'Robert', familyName: 'Hargreaves', dateOfBirth: '1984-06-12', postcode: 'LS6 2QT' });
  const b = model.blockingKeys({ givenName: 'Bob', familyName: 'Hargraves', dateOfBirth: '1984-06-12', postcode: 'HU1 2SG' });
  assert.ok(sharedWeight(a, b) >= CANDIDATE_SHARED_KEY_WEIGHT);
});

test('a stranger who only shares a postcode initial-letter key is not a candidate', () => {
  const a = model.blockingKeys({ givenName: 'Robert', familyName: 'Hargreaves', dateOfBirth: '1984-06-12', postcode: 'LS6 2QT' });
  const b = model.blockingKeys({ givenName: 'Rachel', familyName: 'Okafor', dateOfBirth: '1990-01-30', postcode: 'LS6 2QT' });
  assert.ok(sharedWeight(a, b) < CANDIDATE_SHARED_KEY_WEIGHT);
});

test('two namesakes who share nothing but the name are not candidates; the same birth year makes them so', () => {
  const john = model.blockingKeys({ givenName: 'John', familyName: 'Smith', dateOfBirth: '1984-06-12', postcode: 'LS6 2QT' });
  const otherJohn = model.blockingKeys({ givenName: 'Jon', familyName: 'Smyth', dateOfBirth: '1971-02-03', postcode: 'HU1 2SG' });
  const sameYear = model.blockingKeys({ givenName: 'John', familyName: 'Smith', dateOfBirth: '1984-11-30', postcode: 'HU1 2SG' });
  const nameKeys = john.filter((k) => otherJohn.includes(k));
  assert.equal(nameKeys.length, 2, 'the straight and the swapped name key');
  assert.equal(sharedWeight(john, otherJohn), 1);
  assert.ok(sharedWeight(john, sameYear) >= CANDIDATE_SHARED_KEY_WEIGHT);
});

test('the name keys count once between them, identifying keys double', () => {
  assert.equal(sharedKeysWeight(['nm:S530:J500', 'nm:J500:S530']), 1);
  assert.equal(sharedKeysWeight(['nm:S530:J500', 'nm:J500:S530'], ['nm:J500:S530']), 2, 'a rare name of an undated record counts in full');
  assert.equal(sharedKeysWeight(['nm:S530:J500', 'dob:1984-06-12']), 2);
  assert.equal(sharedKeysWeight(['ph:07700900123']), 2);
  assert.equal(sharedKeysWeight([]), 0);
});

test('a record without a date of birth is compared by a rare name alone, and only it', () => {
  const dated = model.blockingKeys({ givenName: 'Nessa', familyName: 'Pender', dateOfBirth: '1988-08-21', postcode: 'TR15 3QP' });
  const undated = model.blockingKeys({ givenName: 'Nessa', familyName: 'Pender', address: '12 Fore Street, Truro' });
  const found = (from: string[], to: string[], isRare: (key: string) => boolean) =>
    sharedKeysWeight(
      from.filter((k) => to.includes(k)),
      namesInFull(from, isRare),
    );
  const rare = () => true;
  const common = () => false;
  assert.deepEqual(
    nameKeysToWeigh(undated),
    undated.filter((k) => k.startsWith('nm:')),
  );
  assert.deepEqual(nameKeysToWeigh(dated), [], 'a dated record never counts its name in full');
  assert.ok(found(undated, dated, rare) >= CANDIDATE_SHARED_KEY_WEIGHT, 'the undated record finds her by a rare name');
  assert.equal(found(undated, dated, common), 1, 'a common name says nothing alone');
  assert.equal(found(dated, undated, rare), 1, 'a dated record does not look for the undated records of its name');
});
