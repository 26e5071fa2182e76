import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, csrfFor, signIn, TEST_NOW, type TestApp } from '../../testing/app.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { searchPeople, SEARCH_LIMIT } from './repository.ts';
import { variantsOfGivenName } from '../../domain/linkage/nicknames.ts';

let t: TestApp;
let researcher: ReturnType<typeof request.agent>;
let csrf: string;

const people = {
  robert: {
    givenName: 'Robert',
    familyName: 'Harrowgate',
    dateOfBirth: '1979-07-14',
    sex: 'male',
    postcode: 'HX1 2PQ',
    phone: '07700 900461',
    pncId: '01/123456H',
  },
  margaret: { givenName: 'Margaret', familyName: 'Thistlewood', dateOfBirth: '1981-01-30', sex: 'female', postcode: 'HX3 9LL' },
  other: { givenName: 'Roberta', familyName: 'Quince', dateOfBirth: '1990-05-05', sex: 'female', postcode: 'BD7 1AA' },
};
const ids: Record<string, string> = {};

/** The audit event of the latest person search. */
function latestSearchEvent(app: TestApp) {
  return app.services.db
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', 'person-search')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
}

/** Sends an incident with a victim and a suspect through the API; the person ids of the two, in that order. */
async function sendIncident(app: TestApp, token: string, reference: string, victim: object, suspect: object): Promise<string[]> {
  const res = await request(app.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'niche-rms',
      sourceReference: reference,
      reportedAt: '2026-01-10T20:00:00Z',
      classification: 'Domestic abuse - assault',
      parties: [
        { role: 'victim', person: victim },
        { role: 'suspect', person: suspect },
      ],
    })
    .expect(201);
  return res.body.parties.map((p: { personId: string }) => p.personId);
}

before(async () => {
  t = await createTestApp();
  const token = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
  const send = (reference: string, victim: object, suspect: object) => sendIncident(t, token, reference, victim, suspect);
  [ids.margaret, ids.robert] = await send('S-1', people.margaret, people.robert);
  // Her earlier surname, recorded at an earlier incident, is one of the ways she is known.
  await send('S-2', { ...people.margaret, familyName: 'Pennington' }, people.other);
  researcher = await signIn(t.app, 'researcher');
  csrf = await csrfFor(researcher, '/people');
});
after(() => t.close());

