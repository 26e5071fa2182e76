import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { DARA_2022, DASH_2009 } from '../../domain/risk/instruments.ts';
import type { VariantChanges } from '../../domain/risk/variant.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { importCommand } from '../../cli/import.ts';
import { createTestApp, signIn, type TestApp } from '../../testing/app.ts';
import { InstrumentService } from '../instruments/index.ts';
import { ndjsonFile, recordingTerminal, writeTemp } from '../imports/testFiles.ts';

let t: TestApp;
let token: string;
let instruments: InstrumentService;
let admin: Actor;
let assessor: ReturnType<typeof request.agent>;

before(async () => {
  t = await createTestApp();
  token = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
  instruments = new InstrumentService(t.services.db, t.services.audit, t.services.clock);
  const user = await t.services.db
    .selectFrom('app_user')
    .select(['id', 'display_name'])
    .where('username', '=', 'admin')
    .executeTakeFirstOrThrow();
  admin = { userId: user.id, username: 'admin', displayName: user.display_name, role: 'admin', teamId: null, agencyId: null, via: 'web' };
  assessor = await signIn(t.app, 'assessor');

  // The force's own DASH wording: question 3 reworded, a firearms question added, high risk from 12 "yes".
  await saveVariant({
    version: '1',
    addedQuestion: { label: 'Firearms', text: 'Does the suspect hold a firearms licence?', countsTowardBand: true },
  });
  t.clock.advance(60_000);
  // Version 2, a minute later, is the current one: without the added question, high risk from 13.
  await saveVariant({ version: '2', thresholds: { medium: 9, high: 13 } });
});
after(() => t.close());

const CODE = 'dash-2009-kingsbridge';

async function saveVariant(changes: Partial<VariantChanges> & { version: string }) {
  await instruments.saveVersion(admin, DASH_2009, {
    code: CODE,
    title: 'Kingsbridge DASH',
    questions: Object.fromEntries(
      DASH_2009.questions.map((q) => [
        q.id,
        { text: q.id === '3' ? `Version ${changes.version}: what is the victim most afraid of?` : q.text },
      ]),
    ),
    thresholds: { medium: 8, high: 12 },
    ...changes,
  });
}

let sent = 0;
const GIVEN = ['Olwen', 'Bronwen', 'Carys', 'Delyth', 'Eirlys', 'Glenys', 'Heledd', 'Iola', 'Lowri', 'Mair', 'Nia', 'Rhian'];
const FAMILY = ['Ashby', 'Birchall', 'Cedarholm', 'Elmsworth', 'Firbank', 'Hazeldine', 'Larchmont', 'Oakley', 'Pinewood', 'Rowntree'];

/** Each incident has people of their own (names and dates of birth no other incident uses), so no history links them. */
const post = (riskAssessment: Record<string, unknown>, sourceReference?: string) => {
  const n = ++sent;
  const family = `${FAMILY[n % FAMILY.length]}-${GIVEN[(n * 7) % GIVEN.length]}`;
  const born = (year: number) => `${year + n}-0${(n % 9) + 1}-1${n % 10}`;
  return request(t.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'niche-rms',
      sourceReference: sourceReference ?? `INSTR-${n}`,
      reportedAt: '2026-03-09T21:15:00Z',
      classification: 'Domestic abuse - assault',
      parties: [
        { role: 'victim', person: { givenName: GIVEN[n % GIVEN.length], familyName: family, dateOfBirth: born(1960), sex: 'female' } },
        { role: 'suspect', person: { givenName: 'Declan', familyName: family, dateOfBirth: born(1955), sex: 'male' } },
      ],
      riskAssessment,
    });
};

const answered = (ids: string[], yes: number) => Object.fromEntries(ids.map((id, i) => [id, i < yes ? 'yes' : 'no']));
const dashIds = DASH_2009.questions.map((q) => q.id);
const daraIds = DARA_2022.questions.map((q) => q.id);

const officerRowOf = (incidentId: string) =>
  t.services.db
    .selectFrom('risk_assessment')
    .select(['instrument', 'instrument_version', 'answers', 'rationale', 'officer_grade'])
    .where('incident_id', '=', incidentId)
    .where('assessed_by', 'is', null)
    .executeTakeFirstOrThrow();

