import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encompassNotice, type EncompassFacts } from './encompassNotice.ts';

const facts = (change: Partial<EncompassFacts> = {}): EncompassFacts => ({
  child: { givenName: 'Lily', familyName: 'Ellison', dateOfBirth: '2016-09-03' },
  school: 'Oakwell Primary School',
  present: true,
  incident: {
    reference: 'SG-2026-0000001',
    occurredAt: new Date('2026-07-03T20:40:00Z'), // 9:40pm BST
    reportedAt: new Date('2026-07-03T21:15:00Z'),
    locationAddress: '14 Alder Close, Barnsley',
    classification: 'Domestic abuse - assault',
  },
  ...change,
});

const value = (n: ReturnType<typeof encompassNotice>, key: string) => n.rows.find((r) => r.key === key)?.value;

test('the notice names the child, the school, the reference, the London time, presence and the classification', () => {
  const n = encompassNotice(facts());
  assert.equal(value(n, "Child's name"), 'Lily ELLISON');
  assert.equal(value(n, 'Date of birth'), '3 September 2016');
  assert.equal(value(n, 'School'), 'Oakwell Primary School');
  assert.equal(value(n, 'Police reference'), 'SG-2026-0000001');
  assert.equal(value(n, 'Date and time of the incident'), '3 July 2026 at 9:40pm');
  assert.equal(value(n, 'Location'), '14 Alder Close, Barnsley');
  assert.equal(value(n, 'Child present'), 'Yes, the child was present');
  assert.equal(value(n, 'Brief circumstances'), 'Domestic abuse - assault');
});

test('the plain text carries every row, one per line', () => {
  const n = encompassNotice(facts());
  for (const r of n.rows) assert.ok(n.text.includes(`${r.key}: ${r.value}\n`) || n.text.endsWith(`${r.key}: ${r.value}`), r.key);
});

test('a child not present, with no recorded school, DOB or time of occurrence, still gets a notice that says so', () => {
  const n = encompassNotice(
    facts({
      present: false,
      school: '  ',
      child: { givenName: 'Noah', familyName: 'Ellison', dateOfBirth: null },
      incident: { ...facts().incident, occurredAt: null },
    }),
  );
  assert.equal(value(n, 'Child present'), 'No, the child was not present');
  assert.equal(value(n, 'Date of birth'), 'Not known');
  assert.match(value(n, 'School') ?? '', /^Not recorded/);
  assert.equal(value(n, 'Date and time reported'), '3 July 2026 at 10:15pm');
  assert.equal(
    encompassNotice(facts({ present: null })).rows.find((r) => r.key === 'Child present')?.value,
    'Not recorded by the attending officer',
  );
});

test('nothing of the narrative reaches the school: only the fields a school needs', () => {
  const n = encompassNotice(facts());
  assert.deepEqual(
    n.rows.map((r) => r.key),
    [
      "Child's name",
      'Date of birth',
      'School',
      'Police reference',
      'Date and time of the incident',
      'Location',
      'Child present',
      'Brief circumstances',
    ],
  );
});
