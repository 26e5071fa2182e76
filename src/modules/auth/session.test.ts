import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, csrfFor, csrfFrom, signIn, type TestApp } from '../../testing/app.ts';
import { totpCodeAt } from '../../platform/auth/totp.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { DEMO_PASSWORD } from '../demo/index.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOT_RIGHT = /The username or password is not right/;

type Agent = ReturnType<typeof request.agent>;

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

async function userId(app: TestApp, username: string): Promise<string> {
  const user = await app.services.users.findByUsername(username);
  assert.ok(user, `demo user ${username} exists`);
  return user.id;
}

async function sessionsOf(app: TestApp, username: string): Promise<number> {
  const id = await userId(app, username);
  const rows = await app.services.db.selectFrom('session').select('sid').where('user_id', '=', id).execute();
  return rows.length;
}

/** Posts the sign-in form from a fresh agent and returns the response (not asserting success). */
async function attemptSignIn(app: TestApp, username: string, password: string) {
  const agent = request.agent(app.app);
  const page = await agent.get('/sign-in').expect(200);
  const res = await agent
    .post('/sign-in')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), username, password });
  return { agent, res };
}

async function stillSignedIn(agent: Agent): Promise<boolean> {
  const res = await agent.get('/');
  if (res.status === 200) return true;
  assert.equal(res.status, 303);
  return false;
}

describe('idle timeout', () => {
  test('15 minutes and a second without a request ends the session: sign-in page with the expiry notice, session row gone', async () => {
    const agent = await signIn(t.app, 'researcher');
    assert.equal(await sessionsOf(t, 'researcher'), 1);
    t.clock.advance(15 * MINUTE + 1000);
    const res = await agent.get('/people').expect(303);
    assert.equal(res.headers.location, '/sign-in?expired=1');
    assert.equal(await sessionsOf(t, 'researcher'), 0);
    const page = await agent.get(res.headers.location).expect(200);
    assert.match(page.text, /your session timed out/);
    await agent.get('/').expect(303);
  });

  test('14 minutes idle keeps the session, and each request extends it', async () => {
    const agent = await signIn(t.app, 'coordinator');
    for (let i = 0; i < 4; i += 1) {
      t.clock.advance(14 * MINUTE);
      assert.equal(await stillSignedIn(agent), true, `still signed in after ${(i + 1) * 14} minutes of activity`);
    }
    // 56 minutes since sign-in, but only 14 since the last request.
    assert.equal(await sessionsOf(t, 'coordinator'), 1);
    t.clock.advance(15 * MINUTE + 1000);
    const res = await agent.get('/').expect(303);
    assert.equal(res.headers.location, '/sign-in?expired=1');
  });

  test('the timeout is recorded in the audit trail', async () => {
    const agent = await signIn(t.app, 'victimcare');
    t.clock.advance(16 * MINUTE);
    await agent.get('/').expect(303);
    const id = await userId(t, 'victimcare');
    const events = await t.services.db
      .selectFrom('audit_event')
      .select('action')
      .where('actor_user_id', '=', id)
      .where('action', '=', 'idle-timeout')
      .execute();
    assert.equal(events.length, 1);
  });
});

describe('absolute timeout', () => {
  test('a session ends 12 hours after sign-in even with a request every 14 minutes', async () => {
    const agent = await signIn(t.app, 'support');
    let elapsed = 0;
    while (elapsed + 14 * MINUTE < 12 * HOUR) {
      t.clock.advance(14 * MINUTE);
      elapsed += 14 * MINUTE;
      assert.equal(await stillSignedIn(agent), true, `signed in at ${elapsed / MINUTE} minutes`);
    }
    t.clock.advance(12 * HOUR - elapsed + 1000);
    const res = await agent.get('/').expect(303);
    assert.equal(res.headers.location, '/sign-in?expired=1');
    assert.equal(await sessionsOf(t, 'support'), 0);
  });
});

