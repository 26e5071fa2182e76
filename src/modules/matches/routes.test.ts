import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import request from 'supertest';
import { createTestApp, csrfFor, csrfFrom, signIn, type TestApp } from '../../testing/app.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { paths } from '../../paths.ts';

let t: TestApp;
let token: string;
let researcher: Awaited<ReturnType<typeof signIn>>;
before(async () => {
  t = await createTestApp();
  token = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
  researcher = await signIn(t.app, 'researcher');
});
after(() => t.close());

let sent = 0;
interface Person {
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  sex?: string;
  postcode?: string;
}

async function sendIncident(person: Person, reportedAt: string) {
  const res = await request(t.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'niche-rms',
      sourceReference: `PM-${++sent}`,
      reportedAt,
      classification: 'Domestic abuse - verbal argument',
      parties: [{ role: 'victim', person }],
    })
    .expect(201);
  return res.body.parties[0] as { personId: string; link: string };
}

/** The same woman twice: the second time without her date of birth or postcode, so the engine asks a person. */
let pairs = 0;
const POSTCODES = ['TR1 2AB', 'PL14 3HG', 'EX4 6TJ', 'BS8 1QU', 'S70 4QT', 'LS6 2QH', 'M14 5RX', 'NE6 1PA', 'CF10 3AT'];
async function aReviewPair(familyName: string) {
  // A different date of birth and postcode for each pair: the engine links on them alone, whatever the surname.
  const n = ++pairs;
  const dateOfBirth = `${1960 + n}-0${(n % 9) + 1}-1${n % 9}`;
  const full = { givenName: 'Kerensa', familyName, dateOfBirth, sex: 'female', postcode: POSTCODES[n % POSTCODES.length] };
  const sparse = { givenName: 'Kerensa', familyName, sex: 'female' };
  const first = await sendIncident(full, '2025-06-01T10:00:00Z');
  const second = await sendIncident(sparse, '2026-02-01T10:00:00Z');
  assert.equal(first.link, 'new');
  assert.equal(second.link, 'review', 'the second record goes to a person to decide');
  const match = await t.services.db
    .selectFrom('possible_match')
    .select(['id', 'version', 'candidate_person_id'])
    .where('person_id', '=', second.personId)
    .executeTakeFirstOrThrow();
  assert.equal(match.candidate_person_id, first.personId);
  return { first: first.personId, second: second.personId, matchId: match.id, version: match.version, sparse, full };
}

async function decide(agent: typeof researcher, matchId: string, form: Record<string, string | number>) {
  const csrf = await csrfFor(agent, paths.matches.show({ id: matchId }));
  return agent
    .post(paths.matches.show({ id: matchId }))
    .type('form')
    .send({ _csrf: csrf, ...form });
}

async function combinationEvents(action: string, personId: string) {
  const { rows } = await sql<{ subject_person_ids: string[]; reason: string | null; actor_label: string }>`
    select subject_person_ids, reason, actor_label from audit_event
    where category = 'combination' and action = ${action} and subject_person_ids @> array[${personId}]::uuid[]`.execute(t.services.db);
  return rows;
}

async function personOf(id: string) {
  return t.services.db.selectFrom('person').select(['id', 'merged_into']).where('id', '=', id).executeTakeFirstOrThrow();
}

async function chronologyLength(agent: typeof researcher, personId: string): Promise<number> {
  const page = await agent.get(paths.people.show({ id: personId })).expect(200);
  return (page.text.match(/data-qa="chronology-item"/g) ?? []).length;
}

