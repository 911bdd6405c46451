/**
 * Issue 17 in Chromium: an athlete whose training stopped in 2019 and whose health data ends in
 * 2018. Fitness, Calendar and Health must open on those periods (not on an empty "now") with the
 * range in the URL, the back button must step back through ranges, the home dashboard must show
 * that week with its cards, and Settings → Thresholds must offer estimates that one click accepts.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { haeDate } from '../../bench/hae-payload.js';
import { useE2E } from '../helpers/e2e.js';
import { makeFitActivity, type FitFixtureOptions } from '../helpers/fit-fixture.js';

const e2e = useE2E('default-ranges');
const DAY = 86_400_000;

const ACTIVITIES: { name: string; o: FitFixtureOptions }[] = [
  { name: 'run-2019-05-28.fit', o: { startTime: new Date('2019-05-28T07:00:00Z'), durationS: 2400, speedMps: 3.4 } },
  { name: 'ride-2019-06-04.fit', o: { startTime: new Date('2019-06-04T16:00:00Z'), sport: 'cycling', durationS: 3000, speedMps: 8, withPower: true } },
  { name: 'run-2019-06-12.fit', o: { startTime: new Date('2019-06-12T07:00:00Z'), durationS: 1800, speedMps: 3.6 } },
];
const LAST_ACTIVITY = '2019-06-12';
/** Health: 20 days of resting HR and HRV ending on this day. */
const LAST_HEALTH = '2018-03-20';

const hash = () => e2e.page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash);
const waitHash = (part: string) => e2e.page.waitForFunction((p) => (globalThis as unknown as { location: { hash: string } }).location.hash.includes(p), part);

