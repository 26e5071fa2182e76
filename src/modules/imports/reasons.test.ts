import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { incidentFromRow, readRows } from './rows.ts';
import { intakeReason, partyOfParties, partyOfPrefix, unstorableReason } from './reasons.ts';
import { csvPlaces } from './columns.ts';

/** Every reason the importer gives for quarantining a row reads as a person would write it, naming the cell. */

const HEADER = [
  'source_reference',
  'reported_at',
  'occurred_at',
  'classification',
  'location_address',
  'victim_given_name',
  'victim_family_name',
  'victim_date_of_birth',
  'victim_sex',
  'suspect_given_name',
  'suspect_family_name',
  'child2_given_name',
  'child2_family_name',
  'child2_present',
  'dash_1',
  'answer_1',
  'instrument',
  'officer_grade',
  'dash_officer_grade',
];
const GOOD: Record<string, string> = {
  source_reference: 'INC-1',
  reported_at: '2026-03-06T21:15:00Z',
  classification: 'Domestic abuse - assault',
  victim_given_name: 'Margaret',
  victim_family_name: 'Ellison',
};
const csvLine = (values: Record<string, string>) =>
  HEADER.map((h) => {
    const v = values[h] ?? '';
    return /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
  }).join(',');
const csv = (change: Record<string, string>) =>
  incidentFromRow({ format: 'csv', source: 'niche', header: HEADER }, csvLine({ ...GOOD, ...change }));

const GOOD_JSON = {
  sourceReference: 'INC-1',
  reportedAt: '2026-03-06T21:15:00Z',
  classification: 'Domestic abuse - assault',
  parties: [{ role: 'victim', person: { givenName: 'Margaret', familyName: 'Ellison' } }],
};
const ndjson = (line: unknown) =>
  incidentFromRow({ format: 'ndjson', source: 'niche', header: null }, typeof line === 'string' ? line : JSON.stringify(line));

const reasonOf = (reading: ReturnType<typeof incidentFromRow>) => (reading.ok ? '(accepted)' : reading.reason);

