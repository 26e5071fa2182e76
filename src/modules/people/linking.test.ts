import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { systemActor } from '../../platform/audit/actor.ts';

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
      reportedAt: `2026-03-${String(sent).padStart(2, '0')}T10:00:00Z`,
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
