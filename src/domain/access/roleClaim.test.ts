import { test } from 'node:test';
import assert from 'node:assert/strict';
import { roleFromClaim } from './roleClaim.ts';

const cases: [string, unknown, ReturnType<typeof roleFromClaim>][] = [
  ['a plain role code', 'assessor', { kind: 'role', role: 'assessor' }],
  ['an Entra ID app role, any case', ['Safeguard.Coordinator'], { kind: 'role', role: 'coordinator' }],
  ['the same role twice', ['supervisor', 'SUPERVISOR'], { kind: 'role', role: 'supervisor' }],
  ['other applications’ roles beside ours', ['Payroll.Reader', 'researcher'], { kind: 'role', role: 'researcher' }],
  ['a role we do not have', 'cleaner', { kind: 'none' }],
  ['the API-only service role', 'integration', { kind: 'none' }],
  ['no claim at all', undefined, { kind: 'none' }],
  ['a number', 42, { kind: 'none' }],
  ['an empty list', [], { kind: 'none' }],
  ['two different roles', ['auditor', 'admin'], { kind: 'ambiguous', roles: ['admin', 'auditor'] }],
];

for (const [name, claim, expected] of cases) {
  test(`role claim: ${name}`, () => assert.deepEqual(roleFromClaim(claim), expected));
}
