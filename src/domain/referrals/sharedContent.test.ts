import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SHAREABLE_FIELD_IDS, type ShareableField } from './referral.ts';
import { sharedContentOf, sharedItems, type ReferralSource } from './sharedContent.ts';

const source: ReferralSource = {
  victim: {
    givenName: 'Jana',
    familyName: 'Okoro',
    dateOfBirth: '1991-04-02',
    address: '4 Mill Lane, NS1 2AB',
    phone: '07700 900123',
    safeContact: 'Text only, after 6pm',
  },
  incident: {
    reference: 'DA-2026-000123',
    reportedOn: '1 March 2026',
    classification: 'Assault',
    location: '4 Mill Lane',
    narrative: 'Argument escalated',
  },
  riskGrade: 'high',
  children: [{ name: 'Lily OKORO', dateOfBirth: '2018-06-01' }],
  perpetrators: [{ name: 'Mark OKORO', dateOfBirth: null }],
};

const cases: { fields: ShareableField[]; present: ShareableField[]; absentText: string[] }[] = [
  {
    fields: ['victim-name'],
    present: ['victim-name'],
    absentText: ['1991-04-02', 'Mill Lane', '07700', 'Text only', 'High', 'Lily', 'Mark'],
  },
  {
    fields: ['safe-contact', 'victim-phone'],
    present: ['victim-phone', 'safe-contact'],
    absentText: ['Jana', '1991', 'Mill Lane', 'Lily', 'Mark'],
  },
  { fields: ['children', 'risk-grade'], present: ['risk-grade', 'children'], absentText: ['Jana', 'Mill Lane', 'Mark', 'Assault'] },
  { fields: [...SHAREABLE_FIELD_IDS], present: [...SHAREABLE_FIELD_IDS], absentText: [] },
];

for (const c of cases) {
  test(`sharing ${c.fields.join(', ')} holds those fields and nothing else`, () => {
    const content = sharedContentOf(c.fields, source);
    assert.deepEqual(Object.keys(content), c.present);
    const text = JSON.stringify(content);
    for (const t of c.absentText) assert.doesNotMatch(text, new RegExp(t), t);
    assert.deepEqual(
      sharedItems(content).map((i) => i.field),
      c.present,
    );
  });
}

test('missing details say so rather than leaving a gap', () => {
  const bare = { ...source, victim: { ...source.victim, phone: null, safeContact: null }, children: [] };
  const content = sharedContentOf(['victim-phone', 'safe-contact', 'children'], bare);
  assert.equal(content['victim-phone'], 'Not held');
  assert.match(String(content['safe-contact']), /ask the referrer/);
  assert.deepEqual(content.children, ['No children linked to the incident']);
});

test('the risk grade is shared as a word, capitalised as every other page shows it', () => {
  assert.equal(sharedContentOf(['risk-grade'], source)['risk-grade'], 'High');
  assert.equal(sharedContentOf(['risk-grade'], { ...source, riskGrade: null })['risk-grade'], 'Not yet graded');
});
