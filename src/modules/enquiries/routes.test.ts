import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { paths } from '../../paths.ts';
import { createTestApp, csrfFor, signIn, type TestApp } from '../../testing/app.ts';
import { aPerson } from '../../testing/personFixtures.ts';

let t: TestApp;
let researcher: ReturnType<typeof request.agent>;
let victimId: string;
let childId: string;

before(async () => {
  t = await createTestApp();
  researcher = await signIn(t.app, 'researcher');
  victimId = await aPerson(t.services.db, { givenName: 'Enquira', familyName: 'Marchbank', dateOfBirth: '1988-04-02' });
  childId = await aPerson(t.services.db, { givenName: 'Tobin', familyName: 'Marchbank', dateOfBirth: '2016-09-12' });
});
after(() => t.close());

const anEnquiry = (change: Record<string, unknown> = {}) => ({
  requesterName: 'Jo Pellow',
  requesterOrganisation: "Northshire Children's Social Care",
  requesterContact: '01632 960111',
  purpose: 'Section 47 enquiry for Tobin: history of DA in the household',
  lawfulBasis: 'children-act-s47',
  personIds: [victimId, childId],
  'received-day': '6',
  'received-month': '3',
  'received-year': '2026',
  'received-time': '09:15',
  action: 'save',
  ...change,
});

async function post(agent: ReturnType<typeof request.agent>, path: string, body: object) {
  return agent
    .post(path)
    .type('form')
    .send({ ...body, _csrf: await csrfFor(agent, '/') });
}

const eventsOf = (action: string) =>
  t.services.db.selectFrom('audit_event').selectAll().where('action', '=', action).orderBy('id').execute();

async function recordOne(change: Record<string, unknown> = {}): Promise<string> {
  const res = await post(researcher, paths.enquiries.new, anEnquiry(change));
  assert.equal(res.status, 303, res.text);
  return res.headers.location.split('/').pop()!;
}

