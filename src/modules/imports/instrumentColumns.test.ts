import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DARA_2022, DASH_2009 } from '../../domain/risk/instruments.ts';
import { actorFromUser } from '../users/index.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { importCommand } from '../../cli/import.ts';
import { InstrumentService } from '../instruments/index.ts';
import { incidentFromCsv } from './columns.ts';
import { CSV_HEADER, csvFile, csvValues, recordingTerminal, writeTemp } from './testFiles.ts';

let t: TestApp;
const VARIANT = 'dash-2009-moorfield';

before(async () => {
  t = await createTestApp();
  const admin = actorFromUser((await t.services.users.findByUsername('admin'))!, 'web');
  // The force's DASH: version 1 adds a firearms question (28); version 2, saved later, is the current one without it.
  const instruments = new InstrumentService(t.services.db, t.services.audit, t.services.clock);
  const save = (version: string, added?: boolean) =>
    instruments.saveVersion(admin, DASH_2009, {
      code: VARIANT,
      version,
      title: 'Moorfield DASH',
      questions: Object.fromEntries(DASH_2009.questions.map((q) => [q.id, { text: q.text }])),
      thresholds: { medium: 8, high: 12 },
      ...(added ? { addedQuestion: { label: 'Firearms', text: 'Does the suspect hold a firearms licence?', countsTowardBand: true } } : {}),
    });
  await save('1', true);
  t.clock.advance(60_000);
  await save('2');
});
after(() => t.close());

// The usual synthetic incident without its DASH columns, then the questionnaire columns under test.
const PEOPLE = CSV_HEADER.filter((c) => !c.startsWith('dash_'));
const QUESTIONNAIRE = [
  'instrument',
  'instrument_version',
  'answer_1',
  'answer_2',
  'answer_3',
  'answer_28',
  'comment_3',
  'officer_grade',
  'officer_rationale',
];
const HEADER = [...PEOPLE, ...QUESTIONNAIRE];

function row(n: number, questionnaire: Partial<Record<(typeof QUESTIONNAIRE)[number], string>>): string[] {
  const people = csvValues(n);
  return [...PEOPLE.map((c) => people[CSV_HEADER.indexOf(c)]), ...QUESTIONNAIRE.map((c) => questionnaire[c] ?? '')];
}

const officerAssessment = (sourceReference: string) =>
  t.services.db
    .selectFrom('risk_assessment')
    .innerJoin('incident', 'incident.id', 'risk_assessment.incident_id')
    .select(['instrument', 'instrument_version', 'answers', 'comments', 'officer_grade', 'rationale'])
    .where('incident.source_system', '=', 'csv-instruments')
    .where('incident.source_reference', '=', sourceReference)
    .where('risk_assessment.assessed_by', 'is', null)
    .executeTakeFirst();

