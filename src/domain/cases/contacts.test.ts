import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contactDue, relationshipToCase, tasksRaisedByContact, type ContactDisclosures } from './contacts.ts';

const at = new Date('2026-03-06T22:30:00Z');
const none: ContactDisclosures = { urgent: false, policeResourceRequested: false, unseenCrime: null, intelligence: null };

test('a contact raises the tasks its disclosures call for, each due by its rule', () => {
  const cases: { name: string; contact: typeof none; expected: [string, string, string][] }[] = [
    { name: 'an ordinary contact raises nothing', contact: none, expected: [] },
    { name: 'urgent without a police resource raises nothing', contact: { ...none, urgent: true }, expected: [] },
    {
      name: 'a police resource requested is the supervisor’s within 15 minutes',
      contact: { ...none, urgent: true, policeResourceRequested: true },
      expected: [['police-resource-requested', 'supervisor', '2026-03-06T22:45:00.000Z']],
    },
    { name: 'blank disclosures raise nothing', contact: { ...none, unseenCrime: '  ', intelligence: '' }, expected: [] },
    {
      name: 'unseen crime and intelligence are the recorder’s within 24 hours',
      contact: { ...none, unseenCrime: 'Assault last week', intelligence: 'Suspect has a new car' },
      expected: [
        ['record-unseen-crime', 'recorder', '2026-03-07T22:30:00.000Z'],
        ['submit-intelligence', 'recorder', '2026-03-07T22:30:00.000Z'],
      ],
    },
  ];
  for (const c of cases)
    assert.deepEqual(
      tasksRaisedByContact(c.contact, at).map((t) => [t.type, t.for, t.dueAt.toISOString()]),
      c.expected,
      c.name,
    );
});

test('the next contact is overdue, due today, upcoming or not set', () => {
  assert.equal(contactDue('2026-03-05', '2026-03-06'), 'overdue');
  assert.equal(contactDue('2026-03-06', '2026-03-06'), 'today');
  assert.equal(contactDue('2026-03-07', '2026-03-06'), 'upcoming');
  assert.equal(contactDue(null, '2026-03-06'), 'none');
});

test('a case is the owner’s own, its team’s, or the force’s', () => {
  const me = { userId: 'u1', teamId: 't1' };
  assert.equal(relationshipToCase(me, { ownerId: 'u1', teamId: 't2' }), 'own');
  assert.equal(relationshipToCase(me, { ownerId: 'u2', teamId: 't1' }), 'team');
  assert.equal(relationshipToCase(me, { ownerId: null, teamId: 't1' }), 'team');
  assert.equal(relationshipToCase(me, { ownerId: 'u2', teamId: 't2' }), 'force');
  assert.equal(relationshipToCase({ userId: null, teamId: null }, { ownerId: null, teamId: null }), 'force');
});
