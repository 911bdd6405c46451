/**
 * E2E: Debian's Chromium (playwright-core) against the real server serving the built renderer.
 * A generated 1-hour FIT run is dropped on the window like a user would, then the activity page must
 * show a track on the map (with no tile server reachable), a heart-rate chart and laps.
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
import { makeFitActivity } from '../helpers/fit-fixture.js';


let browser: Browser;
let server: { url: string; close(): Promise<void> } | null = null;
let baseUrl: string;
let dataDir: string | null = null;
const shotsDir = process.env.MILEVAULT_E2E_SHOTS ?? mkdtempSync(join(tmpdir(), 'milevault-e2e-shots-'));

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

/** Browser globals used inside page callbacks; the test tsconfig has no DOM lib. */
interface PageGlobals {
  atob(b64: string): string;
  DataTransfer: new () => { items: { add(f: unknown): unknown } };
  File: new (parts: unknown[], name: string, opts: { type: string }) => unknown;
}

/** The generated FIT run, as a File inside a DataTransfer living in the page. */
async function dataTransferWith(p: Page, name: string, bytes: Uint8Array) {
  return p.evaluateHandle(
    ({ b64, fileName }) => {
      const g = globalThis as unknown as PageGlobals;
      const bin = g.atob(b64);
      const buf = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) buf[i] = bin.charCodeAt(i);
      const dt = new g.DataTransfer();
      dt.items.add(new g.File([buf], fileName, { type: 'application/octet-stream' }));
      return dt;
    },
    { b64: Buffer.from(bytes).toString('base64'), fileName: name },
  );
}

async function waitForImportDone(p: Page) {
  await p.waitForSelector('[data-testid=import-progress][data-status=done]', { timeout: 45_000 });
  const bar = p.locator('[data-testid=import-progress]').first();
  expect(await bar.getAttribute('data-done')).toBe(await bar.getAttribute('data-total'));
}

describe('import flow (e2e)', () => {
  it('drops a FIT file on the window and shows map, heart-rate chart and laps', async () => {
    const fit = makeFitActivity({ durationS: 3600 });
    await page.goto(`${baseUrl}/`);
    await page.waitForSelector('main h1');

    const dt = await dataTransferWith(page, 'morning-run.fit', fit);
    await page.dispatchEvent('body', 'dragenter', { dataTransfer: dt });
    await page.dispatchEvent('body', 'dragover', { dataTransfer: dt });
    await page.waitForSelector('[data-testid=drop-overlay]', { state: 'visible' });
    await page.screenshot({ path: join(shotsDir, '01-drop-overlay.png') });
    await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
    await page.waitForSelector('[data-testid=drop-overlay]', { state: 'hidden' });

    await waitForImportDone(page);
    const result = page.locator('[data-testid=import-result]').first();
    expect(await result.getAttribute('data-status'), `import result: ${await result.textContent()}`).toBe('imported');
    expect(await result.textContent()).toMatch(/imported/i);
    await page.screenshot({ path: join(shotsDir, '02-import-done.png'), fullPage: true });

    await result.locator('[data-testid=import-result-link]').click();
    // `attached`, not visible: a straight out-and-back track is a zero-width path, which Playwright calls hidden.
    await page.waitForSelector('[data-testid=activity-map] .leaflet-overlay-pane path', { state: 'attached' });
    const trackD = await page.$$eval('[data-testid=activity-map] .leaflet-overlay-pane path', (ps) =>
      ps.map((p) => p.getAttribute('d') ?? '').filter((d) => d.length > 20),
    );
    expect(trackD.length).toBeGreaterThan(0);

    const hrPath = page.locator('[data-testid=hr-chart] path.recharts-line-curve').first();
    await hrPath.waitFor({ state: 'attached', timeout: 15_000 });
    expect((await hrPath.getAttribute('d'))?.length ?? 0).toBeGreaterThan(20);

    const laps = await page.locator('[data-testid=lap-table] tbody tr').count();
    expect(laps).toBeGreaterThan(0);

    await page.screenshot({ path: join(shotsDir, '03-activity.png'), fullPage: true });
  });

  it('imports through the file picker and lists the activity', async () => {
    await page.goto(`${baseUrl}/#/import`);
    await page.setInputFiles('[data-testid=file-input]', {
      name: 'picked-run.fit',
      mimeType: 'application/octet-stream',
      // Another day and length than the dropped run, so it is a new activity and not a duplicate.
      buffer: Buffer.from(makeFitActivity({ durationS: 1800, startTime: new Date('2024-05-04T07:15:00Z') })),
    });
    await waitForImportDone(page);
    const result = page.locator('[data-testid=import-result]').first();
    expect(await result.getAttribute('data-status'), `import result: ${await result.textContent()}`).toBe('imported');

    await page.goto(`${baseUrl}/#/activities`);
    await page.waitForSelector('[data-testid=activity-row]');
    expect(await page.locator('[data-testid=activity-row]').count()).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: join(shotsDir, '04-activity-list.png'), fullPage: true });
  });

  it('reports a file that is not an activity as failed, with a reason', async () => {
    await page.goto(`${baseUrl}/#/import`);
    await page.setInputFiles('[data-testid=file-input]', {
      name: 'bad.fit',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('this is a shopping list, not a FIT file\n'),
    });
    await waitForImportDone(page);
    const result = page.locator('[data-testid=import-result]').first();
    expect(await result.getAttribute('data-status')).toBe('failed');
    const reason = (await result.locator('.result-reason').textContent())?.trim() ?? '';
    expect(reason.length).toBeGreaterThan(5);
    // A crash of the parser is a failure too, but not the one this test is about.
    expect(reason).not.toMatch(/crash|stopped unexpectedly/i);
    await page.screenshot({ path: join(shotsDir, '05-import-failed.png'), fullPage: true });
  });
});
