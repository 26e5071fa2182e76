import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNoAxeViolations, saveScreenshot, startE2e, type E2e } from './harness.ts';
import { HomePage } from './pages/home.ts';
import { SignInPage } from './pages/signIn.ts';
import { DEMO_ACCOUNTS, DEMO_AGENCIES, DEMO_TEAMS } from '../src/modules/demo/index.ts';
import { ROLE_NAMES } from '../src/domain/access/roles.ts';
import { paths } from '../src/paths.ts';

let e2e: E2e;
before(async () => {
  e2e = await startE2e();
});
after(() => e2e?.close());

const teamName = (code?: string) => DEMO_TEAMS.find((t) => t.code === code)?.name;
const agencyName = (code?: string) => DEMO_AGENCIES.find((a) => a.code === code)?.name;

describe('each demo role signs in and reaches its home page', () => {
  for (const account of DEMO_ACCOUNTS.filter((a) => a.role !== 'integration')) {
    test(`${account.username} (${ROLE_NAMES[account.role]}) lands on their home page, named in the header, and it passes axe`, async () => {
      const page = await e2e.newPage();
      await new SignInPage(page).open().then((p) => p.signIn(account.username));
      assert.equal(new URL(page.url()).pathname, paths.home);
      const home = new HomePage(page);
      assert.equal(await home.heading.textContent(), 'Your work');
      assert.equal(await home.role.textContent(), ROLE_NAMES[account.role]);
      const header = home.header;
      assert.equal((await header.marking.textContent())?.trim(), 'OFFICIAL-SENSITIVE');
      assert.match(await header.signedInAs.innerText(), new RegExp(account.displayName));
      assert.equal(await header.role.textContent(), ROLE_NAMES[account.role]);
      if (account.team) assert.equal(await header.team.textContent(), teamName(account.team));
      else assert.equal(await header.team.count(), 0, 'no team shown for a user without one');
      if (account.agency) assert.equal(await header.agency.textContent(), agencyName(account.agency));
      else assert.equal(await header.agency.count(), 0);
      assert.equal(await header.signOut.isVisible(), true);
      await expectNoAxeViolations(page);
      if (account.username === 'assessor') await saveScreenshot(page, 'home-assessor');
    });
  }
});
