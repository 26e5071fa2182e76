import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { after, before, test } from 'node:test';
import { createTestApp, csrfFor, signIn, type TestApp } from '../testing/app.ts';
import { systemActor } from '../platform/audit/actor.ts';
import { verifyAuditChain } from '../platform/audit/auditTrail.ts';
import { ConcurrentChangeError } from '../modules/users/index.ts';

/**
 * Concurrent edits of one record, through the page and through the service: exactly one of two editors at the same
 * version wins and the other sees both versions; many workers updating one record lose no update.
 */
let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t?.close());

const userIdOf = async (username: string) => (await t.services.users.findByUsername(username))!.id;

test('two administrators save one user at the same version: one wins, the other sees what is saved beside their changes', async () => {
  const id = await userIdOf('support');
  const { version } = (await t.services.users.findById(id))!;
  const editors = await Promise.all([signIn(t.app, 'admin'), signIn(t.app, 'admin')]);
  const tokens = await Promise.all(editors.map((a) => csrfFor(a, `/admin/users/${id}`)));
  const names = ['Sam Okafor-Reid', 'Samuel Okafor'];
  const results = await Promise.all(
    editors.map((agent, i) =>
      agent
        .post(`/admin/users/${id}`)
        .type('form')
        .send({ _csrf: tokens[i], displayName: names[i], email: '', role: 'support', teamId: '', agencyId: '', version: String(version) }),
    ),
  );
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [303, 409]);
  const loser = results.find((r) => r.status === 409)!;
  const winnerName = names[results.findIndex((r) => r.status === 303)];
  const loserName = names[results.indexOf(loser)];
  assert.match(loser.text, /There is a problem/);
  assert.match(loser.text, /data-qa="conflict-table"/);
  assert.ok(loser.text.includes(winnerName), 'the saved version is shown');
  assert.ok(loser.text.includes(`value="${loserName}"`), 'the form keeps the loser’s own changes');
  assert.match(loser.text, new RegExp(`name="version" value="${version + 1}"`), 'to be saved against the new version');
  assert.equal((await t.services.users.findById(id))!.display_name, winnerName);
});

test('50 workers × 100 updates of one user lose no update: the version counts exactly the updates that succeeded', async () => {
  const WORKERS = 50;
  const UPDATES = 100;
  const id = await userIdOf('victimcare');
  const start = (await t.services.users.findById(id))!;
  const actor = systemActor('concurrency-proof');
  let succeeded = 0;
  let conflicts = 0;
  const worker = async (w: number) => {
    for (let i = 0; i < UPDATES; i += 1) {
      const current = (await t.services.users.findById(id))!;
      try {
        await t.services.users.updateUser(actor, id, {
          displayName: `Victim Care ${w}-${i}`,
          role: 'victimcare',
          teamId: current.team_id,
          agencyId: null,
          version: current.version,
        });
        succeeded += 1;
      } catch (e) {
        if (!(e instanceof ConcurrentChangeError)) throw e;
        conflicts += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  const end = (await t.services.users.findById(id))!;
  assert.equal(succeeded + conflicts, WORKERS * UPDATES);
  assert.ok(succeeded > 0);
  assert.equal(end.version - start.version, succeeded, 'every successful update is in the version, none overwritten');
  const updates = await t.services.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('action', '=', 'user-updated')
    .where(sql<boolean>`record_ids @> array[${id}]::text[]`)
    .executeTakeFirstOrThrow();
  assert.ok(Number(updates.n) >= succeeded, 'each successful update wrote its audit event');
  assert.equal((await verifyAuditChain(t.services.db)).ok, true);
  console.log(`${WORKERS} workers × ${UPDATES} updates: ${succeeded} saved, ${conflicts} refused as conflicts, no update lost`);
});
