import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, csrfFrom, signIn, type TestApp } from '../../testing/app.ts';
import { anIncidentBody, csvFile, csvValues, ndjsonFile } from './testFiles.ts';

let t: TestApp;
let admin: Awaited<ReturnType<typeof signIn>>;
before(async () => {
  t = await createTestApp();
  admin = await signIn(t.app, 'admin');
});
after(() => t.close());

/** Uploads through the real form: the CSRF token goes in the form's action URL, as the page writes it. */
async function upload(name: string, content: string, fields: Record<string, string> = {}) {
  const page = await admin.get('/admin/imports').expect(200);
  const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(page.text)![1].replace(/&amp;/g, '&');
  let req = admin.post(action);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req.attach('file', Buffer.from(content), name);
}

async function expectStatus(status: number, response: ReturnType<typeof upload>) {
  const res = await response;
  assert.equal(res.status, status, res.text.slice(0, 2000));
  return res;
}

async function finishedPage(location: string) {
  await t.services.imports.whenIdle();
  return admin.get(location).expect(200);
}

describe('the import page', () => {
  test('an administrator uploads a CSV file, is sent to its progress page, and reads the reconciliation', async () => {
    const rows = [csvValues(1), csvValues(2, { reported_at: 'last Tuesday' }), csvValues(3)];
    const res = await expectStatus(303, upload('force.csv', csvFile(rows), { source: 'web-csv' }));
    assert.match(res.headers.location, /^\/admin\/imports\/[0-9a-f-]{36}$/);

    const progress = await admin.get(`${res.headers.location}/progress`).expect(200);
    assert.equal(progress.body.total, 3);

    const page = await finishedPage(res.headers.location);
    assert.match(page.text, /data-qa="import-state">\s*Finished/);
    assert.match(page.text, /data-qa="accepted">2</);
    assert.match(page.text, /data-qa="quarantined">1</);
    assert.match(
      page.text,
      /<td class="govuk-table__cell govuk-table__cell--numeric">3<\/td><td class="govuk-table__cell">the time it was reported is not written as a date and time with its time zone, like 2026-03-01T21:15:00Z \(reported_at\)</,
    );
    assert.doesNotMatch(page.text, /http-equiv="refresh"/, 'a finished run stops refreshing');

    const done = await admin.get(`${res.headers.location}/progress`).expect(200);
    assert.deepEqual(done.body, { state: 'finished', total: 3, processed: 3, percent: 100, accepted: 2, duplicate: 0, quarantined: 1 });

    const list = await admin.get('/admin/imports').expect(200);
    assert.match(list.text, /force\.csv/);
  });

  test('a run still in progress shows the live progress bar and refreshes without JavaScript', async () => {
    const res = await upload('slow.ndjson', ndjsonFile([anIncidentBody(40), anIncidentBody(41)]));
    // The background work has not run yet: this request is served first.
    const page = await admin.get(res.headers.location).expect(200);
    await t.services.imports.whenIdle();
    assert.match(page.text, /data-import-progress="\/admin\/imports\/[0-9a-f-]{36}\/progress" data-state="processing"/);
    assert.match(page.text, /<progress id="import-progress-bar"[^>]*max="2" value="0"/);
    assert.match(page.text, /<noscript><meta http-equiv="refresh" content="2"><\/noscript>/);
  });

  test('uploading the same file again changes nothing and shows the earlier reconciliation', async () => {
    const content = ndjsonFile([anIncidentBody(50), anIncidentBody(51)]);
    const first = await expectStatus(303, upload('feed.ndjson', content));
    await finishedPage(first.headers.location);
    const again = await expectStatus(303, upload('feed-renamed.ndjson', content));
    assert.equal(again.headers.location, `${first.headers.location}?already-imported=1`);
    const page = await admin.get(again.headers.location).expect(200);
    assert.match(page.text, /already imported: nothing has changed/);
    assert.match(page.text, /data-qa="accepted">2</);
  });

  test('a malformed file is a clear message on the form, not an error page', async () => {
    const res = await expectStatus(422, upload('wrong.csv', 'name,when\nAda,today\n'));
    assert.match(res.text, /govuk-error-summary/);
    assert.match(res.text, /The CSV header cannot be imported: unknown columns: name, when/);
    const none = await expectStatus(422, upload('empty.ndjson', ''));
    assert.match(none.text, /Select a CSV or NDJSON file/);
    const unknown = await expectStatus(422, upload('notes.txt', 'hello'));
    assert.match(unknown.text, /Choose the file’s format/);
    const badSource = await expectStatus(422, upload('x.csv', csvFile([csvValues(1)]), { source: 'not a name!' }));
    assert.match(badSource.text, /Source system may use only letters/);
  });

  test('an upload without the CSRF token is refused', async () => {
    await admin
      .post('/admin/imports')
      .attach('file', Buffer.from(csvFile([csvValues(60)])), 'sneaky.csv')
      .expect(403);
    const page = await admin.get('/admin/imports').expect(200);
    assert.doesNotMatch(page.text, /sneaky\.csv/);
    assert.ok(csrfFrom(page.text));
  });
});
