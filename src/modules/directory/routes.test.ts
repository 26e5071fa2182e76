import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { systemActor } from '../../platform/audit/actor.ts';
import { paths } from '../../paths.ts';
import { createTestApp, csrfFor, signIn, type TestApp } from '../../testing/app.ts';
import { aPerson } from '../../testing/personFixtures.ts';

let t: TestApp;
let admin: ReturnType<typeof request.agent>;
let victimcare: ReturnType<typeof request.agent>;
let personId: string;

before(async () => {
  t = await createTestApp();
  admin = await signIn(t.app, 'admin');
  victimcare = await signIn(t.app, 'victimcare');
  personId = await aPerson(t.services.db, { givenName: 'Signa', familyName: 'Postwick' });
});
after(() => t.close());

const aService = (change: Record<string, unknown> = {}) => ({
  name: 'Fenwick Vale Women’s Aid',
  description: 'Outreach, drop-in and a helpline for women experiencing domestic abuse.',
  needs: ['outreach', 'children'],
  area: 'Fenwick Vale',
  contact: '01632 960201, open 9am to 5pm weekdays',
  referralRoute: 'Self-referral by phone, or a professional referral form by secure email',
  eligibility: 'Women aged 16 and over',
  active: 'yes',
  ...change,
});

async function post(agent: ReturnType<typeof request.agent>, path: string, body: object) {
  return agent
    .post(path)
    .type('form')
    .send({ ...body, _csrf: await csrfFor(agent, '/') });
}

const serviceNamed = (name: string) =>
  t.services.db.selectFrom('directory_service').selectAll().where('name', '=', name).executeTakeFirst();