const long = (n: number) => 'x'.repeat(n);
const SCHEMA_AND_SHAPE: [string, () => ReturnType<typeof incidentFromRow>, string][] = [
  ['a party without a family name', () => csv({ victim_family_name: '' }), 'the victim has no family name (victim_family_name)'],
  ['a party without a given name', () => csv({ suspect_family_name: 'Ellison' }), 'the suspect has no given name (suspect_given_name)'],
  [
    'a date of birth in another form',
    () => csv({ victim_date_of_birth: '12/04/1986' }),
    "the victim's date of birth is not written as a date like 1986-04-12 (year, month, day) (victim_date_of_birth)",
  ],
  [
    'a date of birth that is no real date',
    () => csv({ victim_date_of_birth: '1986-02-30' }),
    "the victim's date of birth is not a real date on or after 1 January 1900 (victim_date_of_birth)",
  ],
  ['a sex not offered', () => csv({ victim_sex: 'f' }), "the victim's sex must be female, male or unknown (victim_sex)"],
  [
    'a name too long',
    () => csv({ victim_given_name: long(101) }),
    "the victim's given name is longer than the 100 characters allowed (victim_given_name)",
  ],
  ['no source reference', () => csv({ source_reference: '' }), 'the row has no source reference (source_reference)'],
  ['no classification', () => csv({ classification: '' }), 'the row has no classification (classification)'],
  [
    'a report time without its zone',
    () => csv({ reported_at: '2026-03-06 21:15' }),
    'the time it was reported is not written as a date and time with its time zone, like 2026-03-01T21:15:00Z (reported_at)',
  ],
  [
    'a report time before 1900',
    () => csv({ reported_at: '1899-12-31T10:00:00Z' }),
    'the time it was reported is not a real date and time after 1900 (reported_at)',
  ],
  [
    'an incident happening after its report',
    () => csv({ occurred_at: '2026-03-07T21:15:00Z' }),
    'the incident is said to have happened after it was reported (occurred_at)',
  ],
  [
    'a location postcode without an address is fine, an address too long is not',
    () => csv({ location_address: long(301) }),
    "the location's address is longer than the 300 characters allowed (location_address)",
  ],
  [
    'a child whose presence is neither yes nor no',
    () => csv({ child2_given_name: 'Ella', child2_family_name: 'Ellison', child2_present: 'maybe' }),
    'it is not clear whether the second child was present: write yes or no (child2_present)',
  ],
  [
    'an answer not offered',
    () => csv({ dash_1: 'perhaps', officer_grade: 'medium' }),
    "the answer to question 1 must be yes, no or don't know (dash_1)",
  ],
  [
    'a question answered twice',
    () => csv({ dash_1: 'yes', answer_1: 'no', officer_grade: 'medium' }),
    'question 1 is answered twice, in dash_1 and answer_1: fill one',
  ],
  [
    'DASH columns for another instrument',
    () => csv({ dash_1: 'yes', instrument: 'dara-2022', officer_grade: 'medium' }),
    'dash_ columns hold DASH 2009 answers, but the row names the instrument dara-2022: give its answers in answer_ columns (dash_1)',
  ],
  [
    'two grades',
    () => csv({ officer_grade: 'medium', dash_officer_grade: 'high' }),
    "the officer's grade is given twice, in officer_grade and dash_officer_grade: fill one",
  ],
  [
    'answers without a grade',
    () => csv({ dash_1: 'yes' }),
    "the officer's grade is missing (it is needed whenever any of the questionnaire is filled in) (officer_grade)",
  ],
  ['a grade not offered', () => csv({ officer_grade: 'severe' }), "the officer's grade must be standard, medium or high (officer_grade)"],
  [
    'an instrument code in the wrong form',
    () => csv({ instrument: 'DASH 2009!', officer_grade: 'medium' }),
    "the instrument is not written as an instrument's code, like dash-2009, dara-2022 or a force variant's code (instrument)",
  ],
  [
    'a row with too few cells',
    () => incidentFromRow({ format: 'csv', source: 'niche', header: HEADER }, 'INC-1,2026-03-06T21:15:00Z'),
    `the row has 2 cells but the header has ${HEADER.length} columns (a comma or quote may be missing or extra)`,
  ],
  [
    'a CSV row with a quote never closed',
    () => incidentFromRow({ format: 'csv', source: 'niche', header: HEADER }, '"INC-1,2026'),
    'the row is not valid CSV: a quoted cell is never closed (a closing double quote is missing)',
  ],
  ['a line that is not JSON', () => ndjson('{"sourceReference": 1,}'), 'the line is not valid JSON (the first problem is at character 23)'],
  ['a line that is a list', () => ndjson('[1, 2]'), 'the line is not one JSON object: each line must hold one incident, in braces { }'],
  [
    'an incident without a victim',
    () => ndjson({ ...GOOD_JSON, parties: [{ role: 'suspect', person: { givenName: 'Robert', familyName: 'Ellison' } }] }),
    'the row names no victim: every incident needs one (parties)',
  ],
  [
    'an incident naming no one',
    () => ndjson({ ...GOOD_JSON, parties: [] }),
    'the row names no one: an incident needs at least its victim (parties)',
  ],
  [
    'a name given as a number',
    () => ndjson({ ...GOOD_JSON, parties: [{ role: 'victim', person: { givenName: 7, familyName: 'Ellison' } }] }),
    "the victim's given name must be text (parties.0.person.givenName)",
  ],
  [
    'the second of two children without a family name',
    () =>
      ndjson({
        ...GOOD_JSON,
        parties: [
          ...GOOD_JSON.parties,
          { role: 'child', person: { givenName: 'Ella', familyName: 'Ellison' } },
          { role: 'child', person: { givenName: 'Jack', familyName: '' } },
        ],
      }),
    'the second child has no family name (parties.2.person.familyName)',
  ],
  [
    'a role not offered',
    () =>
      ndjson({ ...GOOD_JSON, parties: [...GOOD_JSON.parties, { role: 'neighbour', person: { givenName: 'Al', familyName: 'Brook' } }] }),
    "party 2's role must be victim, suspect, child, witness or other (parties.1.role)",
  ],
  [
    'a source system with spaces',
    () => ndjson({ ...GOOD_JSON, sourceSystem: 'niche rms' }),
    'the source system may use only letters, numbers, dots, hyphens and underscores (sourceSystem)',
  ],
  [
    'a question id that is not one',
    () => ndjson({ ...GOOD_JSON, riskAssessment: { instrument: 'dash-2009', answers: { 'question one': 'yes' }, officerGrade: 'medium' } }),
    'the questionnaire has a question id that is not like "1" or "28" (letters, numbers, dots, hyphens and underscores, at most 20) (riskAssessment.answers.question one)',
  ],
];

