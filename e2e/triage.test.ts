import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { expectNoAxeViolations, saveScreenshot, startE2e, type E2e } from './harness.ts';
import { Header } from './pages/header.ts';
import { clickToNewPage } from './pages/navigation.ts';
import { SignInPage } from './pages/signIn.ts';
import { TriageQueuePage } from './pages/triage.ts';
import { systemActor } from '../src/platform/audit/actor.ts';
import { TEST_NOW } from '../src/testing/app.ts';
import { paths } from '../src/paths.ts';

let e2e: E2e;
const refs: Record<string, string> = {};
const hoursAgo = (h: number) => new Date(TEST_NOW.getTime() - h * 3_600_000).toISOString();
const allNo = Object.fromEntries(Array.from({ length: 27 }, (_, i) => [String(i + 1), 'no']));

before(async () => {
  e2e = await startE2e();
  const token = await e2e.testApp.services.users.createApiToken(systemActor('test'), 'integration', 'e2e');
  const send = async (name: string, body: object) => {
    const res = await request(e2e.testApp.app)
      .post('/api/v1/incidents')
      .set('Authorization', `Bearer ${token}`)
      .send({ sourceSystem: 'e2e', sourceReference: name, classification: 'Domestic abuse - assault', ...body })
      .expect(201);
    refs[name] = res.body.reference;
  };
  await send('overdue-high', {
    reportedAt: hoursAgo(3),
    parties: [
      { role: 'victim', person: { givenName: 'Teresa', familyName: 'Underwood', dateOfBirth: '1987-02-14' } },
      { role: 'suspect', person: { givenName: 'Graham', familyName: 'Underwood', dateOfBirth: '1984-08-30' } },
      { role: 'child', person: { givenName: 'Ellie', familyName: 'Underwood', dateOfBirth: '2017-05-01' }, present: true },
    ],
    riskAssessment: { instrument: 'dash-2009', answers: { ...allNo, '8': 'yes' }, officerGrade: 'high' },
  });
  await send('medium', {
    reportedAt: hoursAgo(1),
    parties: [{ role: 'victim', person: { givenName: 'Priya', familyName: 'Varma', dateOfBirth: '1993-10-21' } }],
    riskAssessment: { instrument: 'dash-2009', answers: allNo, officerGrade: 'medium' },
  });
  await send('standard', {
    reportedAt: hoursAgo(6),
    parties: [{ role: 'victim', person: { givenName: 'Wendy', familyName: 'Walsh', dateOfBirth: '1975-03-09' } }],
    riskAssessment: { instrument: 'dash-2009', answers: allNo, officerGrade: 'standard' },
  });
});
after(() => e2e?.close());

test('an assessor opens the queue from the home page, filters to high risk and claims the overdue item', async () => {
  const page = await e2e.newPage();
  await new SignInPage(page).open().then((p) => p.signIn('assessor'));
  assert.equal(await page.locator('[data-qa="summary-triage-overdue"] .app-card__count').innerText(), '1');

  await clickToNewPage(page, new Header(page).navLink('Triage'));
  assert.equal(new URL(page.url()).pathname, paths.triage.queue);
  const queue = new TriageQueuePage(page);
  assert.equal(await queue.heading.innerText(), 'Triage queue');
  assert.deepEqual(await queue.references(), [refs['overdue-high'], refs.medium, refs.standard]);
  const top = queue.row(refs['overdue-high']);
  assert.match(await top.locator('[data-qa="sla-text"]').innerText(), /^overdue by 1 h$/);
  assert.equal(await top.getAttribute('data-overdue'), 'yes');
  assert.equal(await top.locator('[data-qa="flag-children"]').count(), 1);
  assert.equal(await top.locator('[data-qa="flag-stalking"]').count(), 1);
  await top.getByText('Why').click();
  assert.match(await top.locator('[data-qa="priority-reasons"]').innerText(), /Officer graded high risk \(\+40\)/);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'triage-queue');
  // The table keeps to the header's width, and one row an incident fits many to a screen.
  const widths = await page.evaluate(`[document.querySelector('main').getBoundingClientRect().width,
    document.querySelector('.govuk-service-navigation .govuk-width-container').getBoundingClientRect().width]`);
  assert.deepEqual(widths, [960, 960]);
  assert.ok((await top.boundingBox())!.height < 80, 'a row is a line or two, not a card');

  await queue.sortBy('reported');
  assert.deepEqual(await queue.references(), [refs.standard, refs['overdue-high'], refs.medium], 'oldest report first');
  assert.equal(await page.locator('th[aria-sort="ascending"]').innerText(), 'Reported');
  await queue.sortBy('reported');
  assert.deepEqual(await queue.references(), [refs.medium, refs['overdue-high'], refs.standard], 'and reversed');
  await queue.open();

  await queue.filterBy('High');
  assert.deepEqual(await queue.references(), [refs['overdue-high']]);
  assert.match(await queue.resultCount.innerText(), /of 1 incident/);
  await expectNoAxeViolations(page);

  await queue.claim(refs['overdue-high']);
  assert.match(await queue.flash.innerText(), new RegExp(`You have claimed ${refs['overdue-high']}`));
  assert.equal(await queue.row(refs['overdue-high']).locator('[data-qa="assignee-name"]').innerText(), 'Amira Shah');
  assert.equal(new URL(page.url()).search, '?grade=high', 'the filter is kept after claiming');
  await expectNoAxeViolations(page);
});

