import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { sql } from 'kysely';
import { createTestApp, csrfFrom, signIn, type TestApp } from '../../testing/app.ts';
import { systemActor } from '../../platform/audit/actor.ts';

let t: TestApp;
let token: string;
let sent = 0;
const agents: Record<string, ReturnType<typeof request.agent>> = {};

before(async () => {
  t = await createTestApp();
  token = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
  for (const u of ['assessor', 'researcher', 'coordinator', 'supervisor', 'support', 'victimcare', 'auditor', 'admin', 'idva'])
    agents[u] = await signIn(t.app, u);
});
after(() => t.close());

const answers = (yes: number, extra: Record<string, string> = {}) => ({
  ...Object.fromEntries(Array.from({ length: 27 }, (_, i) => [String(i + 1), i < yes ? 'yes' : 'no'])),
  ...extra,
});

const person = (givenName: string, familyName: string, dateOfBirth: string) => ({ givenName, familyName, dateOfBirth });

async function send(body: {
  victim: object;
  suspect?: object;
  reportedAt?: string;
  yes?: number;
  officerGrade?: string;
  extra?: Record<string, string>;
  narrative?: string;
  classification?: string;
}) {
  const res = await request(t.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'niche-rms',
      sourceReference: `ASSESS-${++sent}`,
      reportedAt: body.reportedAt ?? '2026-03-09T21:15:00Z',
      classification: body.classification ?? 'Domestic abuse - assault',
      narrative: body.narrative,
      parties: [{ role: 'victim', person: body.victim }, ...(body.suspect ? [{ role: 'suspect', person: body.suspect }] : [])],
      riskAssessment: {
        instrument: 'dash-2009',
        answers: answers(body.yes ?? 0, body.extra),
        comments: { '1': 'Bruising to the left arm' },
        officerGrade: body.officerGrade ?? 'standard',
      },
    })
    .expect(201);
  return res.body as { id: string; reference: string; parties: { role: string; personId: string }[] };
}

const pageOf = (id: string) => `/incidents/${id}/assessment`;

async function grade(user: string, id: string, form: Record<string, string | string[]>) {
  const agent = agents[user];
  const page = await agent.get(pageOf(id)).expect(200);
  const version = /name="incidentVersion" value="(\d+)"/.exec(page.text)![1];
  return agent
    .post(`${pageOf(id)}/grade`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), incidentVersion: version, ...form });
}

const tasksOf = (incidentId: string) =>
  t.services.db
    .selectFrom('task')
    .select(['type', 'state', 'team_id', 'assignee_id', 'due_at'])
    .where('incident_id', '=', incidentId)
    .execute();
