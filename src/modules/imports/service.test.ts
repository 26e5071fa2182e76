import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { importCommand } from '../../cli/import.ts';
import { anIncidentBody, CSV_HEADER, csvFile, csvValues, ndjsonFile, recordingTerminal, writeTemp } from './testFiles.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const incidentsFrom = async (sourceSystem: string) => {
  const { rows } = await sql<{ source_reference: string }>`
    select source_reference from incident where source_system = ${sourceSystem} order by source_reference`.execute(t.services.db);
  return rows.map((r) => r.source_reference);
};

async function runImport(file: string, ...args: string[]) {
  const term = recordingTerminal();
  const code = await importCommand(t.services, [file, ...args], term);
  return { code, term, last: term.stdout.at(-1) };
}

describe('importing a CSV file from the command line', () => {
  test('every row lands as an incident identical to one sent by the API, with the reconciliation printed', async () => {
    const file = await writeTemp(
      'force.csv',
      '\uFEFF' +
        csvFile(
          [1, 2, 3].map((n) => csvValues(n)),
          CSV_HEADER,
          '\r\n',
        ),
    );
    const { code, last, term } = await runImport(file, '--source', 'csv-a');
    assert.equal(code, 0, term.stderr);
    assert.equal(last, 'accepted 3, duplicate 0, quarantined 0 (of 3 rows)');
    assert.match(term.stderr, /3\/3 rows/);
    assert.deepEqual(await incidentsFrom('csv-a'), ['CSV-1', 'CSV-2', 'CSV-3']);

    // Quoted commas and line breaks survive; child rows raise Operation Encompass like the API.
    const incident = await t.services.db
      .selectFrom('incident')
      .selectAll()
      .where('source_system', '=', 'csv-a')
      .where('source_reference', '=', 'CSV-3')
      .executeTakeFirstOrThrow();
    assert.equal(incident.narrative, 'Neighbour called, "shouting, banging".\nOfficers attended.');
    const tasks = await t.services.db.selectFrom('task').select('type').where('incident_id', '=', incident.id).orderBy('type').execute();
    assert.deepEqual(
      tasks.map((x) => x.type),
      ['operation-encompass', 'triage'],
    );
    const dash = await t.services.db
      .selectFrom('risk_assessment')
      .selectAll()
      .where('incident_id', '=', incident.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(dash.answers, { '1': 'yes', '2': 'no' });

    // The audit trail names the import as the actor of each incident it received.
    const { rows } = await sql<{ actor_label: string; n: string }>`
      select actor_label, count(*) as n from audit_event where action = 'incident-received' and record_ids && (
        select array_agg(id::text) from incident where source_system = 'csv-a') group by actor_label`.execute(t.services.db);
    assert.equal(rows.length, 1);
    assert.match(rows[0].actor_label, /^import:[0-9a-f-]{36}$/);
    assert.equal(rows[0].n, '3');
  });

  test('importing the same file again changes nothing and reports the first reconciliation', async () => {
    const file = await writeTemp('again.csv', csvFile([10, 11].map((n) => csvValues(n))));
    assert.equal((await runImport(file, '--source', 'csv-b')).last, 'accepted 2, duplicate 0, quarantined 0 (of 2 rows)');
    const eventsBefore = await t.services.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const again = await runImport(file, '--source', 'csv-b');
    assert.equal(again.code, 0);
    assert.match(again.term.stdout[0], /was already imported .*nothing changed/);
    assert.equal(again.last, 'accepted 2, duplicate 0, quarantined 0 (of 2 rows)');
    const eventsAfter = await t.services.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(eventsAfter.n, eventsBefore.n);
    assert.deepEqual(await incidentsFrom('csv-b'), ['CSV-10', 'CSV-11']);
  });

  test('a different file repeating incidents already received counts them as duplicates', async () => {
    const file = await writeTemp('overlap.csv', csvFile([10, 11, 12].map((n) => csvValues(n))) + '\n');
    const { last } = await runImport(file, '--source', 'csv-b');
    assert.equal(last, 'accepted 1, duplicate 2, quarantined 0 (of 3 rows)');
    assert.deepEqual(await incidentsFrom('csv-b'), ['CSV-10', 'CSV-11', 'CSV-12']);
  });

  test('rows with bad data are quarantined with their row number and reason, and the others land', async () => {
    const rows = [
      csvValues(20),
      csvValues(21, { victim_date_of_birth: '1990-02-30' }),
      csvValues(22),
      csvValues(23, { reported_at: 'yesterday', child1_present: 'maybe' }),
      csvValues(24, { suspect_given_name: '' }),
      ['CSV-25', 'too few fields'],
      csvValues(26),
    ];
    const file = await writeTemp('bad.csv', csvFile(rows) + 'CSV-27,"2026-02-01 unclosed quote\n');
    const { code, term, last } = await runImport(file, '--source', 'csv-c');
    assert.equal(code, 0, 'quarantined rows are listed, not a failure of the command');
    assert.equal(last, 'accepted 3, duplicate 0, quarantined 5 (of 8 rows)');
    assert.deepEqual(term.stdout.slice(0, -1), [
      "row 3: the victim's date of birth is not a real date on or after 1 January 1900 (victim_date_of_birth)",
      'row 5: it is not clear whether the first child was present: write yes or no (child1_present)',
      'row 6: the suspect has no given name (suspect_given_name)',
      'row 7: the row has 2 cells but the header has 24 columns (a comma or quote may be missing or extra)',
      row9Reason(term.stdout),
    ]);
    assert.deepEqual(await incidentsFrom('csv-c'), ['CSV-20', 'CSV-22', 'CSV-26']);
    const kept = await t.services.db
      .selectFrom('import_row')
      .select(['row_number', 'raw'])
      .where('outcome', '=', 'quarantined')
      .where('row_number', '=', 7)
      .executeTakeFirstOrThrow();
    assert.equal(kept.raw, 'CSV-25,too few fields');
  });

  test('a header the mapping does not know is refused before anything is staged', async () => {
    const file = await writeTemp('wrong.csv', 'ref,date,victim\nA,B,C\n');
    const { code, term } = await runImport(file);
    assert.equal(code, 2);
    assert.match(term.stderr, /unknown columns: ref, date, victim/);
    assert.match(term.stderr, /Nothing was imported/);
    const runs = await t.services.db.selectFrom('import_run').select('id').where('file_name', '=', 'wrong.csv').execute();
    assert.equal(runs.length, 0);
  });
});

// The unclosed quote swallows the rest of the file into one unreadable row 9.
function row9Reason(stdout: string[]) {
  const line = stdout.find((l) => l.startsWith('row 9:'));
  assert.equal(line, 'row 9: the row is not valid CSV: a quoted cell is never closed (a closing double quote is missing)');
  return line!;
}

describe('importing NDJSON from the command line', () => {
  test('rows dated before 1900 or in the future are quarantined and the run goes on', async () => {
    const lines = [
      anIncidentBody(11, { reportedAt: '0999-06-01T10:00:00Z' }),
      anIncidentBody(12, { reportedAt: '9999-12-31T00:00:00Z' }),
      anIncidentBody(13, { sourceSystem: 'nd-dates' }),
    ];
    const file = await writeTemp('dates.ndjson', ndjsonFile(lines));
    const { code, term, last } = await runImport(file, '--source', 'nd-dates');
    assert.equal(code, 0);
    assert.equal(last, 'accepted 1, duplicate 0, quarantined 2 (of 3 rows)');
    assert.deepEqual(term.stdout.slice(0, -1), [
      'row 1: the time it was reported is not a real date and time after 1900 (reportedAt)',
      'row 2: the time it was reported is in the future (reportedAt)',
    ]);
  });

  test('each line is one incident; malformed JSON and invalid incidents are quarantined by line number', async () => {
    const lines = [
      anIncidentBody(1),
      '',
      '{"sourceReference": "ND-broken", "parties": [',
      anIncidentBody(2, { parties: [{ role: 'suspect', person: { givenName: 'Lee', familyName: 'Quayle' } }] }),
      '[1, 2]',
      anIncidentBody(3, { sourceSystem: undefined }),
      '{"sourceReference": "ND-nul\u0000"}',
    ];
    const file = await writeTemp('feed.ndjson', ndjsonFile(lines));
    const { code, term, last } = await runImport(file, '--source', 'nd-default');
    assert.equal(code, 0);
    assert.equal(last, 'accepted 2, duplicate 0, quarantined 4 (of 6 rows)');
    assert.deepEqual(term.stdout.slice(0, -1), [
      'row 3: the line is not valid JSON',
      'row 4: the row names no victim: every incident needs one (parties)',
      'row 5: the line is not one JSON object: each line must hold one incident, in braces { }',
      'row 7: the row contains a NUL character (an invisible control character), which cannot be stored: remove it',
    ]);
    assert.deepEqual(await incidentsFrom('niche-rms'), ['ND-1']);
    assert.deepEqual(await incidentsFrom('nd-default'), ['ND-3'], 'a line without sourceSystem takes --source');
  });

  test('a file of another format, or none, is a clear error and not a crash', async () => {
    const unknown = await runImport(await writeTemp('feed.txt', 'hello'));
    assert.equal(unknown.code, 2);
    assert.match(unknown.term.stderr, /Cannot tell the format/);
    const empty = await runImport(await writeTemp('empty.csv', ''));
    assert.equal(empty.code, 2);
    assert.match(empty.term.stderr, /The file is empty/);
    const missing = await runImport('/nonexistent/file.csv');
    assert.equal(missing.code, 2);
  });
});

describe('a crash in the middle of an import', () => {
  test('running the same file again resumes at the first unprocessed row: no loss, no duplicates, exact counts', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => csvValues(100 + i, i === 4 ? { victim_family_name: '' } : {}));
    const file = await writeTemp('crash.csv', csvFile(rows));
    const crashed = recordingTerminal();
    const code = await importCommand(t.services, [file, '--source', 'csv-crash'], crashed, { interruptAfterRows: 12, batchSize: 5 });
    assert.equal(code, 1);
    assert.match(crashed.stderr, /The import stopped: stopped after 12 rows\nRun the same command again to resume/);
    // The 12th incident committed but its row has no outcome yet: the hostile moment.
    assert.equal((await incidentsFrom('csv-crash')).length, 12);

    const resumed = await runImport(file, '--source', 'csv-crash');
    assert.equal(resumed.code, 0, resumed.term.stderr);
    assert.match(resumed.term.stderr, /Resuming the unfinished import/);
    assert.equal(resumed.last, 'accepted 29, duplicate 0, quarantined 1 (of 30 rows)');
    const refs = await incidentsFrom('csv-crash');
    assert.equal(refs.length, 29);
    assert.equal(new Set(refs).size, 29);
    const { rows: open } = await sql<{ n: string }>`
      select count(*) as n from import_row r join import_run u on u.id = r.run_id where u.source = 'csv-crash' and r.outcome is null`.execute(
      t.services.db,
    );
    assert.equal(open[0].n, '0');
  });
});
