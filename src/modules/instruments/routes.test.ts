import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { DASH_2009 } from '../../domain/risk/instruments.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { paths } from '../../paths.ts';
import { createTestApp, csrfFor, signIn, type TestApp } from '../../testing/app.ts';

let t: TestApp;
let admin: ReturnType<typeof request.agent>;
let assessor: ReturnType<typeof request.agent>;
let token: string;

before(async () => {
  t = await createTestApp();
  admin = await signIn(t.app, 'admin');
  assessor = await signIn(t.app, 'assessor');
  token = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
});
after(() => t.close());

/** The variant form as a browser would send it: every question's wording, with the given changes. */
function variantForm(change: Record<string, string> = {}): Record<string, string> {
  return {
    from: 'dash-2009',
    fromVersion: '2009',
    code: 'dash-2009-west-mercia',
    version: '1',
    title: 'DASH (West Mercia wording)',
    'band-medium': '10',
    'band-high': '14',
    ...Object.fromEntries(DASH_2009.questions.map((q) => [`question-${q.id}`, q.text])),
    ...change,
  };
}

async function saveVariant(change: Record<string, string>, status: number) {
  const _csrf = await csrfFor(admin, paths.admin.instruments);
  return admin
    .post(paths.admin.newInstrumentVersion)
    .type('form')
    .send({ _csrf, ...variantForm(change) })
    .expect(status);
}

const variantRows = (code: string) =>
  t.services.db.selectFrom('risk_instrument').select(['version', 'definition']).where('code', '=', code).execute();

describe('risk instruments', () => {
  test('the administrator sees the built-in instruments; other roles may not manage them', async () => {
    const page = await admin.get(paths.admin.instruments).expect(200);
    assert.match(page.text, /data-qa="instrument-dash-2009-2009"/);
    assert.match(page.text, /data-qa="instrument-dara-2022-2022"/);
    assert.match(page.text, /Risk instruments/);
    await assessor.get(paths.admin.instruments).expect(403);
    const _csrf = await csrfFor(assessor, '/');
    await assessor
      .post(paths.admin.newInstrumentVersion)
      .type('form')
      .send({ _csrf, ...variantForm({ code: 'sneaky' }) })
      .expect(403);
    assert.equal((await variantRows('sneaky')).length, 0);
  });

  test('the variant form starts from the built-in wording and thresholds', async () => {
    const form = await admin.get(`${paths.admin.newInstrumentVersion}?from=dash-2009&version=2009`).expect(200);
    assert.match(form.text, /Create a force variant of DASH/);
    assert.match(form.text, /<textarea[^>]*name="question-2"[^>]*>\s*Is the victim very frightened\?/);
    assert.match(form.text, /name="band-medium"[^>]*value="10"/);
    await admin.get(`${paths.admin.newInstrumentVersion}?from=dash-2009-nowhere&version=1`).expect(404);
  });

  test('an invalid variant is shown again with a GOV.UK error summary and nothing is saved', async () => {
    const res = await saveVariant({ code: 'Not A Code', 'question-5': ' ', 'band-medium': '12', 'band-high': '11' }, 422);
    assert.match(res.text, /There is a problem/);
    assert.match(res.text, /href="#code"/);
    assert.match(res.text, /href="#question-5"/);
    assert.match(res.text, /href="#band-high"/);
    assert.match(res.text, /value="Not A Code"/);
    assert.equal((await t.services.db.selectFrom('risk_instrument').select('id').execute()).length, 0);
  });

  test('a built-in code cannot be taken by a variant', async () => {
    const res = await saveVariant({ code: 'dash-2009' }, 422);
    assert.match(res.text, /dash-2009 is a built-in instrument/);
  });

  test('saving stores a new version, audited, and never overwrites one', async () => {
    const saved = await saveVariant(
      {
        'question-2': 'Is the victim very scared? (West Mercia wording)',
        'guidance-2': 'Write down their own words.',
        'band-medium': '8',
        'band-high': '12',
        'added-label': 'Pets at risk',
        'added-text': 'Has the suspect threatened or hurt a pet?',
        'added-counts': 'no',
      },
      303,
    );
    assert.equal(saved.headers.location, paths.admin.instrument({ code: 'dash-2009-west-mercia', version: '1' }));

    const view = await admin.get(saved.headers.location).expect(200);
    assert.match(view.text, /Is the victim very scared\? \(West Mercia wording\)/);
    assert.match(view.text, /Guidance: Write down their own words\./);
    assert.match(view.text, /medium from 8, high from 12/);
    assert.match(view.text, /data-qa="question-28"[\s\S]*information only/);

    const again = await saveVariant({ 'question-2': 'Overwritten?' }, 422);
    assert.match(again.text, /Version 1 of dash-2009-west-mercia already exists/);
    const rows = await variantRows('dash-2009-west-mercia');
    assert.equal(rows.length, 1);
    assert.doesNotMatch(JSON.stringify(rows[0].definition), /Overwritten/);

    const list = await admin.get(paths.admin.instruments).expect(200);
    assert.match(list.text, /data-qa="instrument-dash-2009-west-mercia-1"/);
    assert.match(list.text, /Force variant of dash-2009/);

    const events = await t.services.db
      .selectFrom('audit_event')
      .select(['category', 'details'])
      .where('action', '=', 'instrument-version-created')
      .execute();
    assert.equal(events.length, 1);
    assert.equal(events[0].category, 'alteration');
    assert.equal((events[0].details as { code: string }).code, 'dash-2009-west-mercia');

    const builtIn = await admin.get(paths.admin.instrument({ code: 'dash-2009', version: '2009' })).expect(200);
    assert.match(builtIn.text, /Is the victim very frightened\?/);
    assert.doesNotMatch(builtIn.text, /West Mercia wording/);
  });

  test('a variant code belongs to one base instrument', async () => {
    const _csrf = await csrfFor(admin, paths.admin.instruments);
    const res = await admin
      .post(paths.admin.newInstrumentVersion)
      .type('form')
      .send({
        _csrf,
        from: 'dara-2022',
        fromVersion: '2022',
        code: 'dash-2009-west-mercia',
        version: '9',
        title: 'Confused',
        ...Object.fromEntries(
          (await import('../../domain/risk/instruments.ts')).DARA_2022.questions.map((q) => [`question-${q.id}`, q.text]),
        ),
      })
      .expect(422);
    assert.match(res.text, /already a variant of dash-2009/);
  });
});