const teamId = async (code: string) =>
  (await t.services.db.selectFrom('team').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

describe('the assessment page', () => {
  test("shows the officer's DASH and a research package with the suspect's earlier incident against another victim", async () => {
    const suspect = person('Declan', 'Farrow', '1981-06-30');
    const earlier = await send({ victim: person('Leanne', 'Mossop', '1985-02-11'), suspect, reportedAt: '2025-07-01T20:00:00Z' });
    const current = await send({
      victim: person('Harriet', 'Quayle', '1990-09-09'),
      suspect,
      yes: 11,
      officerGrade: 'medium',
      narrative: 'Caller reports her partner pushed her into a door.\nNeighbours heard shouting.',
    });
    const res = await agents.assessor.get(pageOf(current.id)).expect(200);
    assert.match(res.text, new RegExp(`Incident ${current.reference}`));
    assert.match(res.text, /pushed her into a door/);
    assert.equal((res.text.match(/data-qa="dash-question"/g) ?? []).length, 27);
    assert.match(res.text, /DASH risk identification checklist \(police version\), version 2009/);
    assert.match(res.text, /Did the current incident result in an injury\?/);
    assert.match(res.text, /Officer's comment: Bruising to the left arm/);
    assert.match(res.text, /data-qa="yes-count">11</);
    assert.match(res.text, /11 questions answered &quot;yes&quot;: 10 to 13 suggests medium risk/);
    const suspectSection = res.text.slice(res.text.indexOf('data-qa="research-suspect"'));
    assert.match(suspectSection, new RegExp(`data-reference="${earlier.reference}"`));
    assert.match(suspectSection, /Leanne Mossop<\/a> \(victim\)/);
    // Orders and Clare's Law are both held in Safeguard now: no "not held" notice, and their records are shown.
    assert.doesNotMatch(res.text, /data-qa="records-not-held"/);
    assert.match(suspectSection, /data-qa="research-no-orders">None in the order register/);
    assert.doesNotMatch(res.text, /id="system-orders"/);
    // Clare's Law is held now: the package lists previous disclosures (none for these people), not a check to make.
    assert.doesNotMatch(res.text, /href="#system-clares-law"/);
    assert.match(res.text, /data-qa="previous-disclosures">None recorded in Safeguard/);
    assert.match(res.text, /Police National Computer \(PNC\)/);
  });

  test('viewing is one consultation event naming everyone shown, the earlier victim included', async () => {
    const suspect = person('Warren', 'Tolley', '1979-01-20');
    const earlier = await send({ victim: person('Gemma', 'Rusk', '1988-03-03'), suspect, reportedAt: '2025-05-01T20:00:00Z' });
    const current = await send({ victim: person('Nadia', 'Coyle', '1992-12-12'), suspect });
    await agents.researcher.get(pageOf(current.id)).expect(200);
    const event = await t.services.db
      .selectFrom('audit_event')
      .select(['subject_person_ids', 'category', 'record_ids'])
      .where('action', '=', 'assessment-viewed')
      .where(sql<boolean>`record_ids @> array[${current.id}]::text[]`)
      .executeTakeFirstOrThrow();
    assert.equal(event.category, 'consultation');
    const earlierVictim = earlier.parties.find((p) => p.role === 'victim')!.personId;
    for (const id of [...current.parties.map((p) => p.personId), earlierVictim]) assert.ok(event.subject_person_ids.includes(id), id);
  });

  for (const user of ['support', 'victimcare', 'auditor', 'admin', 'idva']) {
    test(`${user} may not open the assessment page, and the refusal is audited`, async () => {
      const current = await send({ victim: person('Olive', 'Pentreath', '1970-01-01') });
      const res = await agents[user].get(pageOf(current.id)).expect(403);
      assert.doesNotMatch(res.text, /Pentreath/);
      const refusal = await t.services.db
        .selectFrom('audit_event')
        .select('action')
        .where('outcome', '=', 'refused')
        .where('action', '=', 'assessment:view')
        .where('actor_label', '=', user)
        .executeTakeFirst();
      assert.ok(refusal);
    });
  }

  test('a researcher records systems checks but cannot grade', async () => {
    const current = await send({ victim: person('Ruth', 'Abernethy', '1983-04-04') });
    const page = await agents.researcher.get(pageOf(current.id)).expect(200);
    assert.match(page.text, /data-qa="cannot-grade"/);
    const missingNote = await agents.researcher
      .post(`${pageOf(current.id)}/systems-checks`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), 'result-pnc': 'information-found', 'version-pnc': '0' });
    assert.equal(missingNote.status, 422);
    assert.match(missingNote.text, /Police National Computer \(PNC\): say what was found/);
    await agents.researcher
      .post(`${pageOf(current.id)}/systems-checks`)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        'result-pnc': 'information-found',
        'note-pnc': 'Bail conditions not to contact',
        'version-pnc': '0',
        'result-pnd': 'nothing-found',
        'version-pnd': '0',
      })
      .expect(303);
    const checks = await t.services.db
      .selectFrom('systems_check')
      .select(['system', 'result', 'note'])
      .where('incident_id', '=', current.id)
      .orderBy('system')
      .execute();
    assert.deepEqual(checks, [
      { system: 'pnc', result: 'information-found', note: 'Bail conditions not to contact' },
      { system: 'pnd', result: 'nothing-found', note: null },
    ]);
    const refused = await agents.researcher
      .post(`${pageOf(current.id)}/grade`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), incidentVersion: '1', grade: 'standard' });
    assert.equal(refused.status, 403);
  });
});

