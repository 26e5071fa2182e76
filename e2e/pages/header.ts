import type { Locator, Page } from 'playwright-core';
import { clickToNewPage } from './navigation.ts';

/** The header every signed-in page shares: who is signed in, the protective marking, navigation and sign-out. */
export class Header {
  readonly marking: Locator;
  readonly signedInAs: Locator;
  readonly role: Locator;
  readonly team: Locator;
  readonly agency: Locator;
  readonly signOut: Locator;
  readonly navigation: Locator;
  readonly skipLink: Locator;

  constructor(readonly page: Page) {
    this.marking = page.locator('[data-qa="protective-marking"]');
    this.signedInAs = page.locator('[data-qa="signed-in-as"]');
    this.role = page.locator('[data-qa="signed-in-role"]');
    this.team = page.locator('[data-qa="signed-in-team"]');
    this.agency = page.locator('[data-qa="signed-in-agency"]');
    this.signOut = page.locator('[data-qa="sign-out"]');
    this.navigation = page.getByRole('navigation', { name: 'Main' });
    this.skipLink = page.locator('.govuk-skip-link');
  }

  navLink(text: string): Locator {
    return this.navigation.getByRole('link', { name: text, exact: true });
  }

  async signOutNow(): Promise<void> {
    await clickToNewPage(this.page, this.signOut);
  }
}
