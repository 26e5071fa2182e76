import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDatabaseShuttingDown } from './jobs.ts';

test("PostgreSQL's 'terminating connection due to administrator command' is recognised as the database stopping", () => {
  assert.equal(
    isDatabaseShuttingDown(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })),
    true,
  );
  assert.equal(isDatabaseShuttingDown(Object.assign(new Error('syntax error'), { code: '42601' })), false);
  assert.equal(isDatabaseShuttingDown(new Error('Connection terminated unexpectedly')), false);
  assert.equal(isDatabaseShuttingDown(undefined), false);
});