describe('grading', () => {
  test('a grade that differs from the band without a rationale is refused with the error summary', async () => {
    const current = await send({ victim: person('Amelia', 'Stroud', '1991-01-15'), yes: 14, officerGrade: 'high' });
    const res = await grade('assessor', current.id, { grade: 'medium', districtTeam: '' });
    assert.equal(res.status, 422);
    assert.match(res.text, /govuk-error-summary/);
    assert.match(res.text, /href="#rationale">Give a rationale for a final grade of medium when the DASH band is high/);
    const stored = await t.services.db
      .selectFrom('risk_assessment')
      .select('id')
      .where('incident_id', '=', current.id)
      .where('assessor_grade', 'is not', null)
      .execute();
    assert.equal(stored.length, 0);
  });

  test('below the band with a rationale is stored and goes to supervisor review', async () => {
    const current = await send({ victim: person('Beatrice', 'Kell', '1989-05-05'), yes: 14, officerGrade: 'high' });
    await grade('assessor', current.id, {
      grade: 'medium',
      rationale: 'Answers given about a previous partner; checked with the officer',
    }).then((r) => assert.equal(r.status, 303, r.text));
    const row = await t.services.db
      .selectFrom('risk_assessment')
      .selectAll()
      .where('incident_id', '=', current.id)
      .where('assessor_grade', 'is not', null)
      .executeTakeFirstOrThrow();
    assert.equal(row.band, 'high');
    assert.equal(row.needs_supervisor_review, true);
    assert.deepEqual((await tasksOf(current.id)).map((x) => x.type).sort(), ['marac-referral', 'supervisor-review', 'triage']);
  });

  test('the database itself refuses a grade below the band without a reason', async () => {
    const current = await send({ victim: person('Cora', 'Lindqvist', '1993-08-08'), yes: 14, officerGrade: 'high' });
    await assert.rejects(
      t.services.db
        .insertInto('risk_assessment')
        .values({
          incident_id: current.id,
          instrument: 'dash-2009',
          instrument_version: '2009',
          answers: '{}',
          comments: '{}',
          assessor_grade: 'standard',
          band: 'high',
          rationale: ' ',
          submitted_at: new Date(),
        })
        .execute(),
      /final_grade_below_band_has_reason/,
    );
  });

  test('high risk with an HBA indicator and MARAC criteria: graded, triage done, incident updated, tasks raised, audited', async () => {
    const current = await send({
      victim: person('Zara', 'Ahmed', '1996-02-02'),
      suspect: person('Imran', 'Ahmed', '1990-10-10'),
      yes: 14,
      officerGrade: 'high',
      extra: { '4': 'yes' },
    });
    const page = await agents.assessor.get(pageOf(current.id)).expect(200);
    assert.match(page.text, /data-qa="screen-hba-screen"[\s\S]*?Answer the questions/);
    const hba = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`hba-screen-${i + 1}`, i === 3 ? 'yes' : 'no']));
    await agents.assessor
      .post(`${pageOf(current.id)}/screens/hba-screen`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), version: '0', ...hba })
      .expect(303);
    assert.deepEqual(
      (await tasksOf(current.id)).map((x) => x.type).sort(),
      ['hba-escalation', 'triage'],
      'HBA escalated at once, before grading',
    );

    const north = await teamId('da-north');
    const res = await grade('assessor', current.id, {
      grade: 'high',
      districtTeam: north,
      'thrive-threat': 'Threats from the wider family',
      ndmNotes: 'Gathered PNC and HBA screen; options considered',
      maracReasons: ['hba-forced-marriage', 'other'],
      maracOther: 'Passport taken',
      escalateToInvestigation: 'yes',
    });
    assert.equal(res.status, 303, res.text);
    const tasks = await tasksOf(current.id);
    assert.deepEqual(tasks.map((x) => x.type).sort(), [
      'hba-escalation',
      'investigation-escalation',
      'marac-referral',
      'notify-high-risk',
      'triage',
    ]);
    assert.equal(tasks.find((x) => x.type === 'triage')!.state, 'done');
    assert.equal(tasks.find((x) => x.type === 'notify-high-risk')!.team_id, north);
    assert.equal(tasks.find((x) => x.type === 'notify-high-risk')!.due_at.toISOString(), '2026-03-10T11:00:00.000Z');
    const central = await teamId('da-central');
    const supervisor = await t.services.users.findByUsername('supervisor');
    const hbaTask = tasks.find((x) => x.type === 'hba-escalation')!;
    assert.equal(hbaTask.team_id, central);
    assert.equal(hbaTask.assignee_id, supervisor!.id, 'the one supervisor of the assessor’s team');

    const incident = await t.services.db
      .selectFrom('incident')
      .select(['status', 'marac_criteria', 'team_id'])
      .where('id', '=', current.id)
      .executeTakeFirstOrThrow();
    assert.equal(incident.status, 'graded');
    assert.equal(incident.team_id, north);
    const criteria = incident.marac_criteria as { criterion: string; reason: string }[];
    assert.deepEqual(
      criteria.map((c) => c.criterion),
      ['visible-high-risk', 'professional-judgement'],
    );
    assert.match(criteria[1].reason, /Honour-based abuse or forced marriage; Other: Passport taken/);

    const audit = await t.services.db
      .selectFrom('audit_event')
      .select(['category', 'subject_person_ids', 'details'])
      .where('action', '=', 'incident-graded')
      .where(sql<boolean>`record_ids @> array[${current.id}]::text[]`)
      .executeTakeFirstOrThrow();
    assert.equal(audit.category, 'alteration');
    assert.deepEqual([...audit.subject_person_ids].sort(), current.parties.map((p) => p.personId).sort());

    const after = await agents.assessor.get(pageOf(current.id)).expect(200);
    assert.match(after.text, /Final grade recorded: High risk/);
    // The banner names the tasks as the task list does: acronyms stay in capitals.
    assert.match(after.text, /Tasks raised: Tell the district DA team supervisor about a high-risk case; Draft the MARAC referral;/);
    assert.doesNotMatch(after.text, /district da team|the marac referral/);
    assert.match(after.text, /MARAC: Visible high risk/);
    assert.doesNotMatch(after.text, /MARAC: visible-high-risk/);
    assert.match(after.text, /data-qa="final-assessment"/);
  });

  const hbaCases: { name: string; classification?: string; extra?: Record<string, string>; escalated: boolean }[] = [
    { name: 'DASH Q4 (isolation) alone, no screen answered', extra: { '4': 'yes' }, escalated: false },
    { name: 'a classification of honour-based abuse, no screen answered', classification: 'Honour-based abuse - threats', escalated: true },
    { name: 'a classification of forced marriage', classification: 'Forced marriage protection concern', escalated: true },
  ];
  for (const c of hbaCases) {
    test(`grading raises the HBA escalation task when the flag stands: ${c.name}`, async () => {
      const current = await send({ victim: person('Samira', 'Qureshi', '1995-03-03'), classification: c.classification, extra: c.extra });
      await grade('assessor', current.id, { grade: 'standard' }).then((r) => assert.equal(r.status, 303, r.text));
      const types = (await tasksOf(current.id)).map((x) => x.type);
      assert.equal(types.includes('hba-escalation'), c.escalated, types.join(','));
    });
  }

  test("saving the HBA screen re-scores the incident's triage item in the same change: the flag comes and goes with the answers", async () => {
    // DASH Q4 (isolation) offers the screen but is no indicator: the item arrives without the HBA flag.
    const current = await send({ victim: person('Parveen', 'Iqbal', '1993-04-04'), extra: { '4': 'yes' } });
    const triageItem = () =>
      t.services.db
        .selectFrom('task')
        .select(['id', 'priority', 'flags'])
        .where('incident_id', '=', current.id)
        .where('type', '=', 'triage')
        .executeTakeFirstOrThrow();
    const inHbaQueue = async () => (await agents.assessor.get('/triage?flag=hba').expect(200)).text.includes(current.reference);
    const saveScreen = async (yes: number[]) => {
      const page = await agents.assessor.get(pageOf(current.id)).expect(200);
      const form = page.text.slice(page.text.indexOf('data-qa="screen-form-hba-screen"'));
      const version = /name="version" value="(\d+)"/.exec(form)![1];
      const answers = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`hba-screen-${i + 1}`, yes.includes(i + 1) ? 'yes' : 'no']));
      await agents.assessor
        .post(`${pageOf(current.id)}/screens/hba-screen`)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), version, ...answers })
        .expect(303);
    };
    const before = await triageItem();
    assert.ok(!before.flags.includes('hba'), before.flags.join(','));
    assert.equal(await inHbaQueue(), false);

    await saveScreen([2]);
    const flagged = await triageItem();
    assert.ok(flagged.flags.includes('hba'), 'a "yes" on the screen is an HBA indicator');
    assert.equal(flagged.priority, before.priority + 30);
    assert.equal(await inHbaQueue(), true, 'the queue shows the item under the HBA flag');
    const event = await t.services.db
      .selectFrom('audit_event')
      .select(['category', 'details'])
      .where('action', '=', 'triage-reprioritised')
      .where(sql<boolean>`record_ids @> array[${flagged.id}]::text[]`)
      .executeTakeFirstOrThrow();
    assert.equal(event.category, 'alteration');
    const details = event.details as { because: string; changes: { before: { priority: number }; after: { priority: number } }[] };
    assert.equal(details.because, 'hba-screen-recorded');
    assert.deepEqual(
      details.changes.map((c) => [c.before.priority, c.after.priority]),
      [[before.priority, before.priority + 30]],
    );

    // Answered again with no indicator: the flag goes (the escalation task already raised stays).
    await saveScreen([]);
    const cleared = await triageItem();
    assert.ok(!cleared.flags.includes('hba'), cleared.flags.join(','));
    assert.equal(cleared.priority, before.priority);
    assert.equal(await inHbaQueue(), false);
  });

  test('a stale form is refused as a conflict, not a second grade', async () => {
    const current = await send({ victim: person('Dora', 'Pike', '1980-11-11') });
    const page = await agents.assessor.get(pageOf(current.id)).expect(200);
    const form = {
      _csrf: csrfFrom(page.text),
      incidentVersion: /name="incidentVersion" value="(\d+)"/.exec(page.text)![1],
      grade: 'standard',
    };
    await agents.assessor
      .post(`${pageOf(current.id)}/grade`)
      .type('form')
      .send(form)
      .expect(303);
    const again = await agents.assessor
      .post(`${pageOf(current.id)}/grade`)
      .type('form')
      .send(form);
    assert.equal(again.status, 409);
    const rows = await t.services.db
      .selectFrom('risk_assessment')
      .select('id')
      .where('incident_id', '=', current.id)
      .where('assessor_grade', 'is not', null)
      .execute();
    assert.equal(rows.length, 1);
  });

  test('a high grade needs the district team', async () => {
    const current = await send({ victim: person('Edith', 'Marr', '1975-07-07'), yes: 15, officerGrade: 'high' });
    const res = await grade('coordinator', current.id, { grade: 'high' });
    assert.equal(res.status, 422);
    assert.match(res.text, /href="#districtTeam">Choose the district DA team/);
  });
});
