/**
 * E2E: the Health page and the Health Auto Export settings in Debian's Chromium against the real
 * server. Data arrives the way it does in real life: a Health Auto Export push authenticated by a
 * key created in Settings.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haeDate } from '../../bench/hae-payload.js';
import { startServer } from '../../server/start.js';
import { launchChromium, RENDERER_DIR } from '../helpers/e2e.js';

const DAY = 86_400_000;

let browser: Browser;
let server: { url: string; close(): Promise<void> };
let dataDir: string;
const shotsDir = process.env.MILEVAULT_E2E_SHOTS ?? mkdtempSync(join(tmpdir(), 'milevault-e2e-health-'));

/** 40 days of Apple Watch recovery data ending today, resting HR up on the last 4 days, staged sleep. */
function recoveryPayload(): unknown {
  const today = Math.floor(Date.now() / DAY) * DAY;
  const rhr: unknown[] = [];
  const hrv: unknown[] = [];
  const sleep: unknown[] = [];
  for (let d = 39; d >= 0; d--) {
    const day = today - d * DAY;
    rhr.push({ qty: d < 4 ? 61 : 48 + (d % 3), date: haeDate(day + 7 * 3600_000, 0) });
    hrv.push({ qty: 55 + (d % 5), date: haeDate(day + 5 * 3600_000, 0) });
    let t = day - 2 * 3600_000;
    for (const [value, min] of [['Core', 120], ['Deep', 80], ['REM', 90], ['Awake', 10], ['Core', 150]] as const) {
      sleep.push({ startDate: haeDate(t, 0), endDate: haeDate(t + min * 60_000, 0), value, qty: min / 60, source: 'Watch' });
      t += min * 60_000;
    }
  }
  const hr = Array.from({ length: 60 }, (_, i) => ({ date: haeDate(today + 6 * 3600_000 + i * 600_000, 0), Min: 55, Avg: 60 + (i % 20), Max: 90 }));
  return {
    data: {
      metrics: [
        { name: 'heart_rate', units: 'count/min', data: hr },
        { name: 'resting_heart_rate', units: 'count/min', data: rhr },
        { name: 'heart_rate_variability', units: 'ms', data: hrv },
        { name: 'sleep_analysis', units: 'hr', data: sleep },
      ],
    },
  };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'milevault-e2e-health-data-'));
  server = await startServer({ host: '127.0.0.1', port: 0, dataDir, rendererDir: RENDERER_DIR, logger: false });
  mkdirSync(shotsDir, { recursive: true });
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
  console.log(`[e2e] health screenshots in ${shotsDir}`);
});

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 1000 }, reducedMotion: 'reduce' });
  await ctx.route('**/*', (r) => (r.request().url().startsWith(server.url) ? r.continue() : r.abort('internetdisconnected')));
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/${path}`);
  return { page, errors };
}

describe('Health page and Health Auto Export settings (Chromium)', () => {
  it('creates a key in Settings that Health Auto Export can push with', async () => {
    const { page, errors } = await open('#/settings');
    await page.getByTestId('api-keys-settings').waitFor();
    expect(await page.getByTestId('hae-url').textContent()).toBe(`${server.url}/api/v1/ingest/health-auto-export`);
    await page.getByTestId('api-key-create').click();
    const key = (await page.getByTestId('api-key-value').textContent())!;
    expect(key).toMatch(/^mv_/);
    await page.screenshot({ path: join(shotsDir, 'settings-api-key.png'), fullPage: true });
    const res = await fetch(`${server.url}/api/v1/ingest/health-auto-export`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(recoveryPayload()) });
    expect(res.status).toBe(200);
    expect(errors).toEqual([]);
  });

  it('shows recovery cards, the resting-HR insight, sleep stages and baseline charts; dismisses the insight', async () => {
    const { page, errors } = await open('#/health');
    await page.getByTestId('recovery-cards').waitFor();
    expect(await page.getByTestId('recovery-cards').textContent()).toContain('61 bpm');
    await page.getByTestId('insights-list').waitFor();
    expect(await page.getByTestId('insights-list').textContent()).toContain('Resting heart rate is up');
    await page.getByTestId('sleep-stages-chart').locator('.recharts-bar-rectangle').first().waitFor();
    await page.getByTestId('health-chart-restingHrBpm').locator('.recharts-line-curve').first().waitFor();
    await page.getByTestId('training-recovery-chart').waitFor();
    await page.getByTestId('intraday-chart').locator('.recharts-line-curve').first().waitFor();
    await page.screenshot({ path: join(shotsDir, 'health-30d.png'), fullPage: true });
    await page.getByRole('button', { name: /Dismiss: Resting heart rate/ }).click();
    await page.getByText('No open insights').waitFor();
    await page.getByRole('button', { name: '1 year' }).click();
    await page.getByTestId('health-chart-hrvSdnnMs').waitFor();
    expect(errors).toEqual([]);
  }, 120_000); // ~70 s on a loaded 2-core CI machine: ten page steps, each waiting on the API
});