describe('lockout', () => {
  test('5 failed sign-ins in 15 minutes lock the account: the right password is then refused with the same message as a wrong one', async () => {
    const app = await createTestApp();
    try {
      for (let i = 0; i < 5; i += 1) {
        const { res } = await attemptSignIn(app, 'assessor', `wrong-${i}`);
        assert.equal(res.status, 401);
        app.clock.advance(2 * MINUTE);
      }
      const { res, agent } = await attemptSignIn(app, 'assessor', DEMO_PASSWORD);
      assert.equal(res.status, 401);
      assert.match(res.text, NOT_RIGHT);
      assert.doesNotMatch(res.text, /locked/i, 'nothing says the account exists and is locked');
      assert.match(res.text, /govuk-error-summary/);
      await agent.get('/').expect(303);
      const user = await app.services.users.findByUsername('assessor');
      assert.ok(user?.locked_at, 'the account is marked locked');
      const locked = await app.services.db
        .selectFrom('audit_event')
        .select('action')
        .where('action', '=', 'account-locked')
        .where('actor_user_id', '=', user.id)
        .execute();
      assert.equal(locked.length, 1);
    } finally {
      await app.close();
    }
  });

  test('4 failures, a gap of 16 minutes, then 4 more do not lock the account', async () => {
    const app = await createTestApp();
    try {
      for (let i = 0; i < 4; i += 1) assert.equal((await attemptSignIn(app, 'researcher', 'nope')).res.status, 401);
      app.clock.advance(16 * MINUTE);
      for (let i = 0; i < 4; i += 1) {
        const { res } = await attemptSignIn(app, 'researcher', 'nope');
        assert.equal(res.status, 401);
      }
      assert.equal((await app.services.users.findByUsername('researcher'))?.locked_at, null);
      const { res } = await attemptSignIn(app, 'researcher', DEMO_PASSWORD);
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, '/');
    } finally {
      await app.close();
    }
  });

  test('locking an account ends the session it already had', async () => {
    const app = await createTestApp();
    try {
      const agent = await signIn(app.app, 'victimcare');
      assert.equal(await stillSignedIn(agent), true);
      for (let i = 0; i < 5; i += 1) await attemptSignIn(app, 'victimcare', 'guess');
      assert.equal(await sessionsOf(app, 'victimcare'), 0);
      const res = await agent.get('/').expect(303);
      assert.match(res.headers.location, /^\/sign-in/);
    } finally {
      await app.close();
    }
  });

  test('an administrator reset unlocks the account', async () => {
    const app = await createTestApp();
    try {
      for (let i = 0; i < 5; i += 1) await attemptSignIn(app, 'coordinator', 'guess');
      assert.equal((await attemptSignIn(app, 'coordinator', DEMO_PASSWORD)).res.status, 401);
      assert.ok((await app.services.users.findByUsername('coordinator'))?.locked_at);
      const oneTime = await app.services.users.resetUser(systemActor('test'), await userId(app, 'coordinator'));
      const { res } = await attemptSignIn(app, 'coordinator', oneTime);
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, '/account/password');
    } finally {
      await app.close();
    }
  });

  test('after a reset, the failures that caused the lock no longer count: one mistyped password does not lock again', async () => {
    const app = await createTestApp();
    try {
      for (let i = 0; i < 5; i += 1) await attemptSignIn(app, 'support', 'guess');
      const oneTime = await app.services.users.resetUser(systemActor('test'), await userId(app, 'support'));
      const typo = await attemptSignIn(app, 'support', `${oneTime}x`);
      assert.equal(typo.res.status, 401);
      assert.equal((await app.services.users.findByUsername('support'))?.locked_at, null);
      assert.equal((await attemptSignIn(app, 'support', oneTime)).res.status, 303);
    } finally {
      await app.close();
    }
  });
});

