import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import request from 'supertest';
import { createTestApp, csrfFor, signIn, type TestApp } from '../testing/app.ts';
import { aPerson } from '../testing/personFixtures.ts';
import { systemActor } from './audit/actor.ts';

/**
 * Bad input never gives a 500 (it is a 4xx naming the problem): random strings, control characters, huge values and repeated
 * fields posted to every form and query, asserting only that the app answers below 500.
 */
const RUNS = 40;

type Value = string | string[];

const NASTY = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u202e\u200b\ufeff',
  '<script>alert(1)</script>',
  "'; drop table app_user; --",
  '%00',
  '%',
  '\\',
  '-1',
  '0',
  '1e400',
  'NaN',
  'Infinity',
  '2147483648',
  '99999999999999999999',
  '00000000-0000-0000-0000-000000000000',
  '00000000-0000-4000-8000-000000000000',
  'dev-only-session-secret-change-me',
];

const text = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary-ascii', maxLength: 300 }),
  fc.nat({ max: 2 ** 53 }).map(String),
  fc.integer({ min: 4, max: 150 }).map((n) => 'x'.repeat(n * 1000)),
);
const value: fc.Arbitrary<Value> = fc.oneof(
  { weight: 4, arbitrary: text },
  { weight: 1, arbitrary: fc.array(text, { minLength: 2, maxLength: 3 }) },
);

const formOf = (fields: string[]) =>
  fc.record(Object.fromEntries([...fields, 'unexpected', 'role[admin]'].map((f) => [f, value])), { requiredKeys: [] }) as fc.Arbitrary<
    Record<string, Value>
  >;

/** An application/x-www-form-urlencoded body (or query string) with repeated keys for arrays. */
function encode(fields: Record<string, Value>): string {
  const enc = (s: string) => encodeURIComponent(s.toWellFormed());
  return Object.entries(fields)
    .flatMap(([k, v]) => ([] as string[]).concat(v).map((one) => `${enc(k)}=${enc(one)}`))
    .join('&');
}

let t: TestApp;
let admin: ReturnType<typeof request.agent>;
let adminCsrf: string;
let targetId: string;
let personId: string;

before(async () => {
  t = await createTestApp();
  admin = await signIn(t.app, 'admin');
  adminCsrf = await csrfFor(admin, '/admin/users');
  targetId = (
    await t.services.users.createUser(systemActor('test'), { username: 'fuzz.target', displayName: 'Fuzz Target', role: 'support' })
  ).id;
  personId = await aPerson(t.services.db, { familyName: 'Fuzzwell' });
});
after(() => t.close());

async function expectBelow500(res: request.Response, what: string) {
  assert.ok(res.status < 500, `${what} answered ${res.status}: ${res.text.slice(0, 500)}`);
}

