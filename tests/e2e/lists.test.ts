/**
 * E2E (Chromium) for issue 17's lists: a whole folder imported through the folder picker (only
 * supported files sent, warnings written out), then the activity list searched, sorted and bulk
 * edited; the routes page hides routes of one activity; the segments list.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useE2E } from '../helpers/e2e.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';

const e2e = useE2E('lists');
const folderRoot = mkdtempSync(join(tmpdir(), 'milevault-folder-'));
afterAll(() => rmSync(folderRoot, { recursive: true, force: true }));

async function rowNames(p: Page): Promise<string[]> {
  return p.locator('[data-testid=activity-row] .name-cell a').allTextContents();
}

async function waitForTotal(p: Page, text: string) {
  await p.waitForFunction((t) => document.querySelector('[data-testid=list-total]')?.textContent?.startsWith(t), text, { timeout: 20_000 });
}

describe('lists and navigation (e2e)', () => {
  it('imports a whole folder: only supported files, in the results with their warnings', async () => {
    const dir = join(folderRoot, 'Activity');
    mkdirSync(dir);
    // Morning (07:00 UTC, 09:00 in Zurich), afternoon and evening runs of different lengths, one with a bad CRC (a warning).
    writeFileSync(join(dir, '2024-05-01-07-00.fit'), makeFitActivity({ startTime: new Date('2024-05-01T07:00:00Z'), durationS: 1200, speedMps: 3 }));
    writeFileSync(join(dir, '2024-05-02-13-00.FIT'), makeFitActivity({ startTime: new Date('2024-05-02T13:00:00Z'), durationS: 2400, speedMps: 3.2 }));
    writeFileSync(join(dir, '2024-05-03-17-00.fit'), makeFitActivity({ startTime: new Date('2024-05-03T17:00:00Z'), durationS: 600, speedMps: 2.8, badCrc: true }));
    writeFileSync(join(dir, '2024-05-04-07-00.fit'), makeFitActivity({ startTime: new Date('2024-05-04T07:00:00Z'), durationS: 1800, speedMps: 3.1, sport: 'cycling' }));
    writeFileSync(join(dir, 'notes.txt'), 'not an activity');
    writeFileSync(join(dir, '.DS_Store'), 'mac');

    const p = e2e.page;
    await p.goto(`${e2e.baseUrl}/#/import`);
    await p.waitForSelector('[data-testid=folder-button]');
    await p.setInputFiles('[data-testid=folder-input]', dir);
    const summary = await p.locator('[data-testid=folder-summary]').textContent();
    expect(summary).toContain('“Activity”: 4 files to import');
    expect(summary).toMatch(/Skipped .*1 hidden.*1 \.txt|Skipped .*1 \.txt.*1 hidden/);
    await p.waitForSelector('[data-testid=import-progress][data-status=done]', { timeout: 60_000 });
    const rows = p.locator('[data-testid=import-result]');
    expect(await rows.count()).toBe(4);
    expect(await p.locator('[data-testid=import-result][data-status=imported]').count()).toBe(4);
    // The CRC warning is written out in the row, not only in a tooltip.
    const warned = p.locator('[data-testid=import-result]', { hasText: '2024-05-03-17-00.fit' });
    expect(await warned.locator('[data-testid=import-warnings]').textContent()).toMatch(/CRC does not match/);
    await p.screenshot({ path: join(e2e.shotsDir, 'lists-01-folder-import.png'), fullPage: true });
  });

  it('searches, sorts by a column and bulk edits the activity list', async () => {
    const p = e2e.page;
    await p.goto(`${e2e.baseUrl}/#/activities`);
    await waitForTotal(p, '4 activities');

    // Sorting by distance: longest first on the first click, shortest first on the second.
    await p.click('[data-testid=sort-distance]');
    await p.waitForFunction(() => location.hash.includes('sort=distance'));
    await p.waitForFunction(() => document.querySelector('th[aria-sort=descending] [data-testid=sort-distance]'));
    const desc = await p.locator('[data-testid=activity-row] td[data-label=Distance]').allTextContents();
    await p.click('[data-testid=sort-distance]');
    await p.waitForFunction(() => location.hash.includes('order=asc'));
    await p.waitForFunction((first) => document.querySelector('[data-testid=activity-row] td[data-label=Distance]')?.textContent !== first, desc[0]);
    const asc = await p.locator('[data-testid=activity-row] td[data-label=Distance]').allTextContents();
    expect(asc).toEqual([...desc].reverse());
    const km = (s: string) => Number.parseFloat(s);
    expect(km(asc[0]!)).toBeLessThan(km(asc[asc.length - 1]!));

    // Search by name: the evening run only.
    const evening = (await rowNames(p)).find((n) => /evening/i.test(n));
    expect(evening, `names: ${(await rowNames(p)).join(', ')}`).toBeTruthy();
    await p.fill('[data-testid=list-search]', 'evening');
    await p.press('[data-testid=list-search]', 'Enter');
    await waitForTotal(p, '1 activity');
    expect(await rowNames(p)).toEqual([evening]);
    expect(await p.evaluate(() => location.hash)).toContain('q=evening');

    // Clear the search, select the two morning activities, set their sport in one go.
    await p.fill('[data-testid=list-search]', '');
    await p.press('[data-testid=list-search]', 'Enter');
    await waitForTotal(p, '4 activities');
    const morning = p.locator('[data-testid=activity-row]', { hasText: /morning/i });
    expect(await morning.count()).toBe(2);
    for (let i = 0; i < 2; i++) await morning.nth(i).locator('[data-testid=row-select]').check();
    await p.waitForSelector('[data-testid=bulk-bar]');
    expect(await p.locator('[data-testid=bulk-bar] strong').textContent()).toBe('2 selected');
    await p.selectOption('[data-testid=bulk-sport]', 'walking');
    await p.click('[data-testid=bulk-sport-apply]');
    await p.waitForSelector('[data-testid=list-notice]');
    expect(await p.locator('[data-testid=list-notice]').textContent()).toMatch(/2 activities set to Walk/);
    await p.selectOption('.list-filters select >> nth=0', 'walking');
    await waitForTotal(p, '2 activities');
    await p.screenshot({ path: join(e2e.shotsDir, 'lists-02-bulk-edit.png'), fullPage: true });

    // Delete both after the confirmation.
    await p.click('[data-testid=select-all]');
    await p.click('[data-testid=bulk-delete]');
    expect(await p.locator('.bulk-confirm').textContent()).toMatch(/Delete 2 activities/);
    await p.click('[data-testid=bulk-delete-confirm]');
    await p.waitForSelector('text=No activities match these filters');
    await p.goto(`${e2e.baseUrl}/#/activities`);
    await waitForTotal(p, '2 activities');
  });
});
