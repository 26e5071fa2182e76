import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import request from 'supertest';
import { createTestApp, signIn, type TestApp } from '../../testing/app.ts';
import { aPerson, aTask, anIncidentWithVictim } from '../../testing/personFixtures.ts';
import { routeInventory } from '../../testing/routes.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { can, type Action, type RecordContext, type Relationship } from './policy.ts';
import type { Role } from './roles.ts';

/**
 * THE RECORD-ACCESS MATRIX: every role (and a signed-out visitor) × every route that reads a person, an incident or a
 * task × the user's relationship to the record — own caseload, team, another team, shared with my agency, not shared,
 * restricted, restricted with a grant to me. The expected answer is the policy module's (`can`) for the relationship
 * this file states by hand for each fixture, and the answer is read over HTTP against real records: allowed is a 200
 * showing the person; refused is a 403 (page, restricted page or problem+json) showing nothing of them, with one
 * refused audit event naming them.
 */
const USERS = ['assessor', 'coordinator', 'researcher', 'support', 'victimcare', 'supervisor', 'idva', 'auditor', 'admin'] as const;
type User = (typeof USERS)[number];
const ROLE: Record<User | 'integration', Role> = {
  assessor: 'assessor',
  coordinator: 'coordinator',
  researcher: 'researcher',
  support: 'support',
  victimcare: 'victimcare',
  supervisor: 'supervisor',
  idva: 'partner',
  auditor: 'auditor',
  admin: 'admin',
  integration: 'integration',
};
const TEAM: Partial<Record<User, string>> = {
  assessor: 'da-central',
  coordinator: 'da-central',
  researcher: 'da-central',
  supervisor: 'da-central',
  support: 'da-north',
  victimcare: 'da-south',
};
/** A colleague in the same team, who owns the "team" fixture's case. */
const TEAMMATE: Record<string, string> = { 'da-central': 'supervisor', 'da-north': 'support', 'da-south': 'victimcare' };

const KINDS = ['own', 'team', 'other team', 'shared', 'not shared', 'restricted', 'restricted, granted'] as const;
type Kind = (typeof KINDS)[number];

/** The relationship this file expects the user to have to a fixture of each kind (worked out by hand, not by the code). */
function expectedContext(user: User | 'integration', kind: Kind): RecordContext {
  if (ROLE[user] === 'partner') return { relationship: kind === 'shared' ? 'shared' : 'none' };
  const staffTeam = TEAM[user as User];
  const relationship: Relationship = kind === 'own' && staffTeam ? 'own' : kind === 'team' && staffTeam ? 'team' : 'force';
  return { relationship, restricted: kind === 'restricted' };
}

interface Route {
  name: string;
  api: boolean;
  action: Action;
  path: (f: Fixture) => string;
}
interface Fixture {
  personId: string;
  incidentId: string;
  taskId: string;
  familyName: string;
}

const ROUTES: Route[] = [
  { name: 'GET /people/:id', api: false, action: 'person:view', path: (f) => `/people/${f.personId}` },
  { name: 'GET /incidents/:id', api: false, action: 'incident:view', path: (f) => `/incidents/${f.incidentId}` },
  { name: 'GET /incidents/:id/assessment', api: false, action: 'assessment:view', path: (f) => `/incidents/${f.incidentId}/assessment` },
  { name: 'GET /tasks/:id', api: false, action: 'task:view', path: (f) => `/tasks/${f.taskId}` },
  { name: 'GET /people/:id/merges', api: false, action: 'person:link', path: (f) => `/people/${f.personId}/merges` },
  { name: 'GET /api/v1/people/:id', api: true, action: 'person:view', path: (f) => `/api/v1/people/${f.personId}` },
  { name: 'GET /api/v1/people/:id/chronology', api: true, action: 'person:view', path: (f) => `/api/v1/people/${f.personId}/chronology` },
  { name: 'GET /api/v1/incidents/:id', api: true, action: 'incident:view', path: (f) => `/api/v1/incidents/${f.incidentId}` },
];

