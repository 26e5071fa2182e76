import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type request from 'supertest';
import { createTestApp, csrfFor, sessionCookie, signIn, type TestApp } from '../../testing/app.ts';
import { DEMO_PASSWORD } from '../demo/index.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

async function changePassword(agent: ReturnType<typeof request.agent>, current: string, next: string) {
  const csrf = await csrfFor(agent, '/account/password');
  return agent
    .post('/account/password')
    .type('form')
    .send({ _csrf: csrf, currentPassword: current, newPassword: next, confirmPassword: next });
}

describe('choosing a new password', () => {
  for (const [password, message] of [
    ['password1234', /too commonly used/],
    ['123456789012', /too commonly used/],
    ['aaaaaaaaaaaa', /must not repeat one character/],
    ['my-auditor-password-99', /must not contain your username/],
  ] as const) {
    test(`"${password}" is refused with a GOV.UK error`, async () => {
      const agent = await signIn(t.app, 'auditor');
      const res = await changePassword(agent, DEMO_PASSWORD, password);
      assert.equal(res.status, 422);
      assert.match(res.text, /govuk-error-summary/);
      assert.match(res.text, message);
    });
  }

  test('the demo password is an acceptable password', async () => {
    const agent = await signIn(t.app, 'support');
    assert.equal((await changePassword(agent, DEMO_PASSWORD, 'lantern-orchard-vessel-7')).status, 303);
    assert.equal((await changePassword(agent, 'lantern-orchard-vessel-7', DEMO_PASSWORD)).status, 303);
  });
});

describe('changing a password ends the other sessions', () => {
  test("the user's other session is signed out and the current session carries on under a new id", async () => {
    const other = await signIn(t.app, 'victimcare');
    await other.get('/').expect(200);
    const agent = await signIn(t.app, 'victimcare');
    const before = sessionCookie(await agent.get('/account/password').expect(200));
    const csrf = await csrfFor(agent, '/account/password');
    const res = await agent
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrf, currentPassword: DEMO_PASSWORD, newPassword: 'quiet-harbour-lamp-31', confirmPassword: 'quiet-harbour-lamp-31' })
      .expect(303);
    const rotated = sessionCookie(res);
    assert.ok(rotated, 'a new session cookie is set');
    assert.notEqual(rotated, before);
    await agent.get('/').expect(200); // still signed in
    const elsewhere = await other.get('/').expect(303);
    assert.match(String(elsewhere.headers.location), /sign-in/);
  });
});
