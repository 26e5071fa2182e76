import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import request from 'supertest';
import { createTestApp, csrfFor, signIn, type TestApp } from '../../testing/app.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { DEMO_PASSWORD } from '../demo/index.ts';
import { paths } from '../../paths.ts';

/** The text a PDF shows: its content streams inflated, the strings of each text operation joined. */
export function pdfText(pdf: Buffer): string {
  const out: string[] = [];
  const raw = pdf.toString('latin1');
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    let body: string;
    try {
      body = zlib.inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    for (const tj of body.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      out.push([...tj[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1], 'hex').toString('latin1')).join(''));
    }
  }
  return out.join('\n');
}

let t: TestApp;
let token: string;
let idvaToken: string;
let cscToken: string;
let sent = 0;

const letters = (n: number) => Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
const anIncident = (family = `Q${letters(7)}`) => ({
  sourceSystem: 'referrals-test',
  sourceReference: `R-${++sent}`,
  reportedAt: '2026-03-09T09:00:00Z',
  classification: 'Domestic abuse - assault',
  narrative: 'Neighbour heard shouting; victim had a cut lip.',
  parties: [
    {
      role: 'victim',
      person: {
        givenName: 'Nadia',
        familyName: family,
        dateOfBirth: `19${60 + sent}-0${1 + (sent % 9)}-1${sent % 9}`,
        address: `${sent} Quarry Road`,
        postcode: `NS${sent} 4QR`,
        phone: `07700 9${String(sent).padStart(5, '0')}`,
      },
    },
    { role: 'suspect', person: { givenName: 'Carl', familyName: family, dateOfBirth: `19${50 + sent}-03-2${sent % 9}` } },
    {
      role: 'child',
      person: { givenName: 'Mia', familyName: family, dateOfBirth: `20${10 + (sent % 9)}-09-0${1 + (sent % 8)}` },
      present: true,
    },
  ],
});

async function anIncidentId(): Promise<{ id: string; familyName: string }> {
  const body = anIncident();
  const res = await request(t.app).post('/api/v1/incidents').set('Authorization', `Bearer ${token}`).send(body).expect(201);
  return { id: res.body.id, familyName: body.parties[0].person.familyName };
}

/** A page the agent may open: 200, or the failure with the page's text. */
async function openPage(agent: ReturnType<typeof request.agent>, url: string) {
  const res = await agent.get(url);
  assert.equal(res.status, 200, `${url} → ${res.status}: ${res.text.replace(/[\s\S]*<main[^>]*>/, '').slice(0, 3000)}`);
  return res;
}

const api = (tok: string) => ({
  post: (path: string, body: object) => request(t.app).post(path).set('Authorization', `Bearer ${tok}`).send(body),
  get: (path: string) => request(t.app).get(path).set('Authorization', `Bearer ${tok}`),
});

let coordinatorToken: string;

async function refer(body: Partial<Record<string, unknown>> & { incidentId: string }) {
  return api(coordinatorToken).post(paths.api.referrals, {
    agency: 'idva',
    lawfulBasis: 'safeguarding-individuals-at-risk',
    consent: 'given',
    sharedFields: ['victim-name', 'victim-phone', 'safe-contact'],
    ...body,
  });
}

before(async () => {
  t = await createTestApp();
  token = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
  coordinatorToken = await t.services.users.createApiToken(systemActor('test'), 'coordinator', 'test');
  idvaToken = await t.services.users.createApiToken(systemActor('test'), 'idva', 'test');
  const csc = (await t.services.users.listAgencies()).find((a) => a.code === 'csc')!;
  await t.services.users.createUser(systemActor('test'), {
    username: 'csc-worker',
    displayName: 'Casey Social',
    role: 'partner',
    agencyId: csc.id,
    password: DEMO_PASSWORD,
  });
  cscToken = await t.services.users.createApiToken(systemActor('test'), 'csc-worker', 'test');
});
after(() => t.close());