/** Which of a restricted incident's routes mask the restricted person rather than refuse: the incident pages. */
const MASKS_RESTRICTED = new Set(['incident:view', 'assessment:view']);

let t: TestApp;
const agents = new Map<User, ReturnType<typeof request.agent>>();
const tokens = new Map<User | 'integration', string>();
/** Fixtures per user and kind (own, team and granted ones are each user's own; the others are shared by everyone). */
const fixtures = new Map<string, Fixture>();
const fixtureOf = (user: User | 'integration', kind: Kind) => fixtures.get(`${user}:${kind}`) ?? fixtures.get(`*:${kind}`)!;

let n = 0;
async function aRecord(
  kind: Kind,
  opts: { owner?: string | null; team?: string | null; restricted?: boolean; sharedWith?: string; grantTo?: string },
): Promise<Fixture> {
  const db = t.services.db;
  const familyName = `Zedmatrix${String.fromCharCode(97 + (n % 26))}${String.fromCharCode(97 + Math.floor(n / 26))}`;
  n++;
  const personId = await aPerson(db, { givenName: 'Quill', familyName, restriction: opts.restricted ? 'restricted' : 'none' });
  const incidentId = await anIncidentWithVictim(db, personId);
  const user = async (username: string) => (await t.services.users.findByUsername(username))!;
  const teamId = opts.team ? (await db.selectFrom('team').select('id').where('code', '=', opts.team).executeTakeFirstOrThrow()).id : null;
  await t.services.cases.open(db, systemActor('test'), {
    victimPersonId: personId,
    incidentIds: [incidentId],
    ownerId: opts.owner ? (await user(opts.owner)).id : null,
    teamId,
    enhancedRights: true,
    openedBy: null,
  });
  if (opts.sharedWith) {
    const agency = await db.selectFrom('agency').select('id').where('code', '=', opts.sharedWith).executeTakeFirstOrThrow();
    await t.services.referrals.record(db, systemActor('test'), {
      agencyId: agency.id,
      incidentId,
      caseId: null,
      personIds: [personId],
      status: 'sent',
      createdBy: null,
    });
  }
  if (opts.grantTo) {
    const supervisor = await user('supervisor');
    await t.services.access.grant(
      { ...systemActor('test'), userId: opts.grantTo === 'supervisor' ? null : supervisor.id, role: 'supervisor' },
      { personId, username: opts.grantTo, reason: 'Matrix: named to work the case', expiresAt: null },
    );
  }
  // A generic task about the person in a team none of the users is in, so it does not change anyone's relationship.
  const taskId = await aTask(db, { type: 'investigation-escalation', incidentId, subjectPersonId: personId, teamId: westTeamId });
  void kind;
  return { personId, incidentId, taskId, familyName };
}

let westTeamId: string;

