import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import request from 'supertest';
import { createTestApp, csrfFrom, signIn, type TestApp } from '../../testing/app.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { paths } from '../../paths.ts';

/**
 * The possible-matches queue's two views: "Needed for triage" (pairs proposed by a mention in an incident still
 * awaiting triage, most urgent triage item first) and "All" (likeliest first), each counted in the navigation.
 */
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
async function sendIncident(person: object, reportedAt: string, officerGrade?: 'high' | 'standard') {
  const res = await request(t.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'niche-rms',
      sourceReference: `PMQ-${++sent}`,
      reportedAt,
      classification: 'Domestic abuse - verbal argument',
      parties: [{ role: 'victim', person }],
      ...(officerGrade
        ? {
            riskAssessment: {
              instrument: 'dash-2009',
              answers: Object.fromEntries(Array.from({ length: 27 }, (_, i) => [String(i + 1), 'no'])),
              officerGrade,
            },
          }
        : {}),
    })
    .expect(201);
  return {
    incidentId: res.body.id as string,
    reference: res.body.reference as string,
    ...(res.body.parties[0] as { personId: string; link: string }),
  };
}

/** The same woman twice, the second time without her date of birth or postcode: the engine asks a person. */
let pairs = 0;
const POSTCODES = ['TR1 2AB', 'PL14 3HG', 'EX4 6TJ', 'BS8 1QU', 'S70 4QT', 'LS6 2QH', 'M14 5RX', 'NE6 1PA', 'CF10 3AT'];
async function aReviewPair(familyName: string, officerGrade?: 'high' | 'standard') {
  const n = ++pairs;
  const full = {
    givenName: 'Kerensa',
    familyName,
    dateOfBirth: `${1960 + n}-0${(n % 9) + 1}-1${n % 9}`,
    sex: 'female',
    postcode: POSTCODES[n % 9],
  };
  const first = await sendIncident(full, '2025-05-01T10:00:00Z');
  const second = await sendIncident(
    { givenName: 'Kerensa', familyName, sex: 'female', postcode: full.postcode },
    '2026-03-09T10:00:00Z',
    officerGrade,
  );
  assert.equal(second.link, 'review');
  const match = await t.services.db
    .selectFrom('possible_match')
    .select(['id', 'probability'])
    .where('person_id', '=', second.personId)
    .executeTakeFirstOrThrow();
  return { matchId: match.id, probability: match.probability, first, second };
}

const rowIds = (html: string) => [...html.matchAll(/data-qa="match-row" data-id="([0-9a-f-]+)"/g)].map((m) => m[1]);
const countIn = (html: string, view: string) => Number(new RegExp(`data-qa="count-${view}">(\\d+)<`).exec(html)?.[1]);

/**
 * Open pairs either of whose people (as they now stand) is a party to an incident with an open triage item, each once
 * under its most urgent such item, in the order expected.
 */
