import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import request from 'supertest';
import { createTestApp, csrfFor, signIn, type TestApp } from '../../testing/app.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { paths } from '../../paths.ts';

/** Issue 15: twins at one address, each the victim in an incident, are two people; the queue says they are likely relatives. */
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
async function sendIncident(person: object) {
  const res = await request(t.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'niche-rms',
      sourceReference: `REL-${++sent}`,
      reportedAt: `2026-0${sent}-03T21:15:00Z`,
      classification: 'Domestic abuse - verbal argument',
      parties: [{ role: 'victim', person }],
    })
    .expect(201);
  return { reference: res.body.reference as string, ...(res.body.parties[0] as { personId: string; link: string }) };
}

const twin = (givenName: string) => ({
  givenName,
  familyName: 'Trevithick',
  dateOfBirth: '1994-08-21',
  sex: 'female',
  address: '7 Penrose Terrace, Truro',
  postcode: 'TR1 3QL',
  phone: '07700 900418',
});

test('twin sisters at one address are two people with two chronologies, proposed as likely relatives, and can be recorded as relatives', async () => {
  const claire = await sendIncident(twin('Claire'));
  const isabella = await sendIncident(twin('Isabella'));
  assert.equal(claire.link, 'new');
  assert.equal(isabella.link, 'review', 'not linked: proposed for a person to decide');
  assert.notEqual(claire.personId, isabella.personId);

  for (const [sister, other] of [
    [claire, isabella],
    [isabella, claire],
  ]) {
    const page = await researcher.get(paths.people.show({ id: sister.personId })).expect(200);
    assert.match(page.text, new RegExp(sister.reference), 'her own incident is in her chronology');
    assert.doesNotMatch(page.text, new RegExp(other.reference), "her sister's incident is not");
  }

  const match = await t.services.db
    .selectFrom('possible_match')
    .select(['id', 'version', 'candidate_person_id'])
    .where('person_id', '=', isabella.personId)
    .executeTakeFirstOrThrow();
  assert.equal(match.candidate_person_id, claire.personId);
  const queue = await researcher.get(`${paths.matches.queue}?view=all`).expect(200);
  assert.match(queue.text, /Likely relatives \(different given names\)/);
  const pairPage = await researcher.get(paths.matches.show({ id: match.id })).expect(200);
  assert.match(pairPage.text, /given names clearly differ/);
  assert.match(pairPage.text, /Clearly different \(not a variant, typo or initial\)/, 'the evidence: the given names compared');
  assert.match(pairPage.text, /Relatives — not the same person/);

  const csrf = await csrfFor(researcher, paths.matches.show({ id: match.id }));
  const res = await researcher
    .post(paths.matches.show({ id: match.id }))
    .type('form')
    .send({ _csrf: csrf, decision: 'relatives', reason: 'Twin sisters', version: match.version });
  assert.equal(res.status, 303);
  const [a, b] = [claire.personId, isabella.personId].sort();
  const remembered = await t.services.db
    .selectFrom('person_pair_decision')
    .select('decision')
    .where('person_a', '=', a)
    .where('person_b', '=', b)
    .executeTakeFirstOrThrow();
  assert.equal(remembered.decision, 'relatives');
  const decided = await researcher.get(paths.matches.show({ id: match.id })).expect(200);
  assert.match(decided.text, /Decided: relatives, not the same person/);
  const { rows: events } = await sql<{ details: { relatives?: boolean } }>`
    select details from audit_event
    where category = 'combination' and action = 'possible-match-rejected'
      and subject_person_ids @> array[${claire.personId}]::uuid[]`.execute(t.services.db);
  assert.equal(events.length, 1, 'the decision is audited');
  assert.equal(events[0].details.relatives, true);

  // Isabella again, the same details: still her own record's pair, never proposed against Claire again.
  const again = await sendIncident(twin('Isabella'));
  assert.equal(again.link, 'matched');
  assert.equal(again.personId, isabella.personId);
  const open = await t.services.db
    .selectFrom('possible_match')
    .select('id')
    .where('state', '=', 'open')
    .where((eb) =>
      eb.or([
        eb.and([eb('person_id', '=', isabella.personId), eb('candidate_person_id', '=', claire.personId)]),
        eb.and([eb('person_id', '=', claire.personId), eb('candidate_person_id', '=', isabella.personId)]),
      ]),
    )
    .execute();
  assert.equal(open.length, 0, 'not proposed again');
});
