import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, csrfFor, signIn, type TestApp } from '../../testing/app.ts';
import { lastAuditEvent, undoMergeAs } from '../../testing/records.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { formatLondonDate } from '../../domain/calendar/display.ts';
import { paths } from '../../paths.ts';

/**
 * A record merged into another points to the person it is now part of: the page and the API answer with the
 * survivor and say which record was asked for and the merge; search and the possible-matches queue never show the
 * merged record as a person of its own; after the merge is undone the record stands alone again.
 */
let t: TestApp;
let token: string;
let apiToken: string;
let researcher: Awaited<ReturnType<typeof signIn>>;
let sent = 0;

interface Family {
  /** The full record, first: the survivor of a merge. */
  full: string;
  /** The same woman without her date of birth, with an address: proposed against the full record. */
  addressed: string;
  /** Again, with a phone and a postcode that disagrees with the full record's: proposed against the addressed one. */
  phoned: string;
  addressedPair: string;
  phonedPair: string;
}

async function send(person: object, reportedAt: string) {
  const res = await request(t.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'niche-rms',
      sourceReference: `MR-${++sent}`,
      reportedAt,
      classification: 'Domestic abuse - verbal argument',
      parties: [{ role: 'victim', person }],
    })
    .expect(201);
  return res.body.parties[0] as { personId: string; link: string };
}

async function pairOf(personId: string) {
  return t.services.db
    .selectFrom('possible_match')
    .select(['id', 'version', 'candidate_person_id'])
    .where('person_id', '=', personId)
    .executeTakeFirstOrThrow();
}

async function aFamily(familyName: string, dateOfBirth: string, phone: string, postcode: string): Promise<Family> {
  const sparse = { givenName: 'Kerensa', familyName, sex: 'female' };
  const full = await send({ ...sparse, dateOfBirth, postcode: 'TR1 2AB' }, '2025-06-01T10:00:00Z');
  const addressed = await send({ ...sparse, address: '12 Fore Street, Truro' }, '2026-02-01T10:00:00Z');
  const phoned = await send({ ...sparse, phone, postcode }, '2026-02-11T10:00:00Z');
  assert.deepEqual([full.link, addressed.link, phoned.link], ['new', 'review', 'review']);
  const addressedPair = await pairOf(addressed.personId);
  const phonedPair = await pairOf(phoned.personId);
  assert.equal(addressedPair.candidate_person_id, full.personId);
  assert.equal(phonedPair.candidate_person_id, addressed.personId, 'the phoned record is proposed against the addressed one');
  return {
    full: full.personId,
    addressed: addressed.personId,
    phoned: phoned.personId,
    addressedPair: addressedPair.id,
    phonedPair: phonedPair.id,
  };
}

async function merge(pairId: string, reason: string) {
  const { version } = await t.services.db.selectFrom('possible_match').select('version').where('id', '=', pairId).executeTakeFirstOrThrow();
  const csrf = await csrfFor(researcher, paths.matches.show({ id: pairId }));
  const res = await researcher
    .post(paths.matches.show({ id: pairId }))
    .type('form')
    .send({ _csrf: csrf, decision: 'same', reason, version });
  assert.equal(res.status, 303);
}

const chronologyItems = (html: string) => (html.match(/data-qa="chronology-item"/g) ?? []).length;
const mergedInto = async (id: string) =>
  (await t.services.db.selectFrom('person').select('merged_into').where('id', '=', id).executeTakeFirstOrThrow()).merged_into;

let polglaze: Family;
let trevithick: Family;
before(async () => {
  t = await createTestApp();
  token = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
  apiToken = await t.services.users.createApiToken(systemActor('test'), 'researcher', 'api');
  researcher = await signIn(t.app, 'researcher');
  polglaze = await aFamily('Polglaze', '1971-03-13', '07700 900123', 'PL1 1AA');
  trevithick = await aFamily('Trevithick', '1974-08-21', '07700 900456', 'EX4 6TJ');
  await merge(polglaze.addressedPair, 'Same woman: the address is on the full record’s narrative');
});
after(() => t.close());

