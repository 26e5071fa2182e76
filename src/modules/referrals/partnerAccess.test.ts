import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, csrfFor, signIn, type TestApp } from '../../testing/app.ts';
import { routeInventory } from '../../testing/routes.ts';
import { systemActor } from '../../platform/audit/actor.ts';

/**
 * THE PARTNER-ACCESS MATRIX: the IDVA (a partner user) × every route the app serves (read from Express's router, so a
 * route added later is swept too) × three records: one referred to her agency (sharing the victim's name only), one
 * referred to no one, and one referred to another agency. Every response, page or API, must hold nothing of the
 * records she was not given: no name, date of birth, phone, address or circumstances of the other two, nothing but the
 * name of hers, and never the force's own note on a referral. Her portal is safe on its own: its queries name her agency.
 */

type Kind = 'referred to my agency' | 'not referred' | 'referred to another agency';

interface RecordUnderTest {
  kind: Kind;
  personIds: string[];
  incidentId: string;
  referralIds: string[];
  taskIds: string[];
  /** Text that must not appear in any response to the partner. */
  secrets: string[];
  /** Text the partner was given (the shared name), allowed only for her own agency's record. */
  given: string[];
}

let t: TestApp;
let integration: string;
let idvaToken: string;
const records: RecordUnderTest[] = [];
let n = 0;

const FORCE_NOTE = 'FORCENOTE-withdrawn-because-of-intelligence';

async function aRecord(kind: Kind, family: string) {
  n++;
  const body = {
    sourceSystem: 'partner-matrix',
    sourceReference: `PM-${n}`,
    reportedAt: '2026-03-09T09:00:00Z',
    classification: 'Domestic abuse - harassment',
    narrative: `Circumstances ${family} narrative marker`,
    location: { address: `${n}7 Secretcourt Way`, postcode: `ZZ${n} 9XY` },
    parties: [
      {
        role: 'victim',
        person: {
          givenName: 'Vera',
          familyName: family,
          dateOfBirth: `197${n}-07-1${n}`,
          address: `${n}7 Secretcourt Way`,
          postcode: `ZZ${n} 9XY`,
          phone: `07700 90${n}${n}${n}${n}`,
        },
      },
      { role: 'suspect', person: { givenName: `Sus${family}`, familyName: `Pect${family}`, dateOfBirth: `196${n}-01-0${n}` } },
    ],
  };
  const res = await request(t.app).post('/api/v1/incidents').set('Authorization', `Bearer ${integration}`).send(body).expect(201);
  const incidentId: string = res.body.id;
  const personIds: string[] = res.body.parties.map((p: { personId: string }) => p.personId);
  const taskIds: string[] = res.body.tasks.map((x: { id?: string }) => x.id).filter(Boolean);
  const more = await t.services.db.selectFrom('task').select('id').where('incident_id', '=', incidentId).execute();
  const secrets = [
    family,
    family.toUpperCase(),
    `Sus${family}`,
    `Pect${family}`,
    `narrative marker`,
    'Secretcourt',
    `07700 90${n}${n}${n}${n}`,
    `197${n}-07-1${n}`,
    `1${n} July 197${n}`,
    FORCE_NOTE,
  ];
  const record: RecordUnderTest = {
    kind,
    personIds,
    incidentId,
    referralIds: [],
    taskIds: [...new Set([...taskIds, ...more.map((m) => m.id)])],
    secrets,
    given: [],
  };
  const refer = async (agency: string) => {
    const sent = await t.services.referrals.send(systemActor('test'), {
      incidentId,
      agency,
      lawfulBasis: 'safeguarding-individuals-at-risk',
      consent: 'given',
      sharedFields: ['victim-name'],
    });
    if (!sent.ok) throw new Error(JSON.stringify(sent.problems));
    record.referralIds.push(sent.id);
    return sent.id;
  };
  if (kind === 'referred to my agency') {
    await refer('idva');
    // A second referral the force withdrew, with a note of its own the agency must never see.
    const withdrawn = await refer('idva');
    await t.services.referrals.changeByForce(systemActor('test'), withdrawn, 1, 'withdraw', FORCE_NOTE);
    // Her name was shared: it may appear (as the referral shows it), and only in that form.
    record.secrets = secrets.filter((s) => s !== family && s !== family.toUpperCase());
    record.given = [`Vera ${family.toUpperCase()}`];
  }
  if (kind === 'referred to another agency') await refer('csc');
  records.push(record);
}

