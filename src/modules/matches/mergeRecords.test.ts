import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, signIn, TEST_NOW, type TestApp } from '../../testing/app.ts';
import { decideSameAs, lastAuditEvent, undoMergeAs } from '../../testing/records.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { paths } from '../../paths.ts';

/**
 * What a merge leaves behind besides mentions: the tasks about the merged record and its MARAC referrals move to the
 * survivor (and back, exactly those, when the merge is undone); the history-based MARAC criteria of incidents not
 * yet graded are worked out again; the triage queue names the parties as the records they now answer as.
 */
let t: TestApp;
let token: string;
let researcher: Awaited<ReturnType<typeof signIn>>;
let assessor: Awaited<ReturnType<typeof signIn>>;
const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(TEST_NOW.getTime() - d * DAY);
const standardDash = {
  instrument: 'dash-2009',
  answers: Object.fromEntries(Array.from({ length: 27 }, (_, i) => [String(i + 1), 'no'])),
  officerGrade: 'standard',
};

let sent = 0;
async function send(at: Date, parties: object[]) {
  const res = await request(t.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'merge-records',
      sourceReference: `MR-${++sent}`,
      reportedAt: at.toISOString(),
      occurredAt: at.toISOString(),
      classification: 'Domestic abuse - verbal argument',
      parties,
      riskAssessment: standardDash,
    })
    .expect(201);
  return res.body as { id: string; reference: string; parties: { role: string; personId: string; link: string }[] };
}
type Sent = Awaited<ReturnType<typeof send>>;
const partyOf = (incident: Sent, role: string) => incident.parties.find((p) => p.role === role)!;

const nessa = { givenName: 'Nessa', familyName: 'Pender', dateOfBirth: '1988-08-21', sex: 'female', postcode: 'TR15 3QP' };
/** The same woman without her date of birth and postcode: the engine asks a research assistant. */
const nessaSparse = { givenName: 'Nessa', familyName: 'Pender', sex: 'female' };
const kit = { givenName: 'Kitto', familyName: 'Trevail', dateOfBirth: '1985-01-12', sex: 'male', postcode: 'TR15 3QP' };

let today: Sent;
let earlier: Sent;
const ids: Record<string, string> = {};

const criteriaOf = async (incidentId: string) => {
  const row = await t.services.db.selectFrom('incident').select('marac_criteria').where('id', '=', incidentId).executeTakeFirstOrThrow();
  return (row.marac_criteria as { criterion: string; reason: string }[]).map((c) => c.criterion);
};
const triageOf = (incidentId: string) =>
  t.services.db
    .selectFrom('task')
    .select(['id', 'subject_person_id', 'flags', 'priority', 'version'])
    .where('incident_id', '=', incidentId)
    .where('type', '=', 'triage')
    .executeTakeFirstOrThrow();
