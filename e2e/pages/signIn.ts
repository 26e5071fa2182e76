import type { Locator, Page } from 'playwright-core';
import { clickToNewPage } from './navigation.ts';
import { DEMO_PASSWORD } from '../../src/modules/demo/index.ts';
import { paths } from '../../src/paths.ts';

/** The sign-in page: GOV.UK form, error summary on failure. */
export class SignInPage {
  readonly form: Locator;
  readonly username: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly errorSummary: Locator;
  readonly heading: Locator;

  constructor(readonly page: Page) {
    this.form = page.locator('[data-qa="sign-in-form"]');
    this.username = page.getByLabel('Username');
    this.password = page.getByLabel('Password', { exact: true });
    this.submit = page.locator('[data-qa="sign-in"]');
    this.errorSummary = page.locator('.govuk-error-summary');
    this.heading = page.getByRole('heading', { level: 1 });
  }

  async open(): Promise<this> {
    await this.page.goto(paths.signIn);
    return this;
  }

  async signIn(username: string, password = DEMO_PASSWORD): Promise<void> {
    await this.username.fill(username);
    await this.password.fill(password);
    await clickToNewPage(this.page, this.submit);
  }

  errorLinks(): Locator {
    return this.errorSummary.locator('.govuk-error-summary__list a');
  }
}
