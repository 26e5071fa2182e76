import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import assert from 'node:assert/strict';
import { access, constants, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../src/testing/app.ts';
import { buildClientBundle } from '../src/platform/views/assets.ts';
import { projectRoot } from '../src/platform/views/nunjucks.ts';

/** Debian's Chromium: Playwright never downloads a browser of its own here. */
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.join(projectRoot, 'e2e/screenshots');
export const VIEWPORT = { width: 1280, height: 800 };

export interface E2e {
  baseUrl: string;
  browser: Browser;
  testApp: TestApp;
  /** A new page with no cookies (so signed out); the previous test's page is closed. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** The real app on an ephemeral loopback port over its own test database, and one browser for the file. */
export async function startE2e(env: Record<string, string> = {}): Promise<E2e> {
  await access(CHROMIUM, constants.X_OK).catch(() => {
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's with 'apt-get install -y chromium'`);
  });
  await buildClientBundle(); // the page's one script; reused when already built
  const testApp = await createTestApp(env);
  const server: Server = await new Promise((resolve, reject) => {
    const s = testApp.app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // One context for the file keeps the HTTP cache (CSS, fonts, script) warm; each test starts signed out.
  const context = await browser.newContext({ baseURL: baseUrl, viewport: VIEWPORT });
  context.setDefaultTimeout(20_000); // generous: CI shares two cores with the other test files
  return {
    baseUrl,
    browser,
    testApp,
    async newPage() {
      await Promise.all(context.pages().map((p) => p.close()));
      await context.clearCookies();
      return context.newPage();
    },
    async close() {
      await context.close();
      await browser.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await testApp.close();
    },
  };
}

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe over the whole page; a failure lists each rule, its impact, help link and the offending nodes. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  if (results.violations.length === 0) return;
  const report = results.violations
    .map((v) => {
      const nodes = v.nodes.map(
        (n) => `    at ${n.target.join(' ')}\n      ${n.html}\n      ${n.failureSummary?.replace(/\n/g, '\n      ') ?? ''}`,
      );
      return `  [${v.impact ?? 'unknown'}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes.join('\n')}`;
    })
    .join('\n');
  assert.fail(`axe found ${results.violations.length} accessibility violation(s) on ${page.url()}:\n${report}`);
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
