import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, csrfFrom, signIn, type TestApp } from '../testing/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

describe('Cache-Control', () => {
  test('pages, the sign-in page and API responses carry no-store; static assets may be cached', async () => {
    const agent = await signIn(t.app, 'assessor');
    const home = await agent.get('/').expect(200);
    assert.equal(home.headers['cache-control'], 'no-store');
    const signInPage = await request(t.app).get('/sign-in').expect(200);
    assert.equal(signInPage.headers['cache-control'], 'no-store');
    const api = await request(t.app).get('/api/v1/people/00000000-0000-0000-0000-000000000000');
    assert.equal(api.headers['cache-control'], 'no-store');
    const css = await request(t.app).get('/assets/safeguard.css').expect(200);
    assert.notEqual(css.headers['cache-control'], 'no-store');
  });
});

describe('cross-site requests', () => {
  test('a form post with a valid CSRF token is refused when Sec-Fetch-Site says cross-site', async () => {
    const agent = await signIn(t.app, 'assessor');
    const page = await agent.get('/').expect(200);
    const res = await agent
      .post('/sign-out')
      .set('Sec-Fetch-Site', 'cross-site')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(403);
    assert.doesNotMatch(String(res.headers.location ?? ''), /signed-out/);
    await agent.get('/').expect(200); // still signed in
  });

  test('a form post with a valid CSRF token is refused when its Origin is another site', async () => {
    const agent = await signIn(t.app, 'assessor');
    const page = await agent.get('/').expect(200);
    await agent
      .post('/sign-out')
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(403);
    await agent.get('/').expect(200);
  });

  test('a same-origin post still works', async () => {
    const agent = await signIn(t.app, 'assessor');
    const page = await agent.get('/').expect(200);
    await agent
      .post('/sign-out')
      .set('Sec-Fetch-Site', 'same-origin')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
    await agent.get('/').expect(303);
  });
});