describe('the page of a merged record', () => {
  test('sends the user to the survivor, whose page says which record was merged, when, by whom and why', async () => {
    const res = await researcher.get(paths.people.show({ id: polglaze.addressed }));
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `${paths.people.show({ id: polglaze.full })}?mergedFrom=${polglaze.addressed}`);

    const page = await researcher.get(res.headers.location).expect(200);
    const banner = /data-qa="merged-banner"[\s\S]*?<\/div>\s*<\/div>/.exec(page.text)?.[0] ?? '';
    assert.match(banner, /govuk-notification-banner/);
    assert.match(banner, /This record was merged into <a[^>]+href="\/people\/[0-9a-f-]+"[^>]*>POLGLAZE, Kerensa<\/a>/);
    assert.match(banner, new RegExp(`href="${paths.people.show({ id: polglaze.full })}"`));
    assert.match(banner, /data-qa="merged-by">Rosa Lyons</);
    assert.match(banner, new RegExp(formatLondonDate(t.clock.now())));
    assert.match(banner, /Same woman: the address is on the full record/);
    assert.match(banner, new RegExp(`href="${paths.people.merges({ id: polglaze.full })}"`), 'a way to undo the merge');
    assert.match(page.text, /data-qa="person-name">POLGLAZE, Kerensa/);
    assert.equal(chronologyItems(page.text), 2, 'the history of both records');

    const event = await lastAuditEvent(t.services.db, 'person-viewed');
    assert.deepEqual([...event.record_ids].sort(), [polglaze.full, polglaze.addressed].sort());
    assert.ok(event.subject_person_ids.includes(polglaze.full) && event.subject_person_ids.includes(polglaze.addressed));
  });

  test('the survivor’s own page has no banner, nor does a record named in the address that is not merged into it', async () => {
    const own = await researcher.get(paths.people.show({ id: polglaze.full })).expect(200);
    assert.doesNotMatch(own.text, /data-qa="merged-banner"/);
    const other = await researcher.get(`${paths.people.show({ id: polglaze.full })}?mergedFrom=${polglaze.phoned}`).expect(200);
    assert.doesNotMatch(other.text, /data-qa="merged-banner"/);
    const event = await lastAuditEvent(t.services.db, 'person-viewed');
    assert.ok(!event.subject_person_ids.includes(polglaze.phoned), 'only the people shown are named');
  });
});

describe('the API for a merged record', () => {
  const get = (path: string) => request(t.app).get(path).set('Authorization', `Bearer ${apiToken}`);

  test('answers with the survivor, a Content-Location pointer and the merge', async () => {
    const res = await get(`/api/v1/people/${polglaze.addressed}`).expect(200);
    assert.equal(res.body.id, polglaze.full);
    assert.equal(res.headers['content-location'], `/api/v1/people/${polglaze.full}`);
    assert.equal(res.body.mergedFrom.id, polglaze.addressed);
    assert.equal(res.body.mergedFrom.mergedInto, polglaze.full);
    assert.equal(res.body.mergedFrom.mergedBy, 'Rosa Lyons');
    assert.equal(res.body.mergedFrom.reason, 'Same woman: the address is on the full record’s narrative');
    assert.equal(Date.parse(res.body.mergedFrom.mergedAt), t.clock.now().getTime());
    assert.equal(res.body.dateOfBirth, '1971-03-13');
    const event = await lastAuditEvent(t.services.db, 'person-viewed');
    assert.ok(event.subject_person_ids.includes(polglaze.addressed) && event.subject_person_ids.includes(polglaze.full));

    const chronology = await get(`/api/v1/people/${polglaze.addressed}/chronology`).expect(200);
    assert.equal(chronology.body.personId, polglaze.full);
    assert.equal(chronology.body.total, 2);
    assert.equal(chronology.body.mergedFrom.id, polglaze.addressed);
    assert.equal(chronology.headers['content-location'], `/api/v1/people/${polglaze.full}/chronology`);
  });

  test('a record that stands has mergedFrom null and no Content-Location', async () => {
    const res = await get(`/api/v1/people/${polglaze.full}`).expect(200);
    assert.equal(res.body.id, polglaze.full);
    assert.equal(res.body.mergedFrom, null);
    assert.equal(res.headers['content-location'], undefined);
  });
});

