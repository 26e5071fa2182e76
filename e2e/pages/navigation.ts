import type { Locator, Page } from 'playwright-core';

/** Clicks something that submits a form or follows a link, and waits until the next page has loaded. */
export async function clickToNewPage(page: Page, target: Locator): Promise<void> {
  await Promise.all([page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() }), target.click()]);
  await page.waitForLoadState('load');
}

export interface Focused {
  id: string;
  tag: string;
  classes: string[];
  text: string;
}

/** What has keyboard focus now (lib has no DOM types here, so the page evaluates an expression). */
export async function focusedElement(page: Page): Promise<Focused> {
  return page.evaluate(`(() => {
    const e = document.activeElement;
    return { id: e.id, tag: e.tagName.toLowerCase(), classes: [...e.classList], text: (e.textContent || '').trim() };
  })()`);
}
