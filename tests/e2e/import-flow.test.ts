/**
 * E2E: Debian's Chromium (playwright-core) against the real server serving the built renderer.
 * A generated 1-hour FIT run is dropped on the window like a user would, then the activity page must
 * show a track on the map (with no tile server reachable), a heart-rate chart and laps.
 *
 * Set MILEVAULT_E2E_URL to drive an already running server instead of starting one.
 * Screenshots go to a temp folder (printed), or to MILEVAULT_E2E_SHOTS when set.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useE2E } from '../helpers/e2e.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';


const e2e = useE2E('shots');

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
    await e2e.page.goto(`${e2e.baseUrl}/`);
    await e2e.page.waitForSelector('main h1');

    const dt = await dataTransferWith(e2e.page, 'morning-run.fit', fit);
    await e2e.page.dispatchEvent('body', 'dragenter', { dataTransfer: dt });
    await e2e.page.dispatchEvent('body', 'dragover', { dataTransfer: dt });
    await e2e.page.waitForSelector('[data-testid=drop-overlay]', { state: 'visible' });
    await e2e.page.screenshot({ path: join(e2e.shotsDir, '01-drop-overlay.png') });
    await e2e.page.dispatchEvent('body', 'drop', { dataTransfer: dt });
    await e2e.page.waitForSelector('[data-testid=drop-overlay]', { state: 'hidden' });

    await waitForImportDone(e2e.page);
    const result = e2e.page.locator('[data-testid=import-result]').first();
    expect(await result.getAttribute('data-status'), `import result: ${await result.textContent()}`).toBe('imported');
    expect(await result.textContent()).toMatch(/imported/i);
    await e2e.page.screenshot({ path: join(e2e.shotsDir, '02-import-done.png'), fullPage: true });

    await result.locator('[data-testid=import-result-link]').click();
    // `attached`, not visible: a straight out-and-back track is a zero-width path, which Playwright calls hidden.
    await e2e.page.waitForSelector('[data-testid=activity-map] .leaflet-overlay-pane path', { state: 'attached' });
    const trackD = await e2e.page.$$eval('[data-testid=activity-map] .leaflet-overlay-pane path', (ps) =>
      ps.map((p) => p.getAttribute('d') ?? '').filter((d) => d.length > 20),
    );
    expect(trackD.length).toBeGreaterThan(0);

    const hrPath = e2e.page.locator('[data-testid=hr-chart] path.recharts-line-curve').first();
    await hrPath.waitFor({ state: 'attached', timeout: 15_000 });
    expect((await hrPath.getAttribute('d'))?.length ?? 0).toBeGreaterThan(20);

    const laps = await e2e.page.locator('[data-testid=lap-table] tbody tr').count();
    expect(laps).toBeGreaterThan(0);

    await e2e.page.screenshot({ path: join(e2e.shotsDir, '03-activity.png'), fullPage: true });
  });

  it('imports through the file picker and lists the activity', async () => {
    await e2e.page.goto(`${e2e.baseUrl}/#/import`);
    await e2e.page.setInputFiles('[data-testid=file-input]', {
      name: 'picked-run.fit',
      mimeType: 'application/octet-stream',
      // Another day and length than the dropped run, so it is a new activity and not a duplicate.
      buffer: Buffer.from(makeFitActivity({ durationS: 1800, startTime: new Date('2024-05-04T07:15:00Z') })),
    });
    await waitForImportDone(e2e.page);
    const result = e2e.page.locator('[data-testid=import-result]').first();
    expect(await result.getAttribute('data-status'), `import result: ${await result.textContent()}`).toBe('imported');

    await e2e.page.goto(`${e2e.baseUrl}/#/activities`);
    await e2e.page.waitForSelector('[data-testid=activity-row]');
    expect(await e2e.page.locator('[data-testid=activity-row]').count()).toBeGreaterThanOrEqual(1);
    await e2e.page.screenshot({ path: join(e2e.shotsDir, '04-activity-list.png'), fullPage: true });
  });

  it('reports a file that is not an activity as failed, with a reason', async () => {
    await e2e.page.goto(`${e2e.baseUrl}/#/import`);
    await e2e.page.setInputFiles('[data-testid=file-input]', {
      name: 'bad.fit',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('this is a shopping list, not a FIT file\n'),
    });
    await waitForImportDone(e2e.page);
    const result = e2e.page.locator('[data-testid=import-result]').first();
    expect(await result.getAttribute('data-status')).toBe('failed');
    const reason = (await result.locator('.result-reason').textContent())?.trim() ?? '';
    expect(reason.length).toBeGreaterThan(5);
    // A crash of the parser is a failure too, but not the one this test is about.
    expect(reason).not.toMatch(/crash|stopped unexpectedly/i);
    await e2e.page.screenshot({ path: join(e2e.shotsDir, '05-import-failed.png'), fullPage: true });
  });
});
