import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, csrfFrom, signIn, type TestApp } from '../../testing/app.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { paths } from '../../paths.ts';

/** The possible-match pair page: what was compared, and who both records have been parties with. */
let t: TestApp;
let token: string;
let researcher: Awaited<ReturnType<typeof signIn>>;
let assessor: Awaited<ReturnType<typeof signIn>>;
before(async () => {
  t = await createTestApp();
  token = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
  researcher = await signIn(t.app, 'researcher');
  assessor = await signIn(t.app, 'assessor');
});
after(() => t.close());

let sent = 0;
type Party = { role: string; person: Record<string, string> };
async function sendIncident(parties: Party[], reportedAt: string) {
  const res = await request(t.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({ sourceSystem: 'niche-rms', sourceReference: `PP-${++sent}`, reportedAt, classification: 'Domestic abuse - assault', parties })
    .expect(201);
  return res.body as { id: string; reference: string; parties: { personId: string; link: string }[] };
}

const matchOf = (personId: string) =>
  t.services.db
    .selectFrom('possible_match')
    .select(['id', 'candidate_person_id'])
    .where('person_id', '=', personId)
    .executeTakeFirstOrThrow();

/** A row of the comparison table: [Record A, Record B, agreement, weight] as the page shows them. */
function comparisonRow(html: string, field: string): string[] {
  const start = html.indexOf(`data-qa="comparison-row" data-field="${field}"`);
  assert.ok(start > 0, `no ${field} row`);
  const row = html.slice(start, html.indexOf('</tr>', start));
  return [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) =>
    m[1]
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

async function gradeStandard(incidentId: string) {
  const page = await assessor.get(paths.incidents.assessment({ id: incidentId })).expect(200);
  const version = /name="incidentVersion" value="(\d+)"/.exec(page.text)![1];
  const res = await assessor
    .post(paths.incidents.grade({ id: incidentId }))
    .type('form')
    .send({ _csrf: csrfFrom(page.text), incidentVersion: version, grade: 'standard', rationale: 'Checked with the attending officer' });
  assert.equal(res.status, 303, res.text);
}

describe('the pair page', () => {
  test('each row shows the values the engine compared, even when either person was recorded other ways too', async () => {
    // Ivy is known as Chapman at LN27 6BL, and at the same house, with her phone, under her earlier name Brennan.
    const asChapman = {
      givenName: 'Ivy',
      familyName: 'Chapman',
      dateOfBirth: '1979-04-02',
      sex: 'female',
      address: '14 Mill Lane, Louth',
      postcode: 'LN27 6BL',
    };
    const asBrennan = {
      givenName: 'Ivy',
      familyName: 'Brennan',
      dateOfBirth: '1979-04-02',
      sex: 'female',
      address: '14 Mill Lane, Louth',
      phone: '07700 900461',
    };
    const first = await sendIncident([{ role: 'victim', person: asChapman }], '2025-01-10T10:00:00Z');
    const second = await sendIncident([{ role: 'victim', person: asBrennan }], '2025-06-10T10:00:00Z');
    assert.equal(second.parties[0].link, 'matched');
    assert.equal(second.parties[0].personId, first.parties[0].personId, 'one woman, recorded two ways');
    // A new record, Chapman at LN13 1DL with Brennan's phone: it weighs most against the Brennan version.
    const incoming = { givenName: 'Ivy', familyName: 'Chapman', sex: 'female', phone: '07700 900461', postcode: 'LN13 1DL' };
    const third = await sendIncident([{ role: 'victim', person: incoming }], '2026-02-01T10:00:00Z');
    assert.equal(third.parties[0].link, 'review');
    const match = await matchOf(third.parties[0].personId);
    assert.equal(match.candidate_person_id, first.parties[0].personId);

    const page = await researcher.get(paths.matches.show({ id: match.id })).expect(200);
    assert.deepEqual(comparisonRow(page.text, 'familyName'), ['Chapman', 'Brennan', 'Different', '−4.62 against']);
    assert.deepEqual(comparisonRow(page.text, 'postcode'), ['LN13 1DL', 'Not recorded', 'Not recorded on one or both', '0 neither']);
    assert.deepEqual(comparisonRow(page.text, 'phone').slice(0, 3), ['07700 900461', '07700 900461', 'Exact']);
    assert.match(
      page.text,
      new RegExp(
        `data-qa="compared-versions">[^<]*record A as recorded in incident ${third.reference}[^<]*record B as recorded in incident ${second.reference}`,
      ),
    );
    assert.doesNotMatch(page.text, /data-qa="compared-closest"/);
    assert.match(page.text, /data-qa="in-common-none">No one is a party to incidents of both records/, 'each was the only party');
  });

  test('the page says when both records are parties with the same other person, who, in which incidents and as what', async () => {
    const victim = { givenName: 'Morwenna', familyName: 'Tregear', dateOfBirth: '1988-11-05', sex: 'female', postcode: 'TR1 3EF' };
    const suspect = { givenName: 'Darren', familyName: 'Kitto', dateOfBirth: '1985-02-17', sex: 'male', postcode: 'TR1 3EF' };
    const first = await sendIncident(
      [
        { role: 'victim', person: victim },
        { role: 'suspect', person: suspect },
      ],
      '2025-03-01T21:00:00Z',
    );
    const second = await sendIncident(
      [
        { role: 'victim', person: victim },
        { role: 'suspect', person: { givenName: 'Darren', familyName: 'Kitto', sex: 'male' } },
      ],
      '2026-01-20T22:00:00Z',
    );
    assert.equal(second.parties[0].link, 'matched', 'the same victim');
    assert.equal(second.parties[1].link, 'review');
    const match = await matchOf(second.parties[1].personId);
    const page = await researcher.get(paths.matches.show({ id: match.id })).expect(200);
    const shared = page.text.slice(page.text.indexOf('data-qa="in-common"'), page.text.indexOf('data-qa="comparison"'));
    assert.match(shared, new RegExp(`data-qa="shared-party" data-person="${first.parties[0].personId}"`));
    assert.match(shared, /TREGEAR, Morwenna, born 5 November 1988/);
    assert.match(shared, new RegExp(`${second.reference}, reported 20 January 2026: record A was the suspect, they were the victim`));
    assert.match(shared, new RegExp(`${first.reference}, reported 1 March 2025: record B was the suspect, they were the victim`));
    const viewed = await t.services.db
      .selectFrom('audit_event')
      .select('subject_person_ids')
      .where('action', '=', 'possible-match-viewed')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.ok(viewed.subject_person_ids.includes(first.parties[0].personId), 'the person shown is recorded as consulted');
  });
});

describe('"Needed for triage"', () => {
  test('a pair is needed for triage when either record is a party to an incident awaiting triage, not only the one that proposed it', async () => {
    const victim = { givenName: 'Tamsin', familyName: 'Pascoe', dateOfBirth: '1991-07-23', sex: 'female', postcode: 'PL25 4AB' };
    const suspect = { givenName: 'Jory', familyName: 'Angove', dateOfBirth: '1983-10-09', sex: 'male', postcode: 'PL25 4AB' };
    const first = await sendIncident(
      [
        { role: 'victim', person: victim },
        { role: 'suspect', person: suspect },
      ],
      '2025-04-01T21:00:00Z',
    );
    const proposing = await sendIncident(
      [
        { role: 'victim', person: { givenName: 'Lowenna', familyName: 'Hocking', sex: 'female' } },
        { role: 'suspect', person: { givenName: 'Jory', familyName: 'Angove', sex: 'male' } },
      ],
      '2026-01-05T21:00:00Z',
    );
    assert.equal(proposing.parties[1].link, 'review');
    const match = await matchOf(proposing.parties[1].personId);
    await gradeStandard(first.id);
    await gradeStandard(proposing.id);
    const quiet = await researcher.get(`${paths.matches.queue}?view=awaiting-triage`).expect(200);
    assert.doesNotMatch(quiet.text, new RegExp(`data-id="${match.id}"`), 'no incident awaiting triage touches it yet');

    // A new incident names the known Jory Angove (the candidate side) as its suspect: its assessor needs the pair decided.
    const latest = await sendIncident(
      [
        { role: 'victim', person: victim },
        { role: 'suspect', person: suspect },
      ],
      '2026-03-01T21:00:00Z',
    );
    assert.equal(latest.parties[1].personId, match.candidate_person_id);
    const queue = await researcher.get(`${paths.matches.queue}?view=awaiting-triage`).expect(200);
    const start = queue.text.indexOf(`data-qa="match-row" data-id="${match.id}"`);
    assert.ok(start > 0, 'the pair is needed for triage');
    const row = queue.text.slice(start, queue.text.indexOf('</tr>', start));
    assert.match(row, new RegExp(`data-qa="needed-for" data-reference="${latest.reference}"`));
    assert.match(row, /Suspect in it/);
    assert.equal((row.match(/data-qa="match-row"/g) ?? []).length, 1);
    assert.equal((queue.text.match(new RegExp(`data-id="${match.id}"`, 'g')) ?? []).length, 1, 'listed once');
  });
});
