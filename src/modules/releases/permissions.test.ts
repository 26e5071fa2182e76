import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, csrfFor, signIn, type TestApp } from '../../testing/app.ts';
import { aPerson } from '../../testing/personFixtures.ts';

/**
 * The prison releases permission matrix: every role × every release route, written out by hand from the seeds (it
 * does not read policy.ts). Y = allowed (200, or the form again with errors for an empty post, 422); N = refused (403).
 * Every staff role reads the register; the support officer (seed 003), coordinators and supervisors record releases;
 * supervisors and administrators set the review lead days; partners and auditors see nothing.
 */
type Cell = 'Y' | 'N';
const USERS = ['assessor', 'coordinator', 'researcher', 'support', 'victimcare', 'supervisor', 'idva', 'auditor', 'admin'] as const;
type User = (typeof USERS)[number];

interface Route {
  name: string;
  method: 'GET' | 'POST';
  path: (f: { releaseId: string; personId: string }) => string;
  body?: (f: { releaseId: string; personId: string }) => Record<string, string>;
  allowedStatus: number;
}

const ROUTES: Route[] = [
  { name: 'GET /releases', method: 'GET', path: () => '/releases', allowedStatus: 200 },
  { name: 'GET /releases/new', method: 'GET', path: (f) => `/releases/new?person=${f.personId}`, allowedStatus: 200 },
  { name: 'POST /releases/new', method: 'POST', path: () => '/releases/new', body: (f) => ({ person: f.personId }), allowedStatus: 422 },
  { name: 'GET /releases/:id', method: 'GET', path: (f) => `/releases/${f.releaseId}`, allowedStatus: 200 },
  { name: 'GET /admin/release-reviews', method: 'GET', path: () => '/admin/release-reviews', allowedStatus: 200 },
  { name: 'POST /admin/release-reviews', method: 'POST', path: () => '/admin/release-reviews', allowedStatus: 422 },
];

// prettier-ignore
const MATRIX: Record<User, Cell[]> = {
  //            register new  record show settings set
  assessor:    ['Y',     'N', 'N',   'Y', 'N',     'N'],
  coordinator: ['Y',     'Y', 'Y',   'Y', 'N',     'N'],
  researcher:  ['Y',     'N', 'N',   'Y', 'N',     'N'],
  support:     ['Y',     'Y', 'Y',   'Y', 'N',     'N'],
  victimcare:  ['Y',     'N', 'N',   'Y', 'N',     'N'],
  supervisor:  ['Y',     'Y', 'Y',   'Y', 'Y',     'Y'],
  idva:        ['N',     'N', 'N',   'N', 'N',     'N'],
  auditor:     ['N',     'N', 'N',   'N', 'N',     'N'],
  admin:       ['N',     'N', 'N',   'N', 'Y',     'Y'],
};

let t: TestApp;
let fixture: { releaseId: string; personId: string };

before(async () => {
  t = await createTestApp();
  const person = await aPerson(t.services.db, { givenName: 'Matrix', familyName: 'Releasby' });
  const supervisor = await t.services.users.findByUsername('supervisor');
  const row = await t.services.releases.record(
    {
      userId: supervisor!.id,
      username: 'supervisor',
      displayName: 'Supervisor',
      role: 'supervisor',
      teamId: null,
      agencyId: null,
      via: 'system',
    },
    {
      personId: person,
      custodyFrom: null,
      releaseOn: '2026-03-20',
      establishment: 'HMP Matrix',
      releaseType: 'licence',
      licenceEndsOn: null,
      conditions: [],
      mappaCategory: null,
      mappaLevel: null,
      notifiedBy: 'probation',
      notifiedOn: '2026-03-09',
      notes: null,
    },
  );
  fixture = { releaseId: row.id, personId: person };
});
after(() => t.close());

describe('prison releases: role × route', () => {
  for (const user of USERS) {
    test(`${user}: ${MATRIX[user].join('')}`, async () => {
      const agent = await signIn(t.app, user);
      const csrf = await csrfFor(agent);
      for (const [i, route] of ROUTES.entries()) {
        const url = route.path(fixture);
        const res =
          route.method === 'GET'
            ? await agent.get(url)
            : await agent
                .post(url)
                .type('form')
                .send({ _csrf: csrf, ...(route.body?.(fixture) ?? {}) });
        const expected = MATRIX[user][i] === 'Y' ? route.allowedStatus : 403;
        assert.equal(res.status, expected, `${user} ${route.name}: expected ${expected}, got ${res.status}`);
      }
    });
  }

  test('a refused look at a release is audited against the person released', async () => {
    const refused = await t.services.db
      .selectFrom('audit_event')
      .select(['subject_person_ids'])
      .where('outcome', '=', 'refused')
      .where('action', '=', 'release:view')
      .execute();
    assert.ok(refused.some((r) => r.subject_person_ids.includes(fixture.personId)));
  });
});