describe('the signposting directory', () => {
  test('an administrator adds a service; staff find it by need and area', async () => {
    const res = await post(admin, paths.directory.new, aService());
    assert.equal(res.status, 303, res.text);
    const saved = await serviceNamed('Fenwick Vale Women’s Aid');
    assert.ok(saved);
    const added = await t.services.db.selectFrom('audit_event').selectAll().where('action', '=', 'directory-service-added').execute();
    assert.deepEqual([...added[0].record_ids], [saved.id]);

    const found = await victimcare.get(`${paths.directory.list}?need=children&area=Fenwick+Vale`).expect(200);
    assert.match(found.text, /Fenwick Vale Women’s Aid|Fenwick Vale Women&#39;s Aid|Fenwick Vale Women’s Aid/);
    const elsewhere = await victimcare.get(`${paths.directory.list}?need=children&area=Harlow+Bridge`).expect(200);
    assert.match(elsewhere.text, /data-qa="no-services"/);
    const otherNeed = await victimcare.get(`${paths.directory.list}?need=housing`).expect(200);
    assert.doesNotMatch(otherNeed.text, /Fenwick Vale Women/);
  });

  test('a service without its required fields is refused with the error summary naming each field', async () => {
    const res = await post(admin, paths.directory.new, {
      name: '',
      description: '',
      area: '',
      contact: '',
      referralRoute: '',
      active: 'yes',
    });
    assert.equal(res.status, 422);
    for (const [href, message] of [
      ['#name', 'Enter the name of the service'],
      ['#description', 'Enter what the service does'],
      ['#needs', 'Select at least one need the service meets'],
      ['#area', 'Enter the area the service covers'],
      ['#contact', 'Enter how to contact the service'],
      ['#referralRoute', 'Enter how to refer someone to the service'],
    ])
      assert.match(res.text, new RegExp(`href="${href}">${message}`), message);
    const duplicate = await post(admin, paths.directory.new, aService());
    assert.equal(duplicate.status, 422);
    assert.match(duplicate.text, /href="#name">There is already a service with this name in this area/);
  });

  test('an edit at an old version is a 409 that keeps what was typed and saves nothing', async () => {
    const saved = (await serviceNamed('Fenwick Vale Women’s Aid'))!;
    const first = await post(admin, paths.directory.edit({ id: saved.id }), {
      ...aService({ contact: '01632 960299' }),
      version: saved.version,
    });
    assert.equal(first.status, 303);
    const stale = await post(admin, paths.directory.edit({ id: saved.id }), {
      ...aService({ contact: '01632 960000' }),
      version: saved.version,
    });
    assert.equal(stale.status, 409);
    assert.match(stale.text, /Someone else changed Fenwick Vale Women/);
    assert.match(stale.text, /value="01632 960000"|01632 960000/);
    assert.equal((await serviceNamed('Fenwick Vale Women’s Aid'))!.contact, '01632 960299');
  });

  test('an inactive service is not offered to staff', async () => {
    const saved = (await serviceNamed('Fenwick Vale Women’s Aid'))!;
    await post(admin, paths.directory.edit({ id: saved.id }), {
      ...aService({ active: 'no', contact: '01632 960299' }),
      version: saved.version,
    }).then((r) => assert.equal(r.status, 303));
    const list = await victimcare.get(paths.directory.list).expect(200);
    assert.doesNotMatch(list.text, /Fenwick Vale Women/);
    await post(admin, paths.directory.edit({ id: saved.id }), {
      ...aService({ contact: '01632 960299' }),
      version: saved.version + 1,
    }).then((r) => assert.equal(r.status, 303));
  });

  test('staff record signposting for a person: stored, audited against the person, shown on their signposting page', async () => {
    const service = (await serviceNamed('Fenwick Vale Women’s Aid'))!;
    const empty = await post(victimcare, paths.directory.signpost({ id: personId }), { note: 'x' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /href="#serviceId">Select the service the person was signposted to/);
    const res = await post(victimcare, paths.directory.signpost({ id: personId }), {
      serviceId: service.id,
      note: 'Agreed she would call them on Monday',
    });
    assert.equal(res.status, 303, res.text);
    const recorded = await t.services.db.selectFrom('audit_event').selectAll().where('action', '=', 'signposting-recorded').execute();
    assert.equal(recorded.length, 1);
    assert.deepEqual([...recorded[0].subject_person_ids], [personId]);
    const page = await victimcare.get(paths.directory.signpost({ id: personId })).expect(200);
    assert.match(page.text, /Agreed she would call them on Monday/);
    assert.match(page.text, /POSTWICK, Signa/);
    const viewed = await t.services.db.selectFrom('audit_event').selectAll().where('action', '=', 'signposting-viewed').execute();
    assert.ok(viewed.every((e) => e.subject_person_ids.includes(personId)));
  });

  test('recordSignposting works inside another module’s transaction and refuses an unknown service', async () => {
    const service = (await serviceNamed('Fenwick Vale Women’s Aid'))!;
    const actor = systemActor('cases-test');
    await t.services.db
      .transaction()
      .execute((trx) => t.services.directory.recordSignposting(trx, actor, { personId, serviceId: service.id, note: 'From a case' }));
    await assert.rejects(
      t.services.db
        .transaction()
        .execute((trx) =>
          t.services.directory.recordSignposting(trx, actor, { personId, serviceId: '00000000-0000-4000-8000-000000000000', note: '' }),
        ),
      /No such service/,
    );
    const rows = await t.services.db.selectFrom('signposting').select('note').where('person_id', '=', personId).execute();
    assert.deepEqual(rows.map((r) => r.note).sort(), ['Agreed she would call them on Monday', 'From a case']);
  });

  test('only the administrator manages the directory; partners and the auditor cannot search it or signpost', async () => {
    for (const user of ['victimcare', 'researcher', 'supervisor']) {
      const agent = await signIn(t.app, user);
      await agent.get(paths.directory.manage).expect(403);
      assert.equal((await post(agent, paths.directory.new, aService({ name: 'Sneaky' }))).status, 403);
    }
    for (const user of ['idva', 'auditor']) {
      const agent = await signIn(t.app, user);
      await agent.get(paths.directory.list).expect(403);
      await agent.get(paths.directory.signpost({ id: personId })).expect(403);
    }
    await admin.get(paths.directory.signpost({ id: personId })).expect(403);
    assert.equal(await serviceNamed('Sneaky'), undefined);
  });
});
