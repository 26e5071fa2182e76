import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NO_FACTS, breakGlassExpiresAt, listShows, relationshipTo, type AccessFacts, type AccessUser } from './relationship.ts';
import { can } from './policy.ts';

const me: AccessUser = { role: 'assessor', userId: 'u-me', teamId: 'north', agencyId: null };
const idva: AccessUser = { role: 'partner', userId: 'u-idva', teamId: null, agencyId: 'refuge' };
const facts = (f: Partial<AccessFacts>): AccessFacts => ({ ...NO_FACTS, ...f });

// prettier-ignore
const TABLE: [string, AccessUser, Partial<AccessFacts>, string, string[]][] = [
  // what                                        user   facts                                                                 relationship closed
  ['my open case',                               me,   { cases: [{ personId: 'p', ownerId: 'u-me', teamId: 'south' }] },     'own',   []],
  ['a task about them assigned to me',           me,   { tasks: [{ personId: 'p', assigneeId: 'u-me', teamId: null }] },      'own',   []],
  ["my team's case, owned by a colleague",       me,   { cases: [{ personId: 'p', ownerId: 'u-x', teamId: 'north' }] },      'team',  []],
  ["an unclaimed task of my team's",             me,   { tasks: [{ personId: 'p', assigneeId: null, teamId: 'north' }] },     'team',  []],
  ["another team's case",                        me,   { cases: [{ personId: 'p', ownerId: 'u-x', teamId: 'south' }] },      'force', []],
  ['nobody holds them',                          me,   {},                                                                   'force', []],
  ['own beats team across a set',                me,   { cases: [{ personId: 'a', ownerId: 'u-x', teamId: 'north' }, { personId: 'b', ownerId: 'u-me', teamId: null }] }, 'own', []],
  ['restricted, no grant',                       me,   { restricted: ['p'] },                                                'force', ['p']],
  ['restricted, granted to me',                  me,   { restricted: ['p'], opened: ['p'] },                                 'force', []],
  ['restricted, my own case',                    me,   { restricted: ['p'], cases: [{ personId: 'p', ownerId: 'u-me', teamId: 'north' }] }, 'own', []],
  ["restricted, my team's case only",            me,   { restricted: ['p'], cases: [{ personId: 'p', ownerId: 'u-x', teamId: 'north' }] },  'team', ['p']],
  ['restricted party among others',              me,   { restricted: ['b'], opened: ['a'] },                                 'force', ['b']],
  ['partner: shared with my agency',             idva, { shared: [{ personId: 'p', agencyId: 'refuge' }] },                  'shared', []],
  ['partner: shared with another agency',        idva, { shared: [{ personId: 'p', agencyId: 'probation' }] },               'none',  []],
  ['partner: nothing shared, a case exists',     idva, { cases: [{ personId: 'p', ownerId: 'u-idva', teamId: null }] },      'none',  []],
  ['partner: shared but restricted',             idva, { shared: [{ personId: 'p', agencyId: 'refuge' }], restricted: ['p'] }, 'shared', ['p']],
  ['partner without an agency',                  { ...idva, agencyId: null }, { shared: [{ personId: 'p', agencyId: 'refuge' }] }, 'none', []],
  ['the system',                                 { role: 'system', userId: null, teamId: null, agencyId: null }, { restricted: ['p'] }, 'force', []],
];

for (const [what, user, f, relationship, closed] of TABLE) {
  test(`relationship: ${what} → ${relationship}${closed.length ? ', restricted' : ''}`, () => {
    assert.deepEqual(relationshipTo(user, facts(f)), { relationship, closed });
  });
}

test('the policy refuses a closed restricted record whatever the role and relationship, and a partner with nothing shared', () => {
  for (const relationship of ['own', 'team', 'force'] as const) {
    assert.equal(can({ role: 'supervisor' }, 'person:view', { relationship, restricted: true }), false, relationship);
    assert.equal(can({ role: 'supervisor' }, 'person:view', { relationship }), true, relationship);
  }
  assert.equal(can({ role: 'partner' }, 'partner:referral-view', { relationship: 'shared' }), true);
  assert.equal(can({ role: 'partner' }, 'partner:referral-view', { relationship: 'none' }), false);
  // The force's own record of a person is never a partner's, shared or not: only the referral's copy is.
  assert.equal(can({ role: 'partner' }, 'person:view', { relationship: 'shared' }), false);
  assert.equal(can({ role: 'partner' }, 'person:view', { relationship: 'force' }), false, 'a partner is never force-wide');
  assert.equal(can({ role: 'partner' }, 'person:view'), false, 'the route refuses it outright: a partner has no person pages');
  assert.equal(
    can({ role: 'partner' }, 'partner:referral-view'),
    true,
    'the role may read some referrals: the route does not refuse it outright',
  );
  assert.equal(can({ role: 'auditor' }, 'person:view'), false);
  assert.equal(can({ role: 'partner' }, 'person:break-glass'), false, 'partners cannot break glass');
  assert.equal(can({ role: 'victimcare' }, 'person:break-glass'), true);
  assert.equal(can({ role: 'assessor' }, 'person:grant-access'), false);
  assert.equal(can({ role: 'supervisor' }, 'person:grant-access'), true);
});

test("a list shows a partner only their agency's people, and a restricted person only to whom it is open", () => {
  const partner = { among: ['a'], restrictedOpen: [] };
  assert.equal(listShows(partner, { id: 'a', restricted: false }), true);
  assert.equal(listShows(partner, { id: 'b', restricted: false }), false);
  assert.equal(listShows(partner, { id: 'a', restricted: true }), false);
  const staff = { among: null, restrictedOpen: ['r'] };
  assert.equal(listShows(staff, { id: 'b', restricted: false }), true);
  assert.equal(listShows(staff, { id: 'r', restricted: true }), true);
  assert.equal(listShows(staff, { id: 's', restricted: true }), false);
  assert.equal(listShows({ among: null, restrictedOpen: 'all' }, { id: 's', restricted: true }), true);
});

test('break-glass opens a record for four hours', () => {
  assert.equal(breakGlassExpiresAt(new Date('2026-03-01T10:00:00Z')).toISOString(), '2026-03-01T14:00:00.000Z');
});
