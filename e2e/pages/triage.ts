import type { Locator, Page } from 'playwright-core';
import { clickToNewPage } from './navigation.ts';
import { paths } from '../../src/paths.ts';

/** The triage queue: MoJ filter beside a table of incidents, each with its SLA clock and claim/assign actions. */
export class TriageQueuePage {
  readonly heading: Locator;
  readonly rows: Locator;
  readonly applyFilters: Locator;
  readonly resultCount: Locator;
  readonly flash: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.rows = page.locator('[data-qa="queue-row"]');
    this.applyFilters = page.locator('[data-qa="apply-filters"]');
    this.resultCount = page.locator('[data-qa="result-count"]');
    this.flash = page.locator('[data-qa="flash"]');
  }

  async open(): Promise<this> {
    await this.page.goto(paths.triage.queue);
    return this;
  }

  async references(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-reference') ?? ''));
  }

  row(reference: string): Locator {
    return this.page.locator(`[data-qa="queue-row"][data-reference="${reference}"]`);
  }

  async filterBy(...labels: string[]): Promise<void> {
    for (const label of labels) await this.page.getByLabel(label, { exact: true }).check();
    await clickToNewPage(this.page, this.applyFilters);
  }

  async claim(reference: string): Promise<void> {
    await clickToNewPage(this.page, this.row(reference).locator('[data-qa="claim"]'));
  }
}