before(async () => {
  t = await createTestApp();
  integration = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
  idvaToken = await t.services.users.createApiToken(systemActor('test'), 'idva', 'test');
  await aRecord('referred to my agency', 'Mineforidva');
  await aRecord('not referred', 'Neverreferred');
  await aRecord('referred to another agency', 'Othersocialcare');
});
after(() => t.close());

test('partner user × every route × referred / not referred / other agency: 0 leaks', async () => {
  const idva = await signIn(t.app, 'idva');
  const csrf = await csrfFor(idva, '/');
  const routes = routeInventory(t.app).filter((r) => !r.path.startsWith('/sign-') && r.path !== '/sign-out' && r.path !== '/health');
  let requests = 0;
  const leaks: string[] = [];
  const statuses = new Map<number, number>();
  const byKind = new Map<Kind, number>();
  for (const record of records) {
    const ids = [...record.personIds, record.incidentId, ...record.referralIds, ...record.taskIds];
    const q = new URLSearchParams({
      q: record.secrets[0],
      name: record.secrets[0],
      personId: record.personIds[0],
      incident: record.incidentId,
      scope: 'all',
    }).toString();
    for (const route of routes) {
      const concrete = route.path.includes(':')
        ? ids.map((id) => route.path.replace(/:id\b/g, id).replace(/:[A-Za-z]+/g, 'dash-2009'))
        : [route.path];
      for (const path of concrete) {
        const api = path.startsWith('/api/');
        let res: request.Response;
        if (route.method === 'get') {
          res = api ? await request(t.app).get(`${path}?${q}`).set('Authorization', `Bearer ${idvaToken}`) : await idva.get(`${path}?${q}`);
        } else if (api) {
          const client = request(t.app);
          res = await client[route.method](path)
            .set('Authorization', `Bearer ${idvaToken}`)
            .send({ incidentId: record.incidentId, personId: record.personIds[0] });
        } else {
          res = await idva[route.method](path)
            .type('form')
            .send({ _csrf: csrf, version: 1, personId: record.personIds[0], incidentId: record.incidentId });
        }
        requests++;
        byKind.set(record.kind, (byKind.get(record.kind) ?? 0) + 1);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const body = res.text ?? (Buffer.isBuffer(res.body) ? res.body.toString('latin1') : JSON.stringify(res.body ?? ''));
        for (const secret of record.secrets)
          if (body.includes(secret)) leaks.push(`${route.method.toUpperCase()} ${path} (${record.kind}) shows "${secret}" [${res.status}]`);
      }
    }
  }
  console.log(
    `partner-access matrix: ${routes.length} routes × ${records.length} records (${[...byKind].map(([k, c]) => `${k}: ${c}`).join('; ')}) = ${requests} requests; statuses ${[
      ...statuses,
    ]
      .sort((a, b) => a[0] - b[0])
      .map(([s, c]) => `${s}×${c}`)
      .join(' ')}; leaks: ${leaks.length}`,
  );
  assert.deepEqual(leaks, []);
  assert.ok(routes.length > 40, `the inventory found ${routes.length} routes`);
});

test('the matrix can see a leak: the referred record is in her portal, under the shared name only', async () => {
  const idva = await signIn(t.app, 'idva');
  const mine = records.find((r) => r.kind === 'referred to my agency')!;
  const list = await idva.get('/partner/referrals').expect(200);
  for (const g of mine.given) assert.ok(list.text.includes(g), `the portal lists ${g}`);
  const page = await idva.get(`/partner/referrals/${mine.referralIds[0]}`).expect(200);
  for (const g of mine.given) assert.ok(page.text.includes(g));
  // What the force holds but did not share is on the force's own page: the same check would catch it on hers.
  const coordinator = await signIn(t.app, 'coordinator');
  const incident = await coordinator.get(`/incidents/${mine.incidentId}`).expect(200);
  assert.ok(
    mine.secrets.some((s) => incident.text.includes(s)),
    'the force sees what was not shared',
  );
  for (const other of records.filter((r) => r.kind !== 'referred to my agency')) {
    await idva.get(`/partner/referrals/${other.referralIds[0] ?? '00000000-0000-4000-8000-000000000000'}`).expect(404);
  }
});
