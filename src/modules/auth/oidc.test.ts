import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { ConfigError, loadConfig } from '../../config.ts';
import { createTestApp, TEST_NOW, type TestApp } from '../../testing/app.ts';
import { signInAtProvider, startIdentityProvider, type TestIdentityProvider } from '../../testing/identityProvider.ts';

const BASE_URL = 'http://safeguard.test';
const ACCOUNTS = {
  'sub-jo': {
    preferred_username: 'jo.newman@northshire.police.example',
    name: 'Jo Newman',
    roles: ['Safeguard.Assessor'],
    team: 'da-north',
  },
  'sub-rosa': { preferred_username: 'researcher', name: 'Rosa Lyons', roles: ['coordinator'] },
  'sub-ada': { preferred_username: 'admin', name: 'Ada Fielding', roles: 'admin' },
  'sub-vicky': { preferred_username: 'victimcare', name: 'Vicky Marsh', roles: ['cleaner'] },
  'sub-sam': { preferred_username: 'support', name: 'Sam Okafor', roles: ['support'] },
};

let idp: TestIdentityProvider;
let t: TestApp;
before(async () => {
  idp = await startIdentityProvider({ redirectUri: `${BASE_URL}/sign-in/oidc/callback`, accounts: ACCOUNTS });
  t = await createTestApp({
    BASE_URL,
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
    OIDC_TEAM_CLAIM: 'team',
    OIDC_PROVIDER_NAME: 'Northshire Police account',
  });
});
after(async () => {
  await t?.close();
  await idp?.close();
});

const sessionCookie = (res: request.Response) =>
  ([] as string[])
    .concat(res.headers['set-cookie'] ?? [])
    .find((c) => c.startsWith('safeguard.sid='))
    ?.split(';')[0];

/** The browser's round trip: the app sends it to the provider, the person signs in there, the provider sends it back. */
async function throughProvider(accountId: keyof typeof ACCOUNTS, tamper: (callback: URL) => void = () => {}) {
  const agent = request.agent(t.app);
  const start = await agent.get('/sign-in/oidc').expect(303);
  const callback = await signInAtProvider(start.headers.location, accountId);
  tamper(callback);
  const landing = await agent.get(callback.pathname + callback.search);
  return { agent, start, landing };
}

const userNamed = (username: string) =>
  t.services.db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
const refusals = () =>
  t.services.db.selectFrom('audit_event').selectAll().where('action', '=', 'sign-in-refused').orderBy('id', 'desc').execute();