describe('lockout abuse', () => {
  test('a locked account unlocks itself 30 minutes after the lock, and one mistake then does not lock it again', async () => {
    const app = await createTestApp();
    try {
      for (let i = 0; i < 5; i += 1) await attemptSignIn(app, 'researcher', 'guess');
      app.clock.advance(29 * MINUTE);
      assert.equal((await attemptSignIn(app, 'researcher', DEMO_PASSWORD)).res.status, 401, 'still locked at 29 minutes');
      app.clock.advance(2 * MINUTE);
      assert.equal((await attemptSignIn(app, 'researcher', 'one-typo')).res.status, 401);
      const { res } = await attemptSignIn(app, 'researcher', DEMO_PASSWORD);
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, '/');
    } finally {
      await app.close();
    }
  });

  test('20 failures from one address stop it signing in anyone, without locking the accounts it guessed at', async () => {
    const app = await createTestApp();
    try {
      for (let i = 0; i < 20; i += 1) await attemptSignIn(app, `nobody-${i}`, 'guess');
      const { res } = await attemptSignIn(app, 'idva', DEMO_PASSWORD);
      assert.equal(res.status, 401);
      assert.match(res.text, NOT_RIGHT);
      assert.equal((await app.services.users.findByUsername('idva'))?.locked_at, null);
      const elsewhere = await app.services.users.signIn('idva', DEMO_PASSWORD, undefined, '192.0.2.7');
      assert.equal(elsewhere.kind, 'signed-in', 'another address is not throttled');
      app.clock.advance(16 * MINUTE);
      assert.equal((await attemptSignIn(app, 'idva', DEMO_PASSWORD)).res.status, 303, 'the throttle passes with the window');
    } finally {
      await app.close();
    }
  });
});

describe('API tokens of a locked account', () => {
  test('stop working while the lock stands and work again once it has run out', async () => {
    const app = await createTestApp();
    try {
      const token = await app.services.users.createApiToken(systemActor('test'), 'victimcare', 'test');
      for (let i = 0; i < 5; i += 1) await attemptSignIn(app, 'victimcare', 'guess');
      await request(app.app).get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(401);
      app.clock.advance(31 * MINUTE);
      await request(app.app).get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
    } finally {
      await app.close();
    }
  });
});

describe('disabled users', () => {
  test('an administrator disables a signed-in user: their next request goes to sign-in, they cannot sign in, their API token stops working', async () => {
    const app = await createTestApp();
    try {
      const victimcare = await signIn(app.app, 'victimcare');
      assert.equal(await stillSignedIn(victimcare), true);
      const token = await app.services.users.createApiToken(systemActor('test'), 'victimcare', 'test');
      await request(app.app).get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);

      const admin = await signIn(app.app, 'admin');
      const id = await userId(app, 'victimcare');
      const csrf = await csrfFor(admin, `/admin/users/${id}`);
      const res = await admin.post(`/admin/users/${id}/disable`).type('form').send({ _csrf: csrf }).expect(303);
      assert.equal(res.headers.location, '/admin/users');

      const next = await victimcare.get('/').expect(303);
      assert.match(next.headers.location, /^\/sign-in/);
      assert.equal(await sessionsOf(app, 'victimcare'), 0);

      const again = await attemptSignIn(app, 'victimcare', DEMO_PASSWORD);
      assert.equal(again.res.status, 401);
      await again.agent.get('/').expect(303);

      const api = await request(app.app).get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(401);
      assert.match(api.headers['content-type'], /application\/problem\+json/);
    } finally {
      await app.close();
    }
  });

  test('an administrator cannot disable their own account', async () => {
    const admin = await signIn(t.app, 'admin');
    const id = await userId(t, 'admin');
    const csrf = await csrfFor(admin, `/admin/users/${id}`);
    await admin.post(`/admin/users/${id}/disable`).type('form').send({ _csrf: csrf }).expect(422);
    const user = await t.services.users.findById(id);
    assert.equal(user?.disabled_at, null);
  });
});

