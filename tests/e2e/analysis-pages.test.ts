/**
 * E2E of the analysis pages (issue 5): Debian's Chromium (playwright-core) against the real server
 * serving the built renderer. Generated FIT activities with known dates, sports and speeds are
 * imported over the API; then thresholds are set through the UI (recompute progress must finish)
 * and Records, Fitness, Calendar/Totals and the activity page must show real data: chart paths
 * drawn, table rows, calendar cells.
 *
 * Screenshots go to a temp folder (printed), or to MILEVAULT_E2E_SHOTS when set.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { startServer } from '../../server/start.js';
import { launchChromium, RENDERER_DIR } from '../helpers/e2e.js';

const DAY = 86_400_000;
import { makeFitActivity, type FitFixtureOptions } from '../helpers/fit-fixture.js';


/** UTC midnight `days` before now, plus an hour offset: recent activities give the Fitness page a live load. */
const daysAgo = (days: number, hourUtc = 7) => {
  const d = new Date(Date.now() - days * DAY);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hourUtc));
};

/** Known activities: runs at different speeds in May 2024 and May 2025, rides with power, and a recent block. */
const ACTIVITIES: { name: string; o: FitFixtureOptions }[] = [
  { name: 'run-2024-05-04.fit', o: { startTime: new Date('2024-05-04T07:00:00Z'), durationS: 3000, speedMps: 3.2 } },
  { name: 'run-2025-05-10.fit', o: { startTime: new Date('2025-05-10T07:00:00Z'), durationS: 2400, speedMps: 3.6 } },
  { name: 'run-2025-05-20.fit', o: { startTime: new Date('2025-05-20T07:00:00Z'), durationS: 1500, speedMps: 4.0 } },
  { name: 'ride-2025-05-12.fit', o: { startTime: new Date('2025-05-12T16:00:00Z'), sport: 'cycling', durationS: 3600, speedMps: 8, withPower: true } },
  { name: 'ride-2024-05-15.fit', o: { startTime: new Date('2024-05-15T16:00:00Z'), sport: 'cycling', durationS: 2700, speedMps: 7.5, withPower: true } },
  ...[2, 5, 9, 12, 16, 20].map((d, i) => ({
    name: `recent-${d}.fit`,
    o: { startTime: daysAgo(d), sport: i % 2 ? 'cycling' : 'running', durationS: 2400 + i * 300, speedMps: i % 2 ? 8 : 3.4, withPower: i % 2 === 1 } as FitFixtureOptions,
  })),
];

let browser: Browser;
let server: { url: string; close(): Promise<void> } | null = null;
let baseUrl: string;
let dataDir: string | null = null;
const shotsDir = process.env.MILEVAULT_E2E_SHOTS ?? mkdtempSync(join(tmpdir(), 'milevault-e2e-analysis-'));
const ids = new Map<string, string>();

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function until<T>(what: string, f: () => Promise<T | null | undefined | false>, timeoutMs = 45_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f().catch(() => null);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function importAll(): Promise<void> {
  const form = new FormData();
  for (const a of ACTIVITIES) form.append('files', new Blob([Buffer.from(makeFitActivity(a.o))]), a.name);
  const res = await fetch(`${baseUrl}/api/v1/imports`, { method: 'POST', body: form, headers: { 'x-milevault-client': 'test' } });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  type Job = { status: string; files: { name: string; status: string; activityId?: string; error?: string }[] };
  const job = await until('import job', async () => {
    const j = await getJson<Job>(`/api/v1/imports/${id}`);
    return j.status === 'done' ? j : null;
  });
  for (const f of job.files) {
    expect(f.status, `${f.name}: ${f.error ?? ''}`).toBe('imported');
    ids.set(f.name, f.activityId!);
  }
  // Analysis runs after the import events; wait until records exist for both sports.
  await until('records', async () => {
    const run = await getJson<{ items: unknown[] }>('/api/v1/records?sport=running');
    const ride = await getJson<{ items: unknown[] }>('/api/v1/records?sport=cycling');
    return run.items.length > 0 && ride.items.length > 0;
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'milevault-e2e-analysis-'));
  server = await startServer({ host: '127.0.0.1', port: 0, dataDir, rendererDir: RENDERER_DIR, logger: false });
  baseUrl = server.url;
  mkdirSync(shotsDir, { recursive: true });
  await importAll();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  console.log(`[e2e] analysis screenshots in ${shotsDir}`);
});