/** Everything intake writes: a refused incident must leave every count as it was. */
async function totals() {
  const count = async (table: 'incident' | 'person_mention' | 'person' | 'risk_assessment' | 'task' | 'audit_event') =>
    Number(
      (
        await t.services.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    incidents: await count('incident'),
    mentions: await count('person_mention'),
    people: await count('person'),
    assessments: await count('risk_assessment'),
    tasks: await count('task'),
    audit: await count('audit_event'),
  };
}

describe('an officer’s DARA questionnaire through the API', () => {
  test('is stored as DARA 2022 with the officer’s rationale, and all "yes" is no visible high risk (no tick threshold)', async () => {
    const res = await post({
      instrument: 'dara-2022',
      answers: answered(daraIds, daraIds.length),
      comments: { '3': 'He has her phone passcode and checks it nightly' },
      officerGrade: 'high',
      officerRationale: 'Coercive control escalating since she left; she fears he will find her',
    }).expect(201);
    const row = await officerRowOf(res.body.id);
    assert.equal(row.instrument, 'dara-2022');
    assert.equal(row.instrument_version, '2022');
    assert.equal(row.rationale, 'Coercive control escalating since she left; she fears he will find her');
    assert.deepEqual(
      res.body.maracCriteria.map((c: { criterion: string }) => c.criterion),
      [],
    );

    const page = await assessor.get(`/incidents/${res.body.id}/assessment`).expect(200);
    assert.match(page.text, /data-qa="dash-instrument">DARA-style domestic abuse risk assessment \(Safeguard definition\), version 2022/);
    const monitoring = DARA_2022.questions.find((q) => q.id === '3')!;
    assert.ok(page.text.includes(monitoring.label), 'DARA question labels');
    assert.ok(page.text.includes(monitoring.text.replaceAll("'", '&#39;')), 'DARA question wording');
    assert.equal((page.text.match(/data-qa="dash-question"/g) ?? []).length, DARA_2022.questions.length);
    assert.doesNotMatch(page.text, /data-qa="yes-count"/, 'no "yes" count where the instrument has no threshold');
    assert.match(page.text, /data-qa="band-reason">DARA-style[^<]*has no &quot;yes&quot; threshold/);
    assert.match(page.text, /data-qa="officer-rationale">Coercive control escalating/);
    // Every DARA answer is yes, so both screens are offered, explained by DARA's own questions, not DASH's.
    const why = [...page.text.matchAll(/data-qa="screen-why">([^<]*)</g)].map((m) => m[1]);
    assert.deepEqual(why, [
      'Offered when DARA question 2 (fear of what happens next) or 17 (stalking and unwanted contact) is yes, or after 2 or more incidents in 12 months.',
      'Offered when DARA question 4 (isolation) is yes.',
    ]);
    assert.doesNotMatch(page.text, /DASH question/);

    const reader = await t.services.users.createApiToken(systemActor('test'), 'assessor', 'test');
    const api = await request(t.app).get(`/api/v1/incidents/${res.body.id}`).set('Authorization', `Bearer ${reader}`).expect(200);
    assert.deepEqual(
      api.body.riskAssessments.map((r: { instrument: string; officerGrade: string; officerRationale: string | null }) => [
        r.instrument,
        r.officerGrade,
        r.officerRationale,
      ]),
      [['dara-2022', 'high', 'Coercive control escalating since she left; she fears he will find her']],
    );
  });

  test('without the officer’s rationale it is refused, naming the field, and nothing is stored', async () => {
    const before = await totals();
    const res = await post({ instrument: 'dara-2022', answers: answered(daraIds, 2), officerGrade: 'medium' }).expect(422);
    assert.match(res.headers['content-type'], /application\/problem\+json/);
    assert.deepEqual(
      res.body.errors.map((e: { field: string }) => e.field),
      ['riskAssessment.officerRationale'],
    );
    assert.deepEqual(await totals(), before);
  });
});

describe('a force variant through the API', () => {
  test('without a version it is answered on the current version, and MARAC and the band use that version’s thresholds', async () => {
    const res = await post({ instrument: CODE, answers: answered(dashIds, 13), officerGrade: 'high' }).expect(201);
    const row = await officerRowOf(res.body.id);
    assert.deepEqual([row.instrument, row.instrument_version], [CODE, '2']);
    const [criterion] = res.body.maracCriteria;
    assert.equal(criterion.criterion, 'visible-high-risk');
    assert.equal(criterion.reason, '13 questions answered "yes" on Kingsbridge DASH (version 2) (13 or more is visible high risk)');

    const page = await assessor.get(`/incidents/${res.body.id}/assessment`).expect(200);
    assert.match(page.text, /data-qa="dash-instrument">Kingsbridge DASH, version 2/);
    assert.ok(page.text.includes('Version 2: what is the victim most afraid of?'));
    assert.match(page.text, /data-qa="yes-count">13</);
    assert.match(page.text, /data-qa="band-reason">13 questions answered &quot;yes&quot;: 13 or more suggests high risk/);
  });

  test('its answers raise the same triage flags as DASH’s (stalking, children, breach): a variant keeps DASH’s question ids', async () => {
    const answers = { ...answered(dashIds, 0), '8': 'yes', '9': 'yes', '26': 'yes' };
    const res = await post({ instrument: CODE, answers, officerGrade: 'standard' }).expect(201);
    const task = await t.services.db
      .selectFrom('task')
      .select('flags')
      .where('incident_id', '=', res.body.id)
      .where('type', '=', 'triage')
      .executeTakeFirstOrThrow();
    for (const flag of ['stalking', 'children', 'breach']) assert.ok(task.flags.includes(flag), `${flag} in ${task.flags.join(', ')}`);
  });

  test('an old version is still accepted when named, with its own questions, wording and thresholds', async () => {
    const answers = { ...answered(dashIds, 11), '28': 'yes' };
    // Question 28 (firearms) is only in version 1: the current version refuses it.
    const before = await totals();
    const refused = await post({ instrument: CODE, answers, officerGrade: 'high' }).expect(422);
    assert.deepEqual(
      refused.body.errors.map((e: { field: string }) => e.field),
      ['riskAssessment.answers.28'],
    );
    assert.deepEqual(await totals(), before);

    const res = await post({ instrument: CODE, instrumentVersion: '1', answers, officerGrade: 'high' }, 'INSTR-OLD-NAMED').expect(201);
    const row = await officerRowOf(res.body.id);
    assert.deepEqual([row.instrument, row.instrument_version], [CODE, '1']);
    // 11 + the firearms question (which counts in version 1) = 12, version 1's high threshold.
    assert.deepEqual(
      res.body.maracCriteria.map((c: { criterion: string; reason: string }) => [c.criterion, c.reason]),
      [['visible-high-risk', '12 questions answered "yes" on Kingsbridge DASH (version 1) (12 or more is visible high risk)']],
    );
    const page = await assessor.get(`/incidents/${res.body.id}/assessment`).expect(200);
    assert.match(page.text, /data-qa="dash-instrument">Kingsbridge DASH, version 1/);
    assert.ok(page.text.includes('Version 1: what is the victim most afraid of?'));
    assert.ok(page.text.includes('Does the suspect hold a firearms licence?'));
    assert.match(page.text, /data-qa="yes-count">12</);
  });

  test('a repeat of an accepted incident answers 200 even after a newer version would refuse it', async () => {
    await instruments.saveVersion(admin, DASH_2009, {
      code: 'dash-2009-repeat',
      version: 'A',
      title: 'Repeat DASH',
      questions: Object.fromEntries(DASH_2009.questions.map((q) => [q.id, { text: q.text }])),
      addedQuestion: { label: 'Extra', text: 'An extra question', countsTowardBand: false },
    });
    const body = { instrument: 'dash-2009-repeat', answers: { '1': 'yes', '28': 'no' }, officerGrade: 'standard' };
    const first = await post(body, 'INSTR-REPEAT').expect(201);
    t.clock.advance(60_000);
    await instruments.saveVersion(admin, DASH_2009, {
      code: 'dash-2009-repeat',
      version: 'B',
      title: 'Repeat DASH',
      questions: Object.fromEntries(DASH_2009.questions.map((q) => [q.id, { text: q.text }])),
    });
    const again = await post(body, 'INSTR-REPEAT').expect(200);
    assert.equal(again.body.id, first.body.id);
    assert.equal((await officerRowOf(first.body.id)).instrument_version, 'A');
  });
});

describe('answers that do not fit the instrument are refused: 422 naming the field, nothing stored', () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ['an unknown instrument', { instrument: 'dash-2010', answers: {}, officerGrade: 'standard' }, ['riskAssessment.instrument']],
    [
      'a version a built-in instrument does not have',
      { instrument: 'dash-2009', instrumentVersion: '2019', answers: {}, officerGrade: 'standard' },
      ['riskAssessment.instrumentVersion'],
    ],
    [
      'a version a force variant does not have',
      { instrument: CODE, instrumentVersion: '3', answers: {}, officerGrade: 'standard' },
      ['riskAssessment.instrumentVersion'],
    ],
    [
      'a question DASH 2009 does not ask',
      { instrument: 'dash-2009', answers: { ...answered(dashIds, 0), '28': 'yes' }, officerGrade: 'standard' },
      ['riskAssessment.answers.28'],
    ],
    [
      'a DASH question number on DARA',
      { instrument: 'dara-2022', answers: { '21': 'yes' }, officerGrade: 'medium', officerRationale: 'Threats' },
      ['riskAssessment.answers.21'],
    ],
    [
      'an answer no instrument offers',
      { instrument: 'dash-2009', answers: { '3': 'maybe' }, officerGrade: 'standard' },
      ['riskAssessment.answers.3'],
    ],
    [
      'a comment on a question the version does not ask',
      { instrument: 'dash-2009', answers: { '1': 'no' }, comments: { '40': 'Note' }, officerGrade: 'standard' },
      ['riskAssessment.comments.40'],
    ],
    [
      'an instrument id that is not one',
      { instrument: 'DASH 2009!', answers: {}, officerGrade: 'standard' },
      ['riskAssessment.instrument'],
    ],
    [
      'a question id that is not one',
      { instrument: 'dash-2009', answers: { '<b>1</b>': 'yes' }, officerGrade: 'standard' },
      ['riskAssessment.answers.<b>1</b>'],
    ],
  ];
  for (const [name, riskAssessment, fields] of cases) {
    test(name, async () => {
      const before = await totals();
      const res = await post(riskAssessment).expect(422);
      assert.match(res.headers['content-type'], /application\/problem\+json/);
      assert.deepEqual(
        res.body.errors.map((e: { field: string }) => e.field),
        fields,
        JSON.stringify(res.body.errors),
      );
      assert.ok(res.body.errors.every((e: { message: string }) => e.message.length > 0));
      assert.deepEqual(await totals(), before);
    });
  }

  test('the unknown-instrument message lists what the force has published', async () => {
    const res = await post({ instrument: 'dash-2010', answers: {}, officerGrade: 'standard' }).expect(422);
    assert.match(res.body.errors[0].message, /dash-2009, dara-2022, .*dash-2009-kingsbridge/);
  });
});

