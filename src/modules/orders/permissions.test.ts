import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, csrfFor, signIn, type TestApp } from '../../testing/app.ts';
import { aPerson } from '../../testing/personFixtures.ts';
import { systemActor } from '../../platform/audit/actor.ts';

/**
 * The order register's permission matrix: every role × every order route, written out by hand (it does not read
 * policy.ts). Y = allowed (200, or the form again with errors for an empty post, 422); N = refused (403) with a refused
 * audit event. Coordinators, support officers and supervisors record; every staff role reads; partners, auditors and
 * administrators do not read; only the administrator sets the regime.
 */
type Cell = 'Y' | 'N';
const USERS = ['assessor', 'coordinator', 'researcher', 'support', 'victimcare', 'supervisor', 'idva', 'auditor', 'admin'] as const;
type User = (typeof USERS)[number];

interface Route {
  name: string;
  method: 'GET' | 'POST';
  path: (f: { orderId: string; personId: string }) => string;
  allowedStatus: number;
}

const ROUTES: Route[] = [
  { name: 'GET /orders', method: 'GET', path: () => '/orders', allowedStatus: 200 },
  { name: 'GET /orders/new', method: 'GET', path: (f) => `/orders/new?subject=${f.personId}`, allowedStatus: 200 },
  { name: 'POST /orders/new', method: 'POST', path: () => '/orders/new', allowedStatus: 422 },
  { name: 'GET /orders/:id', method: 'GET', path: (f) => `/orders/${f.orderId}`, allowedStatus: 200 },
  { name: 'POST /orders/:id/hearing-outcome', method: 'POST', path: (f) => `/orders/${f.orderId}/hearing-outcome`, allowedStatus: 422 },
  { name: 'POST /orders/:id/breaches', method: 'POST', path: (f) => `/orders/${f.orderId}/breaches`, allowedStatus: 422 },
  { name: 'POST /orders/:id/expiry', method: 'POST', path: (f) => `/orders/${f.orderId}/expiry`, allowedStatus: 422 },
  { name: 'POST /orders/:id/notification', method: 'POST', path: (f) => `/orders/${f.orderId}/notification`, allowedStatus: 422 },
  { name: 'GET /admin/order-regime', method: 'GET', path: () => '/admin/order-regime', allowedStatus: 200 },
  { name: 'POST /admin/order-regime', method: 'POST', path: () => '/admin/order-regime', allowedStatus: 422 },
];

// prettier-ignore
const MATRIX: Record<User, Cell[]> = {
  //            register new  record show outcome breach expiry notify regime set-regime
  assessor:    ['Y',     'N', 'N',   'Y', 'N',    'N',   'N',   'N',   'N',   'N'],
  coordinator: ['Y',     'Y', 'Y',   'Y', 'Y',    'Y',   'Y',   'Y',   'N',   'N'],
  researcher:  ['Y',     'N', 'N',   'Y', 'N',    'N',   'N',   'N',   'N',   'N'],
  support:     ['Y',     'Y', 'Y',   'Y', 'Y',    'Y',   'Y',   'Y',   'N',   'N'],
  victimcare:  ['Y',     'N', 'N',   'Y', 'N',    'N',   'N',   'N',   'N',   'N'],
  supervisor:  ['Y',     'Y', 'Y',   'Y', 'Y',    'Y',   'Y',   'Y',   'N',   'N'],
  idva:        ['N',     'N', 'N',   'N', 'N',    'N',   'N',   'N',   'N',   'N'],
  auditor:     ['N',     'N', 'N',   'N', 'N',    'N',   'N',   'N',   'N',   'N'],
  admin:       ['N',     'N', 'N',   'N', 'N',    'N',   'N',   'N',   'Y',   'Y'],
};

const API_MATRIX: Record<User | 'integration', [Cell, Cell]> = {
  // POST /api/v1/orders, GET /api/v1/orders/:id
  assessor: ['N', 'Y'],
  coordinator: ['Y', 'Y'],
  researcher: ['N', 'Y'],
  support: ['Y', 'Y'],
  victimcare: ['N', 'Y'],
  supervisor: ['Y', 'Y'],
  idva: ['N', 'N'],
  auditor: ['N', 'N'],
  admin: ['N', 'N'],
  integration: ['N', 'N'],
};

let t: TestApp;
let fixture: { orderId: string; personId: string };

before(async () => {
  t = await createTestApp();
  const subject = await aPerson(t.services.db, { givenName: 'Matrix', familyName: 'Ordersby' });
  const protectedPerson = await aPerson(t.services.db, { givenName: 'Mina', familyName: 'Ordersby' });
  const supervisor = await t.services.users.findByUsername('supervisor');
  // A DAPO (its notification form is then on the page) needs the DAPN/DAPO regime: the test force uses both.
  await t.services.orders.setRegime(systemActor('test'), 'both', 0);
  const actor = {
    userId: supervisor!.id,
    username: 'supervisor',
    displayName: 'Supervisor',
    role: 'supervisor' as const,
    teamId: null,
    agencyId: null,
    via: 'system' as const,
  };
  const order = await t.services.orders.record(actor, {
    type: 'DAPO',
    subjectPersonId: subject,
    protectedPersonIds: [protectedPerson],
    startsAt: new Date('2026-03-09T10:00:00Z'),
    endsAt: new Date('2026-03-15T23:00:00Z'),
    authorisedBy: null,
    conditions: [],
  });
  fixture = { orderId: order.id, personId: subject };
});
after(() => t.close());

describe('order register: role × route', () => {
  for (const user of USERS) {
    test(`${user}: ${MATRIX[user].join('')}`, async () => {
      const agent = await signIn(t.app, user);
      const csrf = await csrfFor(agent);
      for (const [i, route] of ROUTES.entries()) {
        const url = route.path(fixture);
        const res = route.method === 'GET' ? await agent.get(url) : await agent.post(url).type('form').send({ _csrf: csrf });
        const expected = MATRIX[user][i] === 'Y' ? route.allowedStatus : 403;
        assert.equal(res.status, expected, `${user} ${route.name}: expected ${expected}, got ${res.status}`);
      }
    });
  }

  for (const user of [...USERS, 'integration'] as const) {
    test(`API ${user}: ${API_MATRIX[user].join('')}`, async () => {
      const token = await t.services.users.createApiToken(systemActor('test'), user, 'matrix');
      const post = await request(t.app).post('/api/v1/orders').set('Authorization', `Bearer ${token}`).send({});
      assert.equal(post.status, API_MATRIX[user][0] === 'Y' ? 422 : 403, `${user} POST /api/v1/orders`);
      const get = await request(t.app).get(`/api/v1/orders/${fixture.orderId}`).set('Authorization', `Bearer ${token}`);
      assert.equal(get.status, API_MATRIX[user][1] === 'Y' ? 200 : 403, `${user} GET /api/v1/orders/:id`);
    });
  }

  test('every refusal is audited against the people the order names', async () => {
    const refused = await t.services.db
      .selectFrom('audit_event')
      .select(['action', 'subject_person_ids'])
      .where('outcome', '=', 'refused')
      .where('action', '=', 'order:view')
      .execute();
    assert.ok(
      refused.some((r) => r.subject_person_ids.includes(fixture.personId)),
      'a refused look at the order names its subject',
    );
  });
});