describe('lists never show a merged record as a person of its own', () => {
  test('person search finds the survivor only', async () => {
    const csrf = await csrfFor(researcher, paths.people.search);
    const res = await researcher.post(paths.people.search).type('form').send({ _csrf: csrf, name: 'Kerensa Polglaze' }).expect(200);
    assert.match(res.text, new RegExp(`href="${paths.people.show({ id: polglaze.full })}"`));
    assert.match(
      res.text,
      new RegExp(`href="${paths.people.show({ id: polglaze.phoned })}"`),
      'the undecided record is still its own person',
    );
    assert.doesNotMatch(res.text, new RegExp(polglaze.addressed));
    const event = await lastAuditEvent(t.services.db, 'person-search');
    assert.ok(!event.subject_person_ids.includes(polglaze.addressed));
  });

  test('an open pair proposed against the merged record shows the survivor instead', async () => {
    const queue = await researcher.get(paths.matches.queue).expect(200);
    const row = new RegExp(`data-qa="match-row" data-id="${polglaze.phonedPair}"[\\s\\S]*?</tr>`).exec(queue.text)?.[0] ?? '';
    assert.match(row, /data-qa="record-b">POLGLAZE, Kerensa<br><span[^>]*>Born 13 March 1971 · 2 incidents/);
    const listed = await lastAuditEvent(t.services.db, 'possible-matches-listed');
    assert.ok(listed.subject_person_ids.includes(polglaze.full));
    assert.ok(!listed.subject_person_ids.includes(polglaze.addressed), 'the audit names the people shown');

    const page = await researcher.get(paths.matches.show({ id: polglaze.phonedPair })).expect(200);
    assert.match(page.text, /data-qa="record-b"/);
    assert.match(page.text, /13 March 1971/, 'the decision page compares against the survivor');
  });
});

describe('merges of merges, and undoing', () => {
  test('a record merged into a record that is merged on points to the last survivor; undoing restores each step', async () => {
    await merge(trevithick.phonedPair, 'Same phone as the addressed record');
    assert.equal(await mergedInto(trevithick.phoned), trevithick.addressed);
    await merge(trevithick.addressedPair, 'Same woman');
    assert.equal(await mergedInto(trevithick.phoned), trevithick.full, 'merged_into always names a record that stands');
    assert.equal(await mergedInto(trevithick.addressed), trevithick.full);

    const res = await researcher.get(paths.people.show({ id: trevithick.phoned }));
    assert.equal(res.headers.location, `${paths.people.show({ id: trevithick.full })}?mergedFrom=${trevithick.phoned}`);
    const page = await researcher.get(res.headers.location).expect(200);
    assert.match(page.text, /through a record since merged into this one/);
    assert.match(page.text, /Same phone as the addressed record/, 'the merge that took the record asked for');
    assert.equal(chronologyItems(page.text), 3);

    await undoMergeAs(researcher, t.services.db, {
      survivorId: trevithick.full,
      mergedId: trevithick.addressed,
      reason: 'Different women after all',
    });
    assert.equal(await mergedInto(trevithick.addressed), null);
    assert.equal(await mergedInto(trevithick.phoned), trevithick.addressed, 'the earlier merge still stands, into its own survivor');
    const back = await researcher.get(paths.people.show({ id: trevithick.phoned }));
    assert.equal(back.headers.location, `${paths.people.show({ id: trevithick.addressed })}?mergedFrom=${trevithick.phoned}`);
    assert.equal(chronologyItems((await researcher.get(back.headers.location).expect(200)).text), 2);
  });

  test('after an undo the merged record stands alone again, on the page, in the API and in search', async () => {
    await undoMergeAs(researcher, t.services.db, {
      survivorId: polglaze.full,
      mergedId: polglaze.addressed,
      reason: 'Her cousin, not her',
    });
    const page = await researcher.get(paths.people.show({ id: polglaze.addressed })).expect(200);
    assert.doesNotMatch(page.text, /data-qa="merged-banner"/);
    assert.equal(chronologyItems(page.text), 1);
    const stale = await researcher.get(`${paths.people.show({ id: polglaze.full })}?mergedFrom=${polglaze.addressed}`).expect(200);
    assert.doesNotMatch(stale.text, /data-qa="merged-banner"/, 'an old link no longer claims a merge');
    assert.equal(chronologyItems(stale.text), 1);

    const api = await request(t.app).get(`/api/v1/people/${polglaze.addressed}`).set('Authorization', `Bearer ${apiToken}`).expect(200);
    assert.equal(api.body.id, polglaze.addressed);
    assert.equal(api.body.mergedFrom, null);

    const csrf = await csrfFor(researcher, paths.people.search);
    const found = await researcher.post(paths.people.search).type('form').send({ _csrf: csrf, name: 'Kerensa Polglaze' }).expect(200);
    assert.match(found.text, new RegExp(`href="${paths.people.show({ id: polglaze.addressed })}"`));
  });
});