async function expectedAwaitingTriage(): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select pm.id from possible_match pm
    cross join lateral (
      select t.priority, t.due_at, t.id from task t
      join incident_party ip on ip.incident_id = t.incident_id
      where t.type = 'triage' and t.state = 'open'
        and ip.person_id in (select coalesce(p.merged_into, p.id) from person p where p.id in (pm.person_id, pm.candidate_person_id))
      order by t.priority desc, t.due_at, t.id
      limit 1
    ) needed
    where pm.state = 'open'
    order by needed.priority desc, needed.due_at, needed.id, pm.probability desc, pm.id`.execute(t.services.db);
  return rows.map((r) => r.id);
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

describe('the possible-matches queue views', () => {
  test('"Needed for triage" lists pairs by triage priority; a pair leaves it when the incidents of both records are graded', async () => {
    const ordinary = await aReviewPair('Polglaze');
    const urgent = await aReviewPair('Trevorrow', 'high');
    const graded = await aReviewPair('Penhaligon');
    const priorities = await t.services.db
      .selectFrom('task')
      .select(['incident_id', 'priority'])
      .where('type', '=', 'triage')
      .where('incident_id', 'in', [ordinary.second.incidentId, urgent.second.incidentId])
      .execute();
    const priorityOf = (id: string) => priorities.find((p) => p.incident_id === id)!.priority;
    assert.ok(priorityOf(urgent.second.incidentId) > priorityOf(ordinary.second.incidentId), 'the officer graded one high risk');

    const before = await researcher.get(`${paths.matches.queue}?view=awaiting-triage`).expect(200);
    assert.match(before.text, /aria-current="page" href="\/possible-matches\?view=awaiting-triage"/);
    assert.deepEqual(rowIds(before.text), await expectedAwaitingTriage());
    assert.ok(rowIds(before.text).indexOf(urgent.matchId) < rowIds(before.text).indexOf(ordinary.matchId), 'the urgent incident first');
    const urgentRow = before.text.slice(before.text.indexOf(`data-id="${urgent.matchId}"`));
    assert.match(urgentRow, new RegExp(`data-qa="needed-for" data-reference="${urgent.second.reference}"`));
    assert.match(urgentRow, /Victim in it/);
    assert.match(urgentRow, new RegExp(`data-qa="triage-priority">\\s*Priority ${priorityOf(urgent.second.incidentId)}\\s*<`));
    assert.match(before.text, new RegExp(`data-id="${graded.matchId}"`));

    // Both records' incidents graded: no triage waits on the pair now.
    await gradeStandard(graded.first.incidentId);
    assert.match(
      (await researcher.get(`${paths.matches.queue}?view=awaiting-triage`).expect(200)).text,
      new RegExp(`data-id="${graded.matchId}"`),
    );
    await gradeStandard(graded.second.incidentId);
    const after = await researcher.get(`${paths.matches.queue}?view=awaiting-triage`).expect(200);
    assert.doesNotMatch(after.text, new RegExp(`data-id="${graded.matchId}"`), 'no triage waits on it now');
    assert.deepEqual(rowIds(after.text), await expectedAwaitingTriage());
    const all = await researcher.get(`${paths.matches.queue}?view=all`).expect(200);
    assert.match(all.text, new RegExp(`data-id="${graded.matchId}"`), 'it is still to be decided');

    const listed = await t.services.db
      .selectFrom('audit_event')
      .select(['record_ids', 'details'])
      .where('action', '=', 'possible-matches-listed')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.ok(listed.record_ids.includes(graded.matchId), 'the pairs shown are recorded as consulted');
    assert.equal((listed.details as { view: string }).view, 'all');
  });

  test('"All" lists every open pair, likeliest first, then oldest', async () => {
    await aReviewPair('Chenoweth');
    const page = await researcher.get(`${paths.matches.queue}?view=all`).expect(200);
    const { rows } = await sql<{ id: string }>`
      select id from possible_match where state = 'open' order by probability desc, created_at, id`.execute(t.services.db);
    assert.deepEqual(
      rowIds(page.text),
      rows.map((r) => r.id),
    );
    assert.match(page.text, /likeliest first/);
  });

  test('each view is counted in the navigation, and the queue opens on the pairs needed for triage', async () => {
    const page = await researcher.get(paths.matches.queue).expect(200);
    const open = await t.services.db
      .selectFrom('possible_match')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('state', '=', 'open')
      .executeTakeFirstOrThrow();
    const awaiting = await expectedAwaitingTriage();
    assert.equal(countIn(page.text, 'all'), Number(open.n));
    assert.equal(countIn(page.text, 'awaiting-triage'), awaiting.length);
    assert.ok(awaiting.length < Number(open.n), 'a graded incident’s pair is not needed for triage');
    assert.deepEqual(rowIds(page.text), awaiting, 'the default view is the pairs needed for triage');

    // With every incident graded, nothing is needed for triage: the queue opens on all the pairs.
    const waiting = await t.services.db
      .selectFrom('task')
      .select('incident_id')
      .where('type', '=', 'triage')
      .where('state', '=', 'open')
      .execute();
    for (const w of waiting) await gradeStandard(w.incident_id!);
    const none = await researcher.get(paths.matches.queue).expect(200);
    assert.equal(countIn(none.text, 'awaiting-triage'), 0);
    assert.equal(rowIds(none.text).length, Number(open.n));
    assert.match(none.text, /aria-current="page" href="\/possible-matches\?view=all"/);
    const emptyView = await researcher.get(`${paths.matches.queue}?view=awaiting-triage`).expect(200);
    assert.match(emptyView.text, /No possible match is needed for triage/);
    assert.equal((await researcher.get(`${paths.matches.queue}?view=nonsense`)).status, 200, 'an unknown view is the default');
  });

  test('past a thousand open pairs the home page and the queue count "1000+", without counting them all', async () => {
    const pair = await t.services.db.selectFrom('possible_match').selectAll().where('state', '=', 'open').executeTakeFirstOrThrow();
    await sql`
      insert into possible_match (mention_id, person_id, candidate_person_id, probability, weight, explanation, created_at)
      select ${pair.mention_id}, ${pair.person_id}, ${pair.candidate_person_id}, 0.81, 2.1, '[]'::jsonb, ${pair.created_at}
      from generate_series(1, 1000)
    `.execute(t.services.db);
    const home = await researcher.get('/').expect(200);
    assert.match(home.text, /data-qa="summary-possible-matches">\s*<span class="app-card__count">1000\+</);
    const queue = await researcher.get(`${paths.matches.queue}?view=all`).expect(200);
    assert.match(queue.text, /1000\+|1,000\+/);
  });
});