describe('npx safeguard import applies the same checks as the API', () => {
  test('an NDJSON row answered on DARA is accepted; one with a question its version does not ask is quarantined', async () => {
    const row = (reference: string, riskAssessment: object) =>
      JSON.stringify({
        sourceReference: reference,
        reportedAt: '2026-03-08T20:00:00Z',
        classification: 'Domestic abuse - harassment',
        parties: [{ role: 'victim', person: { givenName: 'Ffion', familyName: `Pryce-${reference}`, dateOfBirth: '1993-08-19' } }],
        riskAssessment,
      });
    const file = await writeTemp(
      'instruments.ndjson',
      ndjsonFile([
        row('IMP-DARA', {
          instrument: 'dara-2022',
          answers: { '1': 'no', '2': 'yes' },
          officerGrade: 'medium',
          officerRationale: 'Frightened',
        }),
        row('IMP-BAD', { instrument: CODE, instrumentVersion: '2', answers: { '28': 'yes' }, officerGrade: 'medium' }),
        row('IMP-NONE', { instrument: 'dara-2022', answers: { '1': 'no' }, officerGrade: 'standard' }),
      ]),
    );
    const term = recordingTerminal();
    const code = await importCommand(t.services, [file, '--source', 'instr-import'], term);
    assert.equal(code, 0, term.stderr);
    assert.equal(term.stdout.at(-1), 'accepted 1, duplicate 0, quarantined 2 (of 3 rows)');
    assert.match(
      term.stdout[0],
      /^row 2: the answer to question 28 cannot be used: Kingsbridge DASH \(version 2\) has no question "28" .*\(riskAssessment\.answers\.28\)$/,
    );
    assert.match(term.stdout[1], /^row 3: the officer's rationale is missing: .*\(riskAssessment\.officerRationale\)$/);
    const imported = await t.services.db
      .selectFrom('incident')
      .select(['id', 'source_reference'])
      .where('source_system', '=', 'instr-import')
      .execute();
    assert.deepEqual(
      imported.map((i) => i.source_reference),
      ['IMP-DARA'],
    );
    const stored = await officerRowOf(imported[0].id);
    assert.deepEqual([stored.instrument, stored.instrument_version, stored.rationale], ['dara-2022', '2022', 'Frightened']);
  });
});
