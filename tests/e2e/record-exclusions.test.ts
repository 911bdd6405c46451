/**
 * E2E of issue 13 §3 in the renderer (Debian Chromium via playwright-core, the real server with
 * the built renderer): a record shows the span it came from and is excluded with one click (the
 * next best takes its place), an activity is left out of records and brought back from its page,
 * and an activity dated 1990 shows the warning and takes a corrected start time.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useE2E } from '../helpers/e2e.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';

const s = useE2E('records-exclusions');

type Rec = { items: { kind: string; key: number; scope: string; activityId: string }[] };

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${s.baseUrl}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (await res.json()) as T;
}

async function importRuns(): Promise<Record<string, string>> {
  const files = {
    'fast.fit': makeFitActivity({ startTime: new Date('2024-05-06T07:00:00Z'), durationS: 1500, speedMps: 4 }),
    'slow.fit': makeFitActivity({ startTime: new Date('2024-05-08T07:00:00Z'), durationS: 1500, speedMps: 3 }),
    'clockless.fit': makeFitActivity({ startTime: new Date('1990-07-09T07:00:41Z'), durationS: 1500, speedMps: 3.5 }),
  };
  const form = new FormData();
  for (const [name, bytes] of Object.entries(files)) form.append('files', new Blob([Buffer.from(bytes)]), name);
  const res = await fetch(`${s.baseUrl}/api/v1/imports`, { method: 'POST', body: form, headers: { 'x-milevault-client': 'test' } });
  const { id } = (await res.json()) as { id: string };
  for (let i = 0; i < 200; i++) {
    const job = await api<{ status: string; files: { name: string; activityId?: string }[] }>(`/api/v1/imports/${id}`);
    if (job.status === 'done') {
      await expect.poll(async () => (await api<Rec>('/api/v1/records?sport=running')).items.length, { timeout: 30_000 }).toBeGreaterThan(0);
      return Object.fromEntries(job.files.map((f) => [f.name, f.activityId!]));
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('import did not finish');
}

describe('records: spans, one-click exclusion, untrusted dates (e2e)', () => {
  it('excludes a record and an activity with one click, and fixes a 1990 start time', async () => {
    const ids = await importRuns();
    const { page } = s;
    const km = async () => (await api<Rec>('/api/v1/records?sport=running')).items.find((r) => r.kind === 'distance' && r.key === 1000 && r.scope === 'all')!.activityId;
    expect(await km()).toBe(ids['fast.fit']);

    await page.goto(`${s.baseUrl}/#/records?sport=running`);
    const row = page.locator('[data-testid=records-distance] [data-testid=record-row]').filter({ hasText: '1 km' }).first();
    await row.waitFor();
    expect(await row.locator('[data-testid=record-span]').textContent()).toMatch(/\d+:\d\d–\d+:\d\d into the activity/);
    await row.locator('[data-testid=record-exclude]').click();
    await expect.poll(km, { timeout: 20_000 }).toBe(ids['slow.fit']);
    await page.screenshot({ path: join(s.shotsDir, 'records-after-exclude.png'), fullPage: true });

    // The activity page lists the excluded record, and the whole activity goes out and back in one click each.
    await page.goto(`${s.baseUrl}/#/activities/${ids['fast.fit']}`);
    await page.locator('[data-testid=excluded-record]').first().waitFor();
    await page.click('[data-testid=exclude-activity]');
    await page.locator('[data-testid=include-activity]').waitFor();
    const held = async () => (await api<Rec>('/api/v1/records?sport=running')).items.filter((r) => r.activityId === ids['fast.fit']).length;
    expect(await held()).toBe(0);
    await page.click('[data-testid=include-activity]');
    await page.locator('[data-testid=exclude-activity]').waitFor();
    await expect.poll(held, { timeout: 20_000 }).toBeGreaterThan(0);

    // 1990: flagged, out of records; a corrected start time brings it in.
    await page.goto(`${s.baseUrl}/#/activities/${ids['clockless.fit']}`);
    await page.locator('[data-testid=start-time-warning]').waitFor();
    expect(await page.locator('[data-testid=start-time-warning]').textContent()).toMatch(/before 2000/);
    await page.fill('[data-testid=start-time-input]', '2024-05-10T07:00');
    await page.click('[data-testid=start-time-warning] button[type=submit]');
    await page.locator('[data-testid=start-time-warning]').waitFor({ state: 'detached', timeout: 20_000 });
    const d = await api<{ startTime: string }>(`/api/v1/activities/${ids['clockless.fit']}`);
    expect(d.startTime).toBe('2024-05-10T07:00:00.000Z');
    await page.screenshot({ path: join(s.shotsDir, 'activity-after-date-fix.png'), fullPage: true });
  }, 120_000);
});
