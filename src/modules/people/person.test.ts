import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, signIn, type TestApp } from '../../testing/app.ts';
import { systemActor } from '../../platform/audit/actor.ts';

/** One serial perpetrator, three victims over three years, a child in the last household: sent through intake. */
let t: TestApp;
let token: string;
const ids = { suspect: '', firstVictim: '', lastVictim: '', child: '' };

const suspect = { givenName: 'Darren', familyName: 'Whitlock', dateOfBirth: '1984-02-17', sex: 'male' };
const victims = [
  { givenName: 'Joanne', familyName: 'Parkes', dateOfBirth: '1988-06-01', sex: 'female', postcode: 'LS6 2QH' },
  { givenName: 'Kerry', familyName: 'Ashdown', dateOfBirth: '1990-09-23', sex: 'female', postcode: 'LS11 5RA' },
  { givenName: 'Samantha', familyName: 'Cole', dateOfBirth: '1992-12-04', sex: 'female', postcode: 'WF1 3JP' },
];

async function send(reference: string, reportedAt: string, parties: object[], officerGrade = 'medium') {
  const answers = Object.fromEntries(Array.from({ length: 27 }, (_, i) => [String(i + 1), 'no']));
  const res = await request(t.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'niche-rms',
      sourceReference: reference,
      reportedAt,
      classification: 'Domestic abuse - assault',
      parties,
      riskAssessment: { instrument: 'dash-2009', answers, officerGrade },
    })
    .expect(201);
  return res.body as { parties: { role: string; personId: string; link: string }[] };
}

before(async () => {
  t = await createTestApp();
  token = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
  const first = await send(
    'H-1',
    '2023-04-02T22:00:00Z',
    [
      { role: 'victim', person: victims[0] },
      { role: 'suspect', person: suspect },
    ],
    'standard',
  );
  await send(
    'H-2',
    '2024-08-11T01:30:00Z',
    [
      { role: 'victim', person: victims[1] },
      { role: 'suspect', person: { ...suspect, givenName: 'Daz' } },
    ],
    'high',
  );
  const last = await send('H-3', '2026-02-20T19:05:00Z', [
    { role: 'victim', person: victims[2] },
    { role: 'suspect', person: { ...suspect, familyName: 'Whitlok' } },
    { role: 'child', person: { givenName: 'Mason', familyName: 'Cole', dateOfBirth: '2018-03-30' }, present: true },
  ]);
  ids.suspect = first.parties[1].personId;
  ids.firstVictim = first.parties[0].personId;
  ids.lastVictim = last.parties[0].personId;
  ids.child = last.parties[2].personId;
  assert.equal(last.parties[1].personId, ids.suspect, 'the misspelt suspect links to the same person');
});
after(() => t.close());

