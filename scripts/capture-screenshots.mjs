#!/usr/bin/env node
// Screenshots of the main pages at 1440×900 and 390×844 (issue 17's before/after set).
//   node scripts/capture-screenshots.mjs <baseUrl> <outDir> [--dark]
// The server must already hold data (e.g. the corpus imported with `milevault import`). Pictures
// are JPEG (quality 62, page cut at 2 screens) so each stays well under 200 KB. Prints, per page
// and width, the document's scrollWidth: wider than the viewport means the page scrolls sideways.
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [baseUrl, outDir] = process.argv.slice(2);
const dark = process.argv.includes('--dark');
if (!baseUrl || !outDir) {
  console.error('usage: capture-screenshots.mjs <baseUrl> <outDir> [--dark]');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const api = async (path) => (await fetch(`${baseUrl}/api/v1${path}`)).json();
// The activity page of a run with GPS: the longest running activity that has a track.
const list = await api('/activities?limit=200&sport=running');
const items = Array.isArray(list) ? list : list.items ?? list.activities ?? [];
const run = items.filter((a) => a.hasGps).sort((a, b) => (b.distanceM ?? 0) - (a.distanceM ?? 0))[0];

const pages = [
  ['home', '#/'],
  ['activities', '#/activities'],
  ['activity', run ? `#/activities/${run.id}` : null],
  ['calendar', '#/calendar'],
  ['fitness', '#/fitness'],
  ['records', '#/records'],
  ['routes', '#/routes'],
  ['health', '#/health'],
  ['settings', '#/settings'],
].filter(([, h]) => h);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const rows = [];
for (const [w, h, tag] of [[1440, 900, '1440'], [390, 844, '390']]) {
  const context = await browser.newContext({ viewport: { width: w, height: h }, deviceScaleFactor: 1, colorScheme: dark ? 'dark' : 'light', reducedMotion: 'reduce' });
  const page = await context.newPage();
  for (const [name, hash] of pages) {
    await page.goto(`${baseUrl}/${hash}`);
    await page.waitForLoadState('networkidle').catch(() => {});
    // Wait out the loading states (a fresh import may still be analysing), then let charts and map settle.
    await page.waitForFunction(() => !document.querySelector('.state-loading, .spinner'), null, { timeout: 60_000 }).catch(() => console.error(`${name}: still loading after 60 s`));
    await page.waitForTimeout(1500);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    const fullHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    const file = join(outDir, `${name}-${tag}${dark ? '-dark' : ''}.jpg`);
    await page.screenshot({ path: file, type: 'jpeg', quality: 62, fullPage: true, clip: { x: 0, y: 0, width: Math.max(w, Math.min(scrollWidth, 2 * w)), height: Math.min(fullHeight, 2 * h) } });
    rows.push({ page: name, width: tag, scrollWidth, kb: Math.round(statSync(file).size / 1024) });
  }
  await context.close();
}
await browser.close();
console.table(rows);
