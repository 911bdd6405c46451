/**
 * E2E of issue 13 on the activity page: a real pool swim (FR935-poolswim-6688025408.fit from the
 * corpus; skipped visibly without it) shows its lengths table with rest rows and rest laps, and a
 * generated swim-free brick (bike + run) shows its legs, each with its own best efforts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusOrWarn } from '../helpers/corpus.js';
import { useE2E } from '../helpers/e2e.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';

const e2e = useE2E('swim-multisport');
const corpus = corpusOrWarn();

async function importFile(name: string, bytes: Uint8Array): Promise<string> {
  const form = new FormData();
  form.append('files', new Blob([Buffer.from(bytes)]), name);
  const res = await fetch(`${e2e.baseUrl}/api/v1/imports`, { method: 'POST', body: form, headers: { 'x-milevault-client': 'test' } });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  for (let i = 0; i < 200; i++) {
    const job = (await (await fetch(`${e2e.baseUrl}/api/v1/imports/${id}`)).json()) as { status: string; files: { status: string; activityId?: string; error?: string }[] };
    if (job.status === 'done') {
      expect(job.files[0].status, job.files[0].error).toBe('imported');
      return job.files[0].activityId!;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error('import did not finish');
}

describe('swims and multisport on the activity page (e2e)', () => {
  it.skipIf(!corpus)('a pool swim shows its lengths, rests as rows, and rest laps as "Rest"', async () => {
    const id = await importFile('FR935-poolswim-6688025408.fit', readFileSync(join(corpus as string, 'fit/sports-lib/FR935-poolswim-6688025408.fit')));
    const { page } = e2e;
    await page.goto(`${e2e.baseUrl}/#/activities/${id}`);
    await page.waitForSelector('[data-testid=lengths-table]');
    expect(await page.locator('[data-testid=length-row]').count()).toBe(46);
    expect(await page.locator('[data-testid=rest-row]').count()).toBeGreaterThan(0);
    // The first length: 22 strokes in 67.6 s, SWOLF 90 (the device's length message).
    const first = page.locator('[data-testid=length-row]').first();
    expect(await first.innerText()).toMatch(/67\.6 s[\s\S]*22[\s\S]*90/);
    expect(await page.locator('[data-testid=lap-table]').innerText()).toContain('Rest');
    await page.screenshot({ path: join(e2e.shotsDir, 'pool-swim.png'), fullPage: true });
  });

  it('a multisport activity shows one row per leg and the legs\' own analysis', async () => {
    const bytes = makeFitActivity({ startTime: new Date('2024-06-01T07:00:00Z'), multisport: [{ sport: 'cycling', durationS: 1800 }, { sport: 'running', durationS: 1500 }] });
    const id = await importFile('brick.fit', bytes);
    const { page } = e2e;
    await page.goto(`${e2e.baseUrl}/#/activities/${id}`);
    await page.waitForSelector('[data-testid=multisport-legs]');
    expect(await page.locator('[data-testid=leg-row]').count()).toBe(2);
    expect(await page.locator('[data-testid=leg-analysis]').count()).toBe(2);
    // Each leg charted in its own units: the ride as speed, the run as pace (issue 13 §5).
    await page.waitForSelector('[data-testid=leg-analysis] [data-testid=leg-charts]');
    const ride = page.locator('[data-testid=leg-analysis]').nth(0);
    const run = page.locator('[data-testid=leg-analysis]').nth(1);
    expect(await ride.locator('[data-testid=speed-chart]').count()).toBe(1);
    expect(await ride.locator('[data-testid=pace-chart]').count()).toBe(0);
    expect(await run.locator('[data-testid=pace-chart]').count()).toBe(1);
    expect(await run.locator('[data-testid=speed-chart]').count()).toBe(0);
    const summary = await page.locator('[data-testid=summary]').innerText();
    expect(summary).not.toMatch(/Avg speed|Avg pace/);
    await page.screenshot({ path: join(e2e.shotsDir, 'multisport.png'), fullPage: true });
  });
});