async function search(form: Record<string, string>) {
  const page = await researcher
    .post('/people')
    .type('form')
    .send({ _csrf: csrf, ...form });
  const found = [...page.text.matchAll(/href="\/people\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
  return { status: page.status, text: page.text, found };
}

describe('person search', () => {
  test('a nickname finds the formal name ("Bob Harrowgate" → Robert)', async () => {
    const { found } = await search({ name: 'Bob Harrowgate' });
    assert.equal(found[0], ids.robert);
  });

  test('swapped names and a typo still find him first', async () => {
    assert.equal((await search({ name: 'Harowgate Robert' })).found[0], ids.robert);
  });

  test('date of birth, postcode in any spacing, phone in any format and PNC ID each find him', async () => {
    assert.deepEqual((await search({ 'dob-day': '14', 'dob-month': '7', 'dob-year': '1979' })).found, [ids.robert]);
    assert.deepEqual((await search({ postcode: 'hx12pq' })).found, [ids.robert]);
    assert.deepEqual((await search({ phone: '+44 7700 900461' })).found, [ids.robert]);
    assert.deepEqual((await search({ pncId: '01/123456h' })).found, [ids.robert]);
  });

  test('an earlier surname finds the person', async () => {
    const { found } = await search({ name: 'Margaret Pennington' });
    assert.equal(found[0], ids.margaret);
  });

  test('a name first recorded on a corrected person record is found fuzzily, as names from incidents are', async () => {
    // Names are matched through person_name_term, kept by triggers: a correction must reach it as intake does.
    assert.deepEqual((await search({ name: 'Roberta Featherstonehaugh' })).found, []);
    await t.services.db.updateTable('person').set({ family_name: 'Featherstonehaugh' }).where('given_name', '=', 'Roberta').execute();
    const { found } = await search({ name: 'Roberta Featherstonhaugh' });
    assert.equal(found.length, 1);
    await t.services.db.updateTable('person').set({ family_name: 'Quince' }).where('given_name', '=', 'Roberta').execute();
  });

  test('criteria narrow each other: the right name with the wrong date of birth finds no one', async () => {
    const { found, text } = await search({ name: 'Robert Harrowgate', 'dob-day': '1', 'dob-month': '1', 'dob-year': '1980' });
    assert.deepEqual(found, []);
    assert.match(text, /0 people found/);
  });

  test('no criteria, or a postcode that is not one: GOV.UK error summary, nothing searched', async () => {
    const empty = await search({});
    assert.equal(empty.status, 422);
    assert.match(empty.text, /govuk-error-summary/);
    assert.match(empty.text, /Enter a name, date of birth, postcode, phone number or PNC ID/);
    const bad = await search({ postcode: 'NOT A CODE' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /Enter a full UK postcode/);
  });

  test('a search is audited with its terms and the people it showed', async () => {
    const { found } = await search({ name: 'Thistlewood' });
    const event = await latestSearchEvent(t);
    assert.deepEqual([...event.subject_person_ids].sort(), [...found].sort());
    assert.deepEqual((event.details as { criteria: object }).criteria, { name: 'Thistlewood' });
  });

  test('more people than are shown: the page says so and how to narrow it', async () => {
    const namesakes = Array.from({ length: SEARCH_LIMIT + 1 }, (_, i) => ({
      given_name: `Ottoline${i}`,
      family_name: 'Brackenbury',
      date_of_birth: null,
      pnc_id: null,
      merged_into: null,
      created_at: TEST_NOW,
    }));
    await t.services.db.insertInto('person').values(namesakes).execute();
    const many = await search({ name: 'Brackenbury' });
    assert.equal(many.found.length, SEARCH_LIMIT);
    assert.match(many.text, new RegExp(`More than ${SEARCH_LIMIT} people found`));
    assert.match(many.text, /data-qa="more-results"/);
    await t.services.db.deleteFrom('person').where('given_name', '=', 'Ottoline0').execute();
    const all = await search({ name: 'Brackenbury' });
    assert.equal(all.found.length, SEARCH_LIMIT);
    assert.match(all.text, new RegExp(`>${SEARCH_LIMIT} people found`));
    assert.doesNotMatch(all.text, /data-qa="more-results"/);
    await t.services.db.deleteFrom('person').where('family_name', '=', 'Brackenbury').execute();
  });

  test('search terms never appear in a URL: the form posts', async () => {
    const form = await researcher.get('/people').expect(200);
    assert.match(form.text, /<form method="post" action="\/people"/);
  });
});

describe('a search too broad to read every recorded detail', () => {
  let broad: TestApp;
  let researcherOfBroad: ReturnType<typeof request.agent>;
  before(async () => {
    // Every search counts as broad: the database's estimate of the details matching is at least one row.
    broad = await createTestApp({ PERSON_SEARCH_BROAD_AT: '0' });
    const token = await broad.services.users.createApiToken(systemActor('test'), 'integration', 'test');
    await sendIncident(broad, token, 'B-1', people.margaret, people.robert);
    await sendIncident(broad, token, 'B-2', { ...people.margaret, familyName: 'Pennington' }, people.other);
    researcherOfBroad = await signIn(broad.app, 'researcher');
  });
  after(() => broad.close());

  const searchBroad = async (form: Record<string, string>) => {
    const page = await researcherOfBroad
      .post('/people')
      .type('form')
      .send({ _csrf: await csrfFor(researcherOfBroad, '/people'), ...form })
      .expect(200);
    return { text: page.text, found: [...page.text.matchAll(/href="\/people\/([0-9a-f-]{36})"/g)].map((m) => m[1]) };
  };

  test("searches people's current names only, and says so; an earlier surname is not read", async () => {
    const current = await searchBroad({ name: 'Margaret Thistlewood' });
    assert.equal(current.found.length, 1);
    assert.match(current.text, /data-qa="current-names-only"/);
    assert.match(current.text, /only people's current names were searched/);
    assert.deepEqual((await searchBroad({ name: 'Margaret Pennington' })).found, []);
  });

  test('is audited as such', async () => {
    await searchBroad({ name: 'Thistlewood' });
    const event = await latestSearchEvent(broad);
    assert.deepEqual(event.details, { criteria: { name: 'Thistlewood' }, results: 1, currentNamesOnly: true });
  });

  test('a search only recorded details can answer (a postcode) still reads them all', async () => {
    const { found, text } = await searchBroad({ postcode: 'HX1 2PQ' });
    assert.equal(found.length, 1);
    assert.doesNotMatch(text, /data-qa="current-names-only"/);
  });

  test('under the threshold, every recorded name is searched (the earlier surname finds her)', async () => {
    const result = await searchPeople(broad.services.db, { name: 'Margaret Pennington' }, variantsOfGivenName, { broadAt: 1_000 });
    assert.equal(result.currentNamesOnly, false);
    assert.equal(result.people.length, 1);
    assert.equal(result.people[0].family_name, 'Thistlewood');
  });
});
