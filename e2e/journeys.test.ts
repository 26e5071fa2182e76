import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, startE2e, type E2e } from './harness.ts';
import { AgenciesPage, NewUserPage, TeamsPage, UsersPage } from './pages/admin.ts';
import { AuditPage } from './pages/audit.ts';
import { Header } from './pages/header.ts';
import { clickToNewPage } from './pages/navigation.ts';
import { PeopleSearchPage } from './pages/people.ts';
import { SignInPage } from './pages/signIn.ts';
import { DEMO_ACCOUNTS, DEMO_AGENCIES, DEMO_TEAMS } from '../src/modules/demo/index.ts';
import { aPerson } from '../src/testing/personFixtures.ts';
import { paths } from '../src/paths.ts';

let e2e: E2e;
before(async () => {
  e2e = await startE2e();
});
after(() => e2e?.close());

async function signedInAs(username: string): Promise<Page> {
  const page = await e2e.newPage();
  await new SignInPage(page).open().then((p) => p.signIn(username));
  assert.equal(new URL(page.url()).pathname, paths.home, `${username} reached the home page`);
  return page;
}

const pathOf = (page: Page) => new URL(page.url()).pathname;

describe('the administrator manages users, teams and agencies', () => {
  let page: Page;
  before(async () => {
    page = await signedInAs('admin');
  });

  test('the users list shows every demo account and passes axe', async () => {
    await clickToNewPage(page, new Header(page).navLink('Users'));
    assert.equal(pathOf(page), paths.admin.users);
    const users = new UsersPage(page);
    for (const account of DEMO_ACCOUNTS) assert.equal(await users.row(account.username).count(), 1, account.username);
    await expectNoAxeViolations(page);
  });

  test('adding a user with an empty form shows the error summary, and the page passes axe', async () => {
    await clickToNewPage(page, new UsersPage(page).addUser);
    assert.equal(pathOf(page), paths.admin.newUser);
    const form = new NewUserPage(page);
    await expectNoAxeViolations(page);
    await form.submit();
    assert.match(await page.title(), /^Error: Add a user/);
    const summary = await form.errorSummary.innerText();
    assert.match(summary, /Enter a username/);
    assert.match(summary, /Select a role/);
    await expectNoAxeViolations(page);
  });

  test('the teams page lists the demo teams and passes axe', async () => {
    await clickToNewPage(page, new Header(page).navLink('Teams'));
    const teams = new TeamsPage(page);
    const text = await teams.table.innerText();
    for (const t of DEMO_TEAMS) assert.match(text, new RegExp(t.name));
    await expectNoAxeViolations(page);
  });

  test('the agencies page lists the partner agencies and passes axe', async () => {
    await clickToNewPage(page, new Header(page).navLink('Agencies'));
    const agencies = new AgenciesPage(page);
    const text = await agencies.table.innerText();
    for (const a of DEMO_AGENCIES) assert.ok(text.includes(a.name), a.name);
    await expectNoAxeViolations(page);
  });
});

describe('the auditor checks the audit trail', () => {
  test('opens the audit page, checks the chain, and both pages pass axe', async () => {
    const page = await signedInAs('auditor');
    await clickToNewPage(page, new Header(page).navLink('Audit'));
    const audit = new AuditPage(page);
    await expectNoAxeViolations(page);
    await audit.checkChain();
    assert.match(await audit.chainOk.innerText(), /^Audit chain ok: \d+ events$/);
    await expectNoAxeViolations(page);
  });

  test('finds a person by name alone and reads who has looked at their record, every page passing axe', async () => {
    await aPerson(e2e.testApp.services.db, { givenName: 'Odile', familyName: 'Wrenfield', dateOfBirth: '1979-02-03' });
    const page = await signedInAs('auditor');
    await new AuditPage(page).open();
    await clickToNewPage(page, page.locator('[data-qa="find-person"]'));
    await expectNoAxeViolations(page);
    await page.fill('#name', 'Wrenfield');
    await clickToNewPage(page, page.locator('[data-qa="identity-lookup"]'));
    await expectNoAxeViolations(page);
    await clickToNewPage(page, page.locator('[data-qa="person-audit-events"]').first());
    assert.match(await page.locator('[data-qa="filter-person"]').innerText(), /WRENFIELD, Odile/);
    assert.match(await page.locator('[data-qa="audit-events"]').innerText(), /Looked up a person for the audit log/);
    await expectNoAxeViolations(page);
  });
});

describe('a risk assessor finds a person', () => {
  test('searches by name, sees the result in a table and opens the record, every page passing axe', async () => {
    await aPerson(e2e.testApp.services.db, { givenName: 'Harriet', familyName: 'Quillfeather', dateOfBirth: '1988-04-12' });
    const page = await signedInAs('assessor');
    await clickToNewPage(page, new Header(page).navLink('People'));
    const search = new PeopleSearchPage(page);
    await expectNoAxeViolations(page);
    await search.searchFor('Quillfeather');
    assert.equal(await search.resultCount.textContent(), '1 person found');
    await expectNoAxeViolations(page);
    await clickToNewPage(page, search.results.getByRole('link', { name: /QUILLFEATHER, Harriet/ }));
    assert.match(pathOf(page), /^\/people\/[0-9a-f-]{36}$/);
    await expectNoAxeViolations(page);
  });
});