async function post(path: string, body: NonNullable<Parameters<typeof fetch>[1]>['body'], headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${e2e.baseUrl}${path}`, { method: 'POST', body, headers: { 'x-milevault-client': 'test', ...headers } });
}

beforeAll(async () => {
  const form = new FormData();
  for (const a of ACTIVITIES) form.append('files', new Blob([Buffer.from(makeFitActivity(a.o))]), a.name);
  const res = await post('/api/v1/imports', form);
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  for (let i = 0; ; i++) {
    const job = (await (await fetch(`${e2e.baseUrl}/api/v1/imports/${id}`)).json()) as { status: string; files: { status: string; error?: string }[] };
    if (job.status === 'done') {
      expect(job.files.map((f) => `${f.status}${f.error ?? ''}`)).toEqual(['imported', 'imported', 'imported']);
      break;
    }
    if (i > 300) throw new Error('import did not finish');
    await new Promise((r) => setTimeout(r, 200));
  }
  const key = (await (await post('/api/v1/api-keys', JSON.stringify({ name: 'e2e' }), { 'content-type': 'application/json' })).json()) as { key: string };
  const end = Date.parse(`${LAST_HEALTH}T00:00:00Z`);
  const days = Array.from({ length: 20 }, (_, i) => end - (19 - i) * DAY);
  const payload = {
    data: {
      metrics: [
        { name: 'resting_heart_rate', units: 'count/min', data: days.map((d, i) => ({ qty: 48 + (i % 3), date: haeDate(d + 7 * 3600_000, 0) })) },
        { name: 'heart_rate_variability', units: 'ms', data: days.map((d, i) => ({ qty: 60 + (i % 4), date: haeDate(d + 5 * 3600_000, 0) })) },
      ],
    },
  };
  const ingest = await fetch(`${e2e.baseUrl}/api/v1/ingest/health-auto-export`, { method: 'POST', headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  expect(ingest.status).toBe(200);
}, 120_000);

describe('pages open on the athlete data (issue 17)', { timeout: 120_000 }, () => {
  it('Fitness opens on the 3 months up to the last activity, keeps the range in the URL, and Back steps back', async () => {
    const { page } = e2e;
    await page.goto(`${e2e.baseUrl}/#/fitness`);
    await waitHash(`to=${LAST_ACTIVITY}`);
    expect(await hash()).toMatch(/from=2019-03-\d\d&to=2019-06-12/);
    await page.waitForSelector('[data-testid=fitness-stats]');
    expect(await page.locator('[data-testid=fitness-stats]').textContent()).toMatch(/Load on 2019-06-12/);
    expect(await page.locator('[data-testid=fitness-chart] .recharts-bar-rectangle').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('range-preset-3m').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('range-preset-year').textContent()).toBe('2019');
    expect(await page.getByTestId('range-note').textContent()).toMatch(/12 Jun 2019/);
    await page.screenshot({ path: join(e2e.shotsDir, 'r1-fitness-2019.png'), fullPage: true });

    const before = await hash();
    await page.getByTestId('range-preset-1y').click();
    await waitHash('from=2018-06-13');
    await page.goBack();
    await page.waitForFunction((h) => (globalThis as unknown as { location: { hash: string } }).location.hash === h, before);
    expect(await page.getByTestId('range-preset-3m').getAttribute('aria-pressed')).toBe('true');

    // A shared link opens exactly its range.
    await page.goto(`${e2e.baseUrl}/#/fitness?from=2019-05-01&to=2019-05-31`);
    await page.waitForSelector('[data-testid=range-label]');
    expect(await page.getByTestId('range-label').textContent()).toBe('1 – 31 May 2019');
  });

  it('Calendar opens on the month of the last activity and shows it', async () => {
    const { page } = e2e;
    await page.goto(`${e2e.baseUrl}/#/calendar`);
    await waitHash('from=2019-06-01&to=2019-06-30');
    await page.waitForSelector('[data-testid=calendar-activity]');
    expect(await page.locator('h1').textContent()).toMatch(/June 2019/);
    expect(await page.locator(`[data-testid=calendar-day][data-date="${LAST_ACTIVITY}"] [data-testid=calendar-activity]`).count()).toBe(1);
    // Jump to: May 2019 through the month select.
    await page.selectOption('[data-testid=range-month]', '5');
    await waitHash('from=2019-05-01&to=2019-05-31');
    await page.waitForSelector('[data-testid=calendar-day][data-date="2019-05-28"] [data-testid=calendar-activity]');
    // A 3-month preset shows each month.
    await page.getByTestId('range-preset-3m').click();
    await expect.poll(() => page.locator('[data-testid=calendar]').count()).toBe(4);
    await page.screenshot({ path: join(e2e.shotsDir, 'r2-calendar-2019.png'), fullPage: true });
  });

  it('Records opens on all of the history (stored records) and shows the bests of any other range', async () => {
    const { page } = e2e;
    await page.goto(`${e2e.baseUrl}/#/records`);
    await waitHash(`from=2019-05-28&to=${LAST_ACTIVITY}`);
    expect(await page.getByTestId('range-preset-all').getAttribute('aria-pressed')).toBe('true');
    const table = page.getByTestId('records-distance');
    await table.waitFor();
    expect(await table.locator('thead th').nth(1).textContent()).toBe('All-time');
    // 1 km: 1000 m at 3.6 m/s = 4:38 on 12 June is the all-time best (the May run did 4:54).
    const km = table.locator('[data-testid=record-row]', { hasText: /^1 km/ }).first();
    expect(await km.locator('.record-all').textContent()).toMatch(/4:38/);
    // May 2019 through the month select: the bests of May, from the server.
    await page.selectOption('[data-testid=range-month]', '5');
    await waitHash('from=2019-05-01&to=2019-05-31');
    await page.getByTestId('records-range-note').waitFor();
    await expect.poll(() => table.locator('thead th').nth(1).textContent()).toBe('Best 1 – 31 May 2019');
    expect(await km.locator('.record-all').textContent()).toMatch(/4:54/);
    expect(await hash()).toMatch(/sport=running/);
    await page.screenshot({ path: join(e2e.shotsDir, 'r2b-records-may-2019.png'), fullPage: true });
  });

  it('Health opens on the 4 weeks up to the last health day with recovery cards', async () => {
    const { page } = e2e;
    await page.goto(`${e2e.baseUrl}/#/health`);
    await waitHash(`to=${LAST_HEALTH}`);
    await page.getByTestId('recovery-cards').waitFor();
    expect(await page.getByTestId('recovery-cards').textContent()).toMatch(/bpm/);
    expect(await page.getByTestId('range-preset-4w').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('health-chart-restingHrBpm').locator('.recharts-line-curve').first().waitFor();
    await page.screenshot({ path: join(e2e.shotsDir, 'r3-health-2018.png'), fullPage: true });
  });

  it('the home dashboard shows the week of the last activity with every card', async () => {
    const { page } = e2e;
    await page.goto(`${e2e.baseUrl}/#/`);
    await page.getByTestId('dash-last-activity').waitFor();
    expect(await page.getByTestId('dash-last-activity').textContent()).toMatch(/Last activity 12 Jun 2019: showing that week/);
    await page.getByTestId('dash-week').waitFor();
    expect(await page.getByTestId('dash-week').locator('h2').textContent()).toBe('Week of 2019-06-10');
    expect(await page.getByTestId('dash-week').textContent()).toMatch(/Run/);
    expect(await page.getByTestId('dash-year').textContent()).toMatch(/Ride/);
    expect(await page.getByTestId('dash-activity').count()).toBe(3);
    // `attached`: the fixture's out-and-back track is a zero-width path, which Playwright calls hidden.
    await page.locator('[data-testid=mini-map-track] path').first().waitFor({ state: 'attached' });
    expect((await page.locator('[data-testid=mini-map-track] path').first().getAttribute('d'))!.length).toBeGreaterThan(50);
    await page.getByTestId('dash-fitness').locator('dl').waitFor();
    await page.locator('[data-testid=dash-records] li').first().waitFor();
    await page.getByTestId('recovery-cards').waitFor();
    await page.screenshot({ path: join(e2e.shotsDir, 'r4-home.png'), fullPage: true });

    // Plan of the year: set a 20 km running and a 2-hour ride goal for 2019 (the dashboard's year).
    const goals = page.getByTestId('dash-goals');
    expect(await goals.locator('h2').textContent()).toMatch(/Plan 2019/);
    await goals.getByTestId('goals-edit').click();
    await goals.getByTestId('goal-sport').first().selectOption('running');
    await goals.getByTestId('goal-distance').first().fill('20');
    await goals.getByTestId('goal-add').click();
    await goals.getByTestId('goal-sport').nth(1).selectOption('cycling');
    await goals.getByTestId('goal-hours').nth(1).fill('2');
    await goals.getByTestId('goals-save').click();
    const run = goals.locator('[data-testid=goal][data-sport=running]');
    await run.waitFor();
    // 2019 runs: 2400 s at 3.4 m/s + 1800 s at 3.6 m/s = 14.64 km of 20 km; 2019 is over, so the plan is the whole goal.
    expect(await run.getByTestId('goal-distance').textContent()).toMatch(/^14\.6\d km of 20\.00 km · 73 %5\.3\d km behind plan$/);
    expect(await goals.locator('[data-testid=goal][data-sport=cycling] [data-testid=goal-time]').textContent()).toMatch(/^(49|50):\d\d of 2:00:00 · 42 %1:(10|11):\d\d behind plan$/);
    const stored = (await (await fetch(`${e2e.baseUrl}/api/v1/goals?year=2019`)).json()) as { items: unknown[] };
    expect(stored.items).toEqual([{ sport: 'cycling', distanceM: null, movingTimeS: 7200 }, { sport: 'running', distanceM: 20_000, movingTimeS: null }]);
    await page.screenshot({ path: join(e2e.shotsDir, 'r4b-home-goals.png'), fullPage: true });
    // The brand link goes home.
    await page.goto(`${e2e.baseUrl}/#/activities`);
    await page.locator('a.brand').click();
    await page.getByTestId('dash-week').waitFor();
  });

  it('Settings → Thresholds offers estimates from the history, accepted with one click', async () => {
    const { page } = e2e;
    await page.goto(`${e2e.baseUrl}/#/settings/thresholds`);
    await page.getByTestId('threshold-estimates').waitFor();
    const ftp = page.locator('[data-testid=threshold-estimate][data-kind=ftp]');
    // The fixture ride alternates 200/300 W: best 20 min 250 W → 95% = 238 W (237.5 rounded).
    expect(await ftp.textContent()).toMatch(/238 W.*estimate.*95% of your best 20-minute power \(250 W on 2019-06-04\)/);
    expect(await page.locator('[data-testid=threshold-estimate][data-kind=threshold_pace]').count()).toBe(1);
    await page.screenshot({ path: join(e2e.shotsDir, 'r5-threshold-estimates.png'), fullPage: true });
    await ftp.getByTestId('estimate-accept').click();
    await ftp.getByText('in use').waitFor();
    await page.locator('[data-testid=threshold-row]', { hasText: '238 W' }).waitFor();
    expect(await page.locator('[data-testid=threshold-row]', { hasText: '238 W' }).textContent()).toMatch(/since 2019-06-04/);
  });
});
