import type { Locator, Page } from 'playwright-core';
import { clickToNewPage } from './navigation.ts';
import { paths } from '../../src/paths.ts';

/** The assessment page: incident, officer's DASH beside the research package, systems checks, screens, final grade. */
export class AssessmentPage {
  readonly heading: Locator;
  readonly dashQuestions: Locator;
  readonly yesCount: Locator;
  readonly bandReason: Locator;
  readonly suspectResearch: Locator;
  readonly errorSummary: Locator;
  readonly flash: Locator;
  readonly finalAssessment: Locator;
  readonly tasks: Locator;

  constructor(readonly page: Page) {
    this.heading = page.locator('[data-qa="assessment-heading"]');
    this.dashQuestions = page.locator('[data-qa="dash-question"]');
    this.yesCount = page.locator('[data-qa="yes-count"]');
    this.bandReason = page.locator('[data-qa="band-reason"]');
    this.suspectResearch = page.locator('[data-qa="research-suspect"]');
    this.errorSummary = page.locator('.govuk-error-summary');
    this.flash = page.locator('[data-qa="flash-banner"]');
    this.finalAssessment = page.locator('[data-qa="final-assessment"]');
    this.tasks = page.locator('[data-qa="task"]');
  }

  async open(incidentId: string): Promise<this> {
    await this.page.goto(paths.incidents.assessment({ id: incidentId }));
    return this;
  }

  async recordSystemCheck(system: string, result: 'Checked: nothing found' | 'Checked: information found', note = ''): Promise<void> {
    const row = this.page.locator(`[data-qa="system-check"][data-system="${system}"]`);
    await row.getByLabel(result, { exact: true }).check();
    if (note) await row.getByRole('textbox').fill(note);
    await clickToNewPage(this.page, this.page.locator('[data-qa="save-systems-checks"]'));
  }

  async chooseGrade(grade: 'Standard' | 'Medium' | 'High'): Promise<void> {
    await this.page.locator('[data-qa="grade-form"]').getByLabel(grade, { exact: true }).check();
  }

  async fill(label: string, value: string): Promise<void> {
    await this.page.locator('[data-qa="grade-form"]').getByLabel(label, { exact: true }).fill(value);
  }

  async chooseDistrictTeam(name: string): Promise<void> {
    await this.page.getByLabel('District DA team').selectOption({ label: name });
  }

  async tick(label: string): Promise<void> {
    await this.page.locator('[data-qa="grade-form"]').getByLabel(label, { exact: true }).check();
  }

  async submitGrade(): Promise<void> {
    await clickToNewPage(this.page, this.page.locator('[data-qa="record-grade"]'));
  }

  async taskTypes(): Promise<string[]> {
    return this.tasks.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type') ?? ''));
  }
}
