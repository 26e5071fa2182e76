import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, signIn, TEST_NOW, type TestApp } from '../../testing/app.ts';
import { decideSameAs, lastAuditEvent, undoMergeAs } from '../../testing/records.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { paths } from '../../paths.ts';

/**
 * The triage priority is stored on each open triage item at intake ("serial suspect": a suspect with 2 or more
 * distinct victims in the linked history). When a merge, an undone merge or a new incident changes whose history is
 * whose, the open items of the incidents involved are re-prioritised in the same transaction, and audited.
 */
let t: TestApp;
let token: string;
let researcher: Awaited<ReturnType<typeof signIn>>;
let assessor: Awaited<ReturnType<typeof signIn>>;
const HOUR = 3_600_000;
const hoursAgo = (h: number) => new Date(TEST_NOW.getTime() - h * HOUR).toISOString();
const standardDash = {
  instrument: 'dash-2009',
  answers: Object.fromEntries(Array.from({ length: 27 }, (_, i) => [String(i + 1), 'no'])),
  officerGrade: 'standard',
};

let sent = 0;
async function send(reportedAt: string, parties: object[], classification = 'Domestic abuse - verbal argument') {
  const res = await request(t.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'merge-triage',
      sourceReference: `MT-${++sent}`,
      reportedAt,
      classification,
      parties,
      riskAssessment: standardDash,
    })
    .expect(201);
  return res.body as { id: string; reference: string; parties: { role: string; personId: string; link: string }[] };
}
const partyOf = (incident: Awaited<ReturnType<typeof send>>, role: string) => incident.parties.find((p) => p.role === role)!;

const jory = { givenName: 'Jory', familyName: 'Pascoe', dateOfBirth: '1983-05-09', sex: 'male', postcode: 'TR18 2EH' };
/** The same man without his date of birth and postcode: the engine asks a research assistant. */
const jorySparse = { givenName: 'Jory', familyName: 'Pascoe', sex: 'male' };

const refs: Record<string, string> = {};
const ids: Record<string, string> = {};

async function taskOf(name: string) {
  return t.services.db
    .selectFrom('task')
    .innerJoin('incident', 'incident.id', 'task.incident_id')
    .select(['task.id', 'task.priority', 'task.flags'])
    .where('incident.reference', '=', refs[name])
    .where('task.type', '=', 'triage')
    .executeTakeFirstOrThrow();
}

