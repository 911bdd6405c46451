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
import { line, loop, toGpx, walk } from '../helpers/track-fixtures.js';

// Callbacks passed to page.evaluate/waitForFunction run in the browser (the test program has no DOM lib).
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const location: any; // eslint-disable-line @typescript-eslint/no-explicit-any

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
  }, 120_000);

  it('searches, sorts by a column and bulk edits the activity list', async () => {
    const p = e2e.page;
    await p.goto(`${e2e.baseUrl}/#/activities`);
    await waitForTotal(p, '4 activities');

    // Sorting by distance: longest first on the first click, shortest first on the second.
    await p.click('[data-testid=sort-distance]');
    await p.waitForFunction(() => location.hash.includes('sort=distance'));
    await p.waitForFunction(() => document.querySelector('th[aria-sort=descending] [data-testid=sort-distance]'));
    // The header follows the URL at once; the rows follow when the sorted page arrives (a CI run
    // read them in between). Wait for the four rows to be in the order asked.
    const rowsSorted = (dir: 'desc' | 'asc') =>
      p.waitForFunction((d) => {
        const km = [...document.querySelectorAll('[data-testid=activity-row] td[data-label=Distance]')].map((td) => Number.parseFloat(td.textContent ?? ''));
        return km.length === 4 && km.every((v, i) => i === 0 || (d === 'desc' ? km[i - 1]! >= v : km[i - 1]! <= v));
      }, dir);
    await rowsSorted('desc');
    const desc = await p.locator('[data-testid=activity-row] td[data-label=Distance]').allTextContents();
    await p.click('[data-testid=sort-distance]');
    await p.waitForFunction(() => location.hash.includes('order=asc'));
    await p.waitForFunction((first) => document.querySelector('[data-testid=activity-row] td[data-label=Distance]')?.textContent !== first, desc[0]);
    await rowsSorted('asc');
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
  }, 120_000);

  it('routes page: routes of one activity hidden until asked for, with mini maps and a search', async () => {
    const dir = join(folderRoot, 'Loops');
    mkdirSync(dir);
    const day = (d: number) => new Date(Date.UTC(2024, 5, 1 + d, 7, 0, 0));
    const lake = loop(600);
    for (let i = 0; i < 3; i++) writeFileSync(join(dir, `lake-${i}.gpx`), toGpx(walk(lake, { seed: i + 1, speedMps: 3 + i * 0.2 }), { startTime: day(i), name: 'Lake loop' }));
    writeFileSync(join(dir, 'once.gpx'), toGpx(walk(line([0, 0], [2500, 800]), { seed: 9 }), { startTime: day(5), name: 'One-off' }));
    const p = e2e.page;
    await p.goto(`${e2e.baseUrl}/#/import`);
    await p.setInputFiles('[data-testid=folder-input]', dir);
    await p.waitForSelector('[data-testid=import-progress][data-status=done]', { timeout: 60_000 });

    await p.goto(`${e2e.baseUrl}/#/routes`);
    await p.waitForSelector('[data-testid=route-row]');
    const counts = async () => p.$$eval('[data-testid=route-count]', (cs) => cs.map((c) => Number(c.textContent)));
    const shown = await counts();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((n) => n > 1)).toBe(true);
    expect(shown).toContain(3);
    expect(await p.locator('[data-testid=routes-summary]').textContent()).toMatch(/with a single activity hidden/);
    // Mini maps draw the route's shape.
    await p.waitForSelector('[data-testid=route-row] [data-testid=mini-map] path');
    await p.check('[data-testid=routes-show-singles]');
    await p.waitForFunction((n) => document.querySelectorAll('[data-testid=route-count]').length > n, shown.length);
    expect((await counts()).some((n) => n === 1)).toBe(true);
    // The search runs on the server (GET /routes?q=…, issue 17), not over a page already loaded.
    const searched = p.waitForRequest((r) => r.url().includes('/api/v1/routes?') && new URL(r.url()).searchParams.get('q') === 'lake');
    await p.fill('[data-testid=routes-search]', 'lake');
    await searched;
    await p.waitForFunction(() => [...document.querySelectorAll('[data-testid=route-row] td:nth-child(2) a')].every((a) => /lake/i.test(a.textContent ?? '')));
    expect(await p.locator('[data-testid=routes-summary]').textContent()).toMatch(/^1 of \d+ routes shown/);
    await p.screenshot({ path: join(e2e.shotsDir, 'lists-03-routes.png'), fullPage: true });
  }, 150_000);

  it('creates a segment by clicking start and end on the map, then lists it on the segments page', async () => {
    const p = e2e.page;
    await p.goto(`${e2e.baseUrl}/#/activities?q=afternoon`);
    await waitForTotal(p, '1 activity');
    await p.locator('[data-testid=activity-row] .name-cell a').click();
    const details = p.locator('[data-testid=segment-create]');
    await details.waitFor({ timeout: 20_000 });
    await details.locator('summary').click();
    await p.screenshot({ path: join(e2e.shotsDir, 'lists-04a-creator-open.png') });
    const path = '[data-testid=segment-creator-map] .leaflet-overlay-pane path';
    await p.waitForSelector(path, { state: 'attached', timeout: 20_000 });
    await p.locator('[data-testid=segment-creator-map]').scrollIntoViewIfNeeded();
    // Points 20 % and 60 % along the drawn track, in page pixels.
    const at = (f: number) =>
      p.$eval(
        path,
        (el, frac) => {
          const e = el as unknown as { getTotalLength(): number; getPointAtLength(l: number): { matrixTransform(m: unknown): { x: number; y: number } }; getScreenCTM(): unknown };
          const pt = e.getPointAtLength(e.getTotalLength() * frac).matrixTransform(e.getScreenCTM());
          return { x: pt.x, y: pt.y };
        },
        f,
      );
    const a = await at(0.2);
    const b = await at(0.6);
    await p.mouse.click(a.x, a.y);
    await p.waitForFunction(() => /Now click its end/.test(document.querySelector('[data-testid=segment-hint]')?.textContent ?? ''));
    await p.mouse.click(b.x, b.y);
    await p.waitForFunction(() => (document.querySelector('[data-testid=segment-length]')?.textContent ?? '') !== '');
    const len = Number.parseFloat((await p.locator('[data-testid=segment-length]').textContent())!);
    // The afternoon run is 2,400 s at 3.2 m/s (7.7 km): 40 % of it, give or take the snapping.
    expect(len).toBeGreaterThan(1.5);
    expect(len).toBeLessThan(6);
    await p.screenshot({ path: join(e2e.shotsDir, 'lists-04-segment-pick.png') });
    await p.click('[data-testid=segment-create-button]');
    await p.waitForSelector('[data-testid=segment-leaderboard] tbody tr', { timeout: 20_000 });
    await p.waitForSelector('[data-testid=segment-profile] .recharts-area-area', { state: 'attached', timeout: 20_000 });
    expect(await p.locator('[data-testid=segment-grade]').textContent()).toMatch(/Average grade −?\d+\.\d %/);

    await p.goto(`${e2e.baseUrl}/#/segments`);
    await p.waitForSelector('[data-testid=segment-row]');
    expect(await p.locator('[data-testid=segment-row]').count()).toBe(1);
    expect(await p.locator('[data-testid=segment-best]').textContent()).toMatch(/\d+:\d\d/);
    await p.waitForFunction(() => /%/.test(document.querySelector('[data-testid=segment-grade]')?.textContent ?? ''));
    await p.waitForSelector('[data-testid=segment-row] [data-testid=mini-map] path', { state: 'attached' }); // a straight track has no width: 'visible' would never hold
    await p.screenshot({ path: join(e2e.shotsDir, 'lists-05-segments.png'), fullPage: true });
  }, 150_000);
});
