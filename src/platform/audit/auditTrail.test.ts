import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import request from 'supertest';
import { createTestApp, csrfFor, signIn, type TestApp } from '../../testing/app.ts';
import { asOwner } from '../../testing/database.ts';
import { aPerson, aTask, anIncidentWithVictim } from '../../testing/personFixtures.ts';
import { APP_ROLE } from '../db/embedded.ts';
import { systemActor } from './actor.ts';
import { verifyAuditChain } from './auditTrail.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const lastEventId = async (app: TestApp) => {
  const row = await app.services.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirstOrThrow();
  return String(row.id ?? '0');
};

const eventsSince = (app: TestApp, id: string) =>
  app.services.db
    .selectFrom('audit_event')
    .selectAll()
    .where(sql<boolean>`id > ${id}::bigint`)
    .orderBy('id')
    .execute();

const userIdOf = async (app: TestApp, username: string) => (await app.services.users.findByUsername(username))!.id;

function cli(args: string[], databaseUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['safeguard', ...args],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('consultations', () => {
  test('opening a person writes one consultation event naming that person', async () => {
    const personId = await aPerson(t.services.db, { givenName: 'Maisie', familyName: 'Ardwick' });
    await anIncidentWithVictim(t.services.db, personId);
    const agent = await signIn(t.app, 'assessor');
    const mark = await lastEventId(t);
    const page = await agent.get(`/people/${personId}`).expect(200);
    assert.match(page.text, /ARDWICK, Maisie/);
    const events = await eventsSince(t, mark);
    assert.equal(events.length, 1);
    const [event] = events;
    assert.equal(event.category, 'consultation');
    assert.equal(event.outcome, 'allowed');
    assert.equal(event.actor_label, 'assessor');
    assert.deepEqual(event.subject_person_ids, [personId]);
    assert.ok(event.request_id, 'the request id is recorded');
  });

  test("the request id in an event is the server's own, never the client's X-Request-Id", async () => {
    const personId = await aPerson(t.services.db, { familyName: 'Requestwell' });
    const agent = await signIn(t.app, 'assessor');
    const mark = await lastEventId(t);
    const chosen = 'chosen-by-the-client-0001';
    const res = await agent.get(`/people/${personId}`).set('X-Request-Id', chosen).expect(200);
    const [event] = await eventsSince(t, mark);
    assert.notEqual(event.request_id, chosen);
    assert.match(event.request_id ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(res.headers['x-request-id'], event.request_id, 'the response gives the id the event records');
    assert.doesNotMatch(JSON.stringify(event.details), /chosen-by-the-client/);
  });

  test('a person search writes one consultation naming everyone shown, and no one else', async () => {
    const shown = [
      await aPerson(t.services.db, { givenName: 'Anna', familyName: 'Quillfeather' }),
      await aPerson(t.services.db, { givenName: 'Ben', familyName: 'Quillfeather' }),
      await aPerson(t.services.db, { givenName: 'Cara', familyName: 'Quillfeather' }),
    ];
    const notShown = await aPerson(t.services.db, { givenName: 'Dora', familyName: 'Zebedee' });
    const agent = await signIn(t.app, 'researcher');
    const csrf = await csrfFor(agent, '/people');
    const mark = await lastEventId(t);
    const page = await agent.post('/people').type('form').send({ _csrf: csrf, name: 'Quillfeather' }).expect(200);
    const linked = [...page.text.matchAll(/href="\/people\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
    assert.deepEqual([...linked].sort(), [...shown].sort());
    const events = await eventsSince(t, mark);
    assert.equal(events.length, 1);
    assert.equal(events[0].category, 'consultation');
    assert.equal(events[0].action, 'person-search');
    assert.deepEqual([...events[0].subject_person_ids].sort(), [...shown].sort());
    assert.ok(!events[0].subject_person_ids.includes(notShown));
  });

  test('the person audit log lists the consultation for the supervisor, newest first', async () => {
    const personId = await aPerson(t.services.db, { familyName: 'Oakenshaw' });
    await (await signIn(t.app, 'support')).get(`/people/${personId}`).expect(200);
    const supervisor = await signIn(t.app, 'supervisor');
    const page = await supervisor.get(`/people/${personId}/audit`).expect(200);
    const rows = page.text.split('data-qa="audit-event"').slice(1);
    assert.equal(rows.length, 1, 'one event about the person so far (the support officer’s view)');
    assert.match(rows[0], /support/);
  });
});

describe('administrative changes', () => {
  test('creating, updating and disabling a user each write an event about that user', async () => {
    const admin = await signIn(t.app, 'admin');
    let mark = await lastEventId(t);
    const csrf = await csrfFor(admin, '/admin/users/new');
    const created = await admin
      .post('/admin/users/new')
      .type('form')
      .send({ _csrf: csrf, username: 'new.officer', displayName: 'New Officer', email: '', role: 'assessor', teamId: '', agencyId: '' })
      .expect(200);
    assert.match(created.text, /data-qa="temporary-password"/);
    const id = await userIdOf(t, 'new.officer');
    let events = await eventsSince(t, mark);
    assert.deepEqual(
      events.map((e) => [e.category, e.action, e.record_ids]),
      [['collection', 'user-created', [id]]],
    );

    mark = await lastEventId(t);
    await admin
      .post(`/admin/users/${id}`)
      .type('form')
      .send({ _csrf: csrf, displayName: 'New Officer', email: '', role: 'researcher', teamId: '', agencyId: '', version: '1' })
      .expect(303);
    events = await eventsSince(t, mark);
    assert.deepEqual(
      events.map((e) => [e.category, e.action, e.record_ids]),
      [['alteration', 'user-updated', [id]]],
    );

    mark = await lastEventId(t);
    await admin.post(`/admin/users/${id}/disable`).type('form').send({ _csrf: csrf }).expect(303);
    events = await eventsSince(t, mark);
    assert.deepEqual(
      events.map((e) => [e.category, e.action, e.record_ids, e.actor_label]),
      [['alteration', 'user-disabled', [id], 'admin']],
    );
  });

  test('an update with a stale version changes nothing and writes no event', async () => {
    const admin = await signIn(t.app, 'admin');
    const id = await userIdOf(t, 'victimcare');
    const before = await t.services.users.findById(id);
    const mark = await lastEventId(t);
    const csrf = await csrfFor(admin, `/admin/users/${id}`);
    const res = await admin
      .post(`/admin/users/${id}`)
      .type('form')
      .send({
        _csrf: csrf,
        displayName: 'Someone Else',
        email: '',
        role: 'admin',
        teamId: '',
        agencyId: '',
        version: String(before!.version + 7),
      })
      .expect(409);
    assert.match(res.text, /Someone else changed this user/);
    const afterwards = await t.services.users.findById(id);
    assert.equal(afterwards?.display_name, before?.display_name);
    assert.equal(afterwards?.role, 'victimcare');
    assert.deepEqual(await eventsSince(t, mark), []);
  });

  test('the change and its audit event commit together: when the event cannot be written, the change is rolled back', async () => {
    const app = await createTestApp();
    try {
      const id = await userIdOf(app, 'coordinator');
      const agent = await signIn(app.app, 'coordinator');
      await asOwner(app.database.ownerUrl, `revoke insert on audit_event from ${APP_ROLE}`);
      await assert.rejects(app.services.users.setDisabled(systemActor('test'), id, true));
      await asOwner(app.database.ownerUrl, `grant insert on audit_event to ${APP_ROLE}`);
      const user = await app.services.users.findById(id);
      assert.equal(user?.disabled_at, null, 'the user is not disabled');
      await agent.get('/').expect(200); // and their session was not deleted
      assert.equal((await verifyAuditChain(app.services.db)).ok, true);
    } finally {
      await app.close();
    }
  });
});

describe('refused access', () => {
  const refusalsOf = async (app: TestApp, username: string, mark: string) =>
    (await eventsSince(app, mark)).filter((e) => e.outcome === 'refused' && e.actor_label === username);

  test('an assessor opening the user administration page is refused and the refusal is recorded', async () => {
    const agent = await signIn(t.app, 'assessor');
    const mark = await lastEventId(t);
    const res = await agent.get('/admin/users').expect(403);
    assert.match(res.text, /data-qa="forbidden"/);
    const refused = await refusalsOf(t, 'assessor', mark);
    assert.equal(refused.length, 1);
    assert.equal(refused[0].action, 'admin:users');
  });

  test('an IDVA opening a person page is refused, and the refusal names the person', async () => {
    const personId = await aPerson(t.services.db, { familyName: 'Pemberton' });
    const agent = await signIn(t.app, 'idva');
    const mark = await lastEventId(t);
    const res = await agent.get(`/people/${personId}`).expect(403);
    assert.doesNotMatch(res.text, /PEMBERTON/);
    const refused = await refusalsOf(t, 'idva', mark);
    assert.equal(refused.length, 1);
    assert.deepEqual(refused[0].subject_person_ids, [personId]);
  });

  test("refused looks at an incident, its assessment or its task name the incident's people", async () => {
    const victimId = await aPerson(t.services.db, { familyName: 'Refusedwell' });
    const incidentId = await anIncidentWithVictim(t.services.db, victimId);
    const taskId = await aTask(t.services.db, { type: 'victims-code-update', incidentId, subjectPersonId: victimId });
    const idva = await signIn(t.app, 'idva');
    const token = await t.services.users.createApiToken(systemActor('test'), 'idva', 'test');
    const mark = await lastEventId(t);
    await idva.get(`/incidents/${incidentId}/assessment`).expect(403);
    await idva.get(`/tasks/${taskId}`).expect(403);
    await request(t.app).get(`/api/v1/incidents/${incidentId}`).set('Authorization', `Bearer ${token}`).expect(403);
    const refused = await refusalsOf(t, 'idva', mark);
    assert.deepEqual(
      refused.map((e) => [e.action, e.subject_person_ids]),
      [
        ['assessment:view', [victimId]],
        ['task:view', [victimId]],
        ['incident:view', [victimId]],
      ],
    );
  });

  test('an assessor calling the audit-events API is refused with problem+json and the refusal is recorded', async () => {
    const personId = await aPerson(t.services.db);
    const token = await t.services.users.createApiToken(systemActor('test'), 'assessor', 'test');
    const mark = await lastEventId(t);
    const res = await request(t.app).get('/api/v1/audit-events').query({ personId }).set('Authorization', `Bearer ${token}`).expect(403);
    assert.match(res.headers['content-type'], /application\/problem\+json/);
    const refused = await refusalsOf(t, 'assessor', mark);
    assert.equal(refused.length, 1);
    assert.deepEqual(refused[0].subject_person_ids, [personId]);
  });
});

describe('the hash chain', () => {
  test('an intact chain verifies, counting every event', async () => {
    const result = await verifyAuditChain(t.services.db);
    const count = await t.services.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    assert.deepEqual(result, { ok: true, events: Number(count.n), broken: [] });
    assert.ok(result.events > 0);
  });

  test('every edited row is named, not only the first, on the page, in the function and by the CLI', async () => {
    const app = await createTestApp();
    try {
      await signIn(app.app, 'assessor');
      await signIn(app.app, 'support');
      const ok = await cli(['audit', 'verify'], app.database.appUrl);
      const before = await verifyAuditChain(app.services.db);
      assert.equal(ok.code, 0, ok.stderr);
      assert.equal(ok.stdout.trim(), `audit chain ok: ${before.events} events`);

      const rows = await app.services.db.selectFrom('audit_event').select('id').orderBy('id').execute();
      const target = rows[Math.floor(rows.length / 2)].id;
      const later = rows[rows.length - 1].id;
      await asOwner(
        app.database.ownerUrl,
        `alter table audit_event disable trigger user; update audit_event set actor_label = 'someone-else' where id in (${Number(target)}, ${Number(later)}); alter table audit_event enable trigger user`,
      );
      const result = await verifyAuditChain(app.services.db);
      assert.equal(result.ok, false);
      assert.equal(result.events, rows.length);
      assert.deepEqual(
        result.broken.map((b) => b.id),
        [target, later],
      );
      assert.match(result.broken[0].problem, /edited/);

      const broken = await cli(['audit', 'verify'], app.database.appUrl);
      assert.equal(broken.code, 1);
      assert.match(broken.stdout, new RegExp(`broken at event ${target}\\b`));
      assert.match(broken.stdout, new RegExp(`broken at event ${later}\\b`));

      const auditor = await signIn(app.app, 'auditor');
      const csrf = await csrfFor(auditor, '/audit');
      const page = await auditor.post('/audit/verify').type('form').send({ _csrf: csrf }).expect(200);
      assert.match(page.text, /data-qa="chain-broken"/);
      assert.match(page.text, new RegExp(`broken at event ${target}\\b`));
    } finally {
      await app.close();
    }
  });

  test('a deleted row breaks the chain at the event after it', async () => {
    const app = await createTestApp();
    try {
      await signIn(app.app, 'assessor');
      const rows = await app.services.db.selectFrom('audit_event').select('id').orderBy('id').execute();
      const i = Math.floor(rows.length / 2);
      await asOwner(
        app.database.ownerUrl,
        `alter table audit_event disable trigger user; delete from audit_event where id = ${Number(rows[i].id)}; alter table audit_event enable trigger user`,
      );
      const result = await verifyAuditChain(app.services.db);
      assert.equal(result.ok, false);
      assert.deepEqual(
        result.broken.map((b) => b.id),
        [rows[i + 1].id],
        'only the event after it: the rest still link',
      );
      assert.equal(result.events, rows.length - 1);
      assert.match(result.broken[0].problem, /removed/);
    } finally {
      await app.close();
    }
  });

  test('the auditor checks the chain from the audit page', async () => {
    const auditor = await signIn(t.app, 'auditor');
    const csrf = await csrfFor(auditor, '/audit');
    const page = await auditor.post('/audit/verify').type('form').send({ _csrf: csrf }).expect(200);
    assert.match(page.text, /data-qa="chain-ok">Audit chain ok: \d+ events/);
  });
});

describe('append-only storage', () => {
  test('the app role may not update, delete or truncate audit events', async () => {
    const db = t.services.db;
    await assert.rejects(sql`update audit_event set reason = 'tampered'`.execute(db), /permission denied|append-only/);
    await assert.rejects(sql`delete from audit_event`.execute(db), /permission denied|append-only/);
    await assert.rejects(sql`truncate audit_event`.execute(db), /permission denied|append-only/);
    assert.equal((await verifyAuditChain(db)).ok, true);
  });

  test('the app role is not a superuser and holds only INSERT and SELECT on audit_event', async () => {
    const { rows } = await sql<{ rolsuper: boolean; rolbypassrls: boolean; role: string }>`
      select rolsuper, rolbypassrls, current_user as role from pg_roles where rolname = current_user`.execute(t.services.db);
    assert.deepEqual(rows, [{ rolsuper: false, rolbypassrls: false, role: APP_ROLE }]);
    const privileges = await sql<{ p: string; granted: boolean }>`
      select p, has_table_privilege(current_user, 'audit_event', p) as granted
      from unnest(array['SELECT','INSERT','UPDATE','DELETE','TRUNCATE']) as p`.execute(t.services.db);
    assert.deepEqual(Object.fromEntries(privileges.rows.map((r) => [r.p, r.granted])), {
      SELECT: true,
      INSERT: true,
      UPDATE: false,
      DELETE: false,
      TRUNCATE: false,
    });
  });

  test('even the owner is stopped by the trigger unless it is disabled', async () => {
    const url = t.database.ownerUrl;
    await assert.rejects(asOwner(url, `update audit_event set reason = 'x'`), /append-only: UPDATE refused/);
    await assert.rejects(asOwner(url, `delete from audit_event`), /append-only: DELETE refused/);
    await assert.rejects(asOwner(url, `truncate audit_event`), /append-only: TRUNCATE refused/);
    assert.equal((await verifyAuditChain(t.services.db)).ok, true);
  });
});
