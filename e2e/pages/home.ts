import type { Locator, Page } from 'playwright-core';
import { paths } from '../../src/paths.ts';
import { Header } from './header.ts';

/** A role's home page: "Your work", with the role as the caption. */
export class HomePage {
  readonly header: Header;
  readonly role: Locator;
  readonly heading: Locator;

  constructor(readonly page: Page) {
    this.header = new Header(page);
    this.role = page.locator('[data-qa="home-role"]');
    this.heading = page.getByRole('heading', { level: 1 });
  }

  async open(): Promise<this> {
    await this.page.goto(paths.home);
    return this;
  }
}