describe('POST /api/v1/referrals: the consent rules', () => {
  test('a referral with consent given is sent: 201, a disclosure to the agency, recorded in the same transaction', async () => {
    const { id: incidentId } = await anIncidentId();
    const res = await refer({ incidentId });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.status, 'sent');
    assert.equal(res.body.agency.code, 'idva');
    assert.deepEqual(res.body.sharedFields, ['victim-name', 'victim-phone', 'safe-contact']);
    const event = await t.services.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'referral-sent')
      .where(sql<boolean>`${res.body.id} = any(record_ids)`, '=', true)
      .executeTakeFirstOrThrow();
    assert.equal(event.category, 'disclosure');
    assert.match(event.recipient ?? '', /Northshire IDVA Service \(idva\)/);
    assert.equal(event.subject_person_ids.length, 1, 'only the victim is disclosed when only her details are shared');
    // The response time is 3 working days from Tuesday 10 March 2026: the end of Friday 13 March.
    assert.equal(res.body.responseDueAt, '2026-03-13T23:59:59.000Z');
  });

  const refusedCases: { name: string; body: Record<string, unknown>; fields: string[] }[] = [
    { name: 'no consent', body: { consent: undefined }, fields: ['consent'] },
    { name: 'consent refused, not overridden', body: { consent: 'refused' }, fields: ['consent'] },
    { name: 'consent overridden without a reason', body: { consent: 'overridden' }, fields: ['overrideReason'] },
    {
      name: 'everything wrong at once',
      body: { incidentId: 'not-a-uuid', agency: 'nobody', lawfulBasis: 'whim', consent: 'maybe', sharedFields: ['force-notes'] },
      fields: ['incidentId', 'consent', 'agency', 'lawfulBasis', 'sharedFields'],
    },
  ];
  for (const c of refusedCases) {
    test(`refused (422, nothing stored): ${c.name}`, async () => {
      const { id: incidentId } = await anIncidentId();
      const before = await t.services.db
        .selectFrom('referral')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      const res = await refer({ incidentId, ...c.body });
      assert.equal(res.status, 422, res.text);
      assert.match(res.headers['content-type'], /application\/problem\+json/);
      assert.deepEqual(new Set(res.body.errors.map((e: { field: string }) => e.field)), new Set(c.fields), JSON.stringify(res.body.errors));
      const after = await t.services.db
        .selectFrom('referral')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(after.n, before.n);
    });
  }

  test('consent overridden with a reason is sent, and the reason is kept with the disclosure', async () => {
    const { id: incidentId } = await anIncidentId();
    const res = await refer({ incidentId, consent: 'overridden', overrideReason: 'Child at risk of significant harm' });
    assert.equal(res.status, 201, res.text);
    const event = await t.services.db
      .selectFrom('audit_event')
      .select('reason')
      .where('action', '=', 'referral-sent')
      .where(sql<boolean>`${res.body.id} = any(record_ids)`, '=', true)
      .executeTakeFirstOrThrow();
    assert.match(event.reason ?? '', /Consent overridden: Child at risk of significant harm/);
  });

  test('a partner may not refer', async () => {
    const { id: incidentId } = await anIncidentId();
    await api(idvaToken).post(paths.api.referrals, { incidentId, agency: 'idva', lawfulBasis: 'consent', consent: 'given' }).expect(403);
  });
});

describe('field selection is honoured in the API, the portal and the PDF', () => {
  let referralId: string;
  let familyName: string;
  before(async () => {
    const incident = await anIncidentId();
    familyName = incident.familyName;
    const res = await refer({ incidentId: incident.id, sharedFields: ['victim-name', 'children'] });
    assert.equal(res.status, 201, res.text);
    referralId = res.body.id;
  });

  test('the API gives the agency the shared fields only; another agency gets nothing', async () => {
    const res = await api(idvaToken)
      .get(paths.api.referral({ id: referralId }))
      .expect(200);
    assert.deepEqual(Object.keys(res.body.shared), ['victim-name', 'children']);
    assert.match(res.body.shared['victim-name'], new RegExp(familyName.toUpperCase()));
    assert.doesNotMatch(JSON.stringify(res.body), /07700|Quarry|Carl|cut lip/);
    await api(cscToken)
      .get(paths.api.referral({ id: referralId }))
      .expect(404);
  });

  test('the portal shows the shared fields and nothing else', async () => {
    const idva = await signIn(t.app, 'idva');
    const page = await openPage(idva, paths.partner.referral({ id: referralId }));
    assert.match(page.text, new RegExp(`Nadia ${familyName.toUpperCase()}`));
    assert.match(page.text, /Mia/);
    for (const hidden of ['07700', 'Quarry', 'Carl', 'cut lip', 'Risk grade']) assert.doesNotMatch(page.text, new RegExp(hidden), hidden);
    const csc = await signIn(t.app, 'csc-worker');
    const other = await csc.get(paths.partner.referral({ id: referralId }));
    assert.equal(other.status, 404);
    assert.doesNotMatch(other.text, new RegExp(familyName, 'i'));
    const list = await openPage(csc, paths.partner.referrals);
    assert.doesNotMatch(list.text, new RegExp(familyName, 'i'));
  });

  test('the PDF holds the shared fields only, marked OFFICIAL-SENSITIVE', async () => {
    const idva = await signIn(t.app, 'idva');
    const res = await idva
      .get(paths.partner.pdf({ id: referralId }))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /application\/pdf/);
    const text = pdfText(res.body as Buffer);
    assert.match(text, /OFFICIAL-SENSITIVE/);
    assert.match(text, new RegExp(familyName.toUpperCase()));
    assert.match(text, /Mia/);
    for (const hidden of ['07700', 'Quarry', 'Carl', 'cut lip']) assert.doesNotMatch(text, new RegExp(hidden), hidden);
  });
});