describe('forms', () => {
  test('the sign-in form', async () => {
    const agent = request.agent(t.app);
    const csrf = await csrfFor(agent, '/sign-in');
    await fc.assert(
      fc.asyncProperty(formOf(['username', 'password']), async (fields) => {
        const res = await agent
          .post('/sign-in')
          .type('form')
          .send(`_csrf=${encodeURIComponent(csrf)}&${encode(fields)}`);
        await expectBelow500(res, 'POST /sign-in');
      }),
      { numRuns: RUNS, examples: [[{ username: 'a\u0000b', password: 'x' }], [{ username: ['assessor', 'x'], password: 'y' }]] },
    );
  });

  test('the two-factor and change-password forms', async () => {
    const user = await signIn(t.app, 'researcher');
    const csrf = await csrfFor(user, '/');
    await fc.assert(
      fc.asyncProperty(formOf(['code']), formOf(['currentPassword', 'newPassword', 'confirmPassword']), async (code, change) => {
        await expectBelow500(
          await user
            .post('/sign-in/two-factor')
            .type('form')
            .send(`_csrf=${csrf}&${encode(code)}`),
          'two-factor',
        );
        await expectBelow500(
          await user
            .post('/account/password')
            .type('form')
            .send(`_csrf=${csrf}&${encode(change)}`),
          'password',
        );
      }),
      {
        numRuns: RUNS,
        examples: [[{ code: '\u0000' }, { currentPassword: 'a\u0000', newPassword: 'x'.repeat(20), confirmPassword: 'x'.repeat(20) }]],
      },
    );
  });

  test('adding a user', async () => {
    await fc.assert(
      fc.asyncProperty(formOf(['username', 'displayName', 'email', 'role', 'teamId', 'agencyId']), async (fields) => {
        const res = await admin
          .post('/admin/users/new')
          .type('form')
          .send(`_csrf=${adminCsrf}&${encode(fields)}`);
        await expectBelow500(res, 'POST /admin/users/new');
      }),
      {
        numRuns: RUNS,
        examples: [
          [{ username: 'nul.user', displayName: 'A\u0000B', role: 'assessor' }],
          [{ username: 'bad.team', displayName: 'Bad Team', role: 'assessor', teamId: '00000000-0000-4000-8000-000000000000' }],
          [{ username: 'bad.agency', displayName: 'Bad Agency', role: 'partner', agencyId: '00000000-0000-4000-8000-000000000000' }],
        ],
      },
    );
  });

  test('editing a user', async () => {
    await fc.assert(
      fc.asyncProperty(formOf(['displayName', 'email', 'role', 'teamId', 'agencyId', 'version']), async (fields) => {
        const res = await admin
          .post(`/admin/users/${targetId}`)
          .type('form')
          .send(`_csrf=${adminCsrf}&${encode(fields)}`);
        await expectBelow500(res, 'POST /admin/users/:id');
      }),
      {
        numRuns: RUNS,
        examples: [
          [{ displayName: 'Big Version', role: 'support', version: '2147483648' }],
          [{ displayName: 'Nul\u0000', role: 'support', version: '1' }],
          [{ displayName: 'Bad Team', role: 'support', teamId: '00000000-0000-4000-8000-000000000000', version: '1' }],
        ],
      },
    );
    for (const path of ['/admin/users/not-a-uuid', '/admin/users/00000000-0000-4000-8000-000000000000']) {
      await expectBelow500(await admin.get(path), `GET ${path}`);
      for (const action of ['', '/disable', '/enable', '/reset']) {
        await expectBelow500(await admin.post(`${path}${action}`).type('form').send(`_csrf=${adminCsrf}`), `POST ${path}${action}`);
      }
    }
  });

  test('adding a team and a partner agency', async () => {
    await fc.assert(
      fc.asyncProperty(formOf(['code', 'name']), formOf(['code', 'name', 'kind']), async (team, agency) => {
        await expectBelow500(
          await admin
            .post('/admin/teams')
            .type('form')
            .send(`_csrf=${adminCsrf}&${encode(team)}`),
          'team',
        );
        await expectBelow500(
          await admin
            .post('/admin/agencies')
            .type('form')
            .send(`_csrf=${adminCsrf}&${encode(agency)}`),
          'agency',
        );
      }),
      {
        numRuns: RUNS,
        examples: [
          [
            { code: 'nul-team', name: 'N\u0000' },
            { code: 'nul-agency', name: 'N\u0000', kind: 'idva' },
          ],
        ],
      },
    );
  });

  test('the person search form and the audit log query string', async () => {
    const supervisor = await signIn(t.app, 'supervisor');
    const csrf = await csrfFor(supervisor, '/people');
    await fc.assert(
      fc.asyncProperty(
        formOf(['name', 'dob-day', 'dob-month', 'dob-year', 'postcode', 'phone', 'pncId']),
        formOf(['page']),
        async (form, page) => {
          await expectBelow500(
            await supervisor
              .post('/people')
              .type('form')
              .send(`_csrf=${encodeURIComponent(csrf)}&${encode(form)}`),
            'POST /people',
          );
          await expectBelow500(await supervisor.get(`/people/${personId}/audit?${encode(page)}`), 'GET audit log');
        },
      ),
      {
        numRuns: RUNS,
        examples: [
          [{ name: 'a\u0000' }, { page: '99999999999999' }],
          [{ name: '%_\\' }, { page: ['1', '2'] }],
          [{ 'dob-day': '1', 'dob-month': '1', 'dob-year': '99999' }, {}],
        ],
      },
    );
    for (const raw of ['/people?name=%E0%A4%A', '/people?name=%', `/people/${personId}/audit?page=%ZZ`, '/people/%E0%A4%A']) {
      await expectBelow500(await supervisor.get(raw), `GET ${raw}`);
    }
  });
});

describe('API', () => {
  test('random JSON bodies and queries', async () => {
    const token = await t.services.users.createApiToken(systemActor('test'), 'supervisor', 'fuzz');
    const auth = { Authorization: `Bearer ${token}` };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/v1/me', '/api/v1/people/x', '/api/v1/audit-events', '/api/v1/incidents', '/api/v1/unknown'),
        fc.jsonValue(),
        formOf(['personId', 'page']),
        async (path, body, query) => {
          await expectBelow500(
            await request(t.app).post(path).set(auth).set('Content-Type', 'application/json').send(JSON.stringify(body)),
            `POST ${path}`,
          );
          await expectBelow500(
            await request(t.app)
              .get(`/api/v1/audit-events?${encode(query)}`)
              .set(auth),
            'GET audit-events',
          );
        },
      ),
      { numRuns: RUNS, examples: [['/api/v1/audit-events', { a: '\u0000' }, { personId: personId, page: '99999999999' }]] },
    );
  });
});