describe('two-factor authentication outside demo mode', () => {
  let strict: TestApp;
  before(async () => {
    strict = await createTestApp({ DEMO_MODE: 'off' });
  });
  after(() => strict.close());

  async function passwordStep(username: string) {
    const { agent, res } = await attemptSignIn(strict, username, DEMO_PASSWORD);
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/sign-in/two-factor');
    return agent;
  }

  test('an administrator must set up TOTP: the setup key is shown and a valid code completes sign-in', async () => {
    const agent = await passwordStep('admin');
    await agent.get('/').expect(303); // not signed in yet
    const page = await agent.get('/sign-in/two-factor').expect(200);
    const secret = /data-qa="totp-secret">([A-Z2-7]+)</.exec(page.text)?.[1];
    assert.ok(secret, 'the page shows a setup key');
    const res = await agent
      .post('/sign-in/two-factor')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), code: totpCodeAt(secret, strict.clock.now()) })
      .expect(303);
    assert.equal(res.headers.location, '/');
    await agent.get('/').expect(200);
    const admin = await strict.services.users.findByUsername('admin');
    assert.equal(admin?.totp_enabled, true);

    // Next time the administrator is challenged for a code from the same secret, with no setup key shown.
    strict.clock.advance(HOUR);
    const second = await passwordStep('admin');
    const challenge = await second.get('/sign-in/two-factor').expect(200);
    assert.doesNotMatch(challenge.text, /data-qa="totp-secret"/);
    await second
      .post('/sign-in/two-factor')
      .type('form')
      .send({ _csrf: csrfFrom(challenge.text), code: totpCodeAt(secret, strict.clock.now()) })
      .expect(303);
    await second.get('/').expect(200);
  });

  test('a wrong code gives the error summary and does not sign the supervisor in', async () => {
    const agent = await passwordStep('supervisor');
    const page = await agent.get('/sign-in/two-factor').expect(200);
    const secret = /data-qa="totp-secret">([A-Z2-7]+)</.exec(page.text)?.[1];
    assert.ok(secret);
    const right = totpCodeAt(secret, strict.clock.now());
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
    const res = await agent
      .post('/sign-in/two-factor')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), code: wrong })
      .expect(422);
    assert.match(res.text, /govuk-error-summary/);
    assert.match(res.text, /The security code is not right or has expired/);
    await agent.get('/').expect(303);
    const supervisor = await strict.services.users.findByUsername('supervisor');
    assert.equal(supervisor?.totp_enabled, false);
  });

  async function setUpTotp(username: string) {
    const agent = await passwordStep(username);
    const page = await agent.get('/sign-in/two-factor').expect(200);
    const secret = /data-qa="totp-secret">([A-Z2-7]+)</.exec(page.text)?.[1];
    assert.ok(secret);
    await agent
      .post('/sign-in/two-factor')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), code: totpCodeAt(secret, strict.clock.now()) })
      .expect(303);
    return secret;
  }

  async function codeStep(username: string, code: string) {
    const agent = await passwordStep(username);
    const page = await agent.get('/sign-in/two-factor').expect(200);
    return agent
      .post('/sign-in/two-factor')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), code });
  }

  test('a code already used is refused in its window, even from a new sign-in', async () => {
    const secret = await setUpTotp('supervisor');
    strict.clock.advance(HOUR);
    const code = totpCodeAt(secret, strict.clock.now());
    assert.equal((await codeStep('supervisor', code)).status, 303);
    strict.clock.advance(20_000);
    const replay = await codeStep('supervisor', code);
    assert.equal(replay.status, 422);
    assert.match(replay.text, /The security code is not right or has expired/);
    strict.clock.advance(HOUR);
    assert.equal((await codeStep('supervisor', totpCodeAt(secret, strict.clock.now()))).status, 303);
  });

  test('5 wrong codes lock the account like 5 wrong passwords', async () => {
    const app = await createTestApp({ DEMO_MODE: 'off' });
    try {
      const first = await attemptSignIn(app, 'admin', DEMO_PASSWORD);
      assert.equal(first.res.headers.location, '/sign-in/two-factor');
      const page = await first.agent.get('/sign-in/two-factor').expect(200);
      const secret = /data-qa="totp-secret">([A-Z2-7]+)</.exec(page.text)?.[1];
      assert.ok(secret);
      await first.agent
        .post('/sign-in/two-factor')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), code: totpCodeAt(secret, app.clock.now()) })
        .expect(303);
      app.clock.advance(HOUR);
      const { agent } = await attemptSignIn(app, 'admin', DEMO_PASSWORD);
      const challenge = await agent.get('/sign-in/two-factor').expect(200);
      const right = totpCodeAt(secret, app.clock.now());
      const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
      for (let i = 0; i < 5; i += 1) {
        await agent
          .post('/sign-in/two-factor')
          .type('form')
          .send({ _csrf: csrfFrom(challenge.text), code: wrong });
      }
      assert.ok((await app.services.users.findByUsername('admin'))?.locked_at, 'the account is locked');
      const after = await agent
        .post('/sign-in/two-factor')
        .type('form')
        .send({ _csrf: csrfFrom(challenge.text), code: right });
      assert.equal(after.status, 303);
      assert.equal(after.headers.location, '/sign-in', 'the right code no longer signs in');
      await agent.get('/').expect(303);
    } finally {
      await app.close();
    }
  });

  test('other roles need no second factor', async () => {
    const { res } = await attemptSignIn(strict, 'assessor', DEMO_PASSWORD);
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/');
  });

  test('in demo mode the administrator and supervisor sign in with the password alone', async () => {
    for (const username of ['admin', 'supervisor']) {
      const { res, agent } = await attemptSignIn(t, username, DEMO_PASSWORD);
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, '/');
      await agent.get('/').expect(200);
    }
  });
});