before(async () => {
  t = await createTestApp();
  westTeamId = await t.services.users.createTeam(systemActor('test'), { code: 'da-matrix-west', name: 'Matrix West' });
  await t.services.users.createAgency(systemActor('test'), { code: 'probation-matrix', name: 'Matrix Probation', kind: 'probation' });
  for (const user of [...USERS, 'integration' as const]) {
    const team = user === 'integration' ? undefined : TEAM[user];
    if (team) {
      fixtures.set(`${user}:own`, await aRecord('own', { owner: user, team }));
      const mate = TEAMMATE[team] === user ? 'assessor' : TEAMMATE[team];
      // The teammate fixture: a case of the user's team owned by someone else (or by nobody yet).
      fixtures.set(`${user}:team`, await aRecord('team', { owner: team === 'da-central' ? mate : null, team }));
    }
    fixtures.set(
      `${user}:restricted, granted`,
      await aRecord('restricted, granted', { restricted: true, team: 'da-matrix-west', grantTo: user }),
    );
  }
  // Own and team for users with no team (partner, auditor, admin, integration): someone else's case.
  fixtures.set('*:own', await aRecord('own', { owner: 'victimcare', team: 'da-south' }));
  fixtures.set('*:team', await aRecord('team', { owner: null, team: 'da-north' }));
  fixtures.set('*:other team', await aRecord('other team', { owner: null, team: 'da-matrix-west' }));
  fixtures.set('*:shared', await aRecord('shared', { team: 'da-matrix-west', sharedWith: 'idva' }));
  fixtures.set('*:not shared', await aRecord('not shared', { team: 'da-matrix-west', sharedWith: 'probation-matrix' }));
  fixtures.set('*:restricted', await aRecord('restricted', { restricted: true, team: 'da-matrix-west' }));
  for (const u of USERS) agents.set(u, await signIn(t.app, u));
  for (const u of [...USERS, 'integration' as const])
    tokens.set(u, await t.services.users.createApiToken(systemActor('test'), u, 'matrix'));
});
after(() => t.close());

