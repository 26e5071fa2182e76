import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, csrfFor, signIn, type TestApp } from '../../testing/app.ts';
import { aPerson, anIncidentWithVictim } from '../../testing/personFixtures.ts';
import { EVENT_NAMES, PERMISSION_NAMES } from '../../domain/audit/eventNames.ts';
import { csvField } from './csv.ts';

let t: TestApp;
let personId: string;
before(async () => {
  t = await createTestApp();
  personId = await aPerson(t.services.db, { givenName: 'Audra', familyName: 'Quillfeather', dateOfBirth: '1984-05-06' });
  await anIncidentWithVictim(t.services.db, personId);
  const support = await signIn(t.app, 'victimcare');
  await support.get(`/people/${personId}`).expect(200);
});
after(() => t.close());

const eventsBy = (action: string) => t.services.db.selectFrom('audit_event').selectAll().where('action', '=', action).execute();

test("the auditor's route: Audit, find the person by name, see who looked, in words, and export it", async () => {
  const auditor = await signIn(t.app, 'auditor');
  const index = await auditor.get('/audit').expect(200);
  assert.match(index.text, /data-qa="find-person"/);
  const found = await auditor
    .post('/audit/people')
    .type('form')
    .send({ _csrf: await csrfFor(auditor, '/audit/people'), name: 'Quillfeather' })
    .expect(200);
  assert.match(found.text, /QUILLFEATHER, Audra/);
  assert.match(found.text, new RegExp(`/audit/events\\?personId=${personId}`));
  assert.doesNotMatch(found.text, new RegExp(`/people/${personId}"`), 'no link to the record the auditor may not open');
  const [lookup] = await eventsBy('person-identity-lookup');
  assert.deepEqual(lookup.subject_person_ids, [personId]);

  const log = await auditor.get(`/audit/events?personId=${personId}`).expect(200);
  assert.match(log.text, /Viewed a person&#39;s record|Viewed a person's record/);
  assert.match(log.text, /victimcare/);
  assert.doesNotMatch(log.text, />person-viewed</);
  const filtered = await auditor.get(`/audit/events?personId=${personId}&user=nobody`).expect(200);
  assert.match(filtered.text, /data-qa="no-events"/);
  await auditor.get('/audit/events?from-day=31&from-month=2&from-year=2026').expect(422);
  const byCategory = await auditor.get('/audit/events?category=security&user=auditor').expect(200);
  assert.match(byCategory.text, /Signed in/);

  const csv = await auditor.get(`/audit/events/export.csv?personId=${personId}`).expect(200);
  assert.match(csv.headers['content-type'], /^text\/csv/);
  assert.match(csv.text, /^event_id,occurred_at/);
  assert.match(csv.text, /person-viewed/);
  const [exported] = await eventsBy('audit-log-exported');
  assert.ok(exported.subject_person_ids.includes(personId));
  assert.equal((await eventsBy('audit-log-searched')).length >= 3, true);
});

test('the auditor is not sent to person search, whose results they may not open', async () => {
  const auditor = await signIn(t.app, 'auditor');
  await auditor.get('/people').expect(403);
  await auditor.get(`/people/${personId}`).expect(403);
});

test("the administrator's Audit page offers only the chain check, no route that ends in a refusal", async () => {
  const admin = await signIn(t.app, 'admin');
  const index = await admin.get('/audit').expect(200);
  assert.doesNotMatch(index.text, /href="\/people"|data-qa="find-person"/);
});

test('a CSV field a spreadsheet would run as a formula is neutralised', () => {
  assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvField('+1'), "'+1");
  assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvField('-2'), "'-2");
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField(null), '');
});

test('every audit event code the product writes has a readable name', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const codes = new Set<string>();
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = path.join(dir, f);
      // src/proof drives the app as a test would: its `action: …` fields are form values, not audit codes.
      if (statSync(p).isDirectory()) {
        if (p !== path.join(root, 'proof')) walk(p);
      } else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) {
        for (const m of readFileSync(p, 'utf8').matchAll(/action: (?:[a-z]+ \? )?'([a-z-]+)'(?: : '([a-z-]+)')?/g)) {
          codes.add(m[1]);
          if (m[2]) codes.add(m[2]);
        }
      }
    }
  };
  walk(root);
  for (const reason of ['sign-out', 'idle-timeout', 'absolute-timeout']) codes.add(reason);
  const missing = [...codes].filter((c) => !(c in EVENT_NAMES) && !(c in PERMISSION_NAMES));
  assert.deepEqual(missing, []);
});
