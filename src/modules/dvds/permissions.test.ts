import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, csrfFor, signIn, type TestApp } from '../../testing/app.ts';
import { aPerson } from '../../testing/personFixtures.ts';
import { systemActor } from '../../platform/audit/actor.ts';

/**
 * Clare's Law's permission matrix: every role × every DVDS route, written out by hand from the seeds (it does not read
 * policy.ts). The DA coordinator works applications through the scheme (seed 000 item 9), with supervisors; the
 * research assistant reads them for the checks (seed 001); only the administrator sets the completion period.
 * Y = allowed (200, or the form again with errors for an empty post, 422); N = refused (403).
 */
type Cell = 'Y' | 'N';
const USERS = ['assessor', 'coordinator', 'researcher', 'support', 'victimcare', 'supervisor', 'idva', 'auditor', 'admin'] as const;
type User = (typeof USERS)[number];

const ROUTES: { name: string; method: 'GET' | 'POST'; path: (f: { id: string; personId: string }) => string; allowedStatus: number }[] = [
  { name: 'GET /clares-law', method: 'GET', path: () => '/clares-law?q=Matrix', allowedStatus: 200 },
  { name: 'GET /clares-law/timeliness', method: 'GET', path: () => '/clares-law/timeliness', allowedStatus: 200 },
  { name: 'GET /clares-law/new', method: 'GET', path: (f) => `/clares-law/new?subject=${f.personId}`, allowedStatus: 200 },
  { name: 'POST /clares-law/new', method: 'POST', path: () => '/clares-law/new', allowedStatus: 422 },
  { name: 'GET /clares-law/:id', method: 'GET', path: (f) => `/clares-law/${f.id}`, allowedStatus: 200 },
  { name: 'POST /clares-law/:id/stages', method: 'POST', path: (f) => `/clares-law/${f.id}/stages`, allowedStatus: 422 },
  { name: 'GET /admin/clares-law', method: 'GET', path: () => '/admin/clares-law', allowedStatus: 200 },
  { name: 'POST /admin/clares-law', method: 'POST', path: () => '/admin/clares-law', allowedStatus: 422 },
];

// prettier-ignore
const MATRIX: Record<User, Cell[]> = {
  //            search timeliness new record show stage settings set
  assessor:    ['N',   'N',       'N', 'N',   'N', 'N',  'N',     'N'],
  coordinator: ['Y',   'Y',       'Y', 'Y',   'Y', 'Y',  'N',     'N'],
  researcher:  ['Y',   'Y',       'N', 'N',   'Y', 'N',  'N',     'N'],
  support:     ['N',   'N',       'N', 'N',   'N', 'N',  'N',     'N'],
  victimcare:  ['N',   'N',       'N', 'N',   'N', 'N',  'N',     'N'],
  supervisor:  ['Y',   'Y',       'Y', 'Y',   'Y', 'Y',  'N',     'N'],
  idva:        ['N',   'N',       'N', 'N',   'N', 'N',  'N',     'N'],
  auditor:     ['N',   'N',       'N', 'N',   'N', 'N',  'N',     'N'],
  admin:       ['N',   'N',       'N', 'N',   'N', 'N',  'Y',     'Y'],
};

const API_MATRIX: Record<User | 'integration', Cell> = {
  assessor: 'N',
  coordinator: 'Y',
  researcher: 'N',
  support: 'N',
  victimcare: 'N',
  supervisor: 'Y',
  idva: 'N',
  auditor: 'N',
  admin: 'N',
  integration: 'N',
};

let t: TestApp;
let fixture: { id: string; personId: string };

before(async () => {
  t = await createTestApp();
  const subject = await aPerson(t.services.db, { givenName: 'Matrix', familyName: 'Dvdsby' });
  const applicant = await aPerson(t.services.db, { givenName: 'Mira', familyName: 'Dvdsby' });
  const supervisor = await t.services.users.findByUsername('supervisor');
  const actor = {
    userId: supervisor!.id,
    username: 'supervisor',
    displayName: 'Supervisor',
    role: 'supervisor' as const,
    teamId: null,
    agencyId: null,
    via: 'system' as const,
  };
  const row = await t.services.dvds.record(actor, {
    route: 'right-to-ask',
    applicantKind: 'applicant-at-risk',
    applicant: { personId: applicant },
    atRisk: null,
    subject: { personId: subject },
    relationship: 'Partner',
    concern: 'Worried',
    receivedAt: new Date('2026-03-09T10:00:00Z'),
  });
  fixture = { id: row.id, personId: subject };
});
after(() => t.close());

describe("Clare's Law: role × route", () => {
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
    test(`API ${user}: ${API_MATRIX[user]}`, async () => {
      const token = await t.services.users.createApiToken(systemActor('test'), user, 'matrix');
      const post = await request(t.app).post('/api/v1/dvds-applications').set('Authorization', `Bearer ${token}`).send({});
      assert.equal(post.status, API_MATRIX[user] === 'Y' ? 422 : 403, `${user} POST /api/v1/dvds-applications`);
    });
  }

  test('a refused look at an application is audited against the people it names', async () => {
    const refused = await t.services.db
      .selectFrom('audit_event')
      .select(['subject_person_ids'])
      .where('outcome', '=', 'refused')
      .where('action', '=', 'dvds:view')
      .execute();
    assert.ok(refused.some((r) => r.subject_person_ids.includes(fixture.personId)));
  });
});
