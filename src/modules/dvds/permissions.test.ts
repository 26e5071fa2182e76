import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, signIn, type TestApp } from '../../testing/app.ts';
import { aPerson } from '../../testing/personFixtures.ts';
import { systemActor } from '../../platform/audit/actor.ts';

/**
 * Clare's Law's API permission matrix: every role's token × POST /api/v1/dvds-applications, written out by hand from
 * the seeds (it does not read policy.ts). The pages' role × route matrix is in the central one,
 * src/domain/access/permissions.test.ts. Y = allowed (422 for an empty body: nothing stored); N = refused (403).
 */
type Cell = 'Y' | 'N';
const USERS = ['assessor', 'coordinator', 'researcher', 'support', 'victimcare', 'supervisor', 'idva', 'auditor', 'admin'] as const;
type User = (typeof USERS)[number];

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

describe("Clare's Law: API role and refused looks", () => {
  for (const user of [...USERS, 'integration'] as const) {
    test(`API ${user}: ${API_MATRIX[user]}`, async () => {
      const token = await t.services.users.createApiToken(systemActor('test'), user, 'matrix');
      const post = await request(t.app).post('/api/v1/dvds-applications').set('Authorization', `Bearer ${token}`).send({});
      assert.equal(post.status, API_MATRIX[user] === 'Y' ? 422 : 403, `${user} POST /api/v1/dvds-applications`);
    });
  }

  test('a refused look at an application is audited against the people it names', async () => {
    const agent = await signIn(t.app, 'assessor');
    assert.equal((await agent.get(`/clares-law/${fixture.id}`)).status, 403);
    const refused = await t.services.db
      .selectFrom('audit_event')
      .select(['subject_person_ids'])
      .where('outcome', '=', 'refused')
      .where('action', '=', 'dvds:view')
      .execute();
    assert.ok(refused.some((r) => r.subject_person_ids.includes(fixture.personId)));
  });
});
