/**
 * E2E: Debian's Chromium (playwright-core) against the real server with the built renderer.
 * Three runs of one loop and a ride are imported through the API; the routes page must list the
 * loop as one route of three activities, the activity page must say so, a segment created there must
 * list the three runs, and the heatmap page must draw density from the vector tiles (with every
 * request off our server refused, tiles included).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer } from '../../server/start.js';
import { launchChromium, RENDERER_DIR } from '../helpers/e2e.js';
import { line, loop, toGpx, walk } from '../helpers/track-fixtures.js';

// Callbacks passed to page.evaluate/waitForFunction run in the browser (the test program has no DOM lib).
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const location: any; // eslint-disable-line @typescript-eslint/no-explicit-any


let browser: Browser;
let server: { url: string; close(): Promise<void> };
let dataDir: string;
let ids: string[] = [];
const shotsDir = process.env.MILEVAULT_E2E_SHOTS ?? mkdtempSync(join(tmpdir(), 'milevault-e2e-shots-'));

async function importFiles(files: { name: string; bytes: Uint8Array }[]): Promise<string[]> {
  const form = new FormData();
  for (const f of files) form.append('files', new Blob([f.bytes]), f.name);
  const res = await fetch(`${server.url}/api/v1/imports`, { method: 'POST', body: form, headers: { 'x-milevault-client': 'test' } });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  for (;;) {
    const job = (await (await fetch(`${server.url}/api/v1/imports/${id}`)).json()) as { status: string; files: { activityId?: string }[] };
    if (job.status === 'done') return job.files.map((f) => f.activityId!);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'milevault-e2e-'));
  server = await startServer({ host: '127.0.0.1', port: 0, dataDir, rendererDir: RENDERER_DIR, logger: false });
  const day = (d: number) => new Date(Date.UTC(2024, 4, 1 + d, 7));
  const run = (seed: number, speedMps: number) => ({ name: `loop-${seed}.gpx`, bytes: toGpx(walk(loop(600), { seed, speedMps }), { startTime: day(seed), name: 'Lake loop' }) });
  ids = await importFiles([run(1, 3), run(2, 3.3), run(3, 2.9), { name: 'ride.gpx', bytes: toGpx(walk(line([0, 0], [4000, 1500]), { seed: 9, speedMps: 8 }), { startTime: day(5), sport: 'cycling' }) }]);
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
  await context.route('**/*', (route) => (route.request().url().startsWith(server.url) ? route.continue() : route.abort('internetdisconnected')));
  page = await context.newPage();
  pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterEach(async () => {
  await context.close();
  expect(pageErrors, 'uncaught errors in the page').toEqual([]);
});

describe('routes and heatmap (e2e)', () => {
  it('lists the repeated loop as one route and opens it with map and trend', async () => {
    await page.goto(`${server.url}/#/routes`);
    await page.waitForSelector('[data-testid=route-row]');
    const counts = await page.$$eval('[data-testid=route-count]', (cs) => cs.map((c) => c.textContent?.trim()));
    // A route of one activity is hidden until asked for (issue 17).
    expect(counts).toEqual(['3']);
    await page.check('[data-testid=routes-show-singles]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=route-count]').length === 2);
    expect(await page.$$eval('[data-testid=route-count]', (cs) => cs.map((c) => c.textContent?.trim()))).toEqual(['3', '1']);
    await page.screenshot({ path: join(shotsDir, 'routes-01-list.png'), fullPage: true });
    await page.locator('[data-testid=route-row] a').first().click();
    await page.waitForSelector('[data-testid=activity-map] .leaflet-overlay-pane path', { state: 'attached' });
    await page.locator('[data-testid=route-trend] path.recharts-line-curve').first().waitFor({ state: 'attached', timeout: 15_000 });
    expect(await page.locator('[data-testid=route-name]').textContent()).toBe('Lake loop');
    // The merge picker searches on the server (issue 17): the ride is found by name, any sport.
    const searched = page.waitForRequest((r) => r.url().includes('/api/v1/routes?') && new URL(r.url()).searchParams.get('q') === 'ride');
    await page.fill('[data-testid=merge-search]', 'ride');
    await searched;
    await expect.poll(() => page.locator('[data-testid=merge-select] option').count()).toBe(2);
    expect(await page.locator('[data-testid=merge-select] option').nth(1).textContent()).toMatch(/Ride · .* · 1 activity$/);
    await page.screenshot({ path: join(shotsDir, 'routes-02-route.png'), fullPage: true });
  });

  it('the activity page says "same route as 2 others" with its rank', async () => {
    await page.goto(`${server.url}/#/activities/${ids[1]}`);
    const info = page.locator('[data-testid=route-info]');
    await info.waitFor({ timeout: 15_000 });
    expect(await info.textContent()).toMatch(/Same route as 2 others .*your rank 1\./);
    await info.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shotsDir, 'routes-03-activity.png') });
  });

  it('creates a segment from an activity and shows its leaderboard', async () => {
    await page.goto(`${server.url}/#/activities/${ids[0]}`);
    const details = page.locator('[data-testid=segment-create]');
    await details.waitFor({ timeout: 15_000 });
    await details.locator('summary').click();
    // The whole activity is selected by default; the preview draws it.
    await page.waitForSelector('[data-testid=segment-creator-map] .leaflet-overlay-pane path', { state: 'attached', timeout: 15_000 });
    await page.locator('[data-testid=segment-create-button]').click();
    await page.waitForSelector('[data-testid=segment-leaderboard] tbody tr', { timeout: 15_000 });
    expect(await page.locator('[data-testid=segment-leaderboard] tbody tr').count()).toBe(3);
    expect(await page.locator('[data-testid=segment-leaderboard] .pr-badge').count()).toBe(1);
    expect(await page.locator('main h1').textContent()).toBe('Segment of Lake loop');
    await page.screenshot({ path: join(shotsDir, 'segments-01-leaderboard.png'), fullPage: true });
  });

  it('draws the heatmap from vector tiles', async () => {
    await page.goto(`${server.url}/#/heatmap`);
    const map = page.locator('[data-testid=heatmap-map]');
    await map.waitFor();
    // A drawn tile canvas carries the number of tracks it drew; all four activities cross the area.
    // Tiles arrive one by one: wait until the drawn tiles together hold at least the four tracks.
    const sumDrawn = () =>
      page.$$eval('[data-testid=heatmap-map] canvas[data-features]', (cs) => cs.reduce((s, c) => s + Number(c.getAttribute('data-features')), 0));
    for (let i = 0; i < 150 && (await sumDrawn()) < 4; i++) await page.waitForTimeout(100);
    expect(await sumDrawn()).toBeGreaterThanOrEqual(4);
    // Issue 17: the range is in the URL and opens on All (first to last activity day).
    const hash = () => page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash);
    expect(await hash()).toMatch(/^#\/heatmap\?from=2024-05-\d\d&to=2024-05-\d\d$/);
    expect(await page.getByTestId('range-preset-all').getAttribute('aria-pressed')).toBe('true');
    await page.selectOption('[data-testid=heatmap-sport]', 'cycling');
    await page.waitForFunction(() => (globalThis as unknown as { location: { hash: string } }).location.hash.includes('sport=cycling'));
    expect(await hash()).toMatch(/from=2024-05-\d\d&to=2024-05-\d\d/);
    await page.screenshot({ path: join(shotsDir, 'heatmap-01.png'), fullPage: true });
  });
});
