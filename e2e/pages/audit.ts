import type { Locator, Page } from 'playwright-core';
import { clickToNewPage } from './navigation.ts';
import { paths } from '../../src/paths.ts';

/** The audit trail page, where the auditor checks the hash chain. */
export class AuditPage {
  readonly verify: Locator;
  readonly chainOk: Locator;

  constructor(readonly page: Page) {
    this.verify = page.locator('[data-qa="verify-chain"]');
    this.chainOk = page.locator('[data-qa="chain-ok"]');
  }

  async open(): Promise<this> {
    await this.page.goto(paths.audit.index);
    return this;
  }

  async checkChain(): Promise<void> {
    await clickToNewPage(this.page, this.verify);
  }
}