describe('signing in through the force identity provider', () => {
  test('the sign-in page offers the force account beside the password form', async () => {
    const page = await request(t.app).get('/sign-in').expect(200);
    assert.match(page.text, /data-qa="sign-in-oidc"/);
    assert.match(page.text, /Sign in with Northshire Police account/);
    assert.match(page.text, /href="\/sign-in\/oidc"/);
  });

  test('the app asks for an authorization code with PKCE (S256), a state and a nonce, returning to the configured URL', async () => {
    const start = await request(t.app).get('/sign-in/oidc').expect(303);
    const url = new URL(start.headers.location);
    assert.equal(url.origin, idp.issuer);
    assert.equal(url.searchParams.get('response_type'), 'code');
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.match(url.searchParams.get('code_challenge') ?? '', /^[\w-]{43}$/);
    assert.ok(url.searchParams.get('state'));
    assert.ok(url.searchParams.get('nonce'));
    assert.equal(url.searchParams.get('redirect_uri'), `${BASE_URL}/sign-in/oidc/callback`);
    assert.match(url.searchParams.get('scope') ?? '', /\bopenid\b/);
  });

  test('a first sign-in creates the account with the claimed role and team, and lands on that role’s home page', async () => {
    const { agent, start, landing } = await throughProvider('sub-jo');
    assert.equal(landing.status, 303);
    assert.equal(landing.headers.location, '/');
    assert.notEqual(sessionCookie(landing), sessionCookie(start), 'the session id changes at sign-in');

    const home = await agent.get('/').expect(200);
    assert.match(home.text, /data-qa="home-role">Risk assessor</);
    assert.match(home.text, /Jo Newman/);
    assert.match(home.text, /North District DA Team/);

    const user = await userNamed('jo.newman@northshire.police.example');
    assert.equal(user?.role, 'assessor');
    assert.equal(user?.oidc_subject, 'sub-jo');
    assert.equal(user?.password_hash, null, 'no password: this account signs in only through the provider');
    const events = await t.services.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('actor_user_id', '=', user!.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      events.map((e) => e.action),
      ['user-created', 'signed-in'],
    );
    assert.equal((events[1].details as { method: string }).method, 'oidc');
    const attempt = await t.services.db.selectFrom('sign_in_attempt').selectAll().where('user_id', '=', user!.id).executeTakeFirstOrThrow();
    assert.equal(attempt.succeeded, true);
  });

  test('a later sign-in finds the same account by its subject, not a new one', async () => {
    const { landing } = await throughProvider('sub-jo');
    assert.equal(landing.status, 303);
    const { count } = await t.services.db
      .selectFrom('app_user')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('oidc_subject', '=', 'sub-jo')
      .executeTakeFirstOrThrow();
    assert.equal(Number(count), 1);
  });

  test('an existing account is linked by username and takes the role the provider now gives it', async () => {
    const { agent, landing } = await throughProvider('sub-rosa');
    assert.equal(landing.status, 303);
    const home = await agent.get('/').expect(200);
    assert.match(home.text, /data-qa="home-role">DA coordinator</);
    const user = await userNamed('researcher');
    assert.equal(user?.role, 'coordinator');
    assert.equal(user?.oidc_subject, 'sub-rosa');
    const changes = await t.services.db
      .selectFrom('audit_event')
      .select(['category', 'details', 'record_ids'])
      .where('action', '=', 'user-updated')
      .execute();
    const change = changes.find((c) => c.record_ids.includes(user!.id))!;
    assert.equal(change.category, 'alteration');
    assert.deepEqual(
      { role: (change.details as Record<string, unknown>).role, previousRole: (change.details as Record<string, unknown>).previousRole },
      { role: 'coordinator', previousRole: 'researcher' },
    );
  });

  test('no Safeguard security code is asked after the provider, even for an account that has one', async () => {
    await t.services.db
      .updateTable('app_user')
      .set({ totp_enabled: true, totp_secret: 'JBSWY3DPEHPK3PXP' })
      .where('username', '=', 'admin')
      .execute();
    const { agent, landing } = await throughProvider('sub-ada');
    assert.equal(landing.headers.location, '/');
    const home = await agent.get('/').expect(200);
    assert.match(home.text, /data-qa="home-role">Administrator</);
  });

  test('the session then keeps the same idle timeout as a password sign-in', async () => {
    const { agent } = await throughProvider('sub-jo');
    await agent.get('/').expect(200);
    t.clock.advance(16 * 60_000);
    try {
      const res = await agent.get('/').expect(303);
      assert.equal(res.headers.location, '/sign-in?expired=1');
    } finally {
      t.clock.set(TEST_NOW);
    }
  });
});

