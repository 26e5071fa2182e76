import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, signIn, type TestApp } from '../../testing/app.ts';
import { pruneExpiredSessions } from './sessionPruning.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

test('pruning removes sessions whose lifetime has passed and keeps live ones', async () => {
  await signIn(t.app, 'assessor');
  const count = async () =>
    Number(
      (
        await t.services.db
          .selectFrom('session')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  assert.ok((await count()) >= 1);
  assert.equal(await pruneExpiredSessions(t.services.db, t.services.clock), 0);
  // express-session sets `expire` from the real time the cookie was issued; 13 hours on is past the 12-hour lifetime.
  const later = { now: () => new Date(Date.now() + 13 * 3_600_000) };
  assert.ok((await pruneExpiredSessions(t.services.db, later)) >= 1);
  assert.equal(await count(), 0);
});