/** The queue as an assessor sees it: incident names in order, and each row's score and reasons. */
async function queue() {
  const page = await assessor.get(paths.triage.queue).expect(200);
  const rows = page.text
    .split('data-qa="queue-row"')
    .slice(1)
    .map((chunk) => ({ reference: /data-reference="([^"]+)"/.exec(chunk)![1], html: chunk.split('</tr>')[0] }));
  const nameOf = (reference: string) => Object.entries(refs).find(([, r]) => r === reference)?.[0] ?? reference;
  return {
    order: rows.map((r) => nameOf(r.reference)),
    row: (name: string) => rows.find((r) => r.reference === refs[name])!.html,
  };
}

const decideSame = (personId: string, reason: string) => decideSameAs(researcher, t.services.db, personId, reason);

before(async () => {
  t = await createTestApp();
  token = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
  researcher = await signIn(t.app, 'researcher');
  assessor = await signIn(t.app, 'assessor');

  // Jory harms Tamsin (his full record) and, a day later, Morwenna (a sparse record of him: a possible match).
  const first = await send(hoursAgo(30), [
    { role: 'victim', person: { givenName: 'Tamsin', familyName: 'Rowe', dateOfBirth: '1986-02-14', sex: 'female', postcode: 'TR18 2EH' } },
    { role: 'suspect', person: jory },
  ]);
  const second = await send(hoursAgo(6), [
    {
      role: 'victim',
      person: { givenName: 'Morwenna', familyName: 'Hosking', dateOfBirth: '1991-10-30', sex: 'female', postcode: 'TR26 1AB' },
    },
    { role: 'suspect', person: jorySparse },
  ]);
  // A breach with no suspect: 10 points, between the two before the merge and after it.
  const breach = await send(
    hoursAgo(4),
    [
      {
        role: 'victim',
        person: { givenName: 'Demelza', familyName: 'Curnow', dateOfBirth: '1979-04-04', sex: 'female', postcode: 'TR1 3AA' },
      },
    ],
    'Breach of non-molestation order',
  );
  refs.first = first.reference;
  refs.second = second.reference;
  refs.breach = breach.reference;
  ids.jory = partyOf(first, 'suspect').personId;
  ids.jorySparse = partyOf(second, 'suspect').personId;
  assert.equal(partyOf(second, 'suspect').link, 'review', 'the sparse record of Jory waits for a research assistant');
});
after(() => t.close());

describe('merging two suspect records of different victims', () => {
  test('before the merge neither incident has a serial suspect', async () => {
    for (const name of ['first', 'second']) {
      const task = await taskOf(name);
      assert.equal(task.priority, 0);
      assert.ok(!task.flags.includes('serial-suspect'));
    }
    const { order, row } = await queue();
    assert.deepEqual(order, ['breach', 'first', 'second']);
    assert.doesNotMatch(row('first'), /Serial suspect/);
  });

  test('the merge makes Jory a serial suspect: both open items move up, with the reason, in the merge’s transaction', async () => {
    await decideSame(ids.jorySparse, 'Same name, same address in the narrative');
    for (const name of ['first', 'second']) {
      const task = await taskOf(name);
      assert.equal(task.priority, 15, `${name} scores the serial-suspect points`);
      assert.ok(task.flags.includes('serial-suspect'));
    }
    const { order, row } = await queue();
    assert.deepEqual(order, ['first', 'second', 'breach']);
    assert.match(row('first'), /data-qa="priority-score">15</);
    assert.match(row('second'), /Serial suspect: 2 or more victims in the linked history \(\+15\)/);

    const event = await lastAuditEvent(t.services.db, 'triage-reprioritised');
    assert.equal(event.category, 'alteration');
    assert.equal(event.actor_label, 'researcher');
    const details = event.details as {
      because: string;
      changes: { incident: string; before: { priority: number }; after: { priority: number } }[];
    };
    assert.equal(details.because, 'persons-merged');
    assert.deepEqual(details.changes.map((c) => c.incident).sort(), [refs.first, refs.second].sort());
    assert.ok(details.changes.every((c) => c.before.priority === 0 && c.after.priority === 15));
    assert.deepEqual([...event.record_ids].sort(), [(await taskOf('first')).id, (await taskOf('second')).id].sort());
    assert.ok(event.subject_person_ids.includes(ids.jory) && event.subject_person_ids.includes(ids.jorySparse));
    const merged = await lastAuditEvent(t.services.db, 'persons-merged');
    assert.equal((merged.details as { reprioritisedTriage: string[] }).reprioritisedTriage.length, 2);
  });

  test('undoing the merge puts both items back where they were', async () => {
    await undoMergeAs(researcher, t.services.db, {
      survivorId: ids.jory,
      mergedId: ids.jorySparse,
      reason: 'A different Jory Pascoe: his cousin',
    });
    for (const name of ['first', 'second']) {
      const task = await taskOf(name);
      assert.equal(task.priority, 0);
      assert.ok(!task.flags.includes('serial-suspect'));
    }
    assert.deepEqual((await queue()).order, ['breach', 'first', 'second']);
    const event = await lastAuditEvent(t.services.db, 'triage-reprioritised');
    assert.equal((event.details as { because: string }).because, 'persons-unmerged');
    assert.equal(event.record_ids.length, 2);
  });
});

describe('a new incident naming a suspect', () => {
  test('links him to a second victim: his earlier open item becomes a serial-suspect item too', async () => {
    const third = await send(hoursAgo(1), [
      {
        role: 'victim',
        person: { givenName: 'Elowen', familyName: 'Tonkin', dateOfBirth: '1994-07-19', sex: 'female', postcode: 'TR18 4LT' },
      },
      { role: 'suspect', person: jory },
    ]);
    refs.third = third.reference;
    assert.equal(partyOf(third, 'suspect').personId, ids.jory);
    assert.equal((await taskOf('third')).priority, 15, 'the new incident is prioritised with its suspect’s history');
    assert.equal((await taskOf('first')).priority, 15, 'and so is his earlier one, still open');
    assert.equal((await taskOf('second')).priority, 0, 'the record kept apart is not his history');
    assert.deepEqual((await queue()).order, ['first', 'third', 'breach', 'second']);
    const event = await lastAuditEvent(t.services.db, 'triage-reprioritised');
    assert.equal((event.details as { because: string }).because, 'incident-received');
    assert.deepEqual(event.record_ids, [(await taskOf('first')).id]);
  });
});

describe('merging two records of one victim', () => {
  test('a suspect who seemed to harm two women harmed one: his items lose the serial-suspect points', async () => {
    const kenver = { givenName: 'Kenver', familyName: 'Penhale', dateOfBirth: '1977-12-01', sex: 'male', postcode: 'PL26 7XY' };
    const loveday = { givenName: 'Loveday', familyName: 'Jenkin', dateOfBirth: '1980-03-03', sex: 'female', postcode: 'PL26 7XY' };
    const earlier = await send(hoursAgo(20), [
      { role: 'victim', person: loveday },
      { role: 'suspect', person: kenver },
    ]);
    const later = await send(hoursAgo(2), [
      { role: 'victim', person: { givenName: 'Loveday', familyName: 'Jenkin', sex: 'female' } },
      { role: 'suspect', person: kenver },
    ]);
    refs.kenverEarlier = earlier.reference;
    refs.kenverLater = later.reference;
    assert.equal(partyOf(later, 'victim').link, 'review');
    assert.equal(partyOf(later, 'suspect').personId, partyOf(earlier, 'suspect').personId);
    assert.equal((await taskOf('kenverEarlier')).priority, 15, 'two victim records: a serial suspect, on both items');
    assert.equal((await taskOf('kenverLater')).priority, 15);

    await decideSame(partyOf(later, 'victim').personId, 'Same woman: the later record lacks her date of birth');
    assert.equal((await taskOf('kenverEarlier')).priority, 0);
    assert.equal((await taskOf('kenverLater')).priority, 0);
    assert.ok(!(await taskOf('kenverLater')).flags.includes('serial-suspect'));
  });
});
