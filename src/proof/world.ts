import assert from 'node:assert/strict';
import request from 'supertest';
import { systemActor } from '../platform/audit/actor.ts';
import { paths } from '../paths.ts';
import { csrfFrom, signIn, type TestApp } from '../testing/app.ts';
import { csvFile, csvValues } from '../modules/imports/testFiles.ts';
import { buildCaseWorld, type Agent, type CaseWorld } from './worldRecords.ts';

/**
 * One of every record the product keeps, made the way users and the force's systems make them (the intake API and
 * the pages' own forms), with every free-text field filled by `text(field)`. The proof suites drive each route
 * against these records: the XSS sweep fills the fields with payloads, the audit sweep with plain words.
 */
export interface ProofWorld extends CaseWorld {
  incidentId: string;
  incidentReference: string;
  /** The incident the possible match came in with. */
  secondIncidentId: string;
  victimId: string;
  suspectId: string;
  childIds: string[];
  /** Everyone in the first incident. */
  peopleInIncident: string[];
  triageTaskId: string;
  /** The second incident's triage item, left open. */
  secondTriageTaskId: string;
  encompassTaskId: string;
  noSchoolTaskId: string;
  maracTaskId: string;
  genericTaskId: string;
  matchId: string;
  /** The pair of the match: the new record and its candidate. */
  matchPeople: [string, string];
  /** A pair no one has decided. */
  openMatchId: string;
  openMatchPeople: [string, string];
  /** An Operation Encompass task no one has worked. */
  openEncompassTaskId: string;
  userId: string;
  teamId: string;
  importRunId: string;
  instrument: { code: string; version: string };
  /** A screen of questions the officer's answers offer on the assessment page, with its answer fields. */
  screen?: { id: string; fields: string[] };
  /** The free-text fields filled, by name (the value each was given). */
  fields: Map<string, string>;
}

export type { Agent };

/** Posts a form as a user would: the token from the page the form is on. */
export async function submitForm(agent: Agent, pagePath: string, postPath: string, body: Record<string, unknown>) {
  const page = await agent.get(pagePath);
  assert.equal(page.status, 200, `${pagePath}: ${page.status}`);
  return agent
    .post(postPath)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), ...body });
}

const expectRedirect = (res: request.Response, what: string) =>
  assert.equal(res.status, 303, `${what}: ${res.status} ${res.text.slice(0, 2000)}`);

