/**
 * E2E (issue 17): every page at 390×844 (a phone) fits the screen — the document is never wider
 * than the viewport (before: 971 px, nav cut at "Rec…", calendar cut after Thursday) — and the
 * main navigation is a Menu button that opens the links.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2E } from '../helpers/e2e.js';

// Callbacks passed to page.evaluate/waitForFunction run in the browser (the test program has no DOM lib).
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const window: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const location: any; // eslint-disable-line @typescript-eslint/no-explicit-any
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { importFits } from '../helpers/e2e-import.js';

const e2e = useE2E('phone-layout');
let runId = '';

describe('phone layout (e2e, 390 px)', () => {
  beforeAll(async () => {
    const ids = await importFits(e2e.baseUrl, [
      ['phone-run.fit', makeFitActivity({ startTime: new Date('2025-04-06T07:00:00Z'), durationS: 900, speedMps: 3, withPower: true, laps: 3 })],
      ['phone-run-2.fit', makeFitActivity({ startTime: new Date('2025-04-09T07:00:00Z'), durationS: 900, speedMps: 3.1, laps: 2 })],
      ['phone-ride.fit', makeFitActivity({ startTime: new Date('2025-04-07T16:00:00Z'), durationS: 1200, speedMps: 8, sport: 'cycling', withPower: true })],
    ]);
    runId = ids[0]!;
  }, 180_000);

  it('no page scrolls sideways, and the nav is a menu', async () => {
    const p = e2e.page;
    await p.setViewportSize({ width: 390, height: 844 });
    const routes = (await (await fetch(`${e2e.baseUrl}/api/v1/routes`)).json()) as { id: string }[] | { items: { id: string }[] };
    const routeId = (Array.isArray(routes) ? routes : routes.items)[0]?.id;
    const pages = ['#/', '#/activities', `#/activities/${runId}`, '#/calendar', '#/fitness', '#/records', '#/health', '#/import', '#/routes', ...(routeId ? [`#/routes/${routeId}`] : []), '#/segments', '#/heatmap', '#/gear', '#/settings', '#/settings/thresholds'];
    const widths: Record<string, number> = {};
    for (const hash of pages) {
      await p.goto(`${e2e.baseUrl}/${hash}`);
      await p.waitForSelector('main#main > *', { timeout: 60_000 });
      // Wait out loading states, then measure (charts and maps size themselves after data arrives).
      await p.waitForFunction(() => !document.querySelector('.state-loading, .spinner'), null, { timeout: 60_000 }).catch(() => {});
      await p.waitForTimeout(300);
      widths[hash] = await p.evaluate(() => document.documentElement.scrollWidth);
    }
    await p.screenshot({ path: `${e2e.shotsDir}/phone-last-page.png`, fullPage: true });
    const tooWide = Object.entries(widths).filter(([, w]) => w > 390);
    expect(tooWide, `pages wider than 390 px: ${JSON.stringify(widths)}`).toEqual([]);

    // The calendar fits without scrolling inside its card: seven day columns within the phone, the
    // week total a row under them, and each activity still a link with a short figure.
    await p.goto(`${e2e.baseUrl}/#/calendar?from=2025-04-01&to=2025-04-30`);
    await p.locator('[data-testid=calendar-day][data-date="2025-04-06"] [data-testid=calendar-activity]').waitFor();
    const cal = await p.evaluate(() => {
      const card = document.querySelector('.cal-card');
      const days = [...document.querySelectorAll('[data-testid=calendar-day]')].slice(0, 7).map((d: any) => d.getBoundingClientRect());
      const week = document.querySelector('[data-testid=calendar-week]').getBoundingClientRect();
      return { scroll: card.scrollWidth, client: card.clientWidth, lastRight: days[6].right, firstTop: days[0].top, lastTop: days[6].top, weekTop: week.top, dayBottom: days[0].bottom };
    });
    expect(cal.scroll, JSON.stringify(cal)).toBeLessThanOrEqual(cal.client);
    expect(cal.lastRight).toBeLessThanOrEqual(390);
    expect(cal.lastTop).toBe(cal.firstTop);
    expect(cal.weekTop).toBeGreaterThanOrEqual(cal.dayBottom);
    // 15 min at 3 m/s = 2.7 km: "2.7" on the chip, the whole description in its accessible name.
    const chip = p.locator('[data-testid=calendar-day][data-date="2025-04-06"] [data-testid=calendar-activity]');
    expect(await chip.locator('.cal-act-short').textContent()).toBe('2.7');
    expect(await chip.getAttribute('aria-label')).toMatch(/2\.70 km/);
    await p.screenshot({ path: `${e2e.shotsDir}/phone-calendar.png`, fullPage: true });

    // The links are behind a Menu button; it opens them and navigation closes it.
    await p.goto(`${e2e.baseUrl}/#/activities`);
    const toggle = p.locator('[data-testid=nav-toggle]');
    await toggle.waitFor();
    expect(await p.locator('nav[aria-label=Main] a', { hasText: 'Settings' }).isVisible()).toBe(false);
    await toggle.click();
    // Polled, not read once: the menu's state is React's to flush after the click (a CI run read
    // the attribute in between).
    await expect.poll(() => toggle.getAttribute('aria-expanded'), { timeout: 10_000 }).toBe('true');
    const settings = p.locator('nav[aria-label=Main] a', { hasText: 'Settings' });
    await expect.poll(() => settings.isVisible(), { timeout: 10_000 }).toBe(true);
    const box = await settings.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await settings.click();
    await p.waitForFunction(() => location.hash === '#/settings');
    await expect.poll(() => toggle.getAttribute('aria-expanded'), { timeout: 10_000 }).toBe('false');
  }, 300_000);
});
