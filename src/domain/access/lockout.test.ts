import assert from 'node:assert/strict';
import test from 'node:test';
import { lockStands } from './lockout.ts';

const lockedAt = new Date('2026-12-07T10:00:00Z');

test('a lock holds for thirty minutes and then ends by itself', () => {
  const cases: Array<[string, Date | null, string, boolean]> = [
    ['no lock', null, '2026-12-07T10:00:00Z', false],
    ['at the moment of the lock', lockedAt, '2026-12-07T10:00:00Z', true],
    ['29 minutes 59 seconds later', lockedAt, '2026-12-07T10:29:59Z', true],
    ['exactly 30 minutes later', lockedAt, '2026-12-07T10:30:00Z', false],
    ['a day later', lockedAt, '2026-12-08T10:00:00Z', false],
  ];
  for (const [name, at, now, holds] of cases) assert.equal(lockStands(at, new Date(now)), holds, name);
});
