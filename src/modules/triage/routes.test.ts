import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { sql } from 'kysely';
import { createTestApp, csrfFor, signIn, TEST_NOW, type TestApp } from '../../testing/app.ts';
import { lastAuditEvent } from '../../testing/records.ts';
import { systemActor } from '../../platform/audit/actor.ts';

/**
 * The triage queue through HTTP: incidents arrive through the API exactly as the force's systems send them, and
 * people work the queue through the pages.
 */
let t: TestApp;
let token: string;
const HOUR = 3_600_000;
const hoursAgo = (h: number) => new Date(TEST_NOW.getTime() - h * HOUR).toISOString();

const allNo = Object.fromEntries(Array.from({ length: 27 }, (_, i) => [String(i + 1), 'no']));
const dash = (grade: string, yes: string[] = []) => ({
  instrument: 'dash-2009',
  answers: { ...allNo, ...Object.fromEntries(yes.map((q) => [q, 'yes'])) },
  officerGrade: grade,
});
const person = (givenName: string, familyName: string, dateOfBirth: string) => ({
  givenName,
  familyName,
  dateOfBirth,
  postcode: 'S70 4QT',
});

let sent = 0;
async function send(o: { reportedAt: string; classification?: string; parties: object[]; riskAssessment?: object }) {
  const res = await request(t.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({ sourceSystem: 'triage-test', sourceReference: `TQ-${++sent}`, classification: 'Domestic abuse - verbal argument', ...o })
    .expect(201);
  return res.body as { id: string; reference: string; parties: { role: string; personId: string }[] };
}

const refs: Record<string, string> = {};
const people: Record<string, string> = {};

function rowsOf(html: string): { reference: string; html: string }[] {
  return html
    .split('data-qa="queue-row"')
    .slice(1)
    .map((chunk) => ({ reference: /data-reference="([^"]+)"/.exec(chunk)![1], html: chunk.split('</tr>')[0] }));
}
const order = (html: string) => rowsOf(html).map((r) => Object.entries(refs).find(([, ref]) => ref === r.reference)?.[0] ?? r.reference);
const rowOf = (html: string, name: string) => rowsOf(html).find((r) => r.reference === refs[name])!.html;

async function taskOf(name: string) {
  return t.services.db
    .selectFrom('task')
    .innerJoin('incident', 'incident.id', 'task.incident_id')
    .select(['task.id', 'task.version', 'task.assignee_id', 'task.priority', 'task.flags', 'task.due_at'])
    .where('incident.reference', '=', refs[name])
    .where('task.type', '=', 'triage')
    .executeTakeFirstOrThrow();
}

/** "Assign selected to" as the page sends it: each ticked row as `task=<id>:<version>`. */
async function bulkAssign(
  agent: Awaited<ReturnType<typeof signIn>>,
  tasks: { id: string; version: number }[],
  assignee: string,
  status: number,
  returnTo = '/triage',
) {
  const body = new URLSearchParams({ _csrf: await csrfFor(agent, '/triage'), assignee, returnTo });
  for (const task of tasks) body.append('task', `${task.id}:${task.version}`);
  return agent.post('/triage/assign').type('form').send(body.toString()).expect(status);
}

before(async () => {
  t = await createTestApp();
  token = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
  // Standard, nothing notable, reported 10 h ago: due in 62 h. Score 0.
  const quiet = await send({
    reportedAt: hoursAgo(10),
    parties: [{ role: 'victim', person: person('Quinn', 'Abbott', '1990-02-03') }],
    riskAssessment: dash('standard'),
  });
  refs.quiet = quiet.reference;
  // High, reported 1 h ago: due in 1 h. Score 40.
  refs.high = (
    await send({
      reportedAt: hoursAgo(1),
      parties: [{ role: 'victim', person: person('Harriet', 'Bevan', '1985-05-06') }],
      riskAssessment: dash('high'),
    })
  ).reference;
  // High, reported 3 h ago: overdue by 1 h. Score 40, so first among the 40s.
  refs.overdue = (
    await send({
      reportedAt: hoursAgo(3),
      parties: [{ role: 'victim', person: person('Olive', 'Carter', '1979-07-08') }],
      riskAssessment: dash('high'),
    })
  ).reference;
  // Medium + breach in the classification + a child: 20 + 10 + 15 = 45.
  refs.breach = (
    await send({
      reportedAt: hoursAgo(2),
      classification: 'Breach of non-molestation order',
      parties: [
        { role: 'victim', person: person('Bethany', 'Dawson', '1992-09-10') },
        { role: 'child', person: person('Milo', 'Dawson', '2016-01-02'), present: true },
      ],
      riskAssessment: dash('medium'),
    })
  ).reference;
  // Standard, classified as honour-based abuse: 30 (a DASH Q4 yes alone only prompts the HBA screen).
  const hba = await send({
    reportedAt: hoursAgo(5),
    classification: 'Honour-based abuse - threats from family',
    parties: [
      { role: 'victim', person: person('Hana', 'Eastwood', '1995-11-12') },
      { role: 'suspect', person: person('Idris', 'Eastwood', '1990-01-01') },
    ],
    riskAssessment: dash('standard', ['4']),
  });
  refs.hba = hba.reference;
  people.hbaVictim = hba.parties.find((p) => p.role === 'victim')!.personId;
  people.hbaSuspect = hba.parties.find((p) => p.role === 'suspect')!.personId;
  // The same suspect harms a second victim: a serial suspect (15), on the second incident and on the first, still open.
  const suspect = { role: 'suspect', person: person('Victor', 'Fenwick', '1980-03-04') };
  refs.firstVictim = (
    await send({ reportedAt: hoursAgo(30), parties: [{ role: 'victim', person: person('Fiona', 'Garside', '1984-04-05') }, suspect] })
  ).reference;
  refs.serial = (
    await send({ reportedAt: hoursAgo(4), parties: [{ role: 'victim', person: person('Gemma', 'Holt', '1988-06-07') }, suspect] })
  ).reference;
});
after(() => t.close());

describe('priority and SLA', () => {
  test('each incident is prioritised at intake by the documented rules', async () => {
    assert.deepEqual(
      await Promise.all(
        ['quiet', 'high', 'overdue', 'breach', 'hba', 'firstVictim', 'serial'].map(async (n) => [n, (await taskOf(n)).priority]),
      ),
      [
        ['quiet', 0],
        ['high', 40],
        ['overdue', 40],
        ['breach', 45],
        ['hba', 30],
        ['firstVictim', 15],
        ['serial', 15],
      ],
    );
    assert.deepEqual((await taskOf('breach')).flags, ['children', 'breach']);
    assert.deepEqual((await taskOf('serial')).flags, ['serial-suspect']);
    assert.deepEqual((await taskOf('firstVictim')).flags, ['serial-suspect'], 're-prioritised when the second incident arrived');
  });

  test('the queue is in priority order, overdue first within a priority, then the nearest deadline', async () => {
    const assessor = await signIn(t.app, 'assessor');
    const page = await assessor.get('/triage').expect(200);
    // firstVictim (ungraded: due 72 h after a report 30 h ago = in 42 h) before serial (due in 68 h).
    assert.deepEqual(order(page.text), ['breach', 'overdue', 'high', 'hba', 'firstVictim', 'serial', 'quiet']);
    assert.match(rowOf(page.text, 'breach'), /Breach of bail, an order or an agreement \(\+10\)/);
    assert.match(rowOf(page.text, 'breach'), /Children linked to the incident or in the household \(\+15\)/);
    assert.match(rowOf(page.text, 'hba'), /Honour-based abuse indicator/);
    assert.match(rowOf(page.text, 'hba'), /data-qa="flag-hba"/);
    assert.match(rowOf(page.text, 'serial'), /data-qa="flag-serial-suspect"/);
  });

  test('the SLA clock shows time left, and overdue items carry a red tag; moving the clock makes more overdue', async () => {
    const assessor = await signIn(t.app, 'assessor');
    let page = await assessor.get('/triage').expect(200);
    assert.match(rowOf(page.text, 'high'), /due in 1 h</);
    assert.match(rowOf(page.text, 'high'), /data-overdue="no"/);
    assert.match(rowOf(page.text, 'overdue'), /overdue by 1 h</);
    assert.match(rowOf(page.text, 'overdue'), /data-overdue="yes"/);
    assert.match(rowOf(page.text, 'overdue'), /class="app-sla--overdue"/);
    assert.match(rowOf(page.text, 'quiet'), /due in 2 days 14 h</);
    t.clock.advance(2 * HOUR + 20 * 60_000);
    try {
      // Signed in again: the earlier session has passed its idle timeout on the moved clock.
      page = await (await signIn(t.app, 'assessor')).get('/triage').expect(200);
      assert.match(rowOf(page.text, 'high'), /overdue by 1 h 20 min</);
      assert.match(rowOf(page.text, 'high'), /data-overdue="yes"/);
      assert.match(page.text, /data-qa="count-overdue">2</);
    } finally {
      t.clock.set(TEST_NOW);
    }
  });

  test('sorting by due puts the earliest deadline first; by reported, the oldest report first, and it can be reversed', async () => {
    const assessor = await signIn(t.app, 'assessor');
    const due = await assessor.get('/triage?sort=due').expect(200);
    assert.deepEqual(order(due.text).slice(0, 3), ['overdue', 'high', 'breach']);
    const reported = await assessor.get('/triage?sort=reported').expect(200);
    assert.deepEqual(order(reported.text).slice(0, 2), ['firstVictim', 'quiet']);
    const newest = await assessor.get('/triage?sort=reported&order=desc').expect(200);
    assert.equal(order(newest.text)[0], 'high');
    assert.match(newest.text, /aria-sort="descending"><a class="app-sort-link" href="\/triage\?sort=reported"/);
    assert.match(newest.text, /newest report first/);
    // The other headings offer their own order, from the first page.
    assert.match(newest.text, /aria-sort="none"><a class="app-sort-link" href="\/triage\?sort=due"/);
  });
});

describe('filters', () => {
  const cases: [string, string, string[]][] = [
    ['high grade', 'grade=high', ['overdue', 'high']],
    ['high or medium', 'grade=high&grade=medium', ['breach', 'overdue', 'high']],
    ['standard includes ungraded', 'grade=standard', ['hba', 'firstVictim', 'serial', 'quiet']],
    ['overdue only', 'overdue=yes', ['overdue']],
    ['children', 'flag=children', ['breach']],
    ['HBA', 'flag=hba', ['hba']],
    ['serial suspect', 'flag=serial-suspect', ['firstVictim', 'serial']],
    ['two flags together must both be present', 'flag=children&flag=breach', ['breach']],
    ['nothing matches', 'flag=stalking', []],
    [
      'unknown values are ignored',
      'grade=purple&flag=nonsense&assigned=everyone&sort=x&page=-3',
      ['breach', 'overdue', 'high', 'hba', 'firstVictim', 'serial', 'quiet'],
    ],
  ];
  for (const [name, query, expected] of cases) {
    test(name, async () => {
      const assessor = await signIn(t.app, 'assessor');
      const page = await assessor.get(`/triage?${query}`).expect(200);
      assert.deepEqual(order(page.text), expected);
      assert.match(page.text, expected.length ? new RegExp(`of ${expected.length} incident`) : /No incidents match these filters/);
    });
  }

  test('a selected filter is shown with a link that removes it', async () => {
    const assessor = await signIn(t.app, 'assessor');
    const page = await assessor.get('/triage?grade=high&flag=children').expect(200);
    assert.match(page.text, /href="\/triage\?flag=children"><span class="govuk-visually-hidden">Remove this filter<\/span> High/);
    assert.match(page.text, /Clear filters/);
  });
});

describe('claim, release and assign', () => {
  test('an assessor claims an item; a researcher with the old page gets a friendly 409; "assigned to me" finds it', async () => {
    const assessor = await signIn(t.app, 'assessor');
    const researcher = await signIn(t.app, 'researcher');
    const task = await taskOf('high');
    const claimed = await assessor
      .post(`/triage/${task.id}/claim`)
      .type('form')
      .send({ _csrf: await csrfFor(assessor, '/triage'), version: task.version, returnTo: '/triage?grade=high' })
      .expect(303);
    assert.equal(claimed.headers.location, '/triage?grade=high');
    const after = await assessor.get('/triage?grade=high').expect(200);
    assert.match(after.text, new RegExp(`You have claimed ${refs.high}`));
    assert.match(rowOf(after.text, 'high'), /data-qa="assignee-name">Amira Shah</);
    assert.match(rowOf(after.text, 'high'), /data-qa="release"/);

    const conflict = await researcher
      .post(`/triage/${task.id}/claim`)
      .type('form')
      .send({ _csrf: await csrfFor(researcher, '/triage'), version: task.version })
      .expect(409);
    assert.match(conflict.text, /Someone else changed this/);
    assert.match(conflict.text, /Amira Shah has this incident now/);

    const mine = await assessor.get('/triage?assigned=me').expect(200);
    assert.deepEqual(order(mine.text), ['high']);
    assert.match(mine.text, /data-qa="count-mine">1</);
    const event = await lastAuditEvent(t.services.db, 'triage-claimed');
    assert.equal(event.category, 'alteration');
    assert.equal(event.actor_label, 'assessor');
    assert.deepEqual(event.record_ids, [task.id]);
  });

  test('only the person who claimed an item can release it; then it is unassigned again', async () => {
    const assessor = await signIn(t.app, 'assessor');
    const researcher = await signIn(t.app, 'researcher');
    const task = await taskOf('high');
    await researcher
      .post(`/triage/${task.id}/release`)
      .type('form')
      .send({ _csrf: await csrfFor(researcher, '/triage'), version: task.version })
      .expect(409);
    await assessor
      .post(`/triage/${task.id}/release`)
      .type('form')
      .send({ _csrf: await csrfFor(assessor, '/triage'), version: task.version })
      .expect(303);
    assert.equal((await taskOf('high')).assignee_id, null);
    assert.equal((await lastAuditEvent(t.services.db, 'triage-released')).actor_label, 'assessor');
  });

  test('a supervisor assigns an item to a named researcher, who sees it as theirs', async () => {
    const supervisor = await signIn(t.app, 'supervisor');
    const page = await supervisor.get('/triage').expect(200);
    assert.match(page.text, /<optgroup label="Research assistants">\s*<option value="[^"]+">Rosa Lyons</);
    assert.match(page.text, /<optgroup label="Risk assessors">\s*<option value="[^"]+">Amira Shah</);
    assert.doesNotMatch(page.text, /data-qa="claim"/, 'supervisors hand work out rather than claim it');
    const researcherUser = await t.services.users.findByUsername('researcher');
    const task = await taskOf('hba');
    assert.match(rowOf(page.text, 'hba'), new RegExp(`name="task" type="checkbox" value="${task.id}:${task.version}" form="bulk-assign"`));
    await bulkAssign(supervisor, [task], researcherUser!.id, 303);
    const researcher = await signIn(t.app, 'researcher');
    const mine = await researcher.get('/triage?assigned=me').expect(200);
    assert.deepEqual(order(mine.text), ['hba']);
    const event = await lastAuditEvent(t.services.db, 'triage-assigned');
    assert.equal(event.actor_label, 'supervisor');
    assert.deepEqual(event.subject_person_ids, [people.hbaVictim]);
    assert.equal((event.details as { assigneeId: string }).assigneeId, researcherUser!.id);
  });

  test('assigning to someone who cannot do triage is refused', async () => {
    const coordinator = await signIn(t.app, 'coordinator');
    const admin = await t.services.users.findByUsername('admin');
    const task = await taskOf('quiet');
    const res = await bulkAssign(coordinator, [task], admin!.id, 422);
    assert.match(res.text, /There is a problem/);
    assert.match(res.text, /href="#assignee">Choose a risk assessor or research assistant/);
    assert.equal((await taskOf('quiet')).assignee_id, null);
  });

  test('a post without a CSRF token changes nothing', async () => {
    const assessor = await signIn(t.app, 'assessor');
    const task = await taskOf('quiet');
    await assessor.post(`/triage/${task.id}/claim`).type('form').send({ version: task.version }).expect(403);
    assert.equal((await taskOf('quiet')).assignee_id, null);
  });

  test('a return address off the queue is not followed', async () => {
    const assessor = await signIn(t.app, 'assessor');
    const task = await taskOf('quiet');
    const res = await assessor
      .post(`/triage/${task.id}/claim`)
      .type('form')
      .send({ _csrf: await csrfFor(assessor, '/triage'), version: task.version, returnTo: '//evil.example/triage' })
      .expect(303);
    assert.equal(res.headers.location, '/triage');
    await assessor
      .post(`/triage/${task.id}/release`)
      .type('form')
      .send({ _csrf: await csrfFor(assessor, '/triage'), version: task.version + 1 })
      .expect(303);
  });
});

describe('bulk assignment', () => {
  const assignedEvents = async () =>
    Number(
      (
        await sql<{ n: string }>`select count(*) as n from audit_event where action = 'triage-assigned' and outcome = 'allowed'`.execute(
          t.services.db,
        )
      ).rows[0].n,
    );
  const unassign = (...names: string[]) =>
    Promise.all(
      names.map(async (n) =>
        t.services.db
          .updateTable('task')
          .set({ assignee_id: null })
          .where('id', '=', (await taskOf(n)).id)
          .execute(),
      ),
    );

  test('a coordinator assigns several items in one go: each changed item is one audit event, and the filter is kept', async () => {
    const coordinator = await signIn(t.app, 'coordinator');
    const researcherUser = (await t.services.users.findByUsername('researcher'))!;
    const before = await assignedEvents();
    const tasks = [await taskOf('quiet'), await taskOf('serial'), await taskOf('firstVictim')];
    try {
      const res = await bulkAssign(coordinator, tasks, researcherUser.id, 303, '/triage?grade=standard');
      assert.equal(res.headers.location, '/triage?grade=standard');
      for (const n of ['quiet', 'serial', 'firstVictim']) assert.equal((await taskOf(n)).assignee_id, researcherUser.id, n);
      assert.equal(await assignedEvents(), before + 3);
      const event = await lastAuditEvent(t.services.db, 'triage-assigned');
      assert.equal(event.actor_label, 'coordinator');
      assert.equal(event.record_ids.length, 1, 'one event per item');
      const page = await coordinator.get('/triage?grade=standard').expect(200);
      assert.match(page.text, /3 incidents assigned to Rosa Lyons: /);
      for (const n of ['quiet', 'serial', 'firstVictim']) assert.match(page.text, new RegExp(refs[n]));

      // Again, with one already hers: only the items that change are written and audited.
      await t.services.db.updateTable('task').set({ assignee_id: null }).where('id', '=', tasks[0].id).execute();
      const again = [await taskOf('quiet'), await taskOf('serial')];
      await bulkAssign(coordinator, again, researcherUser.id, 303);
      assert.equal(await assignedEvents(), before + 4);
      const flash = await coordinator.get('/triage').expect(200);
      assert.match(
        flash.text,
        new RegExp(`1 incident assigned to Rosa Lyons: ${refs.quiet}. ${refs.serial} was already assigned to Rosa Lyons`),
      );

      // "Nobody" unassigns them.
      await bulkAssign(coordinator, [await taskOf('quiet'), await taskOf('serial')], 'nobody', 303);
      assert.equal((await taskOf('quiet')).assignee_id, null);
      assert.equal((await taskOf('serial')).assignee_id, null);
      assert.match((await coordinator.get('/triage').expect(200)).text, /2 incidents unassigned: /);
    } finally {
      await unassign('quiet', 'serial', 'firstVictim');
    }
  });

  test('a role that may not assign is refused, and nothing changes', async () => {
    const before = await assignedEvents();
    const researcherUser = (await t.services.users.findByUsername('researcher'))!;
    for (const user of ['assessor', 'researcher']) {
      const agent = await signIn(t.app, user);
      await bulkAssign(agent, [await taskOf('quiet')], researcherUser.id, 403);
      const refusal = await lastAuditEvent(t.services.db, 'triage:assign');
      assert.equal(refusal.outcome, 'refused');
      assert.equal(refusal.actor_label, user);
    }
    assert.equal((await taskOf('quiet')).assignee_id, null);
    assert.equal(await assignedEvents(), before);
  });

  test('an item changed since the page was loaded stops the whole assignment, and the page says which and why', async () => {
    const coordinator = await signIn(t.app, 'coordinator');
    const assessor = await signIn(t.app, 'assessor');
    const researcherUser = (await t.services.users.findByUsername('researcher'))!;
    const seen = [await taskOf('quiet'), await taskOf('serial')];
    // Meanwhile the assessor claims one of them.
    await assessor
      .post(`/triage/${seen[1].id}/claim`)
      .type('form')
      .send({ _csrf: await csrfFor(assessor, '/triage'), version: seen[1].version })
      .expect(303);
    const before = await assignedEvents();
    try {
      const res = await bulkAssign(coordinator, seen, researcherUser.id, 409, '/triage?sort=due');
      assert.match(res.text, /There is a problem/);
      assert.match(res.text, /Nothing was assigned: one of the incidents you selected could not be/);
      assert.match(
        res.text,
        new RegExp(`href="#select-${seen[1].id}">${refs.serial} was changed after you loaded the page: it is now with Amira Shah`),
      );
      assert.match(res.text, /<title>Error: /);
      // Nothing half-done: the other item is as it was.
      const quiet = await taskOf('quiet');
      assert.equal(quiet.assignee_id, null);
      assert.equal(quiet.version, seen[0].version);
      assert.equal(await assignedEvents(), before);
      // The page is the queue as it is now (in the order it was sorted), with the choices kept to try again.
      assert.match(res.text, /nearest deadline first/);
      assert.match(rowOf(res.text, 'quiet'), / checked>/);
      assert.match(rowOf(res.text, 'serial'), /Changed since: now with Amira Shah/);
      const serial = await taskOf('serial');
      assert.match(rowOf(res.text, 'serial'), new RegExp(`value="${serial.id}:${serial.version}"`), 'the row carries the new version');
      assert.match(res.text, new RegExp(`<option value="${researcherUser.id}" selected>`));
    } finally {
      await unassign('serial');
    }
  });

  test('an item graded since is reported the same way', async () => {
    const coordinator = await signIn(t.app, 'coordinator');
    const task = await taskOf('quiet');
    await t.services.db.updateTable('task').set({ state: 'done' }).where('id', '=', task.id).execute();
    try {
      const res = await bulkAssign(coordinator, [task], 'nobody', 409);
      assert.match(res.text, new RegExp(`${refs.quiet} has been triaged since you loaded the page`));
    } finally {
      await t.services.db.updateTable('task').set({ state: 'open' }).where('id', '=', task.id).execute();
    }
  });

  const invalid: [string, (q: { id: string; version: number }) => string, RegExp][] = [
    ['nothing selected', () => '', /Select the incidents to assign/],
    ['nobody chosen', (q) => `task=${q.id}:${q.version}&assignee=`, /Choose who to assign the selected incidents to/],
    ['a malformed row', () => 'task=not-a-task&assignee=nobody', /Select the incidents to assign/],
  ];
  for (const [name, body, message] of invalid) {
    test(`${name}: refused with a message, nothing changes`, async () => {
      const coordinator = await signIn(t.app, 'coordinator');
      const quiet = await taskOf('quiet');
      const extra = body(quiet);
      const res = await coordinator
        .post('/triage/assign')
        .type('form')
        .send(
          `_csrf=${encodeURIComponent(await csrfFor(coordinator, '/triage'))}&${extra.includes('assignee') ? extra : `${extra}&assignee=nobody`}`,
        )
        .expect(422);
      assert.match(res.text, /There is a problem/);
      assert.match(res.text, message);
      assert.equal((await taskOf('quiet')).version, quiet.version);
    });
  }

  test('without a CSRF token nothing is assigned', async () => {
    const coordinator = await signIn(t.app, 'coordinator');
    const task = await taskOf('quiet');
    await coordinator.post('/triage/assign').type('form').send(`task=${task.id}:${task.version}&assignee=nobody`).expect(403);
    assert.equal((await taskOf('quiet')).version, task.version);
  });
});

describe('who may use the queue', () => {
  for (const user of ['support', 'victimcare', 'idva', 'auditor', 'admin']) {
    test(`${user} may not open the queue`, async () => {
      const agent = await signIn(t.app, user);
      const res = await agent.get('/triage').expect(403);
      assert.doesNotMatch(res.text, /Eastwood|EASTWOOD/);
    });
  }

  test('assessors and researchers may not assign; supervisors and coordinators may not claim', async () => {
    const task = await taskOf('quiet');
    const assessor = await signIn(t.app, 'assessor');
    await bulkAssign(assessor, [task], 'nobody', 403);
    const coordinator = await signIn(t.app, 'coordinator');
    await coordinator
      .post(`/triage/${task.id}/claim`)
      .type('form')
      .send({ _csrf: await csrfFor(coordinator, '/triage'), version: task.version })
      .expect(403);
    const refusal = await lastAuditEvent(t.services.db, 'triage:claim');
    assert.equal(refusal.outcome, 'refused');
    assert.equal(refusal.actor_label, 'coordinator');
  });
});

describe('what each page view records', () => {
  test('viewing the queue is a consultation of every person named on it; restricted names are not shown', async () => {
    await t.services.db.updateTable('person').set({ restriction: 'restricted' }).where('id', '=', people.hbaSuspect).execute();
    try {
      const coordinator = await signIn(t.app, 'coordinator');
      const page = await coordinator.get('/triage?flag=hba').expect(200);
      assert.match(rowOf(page.text, 'hba'), /EASTWOOD, Hana/);
      assert.match(rowOf(page.text, 'hba'), new RegExp(`href="/people/${people.hbaVictim}"`));
      assert.match(rowOf(page.text, 'hba'), /Restricted record/);
      assert.doesNotMatch(page.text, /Idris/);
      const event = await lastAuditEvent(t.services.db, 'triage-queue-viewed');
      assert.equal(event.category, 'consultation');
      assert.equal(event.actor_label, 'coordinator');
      assert.deepEqual(event.subject_person_ids, [people.hbaVictim]);
      assert.equal(event.record_ids.length, 1);
    } finally {
      await t.services.db.updateTable('person').set({ restriction: 'none' }).where('id', '=', people.hbaSuspect).execute();
    }
  });

  test('each row links to the assessment page and the people', async () => {
    const assessor = await signIn(t.app, 'assessor');
    const page = await assessor.get('/triage?flag=hba').expect(200);
    const incident = await t.services.db.selectFrom('incident').select('id').where('reference', '=', refs.hba).executeTakeFirstOrThrow();
    assert.match(page.text, new RegExp(`href="/incidents/${incident.id}/assessment"`));
    assert.match(page.text, new RegExp(`href="/people/${people.hbaSuspect}"`));
  });
});

describe('home page counts', () => {
  test('an assessor sees awaiting, overdue and assigned-to-me counts that link to the queue', async () => {
    const assessor = await signIn(t.app, 'assessor');
    const { rows } = await sql<{ n: string }>`select count(*) as n from task where type = 'triage' and state = 'open'`.execute(
      t.services.db,
    );
    const home = await assessor.get('/').expect(200);
    assert.match(home.text, new RegExp(`data-qa="summary-awaiting-triage">\\s*<span class="app-card__count">${rows[0].n}<`));
    assert.match(home.text, /data-qa="summary-triage-overdue">\s*<span class="app-card__count">1</);
    assert.match(home.text, /data-qa="summary-triage-mine">\s*<span class="app-card__count">0</);
    assert.match(home.text, /href="\/triage\?overdue=yes"/);
    assert.match(home.text, /<a class="govuk-service-navigation__link" href="\/triage"/);
  });

  test('a victim care officer has no triage counts and no Triage link', async () => {
    const victimcare = await signIn(t.app, 'victimcare');
    const home = await victimcare.get('/').expect(200);
    assert.doesNotMatch(home.text, /summary-triage-overdue|href="\/triage"/);
  });
});

describe('the SLA per officer grade is an administrator setting', () => {
  test('an administrator changes it; new incidents are due by the new times; the change is audited', async () => {
    const admin = await signIn(t.app, 'admin');
    const form = await admin.get('/admin/triage-sla').expect(200);
    assert.match(form.text, /name="high"[^>]*value="2"/);
    const version = /name="version" value="(\d+)"/.exec(form.text)![1];
    await admin
      .post('/admin/triage-sla')
      .type('form')
      .send({ _csrf: await csrfFor(admin, '/admin/triage-sla'), high: '1', medium: '12', standard: '48', version })
      .expect(303);
    try {
      const sent = await send({
        reportedAt: hoursAgo(0),
        parties: [{ role: 'victim', person: person('Nadia', 'Ingram', '1991-01-01') }],
        riskAssessment: dash('high'),
      });
      refs.afterChange = sent.reference;
      assert.equal((await taskOf('afterChange')).due_at.toISOString(), new Date(TEST_NOW.getTime() + HOUR).toISOString());
      const event = await lastAuditEvent(t.services.db, 'triage-sla-changed');
      assert.deepEqual(event.details, { before: { high: 2, medium: 24, standard: 72 }, after: { high: 1, medium: 12, standard: 48 } });
      // The old version again: someone else changed it in between.
      await admin
        .post('/admin/triage-sla')
        .type('form')
        .send({ _csrf: await csrfFor(admin, '/admin/triage-sla'), high: '3', medium: '12', standard: '48', version })
        .expect(409);
    } finally {
      await t.services.db
        .updateTable('setting')
        .set({ value: JSON.stringify({ high: 2, medium: 24, standard: 72 }) })
        .where('key', '=', 'triage.sla')
        .execute();
      const afterChange = await taskOf('afterChange');
      await t.services.db.updateTable('task').set({ state: 'done' }).where('id', '=', afterChange.id).execute();
    }
  });

  const invalid: [string, Record<string, string>, RegExp][] = [
    ['empty', { high: '', medium: '24', standard: '72' }, /Enter the hours for high risk as a number/],
    ['not whole', { high: '1.5', medium: '24', standard: '72' }, /whole number/],
    ['too long', { high: '2', medium: '24', standard: '9999' }, /720 or fewer/],
    ['high longer than medium', { high: '30', medium: '24', standard: '72' }, /High risk must be due no later than medium risk/],
  ];
  for (const [name, values, message] of invalid) {
    test(`an invalid change (${name}) is refused with a message`, async () => {
      const admin = await signIn(t.app, 'admin');
      const form = await admin.get('/admin/triage-sla').expect(200);
      const version = /name="version" value="(\d+)"/.exec(form.text)![1];
      const res = await admin
        .post('/admin/triage-sla')
        .type('form')
        .send({ _csrf: await csrfFor(admin, '/admin/triage-sla'), ...values, version })
        .expect(422);
      assert.match(res.text, /There is a problem/);
      assert.match(res.text, message);
    });
  }

  test('only an administrator may change the deadlines', async () => {
    const supervisor = await signIn(t.app, 'supervisor');
    await supervisor.get('/admin/triage-sla').expect(403);
  });
});
