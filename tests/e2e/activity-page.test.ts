/**
 * E2E of the activity page (issue 17): one generated run (1 Hz, so the page gets every sample
 * undownsampled) with GPS, HR 120/140, power 200/300, altitude climbing 0.1 m/s for the first half,
 * constant speed and three equal laps. Hovering one chart gives one readout for all channels and
 * moves the map marker; a drag selects a stretch whose stats must match what the file says for
 * that stretch; a lap click shades the charts and outlines the lap on the map.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2E } from '../helpers/e2e.js';

// Callbacks passed to page.evaluate/waitForFunction run in the browser (the test program has no DOM lib).
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const window: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const location: any; // eslint-disable-line @typescript-eslint/no-explicit-any
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { importFits } from '../helpers/e2e-import.js';

const e2e = useE2E('activity-page');
const SPEED = 3; // m/s
const DURATION_S = 1200;
let activityId = '';

async function openActivity(p: Page) {
  await p.goto(`${e2e.baseUrl}/#/activities/${activityId}`);
  await p.waitForSelector('[data-testid=chart-overlay]', { timeout: 90_000 });
  // A due-north track is a vertical line: a zero-width box, so wait for it to exist, not to be "visible".
  await p.waitForSelector('[data-testid=activity-map] path.track-line', { state: 'attached' });
}

async function overlayBox(p: Page) {
  const box = await p.locator('[data-testid=chart-overlay]').boundingBox();
  if (!box) throw new Error('no chart overlay');
  return box;
}

const stat = async (p: Page, key: string) => Number(await p.locator(`[data-testid=selection-bar] [data-stat=${key}]`).getAttribute('data-value'));

describe('activity page (e2e)', () => {
  beforeAll(async () => {
    [activityId] = await importFits(e2e.baseUrl, [['laps-run.fit', makeFitActivity({ startTime: new Date('2025-04-06T07:00:00Z'), durationS: DURATION_S, speedMps: SPEED, withPower: true, laps: 3 })]]);
  }, 180_000);

  it('shows one readout for every chart and moves the map marker with the crosshair', async () => {
    const p = e2e.page;
    await openActivity(p);
    // Summary, map and charts come before gear/notes and the device card.
    const order = await p.evaluate(() =>
      ['summary', 'activity-map', 'hr-chart', 'activity-gear', 'device-info'].map((id) => document.querySelector(`[data-testid=${id}]`)?.getBoundingClientRect().top ?? null),
    );
    expect(order[0]!).toBeLessThan(order[1]!);
    expect(order[2]!).toBeLessThan(900); // the charts start in the first screen at 1280×900
    if (order[3] !== null) expect(order[3]!).toBeGreaterThan(order[2]!);
    expect(await p.locator('[data-testid=power-chart]').count()).toBe(1);

    const box = await overlayBox(p);
    const hrChart = await p.locator('[data-testid=hr-chart]').boundingBox();
    await p.mouse.move(box.x + box.width * 0.25, hrChart!.y + hrChart!.height / 2);
    await p.waitForSelector('[data-testid=chart-readout]');
    expect(await p.locator('[data-testid=chart-readout]').count()).toBe(1);
    expect(await p.locator('.recharts-tooltip-wrapper:visible').count()).toBe(0);
    const readout = await p.locator('[data-testid=chart-readout]').textContent();
    for (const label of ['Pace', 'Heart rate', 'Power', 'Elevation']) expect(readout).toContain(label);
    const marker = p.locator('[data-testid=activity-map] path.map-cursor');
    await marker.waitFor({ state: 'attached' });
    const first = await marker.boundingBox();

    // The track runs due north: later in the run the marker sits higher on the map.
    await p.mouse.move(box.x + box.width * 0.75, hrChart!.y + hrChart!.height / 2);
    await p.waitForFunction((y0) => {
      const r = document.querySelector('[data-testid=activity-map] path.map-cursor')?.getBoundingClientRect();
      return r && r.top < y0 - 5;
    }, first!.y);
    expect(await p.locator('[data-testid=chart-readout]').count()).toBe(1);
    await p.screenshot({ path: `${e2e.shotsDir}/activity-01-crosshair.png` });
  }, 180_000);

  it('selects a stretch by dragging: its stats match the generated file, and it zooms', async () => {
    const p = e2e.page;
    await openActivity(p);
    const box = await overlayBox(p);
    const y = box.y + 60;
    // 10 % → 40 %: inside the climbing first half of the run.
    await p.mouse.move(box.x + box.width * 0.1, y);
    await p.mouse.down();
    await p.mouse.move(box.x + box.width * 0.25, y, { steps: 4 });
    await p.mouse.move(box.x + box.width * 0.4, y, { steps: 4 });
    await p.mouse.up();
    await p.waitForSelector('[data-testid=selection-bar]');
    const timeS = await stat(p, 'time');
    expect(timeS).toBeGreaterThan(DURATION_S * 0.25);
    expect(timeS).toBeLessThan(DURATION_S * 0.35);
    // What the file holds for any stretch of this run: distance = speed·time, HR 120/140 alternating,
    // power 200/300 alternating, altitude +0.1 m per second in the first half.
    expect(await stat(p, 'distance')).toBeCloseTo(SPEED * timeS, 0);
    expect(await stat(p, 'rate')).toBeCloseTo(SPEED, 2);
    expect(Math.abs((await stat(p, 'hr')) - 130)).toBeLessThan(0.5);
    expect(Math.abs((await stat(p, 'power')) - 250)).toBeLessThan(1);
    expect(Math.abs((await stat(p, 'ascent')) - 0.1 * timeS)).toBeLessThan(0.6);
    expect(await p.locator('[data-testid=selection-bar]').textContent()).toMatch(/5:33 \/km/);
    expect(await p.locator('[data-testid=chart-selection]').count()).toBe(1);
    await p.screenshot({ path: `${e2e.shotsDir}/activity-02-selection.png` });

    // Zoom: the x axis now spans the selection only; reset brings the whole run back.
    // Only the bottom panel draws x-axis ticks (its y ticks do not change with a zoom).
    const ticksBefore = await p.locator('.charts-stack figure.chart:last-of-type .recharts-cartesian-axis-tick-value').allTextContents();
    expect(ticksBefore.length).toBeGreaterThan(1);
    await p.click('[data-testid=zoom-selection]');
    await p.waitForSelector('[data-testid=reset-zoom]');
    await p.waitForFunction(
      (before) => JSON.stringify([...document.querySelectorAll('.charts-stack figure.chart:last-of-type .recharts-cartesian-axis-tick-value')].map((t: any) => t.textContent)) !== before,
      JSON.stringify(ticksBefore),
    );
    await p.click('[data-testid=reset-zoom]');
    await p.waitForSelector('[data-testid=reset-zoom]', { state: 'detached' });
  }, 180_000);

  it('highlights a lap on the charts and the map when it is clicked', async () => {
    const p = e2e.page;
    await openActivity(p);
    expect(await p.locator('[data-testid=lap-row]').count()).toBe(3);
    expect(await p.locator('[data-testid=activity-map] path.track-highlight').count()).toBe(0);
    await p.locator('[data-testid=lap-row]').nth(1).click();
    await p.waitForSelector('[data-testid=activity-map] path.track-highlight', { state: 'attached' });
    expect(await p.locator('[data-testid=selection-bar]').getAttribute('aria-label')).toBe('Selection: Lap 2');
    // Lap 2 is the middle third: 400 s and 1.2 km.
    expect(Math.abs((await stat(p, 'time')) - DURATION_S / 3)).toBeLessThanOrEqual(1);
    expect(Math.abs((await stat(p, 'distance')) - (SPEED * DURATION_S) / 3)).toBeLessThanOrEqual(SPEED);
    const shade = await p.locator('[data-testid=chart-selection]').boundingBox();
    const box = await overlayBox(p);
    expect((shade!.x - box.x) / box.width).toBeCloseTo(1 / 3, 1);
    expect(shade!.width / box.width).toBeCloseTo(1 / 3, 1);
    expect(await p.locator('[data-testid=lap-row]').nth(1).getAttribute('class')).toContain('is-selected');
    await p.screenshot({ path: `${e2e.shotsDir}/activity-03-lap.png` });
    // Clicking it again clears the highlight.
    await p.locator('[data-testid=lap-row]').nth(1).click();
    await p.waitForSelector('[data-testid=activity-map] path.track-highlight', { state: 'detached' });
  }, 180_000);

  it('colours the track by gradient with a legend and opens the map full window', async () => {
    const p = e2e.page;
    await openActivity(p);
    await p.selectOption('[data-testid=map-color-by]', 'gradient');
    await p.waitForSelector('[data-testid=map-legend]');
    expect(await p.locator('[data-testid=map-legend]').textContent()).toContain('Gradient');
    // Climb then descent: at least two colours on the track.
    const colours = await p.locator('[data-testid=activity-map] path.track-colored').evaluateAll((ps) => new Set(ps.map((x) => x.getAttribute('stroke'))).size);
    expect(colours).toBeGreaterThanOrEqual(2);
    await p.click('[data-testid=map-fullscreen]');
    const full = await p.locator('[data-testid=map-wrap]').boundingBox();
    expect(full!.width).toBeGreaterThanOrEqual(1270);
    await p.keyboard.press('Escape');
    await p.waitForFunction(() => !document.querySelector('.map-wrap.is-fullscreen'));
  }, 180_000);
});
