import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CANDIDATE_SHARED_KEY_WEIGHT, sharedKeyWeight } from './candidates.ts';
import { FellegiSunterModel } from './model.ts';

const model = new FellegiSunterModel();
const sharedWeight = (a: string[], b: string[]) => a.filter((k) => b.includes(k)).reduce((sum, k) => sum + sharedKeyWeight(k), 0);

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