export async function buildWorld(t: TestApp, text: (field: string, max: number) => string): Promise<ProofWorld> {
  const fields = new Map<string, string>();
  const f = (field: string, max: number) => {
    const value = text(field, max).slice(0, max);
    fields.set(field, value);
    return value;
  };
  const db = t.services.db;
  const token = await t.services.users.createApiToken(systemActor('proof'), 'integration', 'proof');
  const send = (body: Record<string, unknown>) =>
    request(t.app).post('/api/v1/incidents').set('Authorization', `Bearer ${token}`).send(body);

  const first = await send({
    sourceSystem: 'proof',
    sourceReference: 'PROOF-1',
    reportedAt: '2026-03-09T21:15:00Z',
    occurredAt: '2026-03-09T20:40:00Z',
    location: { address: f('incident location', 300), postcode: 'LS1 4AP' },
    classification: f('incident classification', 100),
    relationship: f('incident relationship', 50),
    narrative: f('incident narrative', 20_000),
    parties: [
      {
        role: 'victim',
        person: {
          givenName: f('victim given name', 100),
          middleName: f('victim middle name', 100),
          familyName: f('victim family name', 100),
          dateOfBirth: '1988-05-14',
          sex: 'female',
          address: f('victim address', 300),
          postcode: 'LS1 4AP',
          phone: '07700 900123',
          email: 'victim@example.org',
        },
      },
      {
        role: 'suspect',
        person: {
          givenName: f('suspect given name', 100),
          familyName: f('suspect family name', 100),
          dateOfBirth: '1985-01-30',
          sex: 'male',
          address: f('suspect address', 300),
        },
      },
      {
        role: 'child',
        present: true,
        school: f('child school as recorded', 200),
        person: { givenName: f('child given name', 100), familyName: 'Brookfield', dateOfBirth: '2017-02-11', sex: 'female' },
      },
      {
        role: 'child',
        present: false,
        person: { givenName: 'Mia', familyName: 'Brookfield', dateOfBirth: '2024-02-01', sex: 'female' },
      },
      {
        role: 'child',
        present: false,
        person: { givenName: 'Leo', familyName: 'Brookfield', dateOfBirth: '2015-09-03', sex: 'male' },
      },
    ],
    riskAssessment: {
      instrument: 'dash-2009',
      answers: { '1': 'yes', '2': 'no', '8': 'yes' },
      comments: { '1': f('officer DASH comment', 2000) },
      officerGrade: 'high',
      officerRationale: f('officer rationale', 4000),
    },
  });
  assert.equal(first.status, 201, first.text);
  const incident = first.body as { id: string; reference: string; parties: { personId: string; role: string }[] };
  const [victim, suspect, ...children] = incident.parties;

  // The same woman's name again with other details: a pair for a researcher to decide.
  const second = await send({
    sourceSystem: 'proof',
    sourceReference: 'PROOF-2',
    reportedAt: '2026-03-10T08:00:00Z',
    classification: 'Domestic abuse - verbal argument',
    parties: [
      {
        role: 'victim',
        person: {
          givenName: fields.get('victim given name'),
          familyName: fields.get('victim family name'),
          dateOfBirth: '1988-04-15',
          sex: 'female',
          postcode: 'BD1 1AA',
        },
      },
    ],
  });
  assert.equal(second.status, 201, second.text);
  const secondIncident = second.body as { id: string; parties: { personId: string; link: string }[] };
  const match = await db
    .selectFrom('possible_match')
    .select(['id', 'person_id', 'candidate_person_id'])
    .where('person_id', '=', secondIncident.parties[0].personId)
    .executeTakeFirst();
  assert.ok(match, `the second record is a possible match (it was ${secondIncident.parties[0].link})`);

  // A second pair, left open for the suites to decide.
  const morwenna = { givenName: 'Morwenna', familyName: 'Tregear', sex: 'female' };
  for (const [n, dateOfBirth, postcode] of [
    [3, '1988-11-05', 'TR1 3EF'],
    [4, '1988-10-05', 'BD1 1AA'],
  ] as const) {
    const res = await send({
      sourceSystem: 'proof',
      sourceReference: `PROOF-${n}`,
      reportedAt: `2026-03-0${n}T08:00:00Z`,
      classification: 'Domestic abuse - assault',
      parties: [{ role: 'victim', person: { ...morwenna, dateOfBirth, postcode } }],
    });
    assert.equal(res.status, 201, res.text);
  }
  const openPair = await db
    .selectFrom('possible_match')
    .innerJoin('person_mention', 'person_mention.id', 'possible_match.mention_id')
    .innerJoin('incident', 'incident.id', 'person_mention.incident_id')
    .select(['possible_match.id', 'possible_match.person_id', 'possible_match.candidate_person_id'])
    .where('incident.source_reference', '=', 'PROOF-4')
    .executeTakeFirst();
  assert.ok(openPair, 'the second Morwenna Tregear is a possible match');

  const researcher = await signIn(t.app, 'researcher');
  const assessor = await signIn(t.app, 'assessor');
  const coordinator = await signIn(t.app, 'coordinator');
  const admin = await signIn(t.app, 'admin');
  const assessmentPath = paths.incidents.assessment({ id: incident.id });

  // Systems checks, each with a note.
  const page = await researcher.get(assessmentPath).expect(200);
  const systems = [...page.text.matchAll(/name="version-([\w-]+)" value="(\d+)"/g)].map((m) => ({ id: m[1], version: m[2] }));
  assert.ok(systems.length > 0, 'the assessment page lists systems to check');
  const checks: Record<string, string> = {};
  for (const s of systems) {
    checks[`result-${s.id}`] = 'information-found';
    checks[`note-${s.id}`] = f(`systems-check note (${s.id})`, 2000);
    checks[`version-${s.id}`] = s.version;
  }
  expectRedirect(
    await submitForm(researcher, assessmentPath, paths.incidents.systemsChecks({ id: incident.id }), checks),
    'systems checks',
  );

  // A screen the officer's answers offer, and its questions' fields.
  const screenId = /data-qa="screen-form-([\w-]+)"/.exec(page.text)?.[1];
  const screen = screenId
    ? { id: screenId, fields: [...new Set([...page.text.matchAll(new RegExp(`name="(${screenId}-[\\w.-]+)"`, 'g'))].map((m) => m[1]))] }
    : undefined;

  // The final grade, with every note the form takes.
  const teams = await db.selectFrom('team').select(['id', 'code']).execute();
  const gradePage = await assessor.get(assessmentPath).expect(200);
  const incidentVersion = /name="incidentVersion" value="(\d+)"/.exec(gradePage.text)![1];
  expectRedirect(
    await submitForm(assessor, assessmentPath, paths.incidents.grade({ id: incident.id }), {
      grade: 'high',
      rationale: f('assessor rationale', 5000),
      'thrive-threat': f('THRIVE threat note', 5000),
      'thrive-harm': f('THRIVE harm note', 5000),
      'thrive-risk': f('THRIVE risk note', 5000),
      'thrive-investigation': f('THRIVE investigation note', 5000),
      'thrive-vulnerability': f('THRIVE vulnerability note', 5000),
      'thrive-engagement': f('THRIVE engagement note', 5000),
      ndmNotes: f('National Decision Model notes', 10_000),
      maracReasons: 'other',
      maracOther: f('MARAC other reason', 500),
      districtTeam: teams.find((x) => x.code !== 'da-central')!.id,
      incidentVersion,
    }),
    'grade',
  );

  const taskOf = (type: string, subject?: string) => {
    let q = db.selectFrom('task').select(['id', 'version']).where('incident_id', '=', incident.id).where('type', '=', type);
    if (subject) q = q.where('subject_person_id', '=', subject);
    return q.executeTakeFirstOrThrow();
  };
  const triageTask = await taskOf('triage');
  const encompass = await taskOf('operation-encompass', children[0].personId);
  const noSchool = await taskOf('operation-encompass', children[1].personId);
  const marac = await taskOf('marac-referral');
  const types = await db.selectFrom('task').select(['id', 'type']).where('incident_id', '=', incident.id).execute();
  const generic = types.find((x) => !['triage', 'operation-encompass', 'marac-referral'].includes(x.type));
  assert.ok(generic, `a task with no step of its own among ${types.map((x) => x.type).join(', ')}`);

  // A school the register does not have, with its key adult.
  expectRedirect(
    await submitForm(assessor, paths.tasks.school({ id: encompass.id }), paths.tasks.school({ id: encompass.id }), {
      version: encompass.version,
      school: 'new',
      'school-name': f('school name', 200),
      'school-town': f('school town', 100),
      'key-adult-name': f('school key adult name', 200),
      'key-adult-email': 'dsl@school.example',
    }),
    'new school',
  );
  expectRedirect(
    await submitForm(assessor, paths.tasks.show({ id: noSchool.id }), paths.tasks.noSchool({ id: noSchool.id }), {
      version: noSchool.version,
      outcome: 'school-unknown',
      'checked-by': f('no-school checked by', 200),
      checks: 'other',
      'check-details': f('no-school check details', 2000),
      'checked-day': '10',
      'checked-month': '3',
      'checked-year': '2026',
      'checked-time': '09:30',
    }),
    'no school',
  );
  const genericNow = await db.selectFrom('task').select('version').where('id', '=', generic.id).executeTakeFirstOrThrow();
  const supervisor = await signIn(t.app, 'supervisor');
  expectRedirect(
    await submitForm(supervisor, paths.tasks.show({ id: generic.id }), paths.tasks.complete({ id: generic.id }), {
      version: genericNow.version,
      note: f('task completion note', 2000),
    }),
    'complete task',
  );

  // The researcher decides the pair: not the same person, and why.
  const pair = await db.selectFrom('possible_match').select('version').where('id', '=', match.id).executeTakeFirstOrThrow();
  expectRedirect(
    await submitForm(researcher, paths.matches.show({ id: match.id }), paths.matches.show({ id: match.id }), {
      decision: 'different',
      reason: f('possible-match decision reason', 1000),
      version: pair.version,
    }),
    'decide pair',
  );

  // The administrator's records: a user, a team and an agency.
  const added = await submitForm(admin, paths.admin.newUser, paths.admin.newUser, {
    username: 'proof.user',
    displayName: f('user display name', 120),
    email: '',
    role: 'support',
    teamId: teams[0].id,
    agencyId: '',
  });
  assert.equal(added.status, 200, 'the user is added (the page shows their first password)');
  expectRedirect(await submitForm(admin, paths.admin.teams, paths.admin.teams, { code: 'proof-team', name: f('team name', 120) }), 'team');
  expectRedirect(
    await submitForm(admin, paths.admin.agencies, paths.admin.agencies, {
      code: 'proof-agency',
      name: f('agency name', 120),
      kind: 'charity',
    }),
    'agency',
  );
  const user = await t.services.users.findByUsername('proof.user');
  const team = await db.selectFrom('team').select('id').where('code', '=', 'proof-team').executeTakeFirstOrThrow();

  // An import whose file name is free text, with one good row and one quarantined.
  const csv = csvFile([csvValues(1, { narrative: f('imported narrative', 20_000) }), csvValues(2, { reported_at: 'not a date' })]);
  const importsPage = await admin.get(paths.admin.imports).expect(200);
  const upload = await admin
    .post(`${paths.admin.imports}?_csrf=${encodeURIComponent(csrfFrom(importsPage.text))}`)
    .field('format', 'csv')
    .attach('file', Buffer.from(csv), `${f('import file name', 150).replace(/[\\/]/g, '')}.csv`);
  expectRedirect(upload, 'import');
  const importRunId = /\/admin\/imports\/([0-9a-f-]{36})/.exec(upload.headers.location as string)![1];
  // The import runs as a job: wait for it, so nothing changes under the suites' feet.
  for (let waited = 0; ; waited += 100) {
    const run = await db.selectFrom('import_run').select('state').where('id', '=', importRunId).executeTakeFirstOrThrow();
    if (run.state === 'finished' || run.state === 'failed') break;
    assert.ok(waited < 60_000, `the import finished (it is ${run.state})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  void coordinator;
  const caseWorld = await buildCaseWorld(t, f, {
    incidentId: incident.id,
    incidentReference: incident.reference,
    victimId: victim.personId,
    suspectId: suspect.personId,
  });
  return {
    ...caseWorld,
    incidentId: incident.id,
    incidentReference: incident.reference,
    secondIncidentId: secondIncident.id,
    victimId: victim.personId,
    suspectId: suspect.personId,
    childIds: children.map((c) => c.personId),
    peopleInIncident: incident.parties.map((p) => p.personId),
    triageTaskId: triageTask.id,
    secondTriageTaskId: (
      await db
        .selectFrom('task')
        .select('id')
        .where('incident_id', '=', secondIncident.id)
        .where('type', '=', 'triage')
        .executeTakeFirstOrThrow()
    ).id,
    encompassTaskId: encompass.id,
    noSchoolTaskId: noSchool.id,
    maracTaskId: marac.id,
    genericTaskId: generic.id,
    matchId: match.id,
    matchPeople: [match.person_id, match.candidate_person_id],
    openMatchId: openPair.id,
    openMatchPeople: [openPair.person_id, openPair.candidate_person_id],
    openEncompassTaskId: (await taskOf('operation-encompass', children[2].personId)).id,
    userId: user!.id,
    teamId: team.id,
    importRunId,
    instrument: { code: 'dash', version: '2009' },
    screen,
    fields,
  };
}
