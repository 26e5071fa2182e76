import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, TEST_NOW, type TestApp } from '../../testing/app.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import type { Executor } from '../../platform/db/executor.ts';
import { actorFromUser } from '../users/index.ts';
import { mergeParticipants as taskMergeParticipants } from '../tasks/index.ts';
import type { MergeParticipant } from './mergeParticipants.ts';
import { MatchService } from './service.ts';

/**
 * The seam a module plugs into to have its records move with a merge (src/services.ts lists the participants): a
 * participant's moved ids are kept with the merge under its name, told in the merge's audit event, and handed back
 * to it, exactly those, when the merge is undone, all in the merge's transaction.
 */
let t: TestApp;
let token: string;

/** A module's merge participant as cases or referrals would write one; it says what it was asked to do. */
const asked: { move: [string, string][]; back: [string[], string, string][]; inTransaction: boolean[] } = {
  move: [],
  back: [],
  inTransaction: [],
};
const probe: MergeParticipant = {
  records: 'cases',
  async moveToSurvivor(trx: Executor, mergedId, survivorId) {
    asked.move.push([mergedId, survivorId]);
    asked.inTransaction.push(trx.isTransaction);
    return [`case-of-${mergedId}`];
  },
  async moveBack(trx: Executor, ids, survivorId, restoredId) {
    asked.back.push([ids, survivorId, restoredId]);
    asked.inTransaction.push(trx.isTransaction);
  },
};

let sent = 0;
async function send(parties: object[]) {
  const res = await request(t.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'merge-participants',
      sourceReference: `MP-${++sent}`,
      reportedAt: TEST_NOW.toISOString(),
      classification: 'Domestic abuse - verbal argument',
      parties,
    })
    .expect(201);
  return res.body as { parties: { role: string; personId: string; link: string }[] };
}

before(async () => {
  t = await createTestApp();
  token = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
});
after(() => t.close());

test('a plugged-in participant moves with the merge and back with its undoing, its ids kept with the merge', async () => {
  const full = await send([
    {
      role: 'victim',
      person: { givenName: 'Morwenna', familyName: 'Tregear', dateOfBirth: '1990-03-04', sex: 'female', postcode: 'TR1 2AB' },
    },
  ]);
  const sparse = await send([{ role: 'victim', person: { givenName: 'Morwenna', familyName: 'Tregear', sex: 'female' } }]);
  const survivorId = full.parties[0].personId;
  const mergedId = sparse.parties[0].personId;
  assert.equal(sparse.parties[0].link, 'review', 'the sparse record waits for a research assistant');

  const matches = new MatchService(t.services.db, t.services.audit, t.clock, t.services.access, t.services.incidents, [
    ...taskMergeParticipants,
    probe,
  ]);
  const researcher = actorFromUser((await t.services.users.findByUsername('researcher'))!, 'web');
  const pair = await t.services.db
    .selectFrom('possible_match')
    .select(['id', 'version'])
    .where('person_id', '=', mergedId)
    .where('state', '=', 'open')
    .executeTakeFirstOrThrow();
  await matches.decide(researcher, pair.id, { decision: 'same', reason: 'Same woman', version: pair.version });

  assert.deepEqual(asked.move, [[mergedId, survivorId]]);
  const merge = await t.services.db.selectFrom('person_merge').selectAll().where('merged_id', '=', mergedId).executeTakeFirstOrThrow();
  assert.deepEqual(merge.moved_records, { cases: [`case-of-${mergedId}`] });
  assert.equal(merge.moved_task_ids.length, 1, 'the tasks participant still keeps its own column');
  const event = await t.services.db
    .selectFrom('audit_event')
    .select('details')
    .where('action', '=', 'persons-merged')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  assert.deepEqual((event.details as { movedRecords?: unknown }).movedRecords, { cases: [`case-of-${mergedId}`] });

  await matches.undoMerge(researcher, survivorId, merge.id, 'Two different women');
  assert.deepEqual(asked.back, [[[`case-of-${mergedId}`], survivorId, mergedId]]);
  assert.deepEqual(asked.inTransaction, [true, true], 'both moves run in the merge’s transaction');
});