let context: BrowserContext;
let page: Page;
let pageErrors: string[];

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  await context.route('**/*', (route) => (route.request().url().startsWith(baseUrl) ? route.continue() : route.abort('internetdisconnected')));
  page = await context.newPage();
  pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterEach(async () => {
  await context.close();
  expect(pageErrors, 'uncaught errors in the page').toEqual([]);
});

/** The `d` attribute of the first matching SVG path, once drawn. */
async function pathD(p: Page, selector: string): Promise<string> {
  const el = p.locator(selector).first();
  await el.waitFor({ state: 'attached', timeout: 15_000 });
  return (await el.getAttribute('d')) ?? '';
}

describe('analysis pages (e2e)', () => {
  it('sets thresholds in Settings and shows the recompute finishing', async () => {
    await page.goto(`${baseUrl}/#/settings`);
    await page.click('[data-testid=thresholds-link]');
    await page.waitForSelector('[data-testid=thresholds-page]');
    await page.waitForSelector('[data-testid=thresholds-empty], [data-testid=threshold-history]');

    const add = async (kind: string, sport: string | null, value: string, date: string) => {
      await page.click('[data-testid=threshold-add]');
      await page.selectOption('[data-testid=threshold-kind]', kind);
      if (sport !== null) await page.selectOption('[data-testid=threshold-sport]', sport);
      await page.fill('[data-testid=threshold-value]', value);
      await page.fill('[data-testid=threshold-date]', date);
      await page.click('[data-testid=threshold-save]');
      await page.waitForSelector('[data-testid=threshold-form]', { state: 'detached' });
      await page.waitForSelector('[data-testid=recompute-progress][data-status=done]', { timeout: 45_000 });
    };
    await add('ftp', 'cycling', '240', '2024-01-01');
    await add('ftp', 'cycling', '260', '2025-01-01');
    await add('threshold_hr', null, '150', '2024-01-01');
    await add('max_hr', null, '185', '2024-01-01');

    const bar = page.locator('[data-testid=recompute-progress]');
    expect(Number(await bar.getAttribute('data-total'))).toBeGreaterThan(0);
    expect(await bar.getAttribute('data-done')).toBe(await bar.getAttribute('data-total'));
    const histories = page.locator('[data-testid=threshold-history]');
    await expect.poll(() => histories.count()).toBe(3);
    const ftp = histories.filter({ hasText: 'FTP' });
    expect(await ftp.locator('[data-testid=threshold-row]').count()).toBe(2);
    expect(await ftp.textContent()).toMatch(/260 W.*since 2025-01-01.*240 W.*2024-01-01 → 2025-01-01/s);
    await page.screenshot({ path: join(shotsDir, 'a1-thresholds.png'), fullPage: true });

    // Edit, then delete, the max HR value: the list follows each change.
    const maxHr = histories.filter({ hasText: 'Max heart rate' });
    await maxHr.locator('[data-testid=threshold-edit]').click();
    await maxHr.locator('[data-testid=threshold-value]').fill('190');
    await maxHr.locator('[data-testid=threshold-save]').click();
    await expect.poll(() => maxHr.textContent()).toMatch(/190 bpm/);
    await maxHr.locator('[data-testid=threshold-delete]').click();
    await maxHr.locator('[data-testid=threshold-delete-confirm]').click();
    await expect.poll(() => histories.count()).toBe(2);
  });

  it('shows records with a progression chart and links to the activity', async () => {
    await page.goto(`${baseUrl}/#/records?sport=running`);
    await page.waitForSelector('[data-testid=records-distance] [data-testid=record-row]');
    const rows = await page.locator('[data-testid=records-distance] [data-testid=record-row]').count();
    expect(rows).toBeGreaterThanOrEqual(3); // 400 m, ½ mile, 1 km, 1 mile, 5 km … from runs of 4.8–9.6 km
    const header = await page.locator('[data-testid=records-distance] thead').textContent();
    expect(header).toMatch(/All-time/);
    expect(header).toMatch(/2025/);
    expect(header).toMatch(/2024/);
    // The fastest 5 km is the 4.0 m/s run of 20 May 2025: 1250 s = 20:50.
    const fiveK = page.locator('[data-testid=records-distance] [data-testid=record-row]', { hasText: '5 km' }).first();
    expect(await fiveK.locator('.record-all').textContent()).toMatch(/20:5\d/);
    const d = await pathD(page, '[data-testid=progression-chart] path.recharts-line-curve');
    expect(d.length).toBeGreaterThan(10);
    await page.screenshot({ path: join(shotsDir, 'a2-records-running.png'), fullPage: true });

    await page.goto(`${baseUrl}/#/records?sport=cycling`);
    await page.waitForSelector('[data-testid=records-power] [data-testid=record-row]');
    expect(await page.locator('[data-testid=records-power] [data-testid=record-row]').count()).toBeGreaterThan(3);
    await page.screenshot({ path: join(shotsDir, 'a3-records-cycling.png'), fullPage: true });

    await fiveK.page().goto(`${baseUrl}/#/records?sport=running`);
    await page.locator('[data-testid=records-distance] .record-all [data-testid=record-link]').first().click();
    await page.waitForSelector('[data-testid=best-efforts]');
    expect(page.url()).toMatch(/#\/activities\//);
  });

  it('draws the fitness chart with a projection', async () => {
    await page.goto(`${baseUrl}/#/fitness`);
    await page.waitForSelector('[data-testid=fitness-stats]');
    const ctl = await pathD(page, '[data-testid=fitness-chart] path.recharts-line-curve');
    expect(ctl.length).toBeGreaterThan(20);
    const dashed = page.locator('[data-testid=fitness-chart] path.recharts-line-curve[stroke-dasharray]');
    expect(await dashed.count()).toBeGreaterThan(0); // the projected decay
    expect(await page.locator('[data-testid=fitness-chart] .recharts-bar-rectangle').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=form-chart] path.recharts-area-area').count()).toBe(1);
    const stats = (await page.locator('[data-testid=fitness-stats]').textContent()) ?? '';
    expect(stats).toMatch(/Fitness \(CTL\)\s*[1-9]/);
    // Hover the middle of the chart: the tooltip shows the day's figures.
    const box = (await page.locator('[data-testid=fitness-chart] .recharts-surface').first().boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);
    await page.waitForSelector('[data-testid=chart-tooltip]');
    expect(await page.locator('[data-testid=chart-tooltip]').first().textContent()).toMatch(/Fitness \(CTL\).*Ramp rate/s);
    await page.screenshot({ path: join(shotsDir, 'a4-fitness.png'), fullPage: true });

    // A past season (issue 17 range picker: jump to a year, then a month): the range ends on the
    // month's last day, with no projection after it.
    await page.selectOption('[data-testid=range-year]', '2025');
    await page.waitForFunction(() => (globalThis as unknown as { location: { hash: string } }).location.hash.includes('to=2025-12-31'));
    await page.selectOption('[data-testid=range-month]', '5');
    await page.waitForFunction(() => (globalThis as unknown as { location: { hash: string } }).location.hash.includes('to=2025-05-31'));
    await expect.poll(() => page.locator('[data-testid=fitness-stats]').textContent()).toMatch(/Load on 2025-05-31/);
    expect(await page.locator('[data-testid=fitness-chart] .recharts-bar-rectangle').count()).toBeGreaterThan(0);
  });

  it('shows the month calendar and totals with year-over-year comparison', async () => {
    await page.goto(`${baseUrl}/#/calendar?month=2025-05`);
    await page.waitForSelector('[data-testid=calendar-activity]');
    const cells = page.locator('[data-testid=calendar-day]');
    expect(await cells.count()).toBeGreaterThanOrEqual(35);
    expect(await page.locator('[data-testid=calendar-activity]').count()).toBe(3);
    expect(await page.locator('[data-testid=calendar-day][data-date="2025-05-12"] [data-testid=calendar-activity]').count()).toBe(1);
    expect(await page.locator('[data-testid=calendar-day][data-date="2025-05-20"]').getAttribute('data-count')).toBe('1');
    await page.screenshot({ path: join(shotsDir, 'a5-calendar.png'), fullPage: true });

    await page.click('[data-testid=totals-year]');
    await page.waitForSelector('[data-testid=totals-row] >> text=2025');
    const y2025 = page.locator('[data-testid=totals-row]', { hasText: '2025' });
    // All sports, 2025: three May activities of 2025 plus any recent ones that fall in 2025.
    expect(Number(await y2025.locator('td').first().textContent())).toBeGreaterThanOrEqual(3);
    expect(await y2025.locator('td.yoy').textContent()).toMatch(/[+−±]\d+%/);
    expect(await page.locator('[data-testid=totals-chart] .recharts-bar-rectangle').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(shotsDir, 'a6-totals-yearly.png'), fullPage: true });

    await page.click('[data-testid=range-earlier]');
    await page.waitForFunction(() => (globalThis as unknown as { location: { hash: string } }).location.hash.includes('from=2025-04-01&to=2025-04-30'));
    await page.waitForSelector('[data-testid=calendar] [data-testid=calendar-day]');
    // April 2025 itself is empty; the last grid week reaches into May (1–4 May), where nothing was either.
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/2025/);
  });

  it('shows empty and error states instead of blank pages', async () => {
    await page.goto(`${baseUrl}/#/records?sport=swimming`);
    await page.waitForSelector('.empty h2');
    expect(await page.locator('.empty h2').textContent()).toMatch(/No swim records yet/);

    // A failing endpoint shows the server's message and a Retry that recovers once it answers again.
    let fail = true;
    await page.route('**/api/v1/fitness?*', (route) =>
      fail ? route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'boom', message: 'fitness exploded' } }) }) : route.continue(),
    );
    await page.goto(`${baseUrl}/#/fitness`);
    await page.waitForSelector('.state-error');
    expect(await page.locator('.state-error').textContent()).toMatch(/fitness exploded/);
    fail = false;
    await page.click('.state-error button');
    await page.waitForSelector('[data-testid=fitness-stats]');
  });

  it('converts every figure to imperial units', async () => {
    // Units are the athlete's setting on the server (issue 14), no longer the browser's.
    const setUnits = (units: 'imperial' | null) =>
      fetch(`${baseUrl}/api/v1/settings`, { method: 'PUT', body: JSON.stringify({ units }), headers: { 'content-type': 'application/json', 'x-milevault-client': 'test' } }).then((r) => expect(r.status).toBe(200));
    await setUnits('imperial');
    onTestFinished(() => setUnits(null));
    const p = await context.newPage();
    await p.goto(`${baseUrl}/#/calendar?month=2025-05`);
    await p.waitForSelector('[data-testid=calendar-week] strong');
    expect(await p.locator('[data-testid=calendar-week] strong').first().textContent()).toMatch(/^\d+\.\d\d mi$/);
    expect(await p.locator('[data-testid=totals-table] thead').count()).toBe(1);
    await p.goto(`${baseUrl}/#/records?sport=running`);
    await p.waitForSelector('[data-testid=records-distance] .record-all');
    expect(await p.locator('[data-testid=records-distance] .record-all').first().textContent()).toMatch(/\/mi\)/);
    await p.screenshot({ path: join(shotsDir, 'a10-records-imperial.png'), fullPage: false });
    // Dark mode uses the same pages; a screenshot to judge contrast by eye.
    await p.emulateMedia({ colorScheme: 'dark' });
    await p.goto(`${baseUrl}/#/calendar?month=2025-05`);
    await p.waitForSelector('[data-testid=calendar-activity]');
    await p.screenshot({ path: join(shotsDir, 'a11-calendar-dark.png'), fullPage: true });
    await p.close();
  });

  it('shows zones, best efforts, curves, load and the PR badge on an activity', async () => {
    await page.goto(`${baseUrl}/#/activities/${ids.get('ride-2025-05-12.fit')}`);
    await page.waitForSelector('[data-testid=load-figures]');
    expect(await page.locator('[data-testid=load-figures]').textContent()).toMatch(/TSS.*Normalized power/s);
    await page.waitForSelector('[data-testid=zones-power] [data-testid=zone-seg]');
    const curve = await pathD(page, '[data-testid=curve-power] path.recharts-line-curve');
    expect(curve.length).toBeGreaterThan(20);
    await page.screenshot({ path: join(shotsDir, 'a7-activity-ride.png'), fullPage: true });

    await page.goto(`${baseUrl}/#/activities/${ids.get('run-2025-05-20.fit')}`);
    await page.waitForSelector('[data-testid=best-efforts] [data-testid=best-effort-row]');
    expect(await page.locator('[data-testid=best-effort-row]').count()).toBeGreaterThanOrEqual(4);
    await page.waitForSelector('[data-testid=pr-banner]');
    expect(await page.locator('[data-testid=best-efforts] [data-testid=pr-chip]').count()).toBeGreaterThan(0);
    await page.waitForSelector('[data-testid=zones-hr] [data-testid=zone-seg]');
    await page.screenshot({ path: join(shotsDir, 'a8-activity-run.png'), fullPage: true });

    await page.goto(`${baseUrl}/#/activities`);
    await page.waitForSelector('[data-testid=activity-row] [data-testid=pr-badge]');
    expect(await page.locator('[data-testid=pr-badge]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(shotsDir, 'a9-list.png'), fullPage: true });
  });
});
