/**
 * E2E (issue 4): a generated Strava export zip is previewed (dry run), then imported; the archive
 * summary table, the gear page with totals, and gear + description on the activity page must show.
 * Same harness as import-flow.test.ts: Debian's Chromium against the real server and built renderer.
 *
 * Set MILEVAULT_E2E_URL to drive an already running server instead of starting one.
 * Screenshots go to a temp folder (printed), or to MILEVAULT_E2E_SHOTS when set.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useE2E } from '../helpers/e2e.js';
import { makeStravaExport } from '../helpers/archive-fixtures.js';


const e2e = useE2E('archive-shots');

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
    await e2e.page.goto(`${e2e.baseUrl}/#/import`);
    await e2e.page.setInputFiles('[data-testid=preview-input]', file);
    const counts = e2e.page.locator('[data-testid=preview-counts]');
    await counts.waitFor({ timeout: 30_000 });
    expect(await counts.textContent()).toMatch(/Would import 2, 0 duplicate, 1 skipped, 0 failed/);
    await e2e.page.screenshot({ path: join(e2e.shotsDir, '01-preview.png'), fullPage: true });
    // Nothing was written by the preview.
    expect(((await (await e2e.page.request.get(`${e2e.baseUrl}/api/v1/activities`)).json()) as { total: number }).total).toBe(0);

    await e2e.page.getByRole('button', { name: 'Import export_1.zip' }).click();
    await e2e.page.waitForSelector('[data-testid=import-progress][data-status=done]', { timeout: 45_000 });
    const summary = e2e.page.locator('.batch [data-testid=archive-summary]');
    expect(await summary.locator('[data-testid=archive-imported]').textContent()).toBe('2');
    expect(await summary.locator('[data-testid=archive-skipped]').textContent()).toBe('1');
    expect(await summary.textContent()).toMatch(/not activity data/);
    await e2e.page.screenshot({ path: join(e2e.shotsDir, '02-imported.png'), fullPage: true });

    await e2e.page.goto(`${e2e.baseUrl}/#/gear`);
    const row = e2e.page.locator('[data-testid=gear-row]', { hasText: 'Red Bike' });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Canyon Endurace/);
    await e2e.page.screenshot({ path: join(e2e.shotsDir, '03-gear.png'), fullPage: true });

    const list = (await (await e2e.page.request.get(`${e2e.baseUrl}/api/v1/activities`)).json()) as { items: { id: string; name: string }[] };
    const ride = list.items.find((a) => a.name === 'Canal ride')!;
    await e2e.page.goto(`${e2e.baseUrl}/#/activities/${ride.id}`);
    await e2e.page.locator('[data-testid=activity-description]').waitFor();
    expect(await e2e.page.locator('[data-testid=activity-description]').textContent()).toBe('Headwind both ways');
    const select = e2e.page.locator('[data-testid=activity-gear-select]');
    await e2e.page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { selectedOptions: { text: string }[] } | null } }).document.querySelector('[data-testid=activity-gear-select]')?.selectedOptions[0]?.text === 'Red Bike');
    await Promise.all([e2e.page.waitForResponse((r) => r.url().includes('/meta') && r.request().method() === 'PATCH'), select.selectOption({ label: 'None' })]);
    const meta = (await (await e2e.page.request.get(`${e2e.baseUrl}/api/v1/activities/${ride.id}/meta`)).json()) as { gearId: string | null };
    expect(meta.gearId).toBeNull();
    await e2e.page.screenshot({ path: join(e2e.shotsDir, '04-activity.png'), fullPage: true });
  });
});
