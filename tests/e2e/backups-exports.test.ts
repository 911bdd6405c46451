/**
 * E2E (issue 16): Settings → Backups in Chromium against the real server: "Back up now" runs a
 * backup whose outcome and file appear with a download link; the activity page's Export menu
 * offers GPX, TCX, CSV and GeoJSON, and the GPX link serves a GPX file.
 */
import { createServer } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { multipartBody } from '../helpers/test-app.js';
import { useE2E } from '../helpers/e2e.js';

const e2e = useE2E('backups');

describe('backups and exports (Chromium)', () => {
  it('backs up from Settings and lists the backup', async () => {
    const { page, baseUrl, shotsDir } = e2e;
    await page.goto(`${baseUrl}/#/settings`);
    await page.getByTestId('backups-settings').waitFor();
    await page.getByTestId('backup-now').click();
    await page.getByText('Last backup').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('backup-last').textContent()).resolves.toMatch(/OK/);
    const link = page.getByTestId('backup-list').getByRole('link', { name: 'Download' });
    await link.first().waitFor();
    const href = await link.first().getAttribute('href');
    expect(href).toMatch(/^api\/v1\/backups\/files\/milevault-.*\.mvbackup\.tar\.gz$/);
    const res = await page.request.get(`${baseUrl}/${href}`);
    expect(res.status()).toBe(200);
    expect((await res.body()).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const exportHref = await page.getByTestId('account-export').getAttribute('href');
    const zip = await page.request.get(`${baseUrl}/${exportHref}`);
    expect(zip.status()).toBe(200);
    expect((await zip.body()).subarray(0, 2).toString()).toBe('PK');
    // The page follows the streamed export's progress (server-sent events).
    await expect.poll(() => page.getByTestId('export-progress').textContent(), { timeout: 10_000 }).toMatch(/^Account export finished: \d+ activities\.$/);
    const parquetHref = await page.getByTestId('parquet-export').getAttribute('href');
    expect(parquetHref).toBe('api/v1/export/parquet');
    const pq = await page.request.get(`${baseUrl}/${parquetHref}`);
    expect(pq.status()).toBe(200);
    expect((await pq.body()).subarray(0, 2).toString()).toBe('PK');
    await expect.poll(() => page.getByTestId('export-progress').textContent(), { timeout: 10_000 }).toBe('Parquet export finished: 4 tables.');
    // Housekeeping: the retention settings are shown and "Clean up now" reports what it removed.
    await page.getByTestId('housekeeping').waitFor();
    await expect(page.getByLabel('Raw health payloads').inputValue()).resolves.toBe('365');
    await page.getByTestId('housekeeping-run').click();
    await page.getByTestId('housekeeping-last').getByText('Last cleanup').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('housekeeping-last').textContent()).resolves.toMatch(/removed 0 staged upload\(s\)/);
    await page.screenshot({ path: join(shotsDir, 'settings-backups.png'), fullPage: true });
  });

  it('Settings → Notifications: saves a webhook, "Send test" reports the delivery the receiver got (issue 18)', async () => {
    const { page, baseUrl, shotsDir } = e2e;
    const got: string[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => (got.push(body), res.writeHead(200).end('{}')));
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
      await page.goto(`${baseUrl}/#/settings`);
      await page.getByTestId('notifications-settings').waitFor();
      await page.getByTestId('notify-webhook-url').fill(hookUrl);
      await page.getByTestId('notify-webhook-enabled').check();
      await expect.poll(async () => (await page.request.get(`${baseUrl}/api/v1/notifications`)).json().then((d) => d.settings.channels.webhook)).toEqual({ enabled: true, url: hookUrl, tokenSet: false });
      await page.getByTestId('notify-test').click();
      await page.getByTestId('notify-test-results').getByText('webhook: delivered (HTTP 200)').waitFor({ timeout: 20_000 });
      expect(got.map((b) => JSON.parse(b).kind)).toEqual(['test']);
      await page.getByTestId('notifications-settings').screenshot({ path: join(shotsDir, 'settings-notifications.png') });
    } finally {
      receiver.close();
    }
  });

  it('offers the exports on the activity page', async () => {
    const { page, baseUrl, shotsDir } = e2e;
    const { payload, headers } = multipartBody([{ name: 'run.fit', bytes: makeFitActivity({ durationS: 600 }) }]);
    const up = await page.request.post(`${baseUrl}/api/v1/imports`, { data: payload, headers });
    const { id } = (await up.json()) as { id: string };
    let activityId: string | undefined;
    while (!activityId) {
      const job = (await (await page.request.get(`${baseUrl}/api/v1/imports/${id}`)).json()) as { status: string; files: { activityId?: string }[] };
      activityId = job.files[0]?.activityId;
      if (!activityId) await page.waitForTimeout(100);
    }
    await page.goto(`${baseUrl}/#/activities/${activityId}`);
    await page.getByTestId('export-menu').locator('summary').click();
    for (const f of ['gpx', 'tcx', 'csv', 'geojson']) await expect(page.getByTestId(`export-${f}`).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(shotsDir, 'activity-export-menu.png') });
    const href = await page.getByTestId('export-gpx').getAttribute('href');
    const gpx = await page.request.get(`${baseUrl}/${href}`);
    expect(gpx.status()).toBe(200);
    expect(await gpx.text()).toContain('<gpx version="1.1"');
  });
});
