import type { Locator, Page } from 'playwright-core';
import { clickToNewPage } from './navigation.ts';
import { paths } from '../../src/paths.ts';

/** The administrator's pages: users, adding a user, teams and partner agencies. */
export class UsersPage {
  readonly table: Locator;
  readonly addUser: Locator;

  constructor(readonly page: Page) {
    this.table = page.locator('[data-qa="users"]');
    this.addUser = page.locator('[data-qa="add-user"]');
  }

  async open(): Promise<this> {
    await this.page.goto(paths.admin.users);
    return this;
  }

  row(username: string): Locator {
    return this.page.locator(`[data-qa="user-${username}"]`);
  }
}

export class NewUserPage {
  readonly save: Locator;
  readonly errorSummary: Locator;
  readonly username: Locator;
  readonly displayName: Locator;

  constructor(readonly page: Page) {
    this.save = page.locator('[data-qa="save-user"]');
    this.errorSummary = page.locator('.govuk-error-summary');
    this.username = page.getByLabel('Username');
    this.displayName = page.getByLabel('Full name');
  }

  async open(): Promise<this> {
    await this.page.goto(paths.admin.newUser);
    return this;
  }

  async submit(): Promise<void> {
    await clickToNewPage(this.page, this.save);
  }
}

export class TeamsPage {
  readonly table: Locator;
  constructor(readonly page: Page) {
    this.table = page.locator('[data-qa="teams"]');
  }
  async open(): Promise<this> {
    await this.page.goto(paths.admin.teams);
    return this;
  }
}

export class AgenciesPage {
  readonly table: Locator;
  constructor(readonly page: Page) {
    this.table = page.locator('[data-qa="agencies"]');
  }
  async open(): Promise<this> {
    await this.page.goto(paths.admin.agencies);
    return this;
  }
}