describe('a person with a linked history', () => {
  test('the API gives the indicators computed from every linked incident', async () => {
    const res = await request(t.app)
      .get(`/api/v1/people/${ids.suspect}`)
      .set('Authorization', `Bearer ${await t.services.users.createApiToken(systemActor('test'), 'assessor', 't')}`)
      .expect(200);
    assert.equal(res.body.indicators.asSuspect, 3);
    assert.equal(res.body.indicators.distinctVictims, 3);
    assert.equal(res.body.indicators.serialPerpetrator, true);
    assert.equal(res.body.indicators.childrenLinked, 1);
    assert.equal(res.body.indicators.incidentsLast12Months, 1);
    assert.equal(res.body.indicators.highestGrade, 'high');
    assert.deepEqual(res.body.aliases.sort(), ['Darren Whitlok', 'Daz Whitlock']);
    // Orders are not held yet: the API says so instead of an empty list that reads as "none in force".
    assert.equal('ordersInForce' in res.body.indicators, false);
    // Orders and Clare's Law applications are held in Safeguard now (none recorded for this person).
    assert.deepEqual(res.body.ordersInForce, []);
    assert.deepEqual(res.body.notHeldInSafeguard, []);
  });

  test("the chronology lists every incident newest first with the person's role, paginated", async () => {
    const assessor = await t.services.users.createApiToken(systemActor('test'), 'assessor', 't2');
    const res = await request(t.app).get(`/api/v1/people/${ids.suspect}/chronology`).set('Authorization', `Bearer ${assessor}`).expect(200);
    assert.equal(res.body.total, 3);
    assert.deepEqual(
      res.body.events.map((e: { reference: string; role: string }) => e.role),
      ['suspect', 'suspect', 'suspect'],
    );
    const times = res.body.events.map((e: { at: string }) => Date.parse(e.at));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
    const page2 = await request(t.app)
      .get(`/api/v1/people/${ids.suspect}/chronology?page=2&pageSize=2`)
      .set('Authorization', `Bearer ${assessor}`)
      .expect(200);
    assert.equal(page2.body.events.length, 1);
    const bad = await request(t.app)
      .get(`/api/v1/people/${ids.suspect}/chronology?pageSize=9999`)
      .set('Authorization', `Bearer ${assessor}`)
      .expect(400);
    assert.match(bad.headers['content-type'], /problem\+json/);
  });

  test('the person page shows identity, indicators, relationships and the timeline, and audits everyone shown', async () => {
    const assessor = await signIn(t.app, 'assessor');
    const page = await assessor.get(`/people/${ids.suspect}`).expect(200);
    assert.match(page.text, /WHITLOCK, Darren/);
    assert.match(page.text, /Serial perpetrator/);
    assert.equal((page.text.match(/data-qa="chronology-item"/g) ?? []).length, 3);
    for (const victim of victims) assert.match(page.text, new RegExp(`${victim.givenName} ${victim.familyName}`));
    assert.match(page.text, /Mason Cole/);
    assert.match(page.text, /Daz Whitlock/);
    assert.match(page.text, /Orders in force[\s\S]*?data-qa="orders-in-force">None recorded in Safeguard/);
    const event = await t.services.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'person-viewed')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    for (const id of [ids.suspect, ids.firstVictim, ids.lastVictim, ids.child])
      assert.ok(event.subject_person_ids.includes(id), `audit names ${id}`);
  });

  test('a victim sees who harmed her and her child', async () => {
    const assessor = await signIn(t.app, 'assessor');
    const page = await assessor.get(`/people/${ids.lastVictim}`).expect(200);
    assert.match(page.text, /Harmed this person/);
    assert.match(page.text, /Child in the household/);
    assert.doesNotMatch(page.text, /Serial perpetrator/);
  });

  const chronologyLinks = (html: string) =>
    [...html.matchAll(/href="([^"]+)" data-qa="chronology-incident-link">([^<]+)</g)].map((m) => m[1]);
  const incidentIds = async () =>
    (
      await t.services.db
        .selectFrom('incident')
        .innerJoin('incident_party', 'incident_party.incident_id', 'incident.id')
        .select('incident.id')
        .where('incident_party.person_id', '=', ids.suspect)
        .orderBy('incident.reported_at', 'desc')
        .execute()
    ).map((r) => r.id);

  // Roles that grade are taken to the assessment; roles that read incidents, to the read-only incident page.
  const expected: [string, (id: string) => string][] = [
    ['assessor', (id) => `/incidents/${id}/assessment`],
    ['coordinator', (id) => `/incidents/${id}/assessment`],
    ['supervisor', (id) => `/incidents/${id}/assessment`],
    ['researcher', (id) => `/incidents/${id}`],
    ['support', (id) => `/incidents/${id}`],
    ['victimcare', (id) => `/incidents/${id}`],
  ];
  for (const [user, href] of expected) {
    test(`each chronology entry links to its incident, on a page a ${user} may open`, async () => {
      const agent = await signIn(t.app, user);
      const page = await agent.get(`/people/${ids.suspect}`).expect(200);
      const links = chronologyLinks(page.text);
      assert.deepEqual(links, (await incidentIds()).map(href), 'every entry, newest first');
      for (const link of links) await agent.get(link).expect(200);
    });
  }

  test('a MARAC referral in the chronology links to the incident it came from', async () => {
    const [latest] = await incidentIds();
    await t.services.db
      .insertInto('marac_referral')
      .values({
        incident_id: latest,
        victim_person_id: ids.lastVictim,
        perpetrator_person_id: ids.suspect,
        referred_at: new Date('2026-02-23T10:00:00Z'),
        created_at: new Date('2026-02-23T10:00:00Z'),
      })
      .execute();
    try {
      const page = await (await signIn(t.app, 'victimcare')).get(`/people/${ids.suspect}`).expect(200);
      assert.match(
        page.text,
        new RegExp(
          `MARAC referral</h3>\\s*<p class="moj-timeline__byline">from incident <a class="govuk-link" href="/incidents/${latest}"`,
        ),
      );
    } finally {
      await t.services.db.deleteFrom('marac_referral').where('incident_id', '=', latest).execute();
    }
  });
});
