import type { Locator, Page } from 'playwright-core';
import { clickToNewPage } from './navigation.ts';
import { paths } from '../../src/paths.ts';

/** "Find a person": name and optional date of birth, results as a table. */
export class PeopleSearchPage {
  readonly name: Locator;
  readonly search: Locator;
  readonly resultCount: Locator;
  readonly results: Locator;

  constructor(readonly page: Page) {
    this.name = page.getByLabel('Name', { exact: true });
    this.search = page.locator('[data-qa="person-search"]');
    this.resultCount = page.locator('[data-qa="result-count"]');
    this.results = page.locator('[data-qa="person-results"]');
  }

  async open(): Promise<this> {
    await this.page.goto(paths.people.search);
    return this;
  }

  async searchFor(name: string): Promise<void> {
    await this.name.fill(name);
    await clickToNewPage(this.page, this.search);
  }
}
