import type { Locator, Page } from 'playwright-core';
import { clickToNewPage } from './navigation.ts';
import { paths } from '../../src/paths.ts';

/**
 * The triage queue: a dense table of incidents in the page's width, sorted on the server, the MoJ filter folded away
 * above it; assessors claim rows, coordinators and supervisors tick rows and "Assign selected to" one person.
 */
export class TriageQueuePage {
  readonly heading: Locator;
  readonly rows: Locator;
  readonly showFilter: Locator;
  readonly applyFilters: Locator;
  readonly resultCount: Locator;
  readonly flash: Locator;
  readonly errorSummary: Locator;
  readonly assignee: Locator;
  readonly assignSelected: Locator;
  readonly selectAll: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.rows = page.locator('[data-qa="queue-row"]');
    this.showFilter = page.locator('[data-qa="show-filter"]');
    this.applyFilters = page.locator('[data-qa="apply-filters"]');
    this.resultCount = page.locator('[data-qa="result-count"]');
    this.flash = page.locator('[data-qa="flash"]');
    this.errorSummary = page.locator('.govuk-error-summary');
    this.assignee = page.getByLabel('Assign selected to');
    this.assignSelected = page.locator('[data-qa="bulk-assign-submit"]');
    this.selectAll = page.getByLabel('Select all');
  }

  async open(query = ''): Promise<this> {
    await this.page.goto(`${paths.triage.queue}${query}`);
    return this;
  }

  async references(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-reference') ?? ''));
  }

  row(reference: string): Locator {
    return this.page.locator(`[data-qa="queue-row"][data-reference="${reference}"]`);
  }

  async filterBy(...labels: string[]): Promise<void> {
    await this.showFilter.click();
    for (const label of labels) await this.page.getByLabel(label, { exact: true }).check();
    await clickToNewPage(this.page, this.applyFilters);
  }

  async sortBy(column: 'priority' | 'reported' | 'due'): Promise<void> {
    await clickToNewPage(this.page, this.page.locator(`[data-qa="sort-${column}"]`));
  }

  async claim(reference: string): Promise<void> {
    await clickToNewPage(this.page, this.row(reference).locator('[data-qa="claim"]'));
  }

  async select(...references: string[]): Promise<void> {
    for (const reference of references) await this.page.getByLabel(`Select ${reference}`, { exact: true }).check();
  }

  async assignSelectedTo(name: string): Promise<void> {
    await this.assignee.selectOption({ label: name });
    await clickToNewPage(this.page, this.assignSelected);
  }

  /** The page's height in CSS pixels (how far a user scrolls). */
  async height(): Promise<number> {
    return this.page.evaluate('document.documentElement.scrollHeight');
  }
}
