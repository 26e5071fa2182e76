import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, verifyPassword } from './passwords.ts';

test('passwords are stored as argon2id hashes and verify only with the right password', async () => {
  const stored = await hashPassword('correct horse battery');
  assert.match(stored, /^\$argon2id\$/);
  assert.equal(await verifyPassword(stored, 'correct horse battery'), true);
  assert.equal(await verifyPassword(stored, 'wrong horse battery'), false);
  assert.equal(await verifyPassword(null, 'anything'), false);
  assert.equal(await verifyPassword('not-a-hash', 'anything'), false);
});
