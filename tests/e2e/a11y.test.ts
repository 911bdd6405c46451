/**
 * E2E (issue 17): axe-core (the engine behind Lighthouse's accessibility score) injected into the
 * main pages, WCAG 2 A/AA rules, in light and dark mode: no serious or critical violation. Also
 * the keyboard: the first Tab reaches "Skip to content", which moves focus to the page.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2E } from '../helpers/e2e.js';

// Callbacks passed to page.evaluate/waitForFunction run in the browser (the test program has no DOM lib).
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const window: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const location: any; // eslint-disable-line @typescript-eslint/no-explicit-any
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { importFits } from '../helpers/e2e-import.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const e2e = useE2E('a11y');
let runId = '';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function axe(p: Page): Promise<AxeViolation[]> {
  // Evaluated over the DevTools protocol: the app's CSP (script-src 'self') would block an injected <script>.
  await p.evaluate(`${AXE_SOURCE}\n;undefined`);
  return p.evaluate(async () => {
    const r = await (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: AxeViolation[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) }));
  });
}

describe('accessibility (e2e, axe-core)', () => {
  beforeAll(async () => {
    [runId] = await importFits(e2e.baseUrl, [
      ['a11y-run.fit', makeFitActivity({ startTime: new Date('2025-04-06T07:00:00Z'), durationS: 900, speedMps: 3, withPower: true, laps: 3 })],
      ['a11y-ride.fit', makeFitActivity({ startTime: new Date('2025-04-07T16:00:00Z'), durationS: 1200, speedMps: 8, sport: 'cycling', withPower: true })],
    ]);
    // The dashboard (2025, the last activity's year) shows its plan card with progress meters.
    const goals = await fetch(`${e2e.baseUrl}/api/v1/goals`, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-milevault-client': 'test' }, body: JSON.stringify({ year: 2025, items: [{ sport: 'running', distanceM: 500_000 }, { sport: 'all', movingTimeS: 360_000 }] }) });
    expect(goals.status).toBe(200);
  }, 180_000);

  it('has no serious or critical violations on the main pages, light and dark', async () => {
    const p = e2e.page;
    const pages = ['#/', '#/activities', `#/activities/${runId}`, '#/calendar', '#/fitness', '#/records', '#/health', '#/routes', '#/import', '#/settings'];
    const found: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await p.emulateMedia({ colorScheme: scheme });
      for (const hash of pages) {
        await p.goto(`${e2e.baseUrl}/${hash}`);
        await p.waitForSelector('main#main > *', { timeout: 60_000 });
        await p.waitForFunction(() => !document.querySelector('.state-loading, .spinner'), null, { timeout: 60_000 }).catch(() => {});
        await p.waitForTimeout(300);
        for (const v of await axe(p)) {
          if (v.impact === 'serious' || v.impact === 'critical') found.push(`${scheme} ${hash}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        }
      }
    }
    expect(found).toEqual([]);
  }, 300_000);

  it('puts "Skip to content" first in the tab order and moves focus to the page', async () => {
    const p = e2e.page;
    await p.goto(`${e2e.baseUrl}/#/activities`);
    await p.waitForSelector('main#main > *');
    await p.keyboard.press('Tab');
    expect(await p.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');
    await p.keyboard.press('Enter');
    expect(await p.evaluate(() => document.activeElement?.id)).toBe('main');
    // The next Tab lands inside the page, not back in the 10-link nav.
    await p.keyboard.press('Tab');
    expect(await p.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);

    // Issue 17: the first activity link comes early (it was the 23rd Tab): count the Tabs from a
    // fresh load, through Skip to content, to the first activity's link.
    await p.reload();
    await p.waitForSelector('[data-testid=activity-row] a');
    await p.keyboard.press('Tab');
    await p.keyboard.press('Enter');
    // Next in the page: "Skip the filters to the activities".
    await p.keyboard.press('Tab');
    expect(await p.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('skip-to-list');
    await p.keyboard.press('Enter');
    // Tab, Enter (skip to content), Tab, Enter (skip the filters): four key presses so far.
    let tabs = 4;
    const onActivity = () => p.evaluate(() => !!document.activeElement?.closest('[data-testid=activity-row]') && document.activeElement?.tagName === 'A');
    const seen: string[] = [];
    while (!(await onActivity()) && tabs < 40) {
      await p.keyboard.press('Tab');
      tabs++;
      seen.push(await p.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim().slice(0, 20) ?? ''}`));
    }
    console.log(`[a11y] first activity link after ${tabs} key presses: ${seen.join(' | ')}`);
    expect(await onActivity(), seen.join(' | ')).toBe(true);
    expect(tabs, seen.join(' | ')).toBe(4);
    // Without the skip link the filters and sort buttons follow in order (every field stays reachable).
    await p.keyboard.press('Shift+Tab');
    expect(await p.evaluate(() => !!document.activeElement?.closest('[data-testid=activity-row]'))).toBe(true);
  }, 120_000);
});