describe('the possible-matches queue', () => {
  test('a pair that goes to review is in the queue, with its probability, and counted on the home page', async () => {
    const pair = await aReviewPair('Polglaze');
    const queue = await researcher.get(paths.matches.queue).expect(200);
    assert.match(queue.text, new RegExp(`data-qa="match-row" data-id="${pair.matchId}"`));
    assert.match(queue.text, /POLGLAZE, Kerensa/);
    assert.match(queue.text, /data-qa="probability">(over |under )?\d+(\.\d)?%/);
    // Why the engine did not link it, in a few words (names and sex alone agree).
    const row = queue.text.slice(queue.text.indexOf(`data-id="${pair.matchId}"`));
    assert.match(row.slice(0, row.indexOf('</tr>')), /data-qa="why-review">Nothing identifying agrees</);
    const home = await researcher.get('/').expect(200);
    const open = await t.services.db
      .selectFrom('possible_match')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('state', '=', 'open')
      .executeTakeFirstOrThrow();
    assert.match(home.text, new RegExp(`data-qa="summary-possible-matches">\\s*<span class="app-card__count">${open.n}<`));
    assert.match(home.text, /href="\/possible-matches"/, 'the service navigation and the count link to the queue');
    const listed = await t.services.db
      .selectFrom('audit_event')
      .select('subject_person_ids')
      .where('action', '=', 'possible-matches-listed')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.ok(listed.subject_person_ids.includes(pair.first) && listed.subject_person_ids.includes(pair.second));
  });

  test('the decision page shows both records side by side with each field’s agreement and weight', async () => {
    const pair = await aReviewPair('Trevorrow');
    const page = await researcher.get(paths.matches.show({ id: pair.matchId })).expect(200);
    assert.match(page.text, /data-qa="record-a"/);
    assert.match(page.text, /data-qa="record-b"/);
    assert.match(page.text, /data-field="givenName" data-evidence="for"/);
    assert.match(page.text, /data-field="dateOfBirth"/);
    assert.match(page.text, /Not recorded/);
    assert.match(page.text, /data-qa="overall-probability"/);
    // Names and sex alone: the page says which rule sent the pair to a person, whatever the probability.
    assert.match(
      page.text,
      /data-qa="why-review">Nothing that identifies one person \(date of birth, house, phone, email or PNC ID\) agrees/,
    );
    assert.match(page.text, new RegExp(`name="version" value="${pair.version}"`));
  });
});