const referral = (id: string) =>
  t.services.db
    .selectFrom('marac_referral')
    .select(['victim_person_id', 'perpetrator_person_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

/** The queue row of an incident as an assessor sees it. */
async function queueRow(reference: string) {
  const page = await assessor.get(paths.triage.queue).expect(200);
  const row = page.text
    .split('data-qa="queue-row"')
    .slice(1)
    .find((chunk) => chunk.includes(`data-reference="${reference}"`));
  assert.ok(row, `${reference} is in the queue`);
  return row.split('</tr>')[0];
}

const decideSame = (personId: string, reason: string) => decideSameAs(researcher, t.services.db, personId, reason);

before(async () => {
  t = await createTestApp();
  token = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
  researcher = await signIn(t.app, 'researcher');
  assessor = await signIn(t.app, 'assessor');

  // Today Kitto harms Nessa (her full record). An incident of 100 days ago, sent late, recorded her sparsely: a
  // possible match. She and Kitto were referred to MARAC 90 days ago, under that sparse record.
  today = await send(daysAgo(0.1), [
    { role: 'victim', person: nessa },
    { role: 'suspect', person: kit },
  ]);
  earlier = await send(daysAgo(100), [
    { role: 'victim', person: nessaSparse },
    { role: 'suspect', person: kit },
  ]);
  ids.nessa = partyOf(today, 'victim').personId;
  ids.nessaSparse = partyOf(earlier, 'victim').personId;
  ids.kit = partyOf(today, 'suspect').personId;
  assert.equal(partyOf(earlier, 'victim').link, 'review', 'the sparse record of Nessa waits for a research assistant');
  assert.equal(partyOf(earlier, 'suspect').personId, ids.kit);

  const at = daysAgo(90);
  const [asVictim, asPerpetrator] = await t.services.db
    .insertInto('marac_referral')
    .values([
      { incident_id: earlier.id, victim_person_id: ids.nessaSparse, perpetrator_person_id: ids.kit, referred_at: at, created_at: at },
      // Synthetic cross-allegation: the sparse record named as the perpetrator of a referral about Kitto.
      { incident_id: earlier.id, victim_person_id: ids.kit, perpetrator_person_id: ids.nessaSparse, referred_at: at, created_at: at },
    ])
    .returning('id')
    .execute();
  ids.referralAsVictim = asVictim.id;
  ids.referralAsPerpetrator = asPerpetrator.id;
});
after(() => t.close());

describe('merging a victim record that holds a MARAC referral', () => {
  test('before the merge the referral is not her history: today’s incident does not meet repeat MARAC', async () => {
    assert.deepEqual(await criteriaOf(today.id), []);
    assert.ok(!(await triageOf(today.id)).flags.includes('marac'));
    assert.equal((await triageOf(earlier.id)).subject_person_id, ids.nessaSparse);
  });

  test('the merge moves the sparse record’s tasks and referrals to the survivor', async () => {
    const survivorTask = await triageOf(today.id);
    const movedTaskBefore = await triageOf(earlier.id);
    await decideSame(ids.nessaSparse, 'Same woman: the earlier record lacks her date of birth');
    assert.equal((await triageOf(earlier.id)).subject_person_id, ids.nessa);
    assert.ok((await triageOf(earlier.id)).version > movedTaskBefore.version, 'a form opened on the moved task before the merge is stale');
    assert.equal((await triageOf(today.id)).subject_person_id, ids.nessa);
    assert.deepEqual(await referral(ids.referralAsVictim), { victim_person_id: ids.nessa, perpetrator_person_id: ids.kit });
    assert.deepEqual(await referral(ids.referralAsPerpetrator), { victim_person_id: ids.kit, perpetrator_person_id: ids.nessa });

    const merge = await t.services.db
      .selectFrom('person_merge')
      .selectAll()
      .where('merged_id', '=', ids.nessaSparse)
      .executeTakeFirstOrThrow();
    assert.deepEqual(merge.moved_task_ids, [(await triageOf(earlier.id)).id], 'only the merged record’s task is recorded as moved');
    assert.ok(!merge.moved_task_ids.includes(survivorTask.id));
    assert.deepEqual(merge.moved_victim_referral_ids, [ids.referralAsVictim]);
    assert.deepEqual(merge.moved_perpetrator_referral_ids, [ids.referralAsPerpetrator]);
    const event = await lastAuditEvent(t.services.db, 'persons-merged');
    const details = event.details as { movedTasks: string[]; movedMaracReferrals: string[] };
    assert.deepEqual(details.movedTasks, merge.moved_task_ids);
    assert.deepEqual(details.movedMaracReferrals.sort(), [ids.referralAsVictim, ids.referralAsPerpetrator].sort());
  });

  test('today’s open incident now meets repeat MARAC, re-scored and audited in the merge’s transaction', async () => {
    assert.deepEqual(await criteriaOf(today.id), ['repeat-marac']);
    const task = await triageOf(today.id);
    assert.ok(task.flags.includes('marac'));
    assert.match(await queueRow(today.reference), /MARAC criteria met: [^<]*repeat[- ]MARAC/i);

    const event = await lastAuditEvent(t.services.db, 'marac-criteria-recomputed');
    assert.equal(event.category, 'alteration');
    assert.equal(event.actor_label, 'researcher');
    assert.deepEqual(event.record_ids, [today.id]);
    const details = event.details as { because: string; changes: { incident: string; before: string[]; after: string[] }[] };
    assert.equal(details.because, 'persons-merged');
    assert.deepEqual(details.changes, [{ incident: today.reference, before: [], after: ['repeat-marac'] }]);
    assert.ok(event.subject_person_ids.includes(ids.nessa) && event.subject_person_ids.includes(ids.nessaSparse));
    const reprioritised = await lastAuditEvent(t.services.db, 'triage-reprioritised');
    assert.ok(reprioritised.record_ids.includes(task.id), 'the MARAC points are in the stored priority, audited');
  });

  test('the queue names a party as the record it now answers as, even one still recorded against the merged record', async () => {
    // A party written by an intake that ran alongside the merge (its mention not yet committed when the merge listed
    // the mentions to move) still names the merged record: the queue follows the merge, as the person page does.
    await t.services.db
      .updateTable('incident_party')
      .set({ person_id: ids.nessaSparse })
      .where('incident_id', '=', earlier.id)
      .where('role', '=', 'victim')
      .execute();
    const row = await queueRow(earlier.reference);
    assert.match(row, new RegExp(`href="${paths.people.show({ id: ids.nessa })}" data-qa="victim-link">PENDER, Nessa<`));
    assert.doesNotMatch(row, new RegExp(ids.nessaSparse));
    const viewed = await lastAuditEvent(t.services.db, 'triage-queue-viewed');
    assert.ok(viewed.subject_person_ids.includes(ids.nessa));
    assert.ok(!viewed.subject_person_ids.includes(ids.nessaSparse));
    await t.services.db
      .updateTable('incident_party')
      .set({ person_id: ids.nessa })
      .where('incident_id', '=', earlier.id)
      .where('role', '=', 'victim')
      .execute();
  });

  test('undoing the merge moves back exactly the task and referrals it moved, and repeat MARAC goes', async () => {
    // A task raised for the survivor after the merge stays hers.
    const raisedSince = await t.services.db
      .insertInto('task')
      .values({
        type: 'marac-referral',
        incident_id: today.id,
        subject_person_id: ids.nessa,
        due_at: daysAgo(-2),
        source_rule: 'test',
        details: JSON.stringify({}),
        created_at: TEST_NOW,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await undoMergeAs(researcher, t.services.db, {
      survivorId: ids.nessa,
      mergedId: ids.nessaSparse,
      reason: 'Two women of the same name',
    });
    assert.equal((await triageOf(earlier.id)).subject_person_id, ids.nessaSparse);
    assert.equal((await triageOf(today.id)).subject_person_id, ids.nessa);
    const since = await t.services.db
      .selectFrom('task')
      .select('subject_person_id')
      .where('id', '=', raisedSince.id)
      .executeTakeFirstOrThrow();
    assert.equal(since.subject_person_id, ids.nessa);
    assert.deepEqual(await referral(ids.referralAsVictim), { victim_person_id: ids.nessaSparse, perpetrator_person_id: ids.kit });
    assert.deepEqual(await referral(ids.referralAsPerpetrator), { victim_person_id: ids.kit, perpetrator_person_id: ids.nessaSparse });

    assert.deepEqual(await criteriaOf(today.id), []);
    assert.ok(!(await triageOf(today.id)).flags.includes('marac'));
    const event = await lastAuditEvent(t.services.db, 'marac-criteria-recomputed');
    const details = event.details as { because: string; changes: { before: string[]; after: string[] }[] };
    assert.equal(details.because, 'persons-unmerged');
    assert.deepEqual(details.changes, [{ incident: today.reference, before: ['repeat-marac'], after: [] }]);
    const unmerged = await lastAuditEvent(t.services.db, 'persons-unmerged');
    assert.deepEqual((unmerged.details as { movedTasks: string[] }).movedTasks, [(await triageOf(earlier.id)).id]);
  });
});