describe('the enquiries register', () => {
  test('a research assistant finds the people by name and records an enquiry; its response is due 5 working days after it came in', async () => {
    const searched = await post(researcher, paths.enquiries.new, {
      ...anEnquiry(),
      personIds: [],
      personName: 'Marchbank',
      action: 'search',
    });
    assert.equal(searched.status, 200);
    assert.match(searched.text, /MARCHBANK, Enquira/);
    assert.match(searched.text, /MARCHBANK, Tobin/);
    assert.match(searched.text, /value="Jo Pellow"/, 'what was typed is kept across the search');

    const id = await recordOne();
    const row = await t.services.db.selectFrom('enquiry').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    // Received Friday 6 March 2026: five working days on is Friday 13 March, by 23:59:59 London time (GMT).
    assert.equal(row.due_by.toISOString(), '2026-03-13T23:59:59.000Z');
    assert.equal(row.status, 'open');
    const [recorded] = await eventsOf('enquiry-recorded');
    assert.deepEqual([...recorded.subject_person_ids].sort(), [victimId, childId].sort());
    assert.equal(recorded.category, 'collection');

    const page = await researcher.get(paths.enquiries.show({ id })).expect(200);
    assert.match(page.text, /Jo Pellow/);
    assert.match(page.text, /Children Act 1989 s.47/);
    assert.match(page.text, /data-qa="decision-form"/);
    const viewed = await eventsOf('enquiry-viewed');
    assert.deepEqual([...viewed.at(-1)!.subject_person_ids].sort(), [victimId, childId].sort());
  });

  test('a form missing its fields is shown again with a GOV.UK error summary naming each, and nothing is recorded', async () => {
    const before = await t.services.db
      .selectFrom('enquiry')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await post(researcher, paths.enquiries.new, {
      action: 'save',
      requesterName: '',
      requesterOrganisation: 'CID',
      requesterContact: '',
      purpose: '',
      lawfulBasis: 'because',
      'received-day': '31',
      'received-month': '2',
      'received-year': '2026',
    });
    assert.equal(res.status, 422);
    assert.match(res.text, /govuk-error-summary/);
    for (const [href, message] of [
      ['#requesterName', 'Enter the name of the person asking'],
      ['#requesterContact', 'Enter how to contact the person asking'],
      ['#purpose', 'Enter what the information is wanted for'],
      ['#lawfulBasis', 'Select the lawful basis for sharing'],
      ['#personIds', 'Select at least one person the enquiry is about'],
    ])
      assert.match(res.text, new RegExp(`href="${href}">${message}`), message);
    const future = await post(researcher, paths.enquiries.new, anEnquiry({ 'received-day': '20' }));
    assert.equal(future.status, 422);
    assert.match(future.text, /href="#received-day">Date received must be today or in the past/);
    const after = await t.services.db
      .selectFrom('enquiry')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(after.n, before.n);
  });

  test('a disclosure writes one disclosure event naming the recipient and the people, with the decision', async () => {
    const id = await recordOne();
    const row = await t.services.db.selectFrom('enquiry').select('version').where('id', '=', id).executeTakeFirstOrThrow();
    const missing = await post(researcher, paths.enquiries.decision({ id }), { version: row.version, decision: 'partly', rationale: '' });
    assert.equal(missing.status, 422);
    assert.match(missing.text, /href="#rationale">Enter the rationale for the decision/);
    assert.match(missing.text, /href="#disclosedInformation">Enter what was disclosed/);
    assert.match(missing.text, /href="#disclosed-day">Enter the date it was disclosed/);
    const disclosuresBefore = (await eventsOf('enquiry-disclosure')).length;

    const res = await post(researcher, paths.enquiries.decision({ id }), {
      version: row.version,
      decision: 'partly',
      rationale: 'Necessary for the s.47 enquiry; the adult sibling is not named.',
      disclosedInformation: 'Three DA incidents at the address since 2024, the last graded high.',
      'disclosed-day': '9',
      'disclosed-month': '3',
      'disclosed-year': '2026',
    });
    assert.equal(res.status, 303, res.text);
    const disclosures = await eventsOf('enquiry-disclosure');
    assert.equal(disclosures.length, disclosuresBefore + 1);
    const disclosure = disclosures.at(-1)!;
    assert.equal(disclosure.category, 'disclosure');
    assert.equal(disclosure.recipient, "Jo Pellow, Northshire Children's Social Care");
    assert.deepEqual([...disclosure.subject_person_ids].sort(), [victimId, childId].sort());
    assert.deepEqual([...disclosure.record_ids], [id]);
    const decided = await t.services.db.selectFrom('enquiry').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(decided.status, 'answered');
    assert.equal(decided.decision, 'partly');
    const page = await researcher.get(paths.enquiries.show({ id })).expect(200);
    assert.match(page.text, /Disclose in part/);
    assert.match(page.text, /Three DA incidents at the address/);

    // The form again at the version it was read at: someone got there first, so a 409 and nothing changes.
    const again = await post(researcher, paths.enquiries.decision({ id }), {
      version: row.version,
      decision: 'decline',
      rationale: 'Late',
    });
    assert.equal(again.status, 409);
    assert.match(again.text, /Someone else recorded a decision/);
    assert.equal((await eventsOf('enquiry-disclosure')).length, disclosuresBefore + 1);
  });

  test('declining records the decision and no disclosure', async () => {
    const id = await recordOne({ requesterOrganisation: 'Northshire Housing' });
    const before = (await eventsOf('enquiry-disclosure')).length;
    const res = await post(researcher, paths.enquiries.decision({ id }), {
      version: 1,
      decision: 'decline',
      rationale: 'No lawful basis: housing is not a safeguarding purpose here.',
    });
    assert.equal(res.status, 303);
    assert.equal((await eventsOf('enquiry-disclosure')).length, before);
    assert.equal((await eventsOf('enquiry-decided')).at(-1)!.record_ids[0], id);
  });

  test('the list shows open enquiries, overdue ones marked, and answered ones under their own filter', async () => {
    const overdue = await recordOne({ requesterOrganisation: 'CID South', 'received-day': '2', 'received-month': '3' });
    t.clock.set(new Date('2026-03-10T10:00:00Z'));
    const open = await researcher.get(paths.enquiries.list).expect(200);
    assert.match(open.text, /CID South/);
    assert.match(open.text, /data-qa="overdue"/);
    assert.doesNotMatch(open.text, /Northshire Housing/, 'answered enquiries are not in the open list');
    const onlyOverdue = await researcher.get(`${paths.enquiries.list}?overdue=yes`).expect(200);
    assert.match(onlyOverdue.text, new RegExp(paths.enquiries.show({ id: overdue })));
    assert.doesNotMatch(onlyOverdue.text, /Section 47 enquiry/);
    const answered = await researcher.get(`${paths.enquiries.list}?status=answered`).expect(200);
    assert.match(answered.text, /Northshire Housing/);
    const listed = (await eventsOf('enquiries-listed')).at(-1)!;
    assert.ok(listed.subject_person_ids.includes(victimId), 'the people listed are recorded as consulted');
    const home = await researcher.get('/').expect(200);
    assert.match(home.text, /data-qa="summary-enquiries-overdue"/);
  });

  test('roles without the register are refused, and the refusal is recorded', async () => {
    const id = await recordOne();
    for (const user of ['victimcare', 'support', 'idva', 'admin']) {
      const agent = await signIn(t.app, user);
      await agent.get(paths.enquiries.list).expect(403);
      await agent.get(paths.enquiries.show({ id })).expect(403);
      const res = await post(agent, paths.enquiries.decision({ id }), { version: 1, decision: 'disclose', rationale: 'x' });
      assert.equal(res.status, 403);
    }
    const refused = await t.services.db
      .selectFrom('audit_event')
      .select('action')
      .where('outcome', '=', 'refused')
      .where('actor_label', '=', 'victimcare')
      .execute();
    assert.deepEqual(refused.map((r) => r.action).sort(), ['enquiry:decide', 'enquiry:view', 'enquiry:view']);
    const row = await t.services.db.selectFrom('enquiry').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'open');
  });
});
