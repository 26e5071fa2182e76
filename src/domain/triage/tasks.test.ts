import { test } from 'node:test';
import assert from 'node:assert/strict';
import { triageDueAt } from './tasks.ts';

test('triage is due 2 hours after a high-risk report, 24 after medium and 72 after standard or ungraded', () => {
  const reported = new Date('2026-03-06T22:30:00Z');
  assert.equal(triageDueAt(reported, 'high').toISOString(), '2026-03-07T00:30:00.000Z');
  assert.equal(triageDueAt(reported, 'medium').toISOString(), '2026-03-07T22:30:00.000Z');
  assert.equal(triageDueAt(reported, 'standard').toISOString(), '2026-03-09T22:30:00.000Z');
  assert.equal(triageDueAt(reported, undefined).toISOString(), '2026-03-09T22:30:00.000Z');
  assert.equal(triageDueAt(reported, 'high', { high: 1, medium: 12, standard: 48 }).toISOString(), '2026-03-06T23:30:00.000Z');
});
