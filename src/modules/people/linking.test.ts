import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { up } from '../../../migrations/0015_house_keys.ts';
import { RARE_NAME_PEOPLE } from '../../domain/linkage/index.ts';

/**
 * The candidate query reads blocking keys from the primary key alone and looks up only the people merged into another
 * (migration 0013). A key still recorded against a merged record counts for the person it was merged into, and a
 * party of the same incident is never a candidate, whichever record holds the keys.
 */
let t: TestApp;
let token: string;
let sent = 0;

const lowenna = { givenName: 'Lowenna', familyName: 'Penhaligon', dateOfBirth: '1983-05-17', sex: 'female', postcode: 'TR18 4AA' };
const jago = { givenName: 'Jago', familyName: 'Trelawny', dateOfBirth: '1979-11-02', sex: 'male', postcode: 'TR18 4AA' };

async function send(parties: { role: string; person: object }[]) {
  const res = await request(t.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'niche-rms',
      sourceReference: `LK-${++sent}`,
      reportedAt: new Date(Date.UTC(2026, 2, 1, 10) + sent * 3_600_000).toISOString(),
      classification: 'Domestic abuse - verbal argument',
      parties,
    })
    .expect(201);
  return res.body.parties as { role: string; personId: string; link: string }[];
}

let survivor: string;
before(async () => {
  t = await createTestApp();
  token = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
  const [first] = await send([{ role: 'victim', person: lowenna }]);
  const [other] = await send([{ role: 'victim', person: { ...jago, givenName: 'Morwenna', sex: 'female' } }]);
  assert.deepEqual([first.link, other.link], ['new', 'new']);
  // Her record is merged into the other one, its mention moved with it, but its blocking keys left behind: the
  // keys are still recorded against the merged record.
  survivor = other.personId;
  await t.services.db.updateTable('person').set({ merged_into: survivor }).where('id', '=', first.personId).execute();
  await t.services.db.updateTable('person_mention').set({ person_id: survivor }).where('person_id', '=', first.personId).execute();
  const keys = await t.services.db.selectFrom('person_blocking_key').select('person_id').where('person_id', '=', first.personId).execute();
  assert.ok(keys.length >= 2);
});
after(() => t.close());

describe('candidates through merged records', () => {
  test('a record sharing keys held by a merged record links to the person it was merged into', async () => {
    const [again] = await send([{ role: 'victim', person: lowenna }]);
    assert.equal(again.link, 'matched');
    assert.equal(again.personId, survivor);
  });

  test('the person a merged record was merged into is excluded when another party of the incident is them', async () => {
    const [suspect, victim] = await send([
      { role: 'suspect', person: { ...jago, givenName: 'Morwenna', sex: 'female' } },
      { role: 'victim', person: lowenna },
    ]);
    assert.equal(suspect.personId, survivor);
    assert.notEqual(victim.personId, survivor, 'two parties to one incident are never the same person');
    assert.equal(victim.link, 'new');
  });
});

describe('house keys, and records without a date of birth', () => {
  const demelza = {
    givenName: 'Demelza',
    familyName: 'Carne',
    dateOfBirth: '1990-04-09',
    sex: 'female',
    address: '7 Chapel Street, Penzance',
  };

  test('a record without postcode finds her at the same house; one without a date of birth is proposed by name', async () => {
    const [first] = await send([{ role: 'victim', person: { ...demelza, postcode: 'TR18 4AW' } }]);
    // No postcode, and the date of birth mistyped: only the name and the house are left to find her by.
    const [housed] = await send([{ role: 'victim', person: { ...demelza, dateOfBirth: '1991-04-09' } }]);
    assert.deepEqual(
      [housed.link, housed.personId],
      ['matched', first.personId],
      'found through the house key, which corroborates the near date',
    );
    const [undated] = await send([{ role: 'victim', person: { givenName: 'Demelza', familyName: 'Carne', sex: 'female' } }]);
    assert.equal(undated.link, 'review', 'nothing but her name: a research assistant decides');
  });

  test('a record without a date of birth of a common name is not proposed on the name alone', async () => {
    // More people of one name than RARE_NAME_PEOPLE, each with their own date of birth and postcode.
    for (let i = 0; i <= RARE_NAME_PEOPLE; i++) {
      const day = String((i % 28) + 1).padStart(2, '0');
      const year = 1950 + Math.floor(i / 28);
      await send([
        {
          role: 'victim',
          person: { givenName: 'Jenifer', familyName: 'Pascoe', dateOfBirth: `${year}-03-${day}`, postcode: `PL${i % 30} 1AA` },
        },
      ]);
    }
    const [undated] = await send([{ role: 'victim', person: { givenName: 'Jenifer', familyName: 'Pascoe', sex: 'female' } }]);
    assert.equal(undated.link, 'new', 'a Jenifer Pascoe without a date of birth could be any of them');
  });

  test('migration 0015 files mentions recorded before it under their house keys', async () => {
    const houseKeys = () =>
      t.services.db
        .selectFrom('person_blocking_key')
        .select(['key', 'mention_id'])
        .where('key', 'like', 'ad:%')
        .orderBy('key')
        .orderBy('mention_id')
        .execute();
    const before = await houseKeys();
    assert.ok(before.some((k) => k.key === 'ad:7:chapel'));
    await t.services.db.deleteFrom('person_blocking_key').where('key', 'like', 'ad:%').execute();
    await up(t.services.db as never);
    assert.deepEqual(await houseKeys(), before);
  });
});