async function refusalsAbout(username: string, personId: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from audit_event
    where actor_label = ${username} and outcome = 'refused' and ${personId}::uuid = any(subject_person_ids)`.execute(t.services.db);
  return Number(rows[0].n);
}

const counts = { cells: 0, allowed: 0, refused: 0 };

/** Whether the policy allows the cell, and whether a route that masks restricted people shows the page anyway. */
function expectation(user: User | 'integration', route: Route, kind: Kind): 'allowed' | 'refused' {
  const context = expectedContext(user, kind);
  const role = ROLE[user];
  if (!route.api && role === 'integration') return 'refused';
  const masked = MASKS_RESTRICTED.has(route.action) && context.restricted;
  return can({ role }, route.action, masked ? { ...context, restricted: false } : context) ? 'allowed' : 'refused';
}

describe('role × route × relationship', () => {
  for (const user of [...USERS, 'integration' as const]) {
    for (const route of ROUTES) {
      if (!route.api && user === 'integration') continue; // the integration account cannot sign in to pages
      for (const kind of KINDS) {
        const expected = expectation(user, route, kind);
        test(`${user} ${expected === 'allowed' ? 'may' : 'may not'} ${route.name} (${kind})`, async () => {
          const f = fixtureOf(user, kind);
          const before = await refusalsAbout(user, f.personId);
          const res = route.api
            ? await request(t.app)
                .get(route.path(f))
                .set('Authorization', `Bearer ${tokens.get(user)}`)
            : await agents.get(user as User)!.get(route.path(f));
          counts.cells++;
          if (expected === 'allowed') {
            counts.allowed++;
            assert.equal(res.status, 200, `${res.status} ${res.text.slice(0, 200)}`);
            assert.equal(await refusalsAbout(user, f.personId), before, 'no refusal recorded');
            // An incident page with a restricted party not open to the user shows it as "Restricted record".
            if (kind === 'restricted') assert.doesNotMatch(res.text, new RegExp(f.familyName, 'i'), 'the restricted party is masked');
            else if (!route.api && route.action === 'person:view') assert.match(res.text, new RegExp(f.familyName.toUpperCase()));
          } else {
            counts.refused++;
            assert.equal(res.status, 403, `${res.status}`);
            assert.doesNotMatch(res.text, new RegExp(f.familyName, 'i'), 'nothing of the person on a refusal');
            assert.equal(await refusalsAbout(user, f.personId), before + 1, 'one refusal recorded against the person');
            const restrictedOnly = kind === 'restricted' && ROLE[user] !== 'partner' && can({ role: ROLE[user] }, route.action);
            if (!route.api && restrictedOnly && route.action === 'person:view') assert.match(res.text, /data-qa="restricted"/);
          }
        });
      }
    }
  }
  for (const route of ROUTES) {
    test(`a signed-out visitor is turned away from ${route.name}`, async () => {
      const f = fixtureOf('assessor', 'own');
      const res = await request(t.app).get(route.path(f));
      counts.cells++;
      counts.refused++;
      if (route.api) assert.equal(res.status, 401);
      else assert.equal(res.headers.location, '/sign-in');
      assert.doesNotMatch(res.text, new RegExp(f.familyName, 'i'));
    });
  }
});

describe('lists show only what their pages would open', () => {
  test('a partner has no person search; a restricted person is found only by whom it is open to', async () => {
    const search = async (user: User, name: string) => {
      const agent = agents.get(user)!;
      const page = await agent.get('/people');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
      return (
        await agent
          .post('/people')
          .type('form')
          .send({ _csrf: csrf, name: `Quill ${name}` })
      ).text;
    };
    // A partner has no person search at all: she reaches people only through the referrals to her agency.
    const shared = fixtureOf('idva', 'shared');
    assert.equal((await agents.get('idva')!.get('/people')).status, 403);
    const notShared = fixtureOf('idva', 'not shared');
    assert.ok(shared.familyName);
    assert.match(await search('assessor', notShared.familyName), new RegExp(notShared.familyName.toUpperCase()));
    const restricted = fixtureOf('assessor', 'restricted');
    assert.doesNotMatch(await search('assessor', restricted.familyName), new RegExp(restricted.familyName.toUpperCase()));
    const granted = fixtureOf('assessor', 'restricted, granted');
    assert.match(await search('assessor', granted.familyName), new RegExp(granted.familyName.toUpperCase()));
    assert.doesNotMatch(await search('coordinator', granted.familyName), new RegExp(granted.familyName.toUpperCase()));
  });

  test("the task list leaves out a restricted person's task unless the record is open to the user", async () => {
    const west = await t.services.db.selectFrom('app_user').select('id').where('username', '=', 'coordinator').executeTakeFirstOrThrow();
    await t.services.db.updateTable('app_user').set({ team_id: westTeamId }).where('id', '=', west.id).execute();
    try {
      const coordinator = await signIn(t.app, 'coordinator');
      const list = await coordinator.get('/tasks?scope=team').expect(200);
      assert.match(list.text, new RegExp(`/tasks/${fixtureOf('coordinator', 'other team').taskId}`));
      assert.match(list.text, new RegExp(`/tasks/${fixtureOf('coordinator', 'restricted, granted').taskId}`));
      assert.doesNotMatch(list.text, new RegExp(`/tasks/${fixtureOf('coordinator', 'restricted').taskId}`));
      assert.doesNotMatch(list.text, new RegExp(`/tasks/${fixtureOf('assessor', 'restricted, granted').taskId}`));
    } finally {
      await t.services.db
        .updateTable('app_user')
        .set({
          team_id: (await t.services.db.selectFrom('team').select('id').where('code', '=', 'da-central').executeTakeFirstOrThrow()).id,
        })
        .where('id', '=', west.id)
        .execute();
    }
  });
  test('a restricted person in someone else\'s history is "Restricted record" on the person and assessment pages', async () => {
    const db = t.services.db;
    const victim = await aPerson(db, { givenName: 'Opal', familyName: 'Openshaw' });
    const suspect = await aPerson(db, { givenName: 'Rook', familyName: 'Hiddenfield', restriction: 'restricted' });
    const incidentId = await anIncidentWithVictim(db, victim);
    const mention = await db
      .insertInto('person_mention')
      .values({
        person_id: suspect,
        incident_id: incidentId,
        details: JSON.stringify({}),
        link: 'new',
        link_score: null,
        link_explanation: null,
        linked_by: null,
        created_at: new Date('2026-02-01T12:00:00Z'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('incident_party')
      .values({ incident_id: incidentId, mention_id: mention.id, person_id: suspect, role: 'suspect', present: null, school: null })
      .execute();
    const assessor = agents.get('assessor')!;
    for (const path of [`/people/${victim}`, `/incidents/${incidentId}`, `/incidents/${incidentId}/assessment`]) {
      const page = await assessor.get(path).expect(200);
      assert.match(page.text, /OPENSHAW|Openshaw/, path);
      assert.doesNotMatch(page.text, /Hiddenfield|HIDDENFIELD|Rook/, path);
      assert.match(page.text, /Restricted record/, path);
    }
    // Opened to a user by a grant, the suspect is named to them.
    await t.services.access.grant(
      { ...systemActor('test'), role: 'supervisor' },
      { personId: suspect, username: 'assessor', reason: 'Matrix', expiresAt: null },
    );
    for (const path of [`/people/${victim}`, `/incidents/${incidentId}`]) {
      assert.match((await assessor.get(path).expect(200)).text, /HIDDENFIELD|Hiddenfield/, path);
    }
  });
});

describe('ID swap', () => {
  test('every id in every GET route, replaced by a record the user must not see: nothing leaks, every refusal is audited', async () => {
    const inventory = routeInventory(t.app).filter((r) => r.method === 'get' && r.path.includes(':'));
    const swap = { tried: 0, refused: 0, notFound: 0, masked: 0, oversight: 0, leaks: 0, unaudited: 0, notRecordScoped: 0 };
    const skipped: string[] = [];
    for (const user of [...USERS, 'integration' as const]) {
      // The record this user must not see: for staff a restricted person with no grant; for a partner one not shared.
      const forbidden = ROLE[user] === 'partner' ? fixtureOf(user, 'not shared') : fixtureOf(user, 'restricted');
      for (const r of inventory) {
        const kind = r.path.match(/^(?:\/api\/v1)?\/(people|incidents|tasks)\/:id/)?.[1];
        if (!kind || r.path.includes(':', r.path.indexOf(':id') + 3)) {
          if (user === 'assessor') skipped.push(r.path);
          swap.notRecordScoped++;
          continue;
        }
        const api = r.path.startsWith('/api/');
        if (!api && user === 'integration') continue;
        const id = kind === 'people' ? forbidden.personId : kind === 'incidents' ? forbidden.incidentId : forbidden.taskId;
        const path = r.path.replace(':id', id);
        const before = await refusalsAbout(user, forbidden.personId);
        const res = api
          ? await request(t.app)
              .get(path)
              .set('Authorization', `Bearer ${tokens.get(user)}`)
          : await agents.get(user as User)!.get(path);
        swap.tried++;
        const masksIt = kind === 'incidents' && ROLE[user] !== 'partner';
        // Who has looked at a record is oversight of it (supervisors, auditors), open whatever the record's restriction.
        if (r.path === '/people/:id/audit' && res.status === 200 && can({ role: ROLE[user] }, 'person:audit-log')) {
          swap.oversight++;
          continue;
        }
        const shown = new RegExp(forbidden.familyName, 'i').test(res.text);
        if (shown) swap.leaks++;
        if (res.status === 404) swap.notFound++;
        else if (res.status === 403) {
          swap.refused++;
          if ((await refusalsAbout(user, forbidden.personId)) !== before + 1) swap.unaudited++;
        } else if (res.status === 200 && masksIt) swap.masked++;
        else swap.leaks++;
      }
    }
    console.log(`ID swap: ${JSON.stringify(swap)}; routes with no person, incident or task id: ${skipped.join(', ')}`);
    assert.equal(swap.leaks, 0, 'no leaks');
    assert.equal(swap.unaudited, 0, 'every refusal audited');
    assert.ok(swap.tried > 50);
  });

  test('the matrix size', () => {
    console.log(`relationship matrix: ${counts.cells} cells (${counts.allowed} allowed, ${counts.refused} refused)`);
    assert.ok(counts.cells >= 400);
  });
});