describe('the lifecycle', () => {
  test('sent → accepted (by the agency) → updates seen by the force → closed; a stale answer is a 409', async () => {
    const { id: incidentId, familyName } = await anIncidentId();
    const { body } = await refer({ incidentId });
    const idva = await signIn(t.app, 'idva');
    const home = await openPage(idva, '/');
    assert.match(home.text, new RegExp(familyName.toUpperCase()), 'the new referral is on the IDVA home page');

    let csrf = await csrfFor(idva, paths.partner.referral({ id: body.id }));
    await idva
      .post(paths.partner.answer({ id: body.id }))
      .type('form')
      .send({ _csrf: csrf, version: 1, answer: 'reject' })
      .expect(422);
    await idva
      .post(paths.partner.answer({ id: body.id }))
      .type('form')
      .send({ _csrf: csrf, version: 1, answer: 'accept' })
      .expect(303);
    const stale = await idva
      .post(paths.partner.answer({ id: body.id }))
      .type('form')
      .send({ _csrf: csrf, version: 1, answer: 'accept' });
    assert.equal(stale.status, 409);

    csrf = await csrfFor(idva, paths.partner.referral({ id: body.id }));
    await idva
      .post(paths.partner.updates({ id: body.id }))
      .type('form')
      .send({ _csrf: csrf, kind: 'contact', outcome: 'contact-made', note: 'Spoke by phone at the safe time' })
      .expect(303);
    await idva
      .post(paths.partner.updates({ id: body.id }))
      .type('form')
      .send({ _csrf: csrf, kind: 'update', note: '' })
      .expect(422);

    const coordinator = await signIn(t.app, 'coordinator');
    const page = await openPage(coordinator, paths.referrals.show({ id: body.id }));
    assert.match(page.text, /Accepted/);
    assert.match(page.text, /Spoke by phone at the safe time/);
    assert.match(page.text, /Contact made with the victim/);

    csrf = await csrfFor(coordinator, paths.referrals.show({ id: body.id }));
    await coordinator
      .post(paths.referrals.close({ id: body.id }))
      .type('form')
      .send({ _csrf: csrf, version: 2 })
      .expect(303);
    const row = await t.services.db
      .selectFrom('referral')
      .select(['status', 'version'])
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'closed', version: 3 });
    const events = await t.services.db
      .selectFrom('referral_event')
      .select('status')
      .where('referral_id', '=', body.id)
      .where('kind', '=', 'status')
      .orderBy('at')
      .execute();
    assert.deepEqual(
      events.map((e) => e.status),
      ['sent', 'accepted', 'closed'],
    );
  });

  test('rejected with a reason; the force withdraws another, and its reason is not shown to the agency', async () => {
    const a = await refer({ incidentId: (await anIncidentId()).id });
    const b = await refer({ incidentId: (await anIncidentId()).id });
    const idva = await signIn(t.app, 'idva');
    let csrf = await csrfFor(idva, paths.partner.referral({ id: a.body.id }));
    await idva
      .post(paths.partner.answer({ id: a.body.id }))
      .type('form')
      .send({ _csrf: csrf, version: 1, answer: 'reject', reason: 'Outside our area: refer to the neighbouring service' })
      .expect(303);
    const coordinator = await signIn(t.app, 'coordinator');
    const page = await openPage(coordinator, paths.referrals.show({ id: a.body.id }));
    assert.match(page.text, /Outside our area/);

    csrf = await csrfFor(coordinator, paths.referrals.show({ id: b.body.id }));
    await coordinator
      .post(paths.referrals.withdraw({ id: b.body.id }))
      .type('form')
      .send({ _csrf: csrf, version: 1, reason: 'Internal: the victim moved out of force area' })
      .expect(303);
    const portal = await openPage(idva, paths.partner.referral({ id: b.body.id }));
    assert.match(portal.text, /Withdrawn/);
    assert.doesNotMatch(portal.text, /Internal: the victim moved/);
    // A withdrawn referral no longer shares the victim with the agency.
    const shared = await t.services.referrals.sharedWith([...(await t.services.referrals.peopleIn(b.body.id))]);
    assert.equal(shared.length, 0);
  });
});

