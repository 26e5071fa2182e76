import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, csrfFrom, csrfFor, sessionCookie, signIn, type TestApp } from '../../testing/app.ts';
import { DEMO_PASSWORD } from '../demo/index.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

describe('signing in', () => {
  test('a signed-out visitor is sent to the sign-in page', async () => {
    const res = await request(t.app).get('/').expect(303);
    assert.equal(res.headers.location, '/sign-in');
  });

  test('the assessor signs in and lands on the risk assessor home page, with role and team in the header', async () => {
    const agent = await signIn(t.app, 'assessor');
    const home = await agent.get('/').expect(200);
    assert.match(home.text, /data-qa="home-role">Risk assessor</);
    assert.match(home.text, /Amira Shah/);
    assert.match(home.text, /Central DA Safeguarding Team/);
    assert.match(home.text, /OFFICIAL-SENSITIVE/);
    assert.match(home.text, /data-qa="sign-out"/);
  });

  test('the session id changes at sign-in, so a planted id is useless (no fixation)', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/sign-in').expect(200);
    const before = sessionCookie(page);
    assert.ok(before, 'the sign-in page starts a session for its CSRF token');
    const res = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: 'researcher', password: DEMO_PASSWORD })
      .expect(303);
    const afterSignIn = sessionCookie(res);
    assert.ok(afterSignIn);
    assert.notEqual(afterSignIn, before);
    await request(t.app).get('/').set('Cookie', before!).expect(303);
  });

  test('a wrong password gives the GOV.UK error summary and no session', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/sign-in');
    const res = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: 'support', password: 'nope' })
      .expect(401);
    assert.match(res.text, /govuk-error-summary/);
    assert.match(res.text, /The username or password is not right/);
    await agent.get('/').expect(303);
  });

  test('an empty form names both missing fields', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/sign-in');
    const res = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: '', password: '' })
      .expect(422);
    assert.match(res.text, /Enter your username/);
    assert.match(res.text, /Enter your password/);
  });

  test('a form post without the CSRF token is refused', async () => {
    await request(t.app).post('/sign-in').type('form').send({ username: 'assessor', password: DEMO_PASSWORD }).expect(403);
  });

  test('signing out destroys the server session', async () => {
    const agent = await signIn(t.app, 'victimcare');
    const csrf = await csrfFor(agent);
    await agent.post('/sign-out').type('form').send({ _csrf: csrf }).expect(303);
    await agent.get('/').expect(303);
    const victimcare = await t.services.users.findByUsername('victimcare');
    const stillThere = await t.services.db.selectFrom('session').select('sid').where('user_id', '=', victimcare!.id).execute();
    assert.equal(stillThere.length, 0);
  });

  test('the integration account cannot sign in to the web pages', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/sign-in');
    await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: 'integration', password: DEMO_PASSWORD })
      .expect(401);
  });
});