describe('deciding', () => {
  test('a pair opened from a view of the queue goes back to that view once decided', async () => {
    const pair = await aReviewPair('Trewhella');
    const all = await researcher.get(`${paths.matches.queue}?view=all`).expect(200);
    const href = `${paths.matches.show({ id: pair.matchId })}?view=all`;
    assert.ok(all.text.includes(`href="${href}"`), 'the Decide link names the view');
    const page = await researcher.get(href).expect(200);
    assert.ok(page.text.includes(`action="${href}"`));
    assert.ok(page.text.includes(`href="${paths.matches.queue}?view=all"`), 'the back link returns to the view');
    const res = await researcher
      .post(href)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        decision: 'different',
        reason: 'Different people: another date of birth',
        version: pair.version,
      });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `${paths.matches.queue}?view=all`);
  });

  test('"same person" merges the newer record into the candidate: the person page shows both incidents', async () => {
    const pair = await aReviewPair('Penhaligon');
    const res = await decide(researcher, pair.matchId, {
      decision: 'same',
      reason: 'Same first name and surname, same address in the narrative',
      version: pair.version,
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, paths.matches.queue);
    assert.equal((await personOf(pair.second)).merged_into, pair.first);
    assert.equal(await chronologyLength(researcher, pair.first), 2);
    const parties = await t.services.db.selectFrom('incident_party').select('person_id').where('person_id', '=', pair.second).execute();
    assert.equal(parties.length, 0, 'the incident party moved with the mention');
    const merge = await t.services.db.selectFrom('person_merge').selectAll().where('merged_id', '=', pair.second).executeTakeFirstOrThrow();
    assert.equal(merge.survivor_id, pair.first);
    assert.equal(merge.moved_mention_ids.length, 1);
    const events = await combinationEvents('persons-merged', pair.first);
    assert.equal(events.length, 1);
    assert.ok(events[0].subject_person_ids.includes(pair.second));
    assert.equal(events[0].actor_label, 'researcher');
    const queue = await researcher.get(paths.matches.queue).expect(200);
    assert.doesNotMatch(queue.text, new RegExp(`data-id="${pair.matchId}"`), 'a decided pair leaves the queue');
  });

  test('"not the same person" is remembered: the same details arriving again are not proposed against that person', async () => {
    const pair = await aReviewPair('Chenoweth');
    const res = await decide(researcher, pair.matchId, { decision: 'different', reason: '', version: pair.version });
    assert.equal(res.status, 303);
    assert.equal((await personOf(pair.second)).merged_into, null);
    const [a, b] = [pair.first, pair.second].sort();
    const remembered = await t.services.db
      .selectFrom('person_pair_decision')
      .selectAll()
      .where('person_a', '=', a)
      .where('person_b', '=', b)
      .executeTakeFirstOrThrow();
    assert.equal(remembered.decision, 'different');
    assert.equal((await combinationEvents('possible-match-rejected', pair.first)).length, 1);

    const third = await sendIncident(pair.sparse, '2026-03-01T10:00:00Z');
    const proposedAgainstFirst = await t.services.db
      .selectFrom('possible_match')
      .select('id')
      .where('state', '=', 'open')
      .where('candidate_person_id', '=', pair.first)
      .execute();
    assert.equal(proposedAgainstFirst.length, 0, 'the rejected pairing is not proposed again');
    assert.notEqual(third.personId, pair.first);
  });

  test('someone else deciding first makes the second decision a 409 page, and nothing changes', async () => {
    const pair = await aReviewPair('Nancarrow');
    const coordinator = await signIn(t.app, 'coordinator');
    const csrf = await csrfFor(researcher, paths.matches.show({ id: pair.matchId })); // the researcher opens the page …
    await decide(coordinator, pair.matchId, { decision: 'different', version: pair.version }).then((r) => assert.equal(r.status, 303));
    const late = await researcher
      .post(paths.matches.show({ id: pair.matchId }))
      .type('form')
      .send({ _csrf: csrf, decision: 'same', reason: 'They are the same', version: pair.version }); // … and decides late
    assert.equal(late.status, 409);
    assert.match(late.text, /data-qa="conflict"/);
    assert.equal((await personOf(pair.second)).merged_into, null);
    assert.equal((await combinationEvents('persons-merged', pair.first)).length, 0);
  });

  test('a merge without a reason, or no decision, is the form again with a GOV.UK error summary', async () => {
    const pair = await aReviewPair('Angwin');
    const noReason = await decide(researcher, pair.matchId, { decision: 'same', reason: '  ', version: pair.version });
    assert.equal(noReason.status, 422);
    assert.match(noReason.text, /govuk-error-summary/);
    assert.match(noReason.text, /href="#reason">Enter why these records are the same person/);
    const noDecision = await decide(researcher, pair.matchId, { reason: 'x', version: pair.version });
    assert.equal(noDecision.status, 422);
    assert.match(noDecision.text, /Select whether these are the same person/);
    assert.equal((await personOf(pair.second)).merged_into, null);
  });

  test('roles that do not link records are refused the queue, the page and the decision, and the refusal is audited', async () => {
    const pair = await aReviewPair('Jago');
    for (const username of ['support', 'victimcare', 'auditor', 'admin', 'idva']) {
      const agent = await signIn(t.app, username);
      const queue = await agent.get(paths.matches.queue);
      assert.equal(queue.status, 403, `${username} queue`);
      assert.doesNotMatch(queue.text, /JAGO/);
      assert.equal((await agent.get(paths.matches.show({ id: pair.matchId }))).status, 403, `${username} page`);
      const csrf = csrfFrom((await agent.get('/')).text);
      const post = await agent
        .post(paths.matches.show({ id: pair.matchId }))
        .type('form')
        .send({ _csrf: csrf, decision: 'same', reason: 'x', version: pair.version });
      assert.equal(post.status, 403, `${username} decision`);
    }
    const match = await t.services.db.selectFrom('possible_match').select('state').where('id', '=', pair.matchId).executeTakeFirstOrThrow();
    assert.equal(match.state, 'open');
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from audit_event where outcome = 'refused' and action = 'person:link' and actor_label = 'support'`.execute(
      t.services.db,
    );
    assert.equal(Number(rows[0].n), 3);
  });
});

describe('undoing a merge', () => {
  test('undo moves exactly the moved incidents back, restores the record and remembers the pair as different', async () => {
    const pair = await aReviewPair('Tregenza');
    await decide(researcher, pair.matchId, { decision: 'same', reason: 'Looked the same', version: pair.version }).then((r) =>
      assert.equal(r.status, 303),
    );
    // A later incident linked straight to the survivor is not the merge's to move back.
    const later = await sendIncident(pair.full, '2026-03-05T10:00:00Z');
    assert.equal(later.link, 'matched');
    assert.equal(later.personId, pair.first);
    assert.equal(await chronologyLength(researcher, pair.first), 3);

    const person = await researcher.get(paths.people.show({ id: pair.first })).expect(200);
    assert.match(person.text, /data-qa="merges-link"/);
    const merges = await researcher.get(paths.people.merges({ id: pair.first })).expect(200);
    const mergeId = /data-qa="merge" data-id="([0-9a-f-]+)" data-state="in-force"/.exec(merges.text)?.[1];
    assert.ok(mergeId, 'the merge is listed');

    const noReason = await researcher
      .post(paths.people.merges({ id: pair.first }))
      .type('form')
      .send({ _csrf: csrfFrom(merges.text), merge: mergeId, reason: '' });
    assert.equal(noReason.status, 422);
    assert.match(noReason.text, /govuk-error-summary/);
    assert.match(noReason.text, new RegExp(`href="#reason-${mergeId}">Enter why the merge was wrong`));
    assert.equal((await personOf(pair.second)).merged_into, pair.first, 'nothing undone without a reason');

    const undone = await researcher
      .post(paths.people.merges({ id: pair.first }))
      .type('form')
      .send({ _csrf: csrfFrom(merges.text), merge: mergeId, reason: 'Different women: the later one is her cousin' });
    assert.equal(undone.status, 303);
    assert.equal((await personOf(pair.second)).merged_into, null);
    assert.equal(await chronologyLength(researcher, pair.first), 2);
    assert.equal(await chronologyLength(researcher, pair.second), 1);
    const keys = await t.services.db.selectFrom('person_blocking_key').select('person_id').where('person_id', '=', pair.second).execute();
    assert.ok(keys.length > 0, 'the blocking keys went back with the mention');

    const [a, b] = [pair.first, pair.second].sort();
    const remembered = await t.services.db
      .selectFrom('person_pair_decision')
      .select('decision')
      .where('person_a', '=', a)
      .where('person_b', '=', b)
      .executeTakeFirstOrThrow();
    assert.equal(remembered.decision, 'different');
    const events = await combinationEvents('persons-unmerged', pair.first);
    assert.equal(events.length, 1);
    assert.ok(events[0].subject_person_ids.includes(pair.second));
    assert.equal(events[0].reason, 'Different women: the later one is her cousin');

    const again = await researcher
      .post(paths.people.merges({ id: pair.first }))
      .type('form')
      .send({ _csrf: csrfFrom(merges.text), merge: mergeId, reason: 'Twice' });
    assert.equal(again.status, 409, 'a merge is undone once');
    const after = await researcher.get(paths.people.merges({ id: pair.first })).expect(200);
    assert.match(after.text, /data-state="undone"/);
  });
});