describe('reminders', () => {
  test('a referral unanswered past its response time raises one task for its referrer', async () => {
    const { body } = await refer({ incidentId: (await anIncidentId()).id });
    const coordinator = (await t.services.users.findByUsername('coordinator'))!;
    const count = () =>
      t.services.db
        .selectFrom('task')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('type', '=', 'referral-chase')
        .where(sql`details->>'referralId'`, '=', body.id)
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n));
    const start = t.clock.now();
    try {
      await t.services.referrals.remindUnanswered(systemActor('test'));
      assert.equal(await count(), 0, 'not yet due');
      t.clock.set(new Date('2026-03-14T09:00:00Z')); // Saturday after the Friday it was due
      await t.services.referrals.remindUnanswered(systemActor('test'));
      await t.services.referrals.remindUnanswered(systemActor('test'));
      assert.equal(await count(), 1, 'raised once');
      const task = await t.services.db
        .selectFrom('task')
        .selectAll()
        .where(sql`details->>'referralId'`, '=', body.id)
        .executeTakeFirstOrThrow();
      assert.equal(task.assignee_id, coordinator.id);
      const agent = await signIn(t.app, 'coordinator');
      const list = await openPage(agent, `${paths.referrals.list}?scope=overdue`);
      assert.match(list.text, /No response in time/);
    } finally {
      t.clock.set(start);
    }
  });
});

describe('merges', () => {
  test('moveToSurvivor repoints the referral to the survivor and moveBack undoes exactly that', async () => {
    const { body } = await refer({ incidentId: (await anIncidentId()).id });
    const [victim] = await t.services.referrals.peopleIn(body.id);
    const survivor = (await t.services.db.selectFrom('person').select('id').where('id', '<>', victim).limit(1).executeTakeFirstOrThrow())
      .id;
    const moved = await t.services.db.transaction().execute((trx) => t.services.referrals.moveToSurvivor(trx, victim, survivor));
    assert.deepEqual(moved, [body.id]);
    assert.deepEqual(await t.services.referrals.peopleIn(body.id), [survivor]);
    await t.services.db.transaction().execute((trx) => t.services.referrals.moveBack(trx, moved, survivor, victim));
    assert.deepEqual(await t.services.referrals.peopleIn(body.id), [victim]);
  });
});

describe('from a case', () => {
  test("a referral from a victim's case names the case and shares from its incident; the form names every bad field", async () => {
    const { id: incidentId, familyName } = await anIncidentId();
    const victimId = (
      await t.services.db
        .selectFrom('incident_party')
        .select('person_id')
        .where('incident_id', '=', incidentId)
        .where('role', '=', 'victim')
        .executeTakeFirstOrThrow()
    ).person_id!;
    const opened = await t.services.db.transaction().execute((trx) =>
      t.services.cases.open(trx, systemActor('test'), {
        victimPersonId: victimId,
        incidentIds: [incidentId],
        ownerId: null,
        teamId: null,
        enhancedRights: true,
        openedBy: null,
      }),
    );
    const coordinator = await signIn(t.app, 'coordinator');
    const form = await openPage(coordinator, `${paths.referrals.new}?case=${opened.id}`);
    assert.match(form.text, /Refer to a partner agency/);
    const csrf = await csrfFor(coordinator, `${paths.referrals.new}?case=${opened.id}`);
    const refused = await coordinator.post(paths.referrals.new).type('form').send({ _csrf: csrf, caseId: opened.id });
    assert.equal(refused.status, 422);
    for (const field of ['agency', 'lawfulBasis', 'consent']) assert.match(refused.text, new RegExp(`href="#${field}"`), field);
    const agency = (await t.services.users.listAgencies()).find((a) => a.code === 'mash')!;
    const sent = await coordinator
      .post(paths.referrals.new)
      .type('form')
      .send({
        _csrf: csrf,
        caseId: opened.id,
        agency: agency.id,
        lawfulBasis: 'children-act-2004-s11',
        consent: 'overridden',
        overrideReason: 'Child at risk of significant harm',
        sharedFields: ['victim-name', 'children'],
      });
    assert.equal(sent.status, 303);
    const id = sent.headers.location.split('/').pop()!;
    const row = await t.services.db
      .selectFrom('referral')
      .select(['case_id', 'incident_id', 'shared_fields'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { case_id: opened.id, incident_id: incidentId, shared_fields: ['victim-name', 'children'] });
    const page = await openPage(coordinator, paths.referrals.show({ id }));
    assert.match(page.text, new RegExp(`Nadia ${familyName.toUpperCase()}`));
    assert.match(page.text, /Child at risk of significant harm/);
  });
});