test('a coordinator selects every row and assigns them to a research assistant in one go', async () => {
  const page = await e2e.newPage();
  await new SignInPage(page).open().then((p) => p.signIn('coordinator'));
  const queue = await new TriageQueuePage(page).open();
  assert.equal(await queue.rows.count(), 3);
  assert.equal(await page.locator('[data-qa="claim"]').count(), 0, 'coordinators hand work out rather than claim it');
  await expectNoAxeViolations(page);
  assert.ok((await queue.height()) < 1400, 'no assign form in every row');
  await saveScreenshot(page, 'triage-queue-coordinator');

  await queue.selectAll.check({ force: true }); // MoJ multi select's "Select all" (its label has no box of its own)
  for (const r of Object.values(refs)) assert.equal(await page.getByLabel(`Select ${r}`).isChecked(), true);
  await queue.assignSelectedTo('Rosa Lyons');
  assert.match(await queue.flash.innerText(), /3 incidents assigned to Rosa Lyons/);
  for (const r of Object.values(refs)) assert.equal(await queue.row(r).locator('[data-qa="assignee-name"]').innerText(), 'Rosa Lyons');
  await expectNoAxeViolations(page);

  // Back to nobody, for the tests that follow.
  await queue.select(...Object.values(refs));
  await queue.assignSelectedTo('Nobody (unassign)');
  assert.match(await queue.flash.innerText(), /3 incidents unassigned/);
});

test('without JavaScript, ticking rows and assigning works; a row claimed meanwhile stops it with an error summary', async () => {
  const context = await e2e.browser.newContext({ baseURL: e2e.baseUrl, viewport: { width: 1280, height: 800 }, javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await new SignInPage(page).open().then((p) => p.signIn('supervisor'));
    const queue = await new TriageQueuePage(page).open();
    assert.equal(await queue.selectAll.count(), 0, 'no "select all" without the script');
    await queue.select(refs.medium);
    await queue.assignSelectedTo('Amira Shah');
    assert.match(await queue.flash.innerText(), new RegExp(`1 incident assigned to Amira Shah: ${refs.medium}`));

    // The page is now out of date: a research assistant claims the standard item.
    const { id, version } = await e2e.testApp.services.db
      .selectFrom('task')
      .innerJoin('incident', 'incident.id', 'task.incident_id')
      .select(['task.id', 'task.version'])
      .where('incident.reference', '=', refs.standard)
      .where('task.type', '=', 'triage')
      .executeTakeFirstOrThrow();
    const researcher = await e2e.testApp.services.users.findByUsername('researcher');
    await e2e.testApp.services.triage.claim(
      {
        userId: researcher!.id,
        username: 'researcher',
        displayName: 'Rosa Lyons',
        role: 'researcher',
        teamId: null,
        agencyId: null,
        via: 'web',
      },
      id,
      version,
    );
    await queue.select(refs.standard, refs.medium);
    await queue.assignSelectedTo('Nobody (unassign)');
    assert.match(await queue.errorSummary.innerText(), /Nothing was assigned/);
    assert.match(
      await queue.errorSummary.innerText(),
      new RegExp(`${refs.standard} was changed after you loaded the page: it is now with Rosa Lyons`),
    );
    assert.equal(await queue.row(refs.medium).locator('[data-qa="assignee-name"]').innerText(), 'Amira Shah', 'nothing half-done');
    assert.equal(await page.getByLabel(`Select ${refs.medium}`).isChecked(), true, 'the selection is kept');
    // (axe runs a script, so it is not run in this context without JavaScript.)
    await saveScreenshot(page, 'triage-queue-assign-conflict');
  } finally {
    await context.close();
  }
});