for (const [what, read, expected] of SCHEMA_AND_SHAPE) {
  test(`quarantine reason for ${what}`, () => assert.equal(reasonOf(read()), expected));
}

test('a row with several problems gives each, once, in words', () => {
  assert.equal(
    reasonOf(csv({ victim_family_name: '', victim_sex: 'f' })),
    "the victim has no family name (victim_family_name); the victim's sex must be female, male or unknown (victim_sex)",
  );
});

test('what intake refuses reads as a sentence about the field, naming its column', () => {
  const layout = { partyPrefixes: ['victim', 'suspect'], answerColumns: { '28': 'answer_28' }, gradeColumn: 'officer_grade' };
  const cases: [{ field: string; message: string }, string][] = [
    [{ field: 'reportedAt', message: 'reportedAt must not be in the future' }, 'the time it was reported is in the future (reported_at)'],
    [{ field: 'occurredAt', message: 'occurredAt must not be in the future' }, 'the time it happened is in the future (occurred_at)'],
    [
      { field: 'riskAssessment.instrument', message: 'instrument must be one the force has published: dash-2009, dara-2022' },
      'the instrument is not one the force has published (it has published dash-2009, dara-2022) (instrument)',
    ],
    [
      { field: 'riskAssessment.instrumentVersion', message: 'dash-2009 has no such version: its only version is 2009' },
      'the instrument version is not one the force has published: dash-2009 has no such version: its only version is 2009 (instrument_version)',
    ],
    [
      { field: 'riskAssessment.answers.28', message: 'DASH (version 2009) has no question "28" (its questions are 1 to 27)' },
      'the answer to question 28 cannot be used: DASH (version 2009) has no question "28" (its questions are 1 to 27) (answer_28)',
    ],
    [
      { field: 'riskAssessment.comments.3', message: 'DASH (version 2009) takes no comments' },
      'the comment on question 3 cannot be used: DASH (version 2009) takes no comments (comment_3)',
    ],
    [
      { field: 'riskAssessment.officerRationale', message: "DARA (version 2022) needs the officer's rationale for the grade" },
      "the officer's rationale is missing: DARA (version 2022) needs the officer's rationale for the grade (officer_rationale)",
    ],
  ];
  for (const [error, expected] of cases) assert.equal(intakeReason([error], csvPlaces(layout)), expected);
});

test('what the database refuses is named without its message', () => {
  assert.equal(unstorableReason('22001'), 'the row could not be stored: a value is too long to store');
  assert.equal(unstorableReason('22P05'), 'the row could not be stored: a value has characters that cannot be stored');
  assert.equal(unstorableReason('23999'), 'the row could not be stored: the database refused one of its values (error 23999)');
});

test('rows that cannot even be read are staged with a reason in words', async () => {
  const file = `${HEADER.join(',')}\nINC-1,"never closed\n`;
  const staged = [];
  for await (const row of readRows(Readable.from([file]), 'csv', () => {})) staged.push(row);
  assert.equal(staged.at(-1)?.problem, 'the row is not valid CSV: a quoted cell is never closed (a closing double quote is missing)');
  const nul = [];
  for await (const row of readRows(Readable.from([`${JSON.stringify(GOOD_JSON)}\u0000\n`]), 'ndjson', () => {})) nul.push(row);
  assert.equal(nul[0].problem, 'the row contains a NUL character (an invisible control character), which cannot be stored: remove it');
});

test('parties are named as a person would name them', () => {
  assert.deepEqual(['victim', 'suspect', 'child1', 'child4', 'witness2'].map(partyOfPrefix), [
    'the victim',
    'the suspect',
    'the first child',
    'the fourth child',
    'the second witness',
  ]);
  const parties = [{ role: 'victim' }, { role: 'child' }, { role: 'child' }, { role: 'other' }, {}];
  assert.deepEqual(
    parties.map((_, i) => partyOfParties(parties, i)),
    ['the victim', 'the first child', 'the second child', 'the other party', 'party 5'],
  );
});
