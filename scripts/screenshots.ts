import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

/**
 * Screenshots of a running Safeguard for review: `npx tsx scripts/screenshots.ts BASE_URL USER OUT_DIR PATH...`
 * (e.g. http://localhost:3000 assessor /tmp/shots / /people/<id>). Signs in with the demo password; FULL_PAGE=0 keeps
 * to the first screenful.
 */
const [baseUrl, username, outDir, ...pages] = process.argv.slice(2);
if (!baseUrl || !username || !outDir || pages.length === 0) {
  console.error('Usage: npx tsx scripts/screenshots.ts BASE_URL USER OUT_DIR PATH...');
  process.exit(2);
}
await mkdir(outDir, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${baseUrl}/sign-in`);
  await page.screenshot({ path: path.join(outDir, 'sign-in.png'), fullPage: true });
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(process.env.PASSWORD ?? 'demo-password-change-me');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('networkidle');
  for (const [i, p] of pages.entries()) {
    const started = Date.now();
    await page.goto(`${baseUrl}${p}`);
    const file = path.join(outDir, `${username}-${i}-${p.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home'}.png`);
    await page.screenshot({ path: file, fullPage: process.env.FULL_PAGE !== '0' });
    console.log(`${file} (${Date.now() - started} ms)`);
  }
} finally {
  await browser.close();
}