describe('past assessments keep their version', () => {
  async function incidentAnsweredWith(code: string, version: string, reference: string): Promise<string> {
    const res = await request(t.app)
      .post('/api/v1/incidents')
      .set('Authorization', `Bearer ${token}`)
      .send({
        sourceSystem: 'niche-rms',
        sourceReference: reference,
        reportedAt: '2026-03-09T21:15:00Z',
        classification: 'Domestic abuse - assault',
        parties: [{ role: 'victim', person: { givenName: 'Verity', familyName: 'Versionson', dateOfBirth: '1990-01-01' } }],
        riskAssessment: {
          instrument: code,
          instrumentVersion: version,
          answers: Object.fromEntries(DASH_2009.questions.map((q) => [q.id, 'no'])),
          officerGrade: 'standard',
        },
      })
      .expect(201);
    return (res.body as { id: string }).id;
  }

  test('an assessment made with version A still shows A’s wording after version B is saved', async () => {
    await saveVariant(
      {
        code: 'dash-2009-thames',
        version: 'A',
        'question-3': 'Version A wording of question three',
        'guidance-3': 'Guidance given in version A',
      },
      303,
    );
    const answeredOnA = await incidentAnsweredWith('dash-2009-thames', 'A', 'VERSION-A');

    const _csrf = await csrfFor(admin, paths.admin.instruments);
    const versionB = await admin
      .post(paths.admin.newInstrumentVersion)
      .type('form')
      .send({
        _csrf,
        ...variantForm({
          from: 'dash-2009-thames',
          fromVersion: 'A',
          code: 'dash-2009-thames',
          version: 'B',
          'question-3': 'Version B wording of question three',
        }),
      })
      .expect(303);
    assert.equal(versionB.headers.location, paths.admin.instrument({ code: 'dash-2009-thames', version: 'B' }));
    const answeredOnB = await incidentAnsweredWith('dash-2009-thames', 'B', 'VERSION-B');

    const pageA = await assessor.get(paths.incidents.assessment({ id: answeredOnA })).expect(200);
    assert.match(pageA.text, /Version A wording of question three/);
    assert.match(pageA.text, /Force guidance: Guidance given in version A/);
    assert.doesNotMatch(pageA.text, /Version B wording/);
    const pageB = await assessor.get(paths.incidents.assessment({ id: answeredOnB })).expect(200);
    assert.match(pageB.text, /Version B wording of question three/);
    assert.doesNotMatch(pageB.text, /Version A wording/);
    assert.doesNotMatch(pageB.text, /Guidance given in version A/);
  });
});