describe('refusals', () => {
  test('a response whose state is not the one this browser was given is refused, and nobody is signed in', async () => {
    const before = (await refusals()).length;
    const { agent, landing } = await throughProvider('sub-jo', (callback) => callback.searchParams.set('state', 'forged-state'));
    assert.equal(landing.status, 400);
    assert.match(landing.text, /data-qa="oidc-refused"/);
    assert.match(landing.text, /We could not confirm your sign-in with Northshire Police account/);
    await agent.get('/').expect(303);
    const [latest, ...rest] = await refusals();
    assert.equal(rest.length, before);
    assert.equal(latest.reason, 'response-invalid');
    assert.equal(latest.outcome, 'refused');
  });

  test('a callback with no sign-in started in this browser is refused', async () => {
    const res = await request(t.app).get('/sign-in/oidc/callback?code=abc&state=xyz').expect(400);
    assert.match(res.text, /data-qa="oidc-refused"/);
  });

  test('a role claim that names no Safeguard role is refused and recorded, and the account is unchanged', async () => {
    const { agent, landing } = await throughProvider('sub-vicky');
    assert.equal(landing.status, 403);
    assert.match(landing.text, /did not come with a Safeguard role/);
    await agent.get('/').expect(303);
    const user = await userNamed('victimcare');
    assert.equal(user?.role, 'victimcare');
    assert.equal(user?.oidc_subject, null);
    const [latest] = await refusals();
    assert.equal(latest.reason, 'unknown-role');
    assert.deepEqual(latest.record_ids, [user!.id]);
    const attempt = await t.services.db
      .selectFrom('sign_in_attempt')
      .selectAll()
      .where('user_id', '=', user!.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual([attempt.succeeded, attempt.reason], [false, 'oidc-unknown-role']);
  });

  test('a disabled account is refused even though the provider vouches for the person', async () => {
    await t.services.db.updateTable('app_user').set({ disabled_at: TEST_NOW }).where('username', '=', 'support').execute();
    const { agent, landing } = await throughProvider('sub-sam');
    assert.equal(landing.status, 403);
    assert.match(landing.text, /Your Safeguard account has been disabled/);
    await agent.get('/').expect(303);
    const [latest] = await refusals();
    assert.equal(latest.reason, 'disabled');
  });

  test('a locked account is refused while its lock stands and signs in once the lock has run out', async () => {
    const lockAt = (minutesAgo: number) =>
      t.services.db
        .updateTable('app_user')
        .set({ locked_at: new Date(t.clock.now().getTime() - minutesAgo * 60_000) })
        .where('username', '=', 'admin')
        .execute();
    await lockAt(29);
    const refused = await throughProvider('sub-ada');
    assert.equal(refused.landing.status, 403);
    assert.equal((await refusals())[0].reason, 'locked');
    await lockAt(31);
    const { landing } = await throughProvider('sub-ada');
    assert.equal(landing.status, 303, 'a lock ends after 30 minutes whichever way the person signs in');
  });
});

describe('without OIDC configured', () => {
  let plain: TestApp;
  before(async () => {
    plain = await createTestApp();
  });
  after(() => plain?.close());

  test('there is no identity provider button and its routes do not exist', async () => {
    const page = await request(plain.app).get('/sign-in').expect(200);
    assert.doesNotMatch(page.text, /sign-in-oidc/);
    await request(plain.app).get('/sign-in/oidc').expect(404);
    await request(plain.app).get('/sign-in/oidc/callback?code=abc&state=xyz').expect(404);
  });
});

describe('OIDC configuration', () => {
  const production = { NODE_ENV: 'production', SESSION_SECRET: 'a-long-random-production-secret-for-tests' };

  test('the issuer and client id come together or not at all', () => {
    assert.throws(() => loadConfig({ OIDC_ISSUER: 'https://login.example/tenant/v2.0' }), /OIDC_ISSUER and OIDC_CLIENT_ID/);
    assert.throws(() => loadConfig({ OIDC_CLIENT_ID: 'safeguard' }), ConfigError);
    assert.equal(loadConfig({}).oidc, undefined);
  });

  test('the redirect URL defaults to the callback under BASE_URL, and the role claim to `roles`', () => {
    const { oidc } = loadConfig({
      OIDC_ISSUER: 'https://login.example/t/v2.0',
      OIDC_CLIENT_ID: 'safeguard',
      BASE_URL: 'https://safeguard.example',
    });
    assert.equal(oidc?.redirectUrl, 'https://safeguard.example/sign-in/oidc/callback');
    assert.equal(oidc?.roleClaim, 'roles');
    assert.equal(oidc?.teamClaim, undefined);
  });

  test('production refuses a plain-http issuer or redirect URL', () => {
    const oidc = { OIDC_CLIENT_ID: 'safeguard', BASE_URL: 'https://safeguard.example' };
    assert.throws(() => loadConfig({ ...production, ...oidc, OIDC_ISSUER: 'http://login.example/t' }), /https/);
    assert.throws(
      () => loadConfig({ ...production, ...oidc, OIDC_ISSUER: 'https://login.example/t', BASE_URL: 'http://safeguard.example' }),
      /https/,
    );
    assert.ok(loadConfig({ ...production, ...oidc, OIDC_ISSUER: 'https://login.example/t' }).oidc);
  });
});