describe('a CSV row naming the instrument the officer answered', () => {
  test('DARA and force-variant rows import with their answers; bad instruments and answers are quarantined with the cell named', async () => {
    const rationale = 'Controlling since she left; she fears he will find her';
    const rows = [
      row(300, {
        instrument: 'dara-2022',
        answer_1: 'yes',
        answer_2: 'no',
        answer_3: 'y',
        comment_3: 'Checks her phone nightly',
        officer_grade: 'high',
        officer_rationale: rationale,
      }),
      row(301, { instrument: VARIANT, instrument_version: '1', answer_1: 'yes', answer_28: 'yes', officer_grade: 'medium' }),
      row(302, { instrument: 'DASH-2019', answer_1: 'yes', officer_grade: 'standard' }),
      row(303, { instrument: 'dara-2022', answer_1: 'yes', officer_grade: 'medium' }),
      row(304, { instrument: VARIANT, answer_28: 'yes', officer_grade: 'medium' }),
      row(305, { instrument: VARIANT, instrument_version: '9', answer_1: 'no', officer_grade: 'standard' }),
      row(306, { instrument: 'DASH 2009', answer_1: 'no', officer_grade: 'standard' }),
      row(307, { instrument: 'dara-2022', answer_1: 'perhaps', officer_grade: 'high', officer_rationale: rationale }),
      row(308, { answer_1: 'yes', answer_2: 'dk', officer_grade: 'Standard' }),
    ];
    const file = await writeTemp('instruments.csv', csvFile(rows, HEADER));
    const term = recordingTerminal();
    const code = await importCommand(t.services, [file, '--source', 'csv-instruments'], term);
    assert.equal(code, 0, term.stderr);
    assert.equal(term.stdout.at(-1), 'accepted 3, duplicate 0, quarantined 6 (of 9 rows)');
    assert.deepEqual(term.stdout.slice(0, -1), [
      `row 4: the instrument is not one the force has published (it has published dash-2009, dara-2022, ${VARIANT}) (instrument)`,
      `row 5: the officer's rationale is missing: ${DARA_2022.title} (version 2022) needs the officer's rationale for the grade (officer_rationale)`,
      'row 6: the answer to question 28 cannot be used: Moorfield DASH (version 2) has no question "28" (its questions are 1 to 27) (answer_28)',
      `row 7: the instrument version is not one the force has published: ${VARIANT} has no such version: see /admin/instruments for its versions (instrument_version)`,
      "row 8: the instrument is not written as an instrument's code, like dash-2009, dara-2022 or a force variant's code (instrument)",
      "row 9: the answer to question 1 must be yes, no or don't know (answer_1)",
    ]);

    const dara = await officerAssessment('CSV-300');
    assert.deepEqual(dara, {
      instrument: 'dara-2022',
      instrument_version: '2022',
      answers: { '1': 'yes', '2': 'no', '3': 'yes' },
      comments: { '3': 'Checks her phone nightly' },
      officer_grade: 'high',
      rationale,
    });
    const variant = await officerAssessment('CSV-301');
    assert.equal(variant?.instrument, VARIANT);
    assert.equal(variant?.instrument_version, '1');
    assert.deepEqual(variant?.answers, { '1': 'yes', '28': 'yes' });
    // A row without an instrument is DASH 2009, as before these columns existed.
    const dash = await officerAssessment('CSV-308');
    assert.equal(dash?.instrument, 'dash-2009');
    assert.deepEqual(dash?.answers, { '1': 'yes', '2': 'dont-know' });
    for (const ref of ['CSV-302', 'CSV-303', 'CSV-304', 'CSV-305', 'CSV-306', 'CSV-307']) {
      assert.equal(await officerAssessment(ref), undefined, `${ref} was not stored`);
    }
  });
});

describe('the questionnaire columns of one CSV row', () => {
  const convert = (cells: Record<string, string>) =>
    incidentFromCsv(['source_reference', 'victim_given_name', ...Object.keys(cells)], ['R-1', 'Ada', ...Object.values(cells)], 'csv');

  test('dash_ columns answer DASH 2009 only, and a question answered twice is refused', () => {
    assert.deepEqual(convert({ instrument: 'dara-2022', dash_1: 'yes', officer_grade: 'high' }), {
      ok: false,
      reason:
        'dash_ columns hold DASH 2009 answers, but the row names the instrument dara-2022: give its answers in answer_ columns (dash_1)',
    });
    assert.deepEqual(convert({ dash_4: 'yes', answer_4: 'no', officer_grade: 'high' }), {
      ok: false,
      reason: 'question 4 is answered twice, in dash_4 and answer_4: fill one',
    });
    assert.deepEqual(convert({ officer_grade: 'high', dash_officer_grade: 'high' }), {
      ok: false,
      reason: "the officer's grade is given twice, in officer_grade and dash_officer_grade: fill one",
    });
  });

  test('a rationale or instrument alone still makes a questionnaire, so a missing grade is reported rather than dropped', () => {
    const converted = convert({ officer_rationale: 'She is frightened' });
    assert.ok(converted.ok);
    assert.deepEqual((converted.incident as { riskAssessment: unknown }).riskAssessment, {
      instrument: 'dash-2009',
      instrumentVersion: undefined,
      answers: {},
      officerGrade: undefined,
      officerRationale: 'She is frightened',
    });
  });
});