describe('must change password', () => {
  test('a reset user signs in with the one-time password and is kept on the change-password page until they change it', async () => {
    const app = await createTestApp();
    try {
      const admin = await signIn(app.app, 'admin');
      const id = await userId(app, 'researcher');
      const csrf = await csrfFor(admin, `/admin/users/${id}`);
      const reset = await admin.post(`/admin/users/${id}/reset`).type('form').send({ _csrf: csrf }).expect(200);
      const oneTime = /data-qa="temporary-password"[^>]*>\s*([A-Za-z0-9_-]+)\s*</.exec(reset.text)?.[1];
      assert.ok(oneTime, 'the reset page shows the one-time password');

      assert.equal((await attemptSignIn(app, 'researcher', DEMO_PASSWORD)).res.status, 401);
      const { agent, res } = await attemptSignIn(app, 'researcher', oneTime);
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, '/account/password');
      for (const path of ['/', '/people', '/admin/users']) {
        const r = await agent.get(path).expect(303);
        assert.equal(r.headers.location, '/account/password', `${path} goes to the change-password page`);
      }
      const form = await agent.get('/account/password').expect(200);
      const newPassword = 'a-brand-new-password-42';
      const mismatch = await agent
        .post('/account/password')
        .type('form')
        .send({ _csrf: csrfFrom(form.text), currentPassword: oneTime, newPassword, confirmPassword: 'something-else-entirely' })
        .expect(422);
      assert.match(mismatch.text, /The passwords do not match/);
      await agent.get('/').expect(303);

      await agent
        .post('/account/password')
        .type('form')
        .send({ _csrf: csrfFrom(form.text), currentPassword: oneTime, newPassword, confirmPassword: newPassword })
        .expect(303);
      await agent.get('/').expect(200);
      assert.equal((await attemptSignIn(app, 'researcher', newPassword)).res.headers.location, '/');
      assert.equal((await attemptSignIn(app, 'researcher', oneTime)).res.status, 401);
    } finally {
      await app.close();
    }
  });
});
