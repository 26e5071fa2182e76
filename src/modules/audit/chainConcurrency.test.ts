import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo, Server } from 'node:net';
import request from 'supertest';
import { createTestApp, signIn, type TestApp } from '../../testing/app.ts';
import { aPerson, anIncidentWithVictim } from '../../testing/personFixtures.ts';
import { loadDemoIncidents } from '../demo/index.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { verifyAuditChain } from '../../platform/audit/auditTrail.ts';

let t: TestApp;
let server: Server;
before(async () => {
  t = await createTestApp();
  server = t.app.listen(0);
});
after(async () => {
  server.close();
  await t.close();
});

const REQUESTS = 300;
const CLIENTS = 24;

test(`${REQUESTS} mixed allowed and refused requests from ${CLIENTS} concurrent clients, during a demo load, leave the chain intact`, async () => {
  const personId = await aPerson(t.services.db, { givenName: 'Chain', familyName: 'Hollins' });
  await anIncidentWithVictim(t.services.db, personId);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const users = ['assessor', 'support', 'idva', 'auditor', 'researcher', 'admin'];
  const agents = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => signIn(base, users[i % users.length])));
  const idvaToken = await t.services.users.createApiToken(systemActor('test'), 'idva', 'chain');
  // Half allowed, half refused (a partner opening a person, staff opening administration, an auditor a person page).
  const kinds = [
    (a: (typeof agents)[number]) => a.get(`/people/${personId}`),
    (a: (typeof agents)[number]) => a.get('/admin/users'),
    () => request(base).get(`/api/v1/people/${personId}`).set('Authorization', `Bearer ${idvaToken}`),
    (a: (typeof agents)[number]) => a.get('/'),
  ];
  const demo = loadDemoIncidents(t.services, { incidents: 40 });
  let next = 0;
  const statuses = new Map<number, number>();
  await Promise.all(
    agents.map(async (agent) => {
      while (next < REQUESTS) {
        const n = next++;
        const res = await kinds[n % kinds.length](agent);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  await demo;
  assert.ok((statuses.get(403) ?? 0) >= REQUESTS / 4, `refusals among ${JSON.stringify([...statuses])}`);
  assert.ok((statuses.get(200) ?? 0) >= REQUESTS / 4, `allowed among ${JSON.stringify([...statuses])}`);
  const result = await verifyAuditChain(t.services.db);
  assert.deepEqual(result.broken, []);
  assert.equal(result.ok, true);
  assert.ok(result.events > REQUESTS);
});
