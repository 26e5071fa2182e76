import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNoAxeViolations, saveScreenshot, startE2e, type E2e } from './harness.ts';
import { Header } from './pages/header.ts';
import { HomePage } from './pages/home.ts';
import { focusedElement } from './pages/navigation.ts';
import { SignInPage } from './pages/signIn.ts';
import { DEMO_PASSWORD } from '../src/modules/demo/index.ts';
import { paths } from '../src/paths.ts';

let e2e: E2e;
before(async () => {
  e2e = await startE2e();
});
after(() => e2e?.close());

const pathOf = (url: string) => new URL(url).pathname;

describe('the axe check itself', () => {
  test('fails, naming the rule and the element, on a page with a real violation', async () => {
    const page = await e2e.newPage();
    await page.setContent(
      '<!doctype html><html lang="en"><title>t</title><main><h1>t</h1><img src="data:," data-qa="no-alt"></main></html>',
    );
    await assert.rejects(expectNoAxeViolations(page), (e: Error) => /image-alt/.test(e.message) && /data-qa="no-alt"/.test(e.message));
  });
});

describe('the sign-in page in a browser', () => {
  test('shows the sign-in form with the protective marking, passes axe, and is screenshotted', async () => {
    const page = await e2e.newPage();
    const signIn = await new SignInPage(page).open();
    assert.equal(await signIn.heading.textContent(), 'Sign in to Safeguard');
    assert.equal((await new Header(page).marking.textContent())?.trim(), 'OFFICIAL-SENSITIVE');
    assert.match(await page.title(), /^Sign in – Safeguard – OFFICIAL-SENSITIVE$/);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'sign-in');
  });

  test('an empty form gives the GOV.UK error summary, focused, linking to the fields, and passes axe', async () => {
    const page = await e2e.newPage();
    const signIn = await new SignInPage(page).open();
    await signIn.signIn('', '');
    assert.equal(pathOf(page.url()), paths.signIn);
    assert.match(await page.title(), /^Error: Sign in/);
    await signIn.errorSummary.waitFor();
    assert.ok((await focusedElement(page)).classes.includes('govuk-error-summary'), 'the summary takes focus');
    const links = await Promise.all((await signIn.errorLinks().all()).map((a) => a.getAttribute('href')));
    assert.deepEqual(links, ['#username', '#password']);
    await expectNoAxeViolations(page);
    await signIn.errorLinks().first().click();
    assert.equal((await focusedElement(page)).id, 'username', 'the error link moves focus to its field');
  });

  test('a wrong password is refused with the error summary and no session', async () => {
    const page = await e2e.newPage();
    const signIn = await new SignInPage(page).open();
    await signIn.signIn('researcher', 'not-the-password');
    assert.equal(pathOf(page.url()), paths.signIn);
    assert.match(await signIn.errorSummary.innerText(), /The username or password is not right/);
    await expectNoAxeViolations(page);
    await page.goto(paths.home);
    assert.equal(pathOf(page.url()), paths.signIn, 'still signed out');
  });

  test('the API-only integration account cannot sign in through the browser, even with a password', async () => {
    const page = await e2e.newPage();
    const signIn = await new SignInPage(page).open();
    await signIn.signIn('integration', DEMO_PASSWORD);
    assert.equal(pathOf(page.url()), paths.signIn);
    assert.match(await signIn.errorSummary.innerText(), /The username or password is not right/);
    await page.goto(paths.home);
    assert.equal(pathOf(page.url()), paths.signIn);
  });

  test('the skip link is the first thing the keyboard reaches and moves focus to the main content', async () => {
    const page = await e2e.newPage();
    await new SignInPage(page).open();
    const header = new Header(page);
    await page.keyboard.press('Tab');
    const first = await focusedElement(page);
    assert.ok(first.classes.includes('govuk-skip-link'), `Tab first lands on the skip link, not ${first.tag}.${first.classes.join('.')}`);
    assert.equal(first.text, 'Skip to main content');
    assert.equal(await header.skipLink.isVisible(), true, 'the focused skip link is visible');
    await page.keyboard.press('Enter');
    assert.equal((await focusedElement(page)).id, 'main-content');
    assert.match(page.url(), /#main-content$/);
  });

  test('signing out ends the session: the home page asks for sign-in again', async () => {
    const page = await e2e.newPage();
    await new SignInPage(page).open().then((p) => p.signIn('support'));
    const home = new HomePage(page);
    assert.equal(await home.heading.textContent(), 'Your work');
    await home.header.signOutNow();
    assert.equal(pathOf(page.url()), paths.signedOut);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'You have signed out');
    assert.equal(await home.header.signedInAs.count(), 0, 'nobody is shown as signed in');
    await expectNoAxeViolations(page);
    await page.goto(paths.home);
    assert.equal(pathOf(page.url()), paths.signIn);
  });
});
