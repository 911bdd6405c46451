/**
 * E2E (issue 19, "done means"): a simulated OsmAnd/Traccar tracker posts points, and the share
 * page in Debian's Chromium — opened without any login — shows the athlete's marker moving, the
 * trail growing and the stats, pushed over the WebSocket; revoking the link empties the page.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useE2E } from '../helpers/e2e.js';

const e2e = useE2E('live');

describe('live share page', () => {
  it('watches a simulated athlete move on the map', async () => {
    const { page, baseUrl } = e2e;
    const api = async (path: string, init: RequestInit = {}) => fetch(`${baseUrl}${path}`, { ...init, headers: { 'x-milevault-client': 'e2e', ...(init.body ? { 'content-type': 'application/json' } : {}) } });
    const { token } = (await (await api('/api/v1/live/tokens', { method: 'POST', body: '{}' })).json()) as { token: string };
    const t0 = Math.floor(Date.now() / 1000) - 600;
    // The athlete runs north along a meridian, one fix every 5 s (~15 m apart), Traccar-style form POSTs.
    const fix = async (i: number) => {
      const res = await fetch(`${baseUrl}/api/v1/live/osmand`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `id=${token}&lat=${(47.37 + i * 1.35e-4).toFixed(6)}&lon=8.54&timestamp=${t0 + i * 5}&speed=5.8&bearing=0&heartrate=${150 + i}`,
      });
      expect(res.status).toBe(200);
    };
    for (let i = 0; i < 3; i++) await fix(i);
    const sessions = (await (await api('/api/v1/live/sessions')).json()) as { items: { share: { url: string } }[] };
    const shareUrl = sessions.items[0]!.share.url;
    expect(shareUrl).toMatch(/^\/#\/live\//);

    await page.goto(`${baseUrl}${shareUrl}`);
    const root = page.getByTestId('live-page');
    await expect.poll(() => root.getAttribute('data-points'), { timeout: 15_000 }).toBe('3');
    await expect.poll(() => root.getAttribute('data-transport'), { timeout: 15_000 }).toBe('websocket');
    expect(await root.getAttribute('data-status')).toBe('live');
    await page.locator('.live-marker').waitFor();
    // A straight north-bound line has zero width, which Playwright calls hidden (and Leaflet merges
    // collinear vertices): read how far its path spans, in layer pixels (zoom stays put while following).
    const span = async () => {
      const ys = ((await page.locator('path.live-trail').getAttribute('d')) ?? '').split(/[ML]/).filter(Boolean).map((xy) => Number(xy.trim().split(/[ ,]/)[1]));
      return ys.length ? Math.max(...ys) - Math.min(...ys) : 0;
    };
    await expect.poll(span, { timeout: 10_000 }).toBeGreaterThan(0);
    const span0 = await span();
    const firstLat = Number(await root.getAttribute('data-lat'));
    await page.screenshot({ path: join(e2e.shotsDir, 'live-1-start.png') });

    // The athlete keeps moving: each pushed point moves the marker north.
    for (let i = 3; i < 8; i++) {
      await fix(i);
      const want = (47.37 + i * 1.35e-4).toFixed(6);
      await expect.poll(async () => Number(await root.getAttribute('data-lat')).toFixed(6), { timeout: 10_000 }).toBe(want);
    }
    expect(Number(await root.getAttribute('data-lat'))).toBeGreaterThan(firstLat);
    expect(await root.getAttribute('data-points')).toBe('8');
    expect(await page.getByTestId('live-hr').textContent()).toBe('157 bpm');
    expect(await page.getByTestId('live-elapsed').textContent()).toBe('0:35');
    expect(Number((await page.getByTestId('live-distance').textContent())!.split(' ')[0])).toBeCloseTo(0.1, 1);
    expect(await span()).toBeGreaterThan(span0 * 2);
    await page.screenshot({ path: join(e2e.shotsDir, 'live-2-moved.png') });

    // The athlete revokes the link: the page says so instead of showing the map.
    const list = (await (await api('/api/v1/live/sessions')).json()) as { items: { id: string }[] };
    expect((await api(`/api/v1/live/sessions/${list.items[0]!.id}/share`, { method: 'DELETE' })).status).toBe(204);
    await expect.poll(() => root.getAttribute('data-status'), { timeout: 10_000 }).toBe('gone');
    await page.getByText('The athlete has stopped sharing this session.').waitFor();
  });

  it('Settings creates a tracker token, lists the session and attaches a GPX plan that viewers follow', async () => {
    const { page, baseUrl } = e2e;
    await page.goto(`${baseUrl}/#/settings`);
    const card = page.getByTestId('live-settings');
    await card.getByRole('button', { name: 'Create tracker token' }).click();
    const token = (await page.getByTestId('live-token-value').textContent())!;
    expect(token).toMatch(/^mvl_/);
    await expect.poll(() => card.getByText('/api/v1/live/osmand?id=').count()).toBeGreaterThan(0);
    const t0 = Math.floor(Date.now() / 1000) - 120;
    // The athlete heads north from (47.5, 8.7), ~55 m every 10 s.
    const latAt = (i: number) => (47.5 + i * 5e-4).toFixed(6);
    const fix = (i: number) => fetch(`${baseUrl}/api/v1/live/osmand?id=${token}&lat=${latAt(i)}&lon=8.7&timestamp=${t0 + i * 10}`);
    expect((await fix(0)).status).toBe(200);
    await page.reload();
    const row = page.getByTestId('live-sessions').locator('li').first();
    await row.getByText('1 point ·', { exact: false }).waitFor();
    const href = await row.getByRole('link', { name: 'share link' }).getAttribute('href');
    expect(href).toMatch(/#\/live\/[A-Za-z0-9_-]+$/);

    // Planned route (issue 19): a 2 km GPX due north from the start, attached from Settings.
    const trkpts = Array.from({ length: 201 }, (_, k) => `<trkpt lat="${(47.5 + (k * 2000) / 200 / 111_195).toFixed(7)}" lon="8.7"/>`).join('');
    const gpx = `<?xml version="1.0"?><gpx version="1.1" creator="e2e" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>Race 2k</name><trkseg>${trkpts}</trkseg></trk></gpx>`;
    await row.getByTestId('live-plan-file').setInputFiles({ name: 'race.gpx', mimeType: 'application/gpx+xml', buffer: Buffer.from(gpx) });
    await expect.poll(() => row.getByTestId('live-session-plan').textContent(), { timeout: 10_000 }).toContain('Race 2k (2.0 km)');
    await page.screenshot({ path: join(e2e.shotsDir, 'live-3-settings.png'), fullPage: true });

    // A viewer sees the plan under the trail, and the distance to go shrinks as the athlete moves.
    await page.goto(new URL(href!, `${baseUrl}/`).toString());
    const root = page.getByTestId('live-page');
    await expect.poll(() => root.getAttribute('data-plan-points').then(Number), { timeout: 15_000 }).toBeGreaterThan(100);
    await page.locator('path.live-plan').waitFor({ state: 'attached' });
    const toGoKm = async () => Number(((await page.getByTestId('live-plan-togo').textContent()) ?? '').split(' ')[0]);
    await expect.poll(toGoKm, { timeout: 10_000 }).toBeCloseTo(2.0, 1);
    for (let i = 1; i <= 6; i++) expect((await fix(i)).status).toBe(200);
    await expect.poll(() => root.getAttribute('data-points'), { timeout: 10_000 }).toBe('7');
    // 6 × 55.6 m = 334 m done.
    await expect.poll(toGoKm, { timeout: 10_000 }).toBeCloseTo(1.67, 1);
    expect(await page.getByTestId('live-plan-done').textContent()).toMatch(/^0\.3\d \/ 2\.0 km$/);
    // 55.6 m per 10 s is 3:00 /km (it once read "2:60").
    expect(await page.getByTestId('live-pace').textContent()).toBe('3:00 /km');
    await page.screenshot({ path: join(e2e.shotsDir, 'live-4-plan.png') });
  });
});
