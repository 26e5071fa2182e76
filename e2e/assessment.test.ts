import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { expectNoAxeViolations, saveScreenshot, startE2e, type E2e } from './harness.ts';
import { AssessmentPage } from './pages/assessment.ts';
import { clickToNewPage, focusedElement } from './pages/navigation.ts';
import { SignInPage } from './pages/signIn.ts';
import { TriageQueuePage } from './pages/triage.ts';
import { systemActor } from '../src/platform/audit/actor.ts';
import { paths } from '../src/paths.ts';

let e2e: E2e;
let incident: { id: string; reference: string };
let earlier: { reference: string };
const answers = (yes: number) => Object.fromEntries(Array.from({ length: 27 }, (_, i) => [String(i + 1), i < yes ? 'yes' : 'no']));

before(async () => {
  e2e = await startE2e();
  const token = await e2e.testApp.services.users.createApiToken(systemActor('test'), 'integration', 'e2e');
  const send = async (reference: string, body: object) =>
    (
      await request(e2e.testApp.app)
        .post('/api/v1/incidents')
        .set('Authorization', `Bearer ${token}`)
        .send({ sourceSystem: 'e2e', sourceReference: reference, classification: 'Domestic abuse - assault', ...body })
        .expect(201)
    ).body as { id: string; reference: string };
  const suspect = { role: 'suspect', person: { givenName: 'Craig', familyName: 'Holloway', dateOfBirth: '1982-04-17' } };
  earlier = await send('earlier', {
    reportedAt: '2025-06-02T22:00:00Z',
    parties: [{ role: 'victim', person: { givenName: 'Joanne', familyName: 'Pritchard', dateOfBirth: '1984-12-01' } }, suspect],
    riskAssessment: { instrument: 'dash-2009', answers: answers(6), officerGrade: 'standard' },
  });
  incident = await send('current', {
    reportedAt: '2026-03-10T08:30:00Z',
    narrative: 'Victim called 999 after her partner held her by the throat during an argument.',
    parties: [{ role: 'victim', person: { givenName: 'Sophie', familyName: 'Grainger', dateOfBirth: '1994-07-23' } }, suspect],
    riskAssessment: {
      instrument: 'dash-2009',
      answers: answers(15),
      comments: { '18': 'Held by the throat for several seconds' },
      officerGrade: 'high',
    },
  });
});
after(() => e2e?.close());

test('an assessor opens a high-risk incident from the queue, researches it and grades it high end to end', async () => {
  const page = await e2e.newPage();
  await new SignInPage(page).open().then((p) => p.signIn('assessor'));
  const queue = await new TriageQueuePage(page).open();
  await clickToNewPage(page, queue.row(incident.reference).locator('[data-qa="incident-link"]'));

  const assessment = new AssessmentPage(page);
  assert.equal(await assessment.heading.innerText(), `Incident ${incident.reference}`);
  assert.equal(await assessment.dashQuestions.count(), 27);
  assert.equal(await assessment.yesCount.innerText(), '15');
  assert.match(await assessment.bandReason.innerText(), /15 questions answered "yes": 14 or more suggests high risk/);
  assert.match(await assessment.suspectResearch.innerText(), new RegExp(earlier.reference));
  assert.match(await assessment.suspectResearch.innerText(), /Joanne Pritchard \(victim\)/);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'assessment-page');

  await assessment.recordSystemCheck('pnc', 'Checked: information found', 'Previous conviction for assault (2019)');
  assert.match(await assessment.flash.innerText(), /Systems checks saved/);

  // Submitting without a district team: the error summary takes focus and links to the field.
  await assessment.chooseGrade('High');
  await assessment.submitGrade();
  assert.match(await assessment.errorSummary.innerText(), /Choose the district DA team/);
  assert.equal((await focusedElement(page)).classes.includes('govuk-error-summary'), true);
  await expectNoAxeViolations(page);

  await assessment.chooseDistrictTeam('North District DA Team');
  await assessment.fill('Threat', 'Non-fatal strangulation; suspect has harmed a previous partner');
  await assessment.fill('National Decision Model notes', 'PNC shows a previous assault conviction; high risk; district team informed');
  await assessment.tick('Strangulation, choking or suffocation');
  await assessment.submitGrade();

  assert.match(await assessment.flash.innerText(), /Final grade recorded: High risk/);
  assert.match(await assessment.finalAssessment.innerText(), /High risk/);
  const types = await assessment.taskTypes();
  for (const type of ['notify-high-risk', 'marac-referral']) assert.ok(types.includes(type), `${type} raised`);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'assessment-graded');

  const stillQueued = await new TriageQueuePage(page).open();
  assert.equal(await stillQueued.row(incident.reference).count(), 0, 'graded work leaves the triage queue');
});

test('the coordinator records the referral to MARAC from the draft task the grade raised', async () => {
  const { id } = await e2e.testApp.services.db
    .selectFrom('task')
    .select('id')
    .where('incident_id', '=', incident.id)
    .where('type', '=', 'marac-referral')
    .executeTakeFirstOrThrow();
  const page = await e2e.newPage();
  await new SignInPage(page).open().then((p) => p.signIn('coordinator'));
  await page.goto(paths.tasks.show({ id }));
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Draft the MARAC referral');
  assert.match(await page.locator('[data-qa="marac-criteria"]').innerText(), /Visible high risk: 15 DASH questions/);
  assert.equal(await page.getByLabel('HOLLOWAY, Craig').isChecked(), true, 'the one suspect is chosen');
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Record referral to MARAC' }).click();
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter the date the referral was made/);
  assert.equal((await focusedElement(page)).classes.includes('govuk-error-summary'), true);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'marac-referral-form');

  await page.getByLabel('Day').fill('10');
  await page.getByLabel('Month').fill('3');
  await page.getByLabel('Year').fill('2026');
  await page.getByRole('button', { name: 'Record referral to MARAC' }).click();
  assert.match(await page.locator('[data-qa="flash"]').innerText(), /Referral to MARAC recorded/);
  await saveScreenshot(page, 'marac-referral-recorded');
  const referral = await e2e.testApp.services.db
    .selectFrom('marac_referral')
    .select('incident_id')
    .where('incident_id', '=', incident.id)
    .executeTakeFirst();
  assert.ok(referral, 'the referral is stored');
});
