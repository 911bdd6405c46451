/**
 * E2E (issue 4): a generated Strava export zip is previewed (dry run), then imported; the archive
 * summary table, the gear page with totals, and gear + description on the activity page must show.
 * Same harness as import-flow.test.ts: Debian's Chromium against the real server and built renderer.
 *
 * Set MILEVAULT_E2E_URL to drive an already running server instead of starting one.
 * Screenshots go to a temp folder (printed), or to MILEVAULT_E2E_SHOTS when set.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer } from '../../server/start.js';
import { launchChromium, RENDERER_DIR } from '../helpers/e2e.js';
import { makeStravaExport } from '../helpers/archive-fixtures.js';


let browser: Browser;
let server: { url: string; close(): Promise<void> } | null = null;
let baseUrl: string;
let dataDir: string | null = null;
const shotsDir = process.env.MILEVAULT_E2E_SHOTS ?? mkdtempSync(join(tmpdir(), 'milevault-e2e-archive-shots-'));

beforeAll(async () => {
  if (process.env.MILEVAULT_E2E_URL) {
    baseUrl = process.env.MILEVAULT_E2E_URL.replace(/\/$/, '');
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'milevault-e2e-'));
    server = await startServer({ host: '127.0.0.1', port: 0, dataDir, rendererDir: RENDERER_DIR, logger: false });
    baseUrl = server.url;
  }
  mkdirSync(shotsDir, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  console.log(`[e2e] screenshots in ${shotsDir}`);
});

let context: BrowserContext;
let page: Page;
let pageErrors: string[];

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  // The app must work offline: refuse every request that leaves our server (map tiles included),
  // so the track has to draw without tiles, deterministically and without waiting on DNS.
  await context.route('**/*', (route) => (route.request().url().startsWith(baseUrl) ? route.continue() : route.abort('internetdisconnected')));
  page = await context.newPage();
  pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterEach(async () => {
  await context.close();
  expect(pageErrors, 'uncaught errors in the page').toEqual([]);
});

describe('archive import flow (e2e)', () => {
  it('previews a Strava export, imports it, shows the summary, gear and the activity metadata', async () => {
    const zip = await makeStravaExport(
      [
        { id: '11', startTime: new Date('2024-04-01T06:00:00Z'), name: 'Canal ride', type: 'Ride', description: 'Headwind both ways', gear: 'Red Bike', file: 'fit.gz', durationS: 1200 },
        { id: '12', startTime: new Date('2024-04-02T06:00:00Z'), name: 'Easy run', type: 'Run', file: 'gpx', durationS: 900 },
      ],
      [{ name: 'bikes.csv', bytes: 'Bike Name,Bike Brand,Bike Model\nRed Bike,Canyon,Endurace\n' }],
    );
    const file = { name: 'export_1.zip', mimeType: 'application/zip', buffer: zip };
    await page.goto(`${baseUrl}/#/import`);
    await page.setInputFiles('[data-testid=preview-input]', file);
    const counts = page.locator('[data-testid=preview-counts]');
    await counts.waitFor({ timeout: 30_000 });
    expect(await counts.textContent()).toMatch(/Would import 2, 0 duplicate, 1 skipped, 0 failed/);
    await page.screenshot({ path: join(shotsDir, '01-preview.png'), fullPage: true });
    // Nothing was written by the preview.
    expect(((await (await page.request.get(`${baseUrl}/api/v1/activities`)).json()) as { total: number }).total).toBe(0);

    await page.getByRole('button', { name: 'Import export_1.zip' }).click();
    await page.waitForSelector('[data-testid=import-progress][data-status=done]', { timeout: 45_000 });
    const summary = page.locator('.batch [data-testid=archive-summary]');
    expect(await summary.locator('[data-testid=archive-imported]').textContent()).toBe('2');
    expect(await summary.locator('[data-testid=archive-skipped]').textContent()).toBe('1');
    expect(await summary.textContent()).toMatch(/not activity data/);
    await page.screenshot({ path: join(shotsDir, '02-imported.png'), fullPage: true });

    await page.goto(`${baseUrl}/#/gear`);
    const row = page.locator('[data-testid=gear-row]', { hasText: 'Red Bike' });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Canyon Endurace/);
    await page.screenshot({ path: join(shotsDir, '03-gear.png'), fullPage: true });

    const list = (await (await page.request.get(`${baseUrl}/api/v1/activities`)).json()) as { items: { id: string; name: string }[] };
    const ride = list.items.find((a) => a.name === 'Canal ride')!;
    await page.goto(`${baseUrl}/#/activities/${ride.id}`);
    await page.locator('[data-testid=activity-description]').waitFor();
    expect(await page.locator('[data-testid=activity-description]').textContent()).toBe('Headwind both ways');
    const select = page.locator('[data-testid=activity-gear-select]');
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { selectedOptions: { text: string }[] } | null } }).document.querySelector('[data-testid=activity-gear-select]')?.selectedOptions[0]?.text === 'Red Bike');
    await Promise.all([page.waitForResponse((r) => r.url().includes('/meta') && r.request().method() === 'PATCH'), select.selectOption({ label: 'None' })]);
    const meta = (await (await page.request.get(`${baseUrl}/api/v1/activities/${ride.id}/meta`)).json()) as { gearId: string | null };
    expect(meta.gearId).toBeNull();
    await page.screenshot({ path: join(shotsDir, '04-activity.png'), fullPage: true });
  });
});
