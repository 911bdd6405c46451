/**
 * Notifications (issue 18) against real local HTTP servers standing in for a webhook receiver, ntfy
 * and Gotify: settings, "send test", delivery with timeout and bounded retries, failures visible,
 * failed jobs notify, and an imported history makes ONE summary insight and notification.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_USER_ID } from '../../server/plugins/auth.js';
import type { NotificationPayload, NotificationsDto, NotificationTestResultDto } from '../../shared/notifications-api.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestDatabase } from '../helpers/pg-database.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const H = { 'x-milevault-client': 'test' };

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP server that records every request; `answer` decides the status (or never answers). */
async function recorder(answer: (n: number, r: Recorded) => number | 'hang' = () => 200) {
  const requests: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(r);
      const a = answer(requests.length, r);
      if (a === 'hang') return; // never answers: the client's timeout must end it
      res.writeHead(a, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, requests, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 30_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

let t: TestApp;
const servers: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  t = await createTestApp();
  await t.services.autoIngest.start();
  // Short waits so retries finish within the test (the defaults are 10 s, then 2 s / 15 s / 60 s).
  t.services.autoIngest.notifications.configure({ timeoutMs: 300, backoffMs: [20, 40] });
});
afterAll(async () => {
  await t.close();
  for (const s of servers) await s.close();
});

async function put(body: unknown) {
  return t.app.inject({ method: 'PUT', url: '/api/v1/notifications', headers: H, payload: body as Record<string, unknown> });
}

describe('notifications', () => {
  it('webhook, ntfy and Gotify get the documented requests; tokens are sealed; send test reports each channel', async () => {
    const hook = await recorder();
    const ntfy = await recorder();
    const gotify = await recorder();
    servers.push(hook, ntfy, gotify);

    expect((await put({ channels: { gotify: { enabled: true, url: gotify.url } } })).json().error.message).toMatch(/gotify: an application token/);
    expect((await put({ channels: { webhook: { enabled: true, url: 'ftp://x/y' } } })).statusCode).toBe(400);
    expect((await put({ channels: { ntfy: { enabled: true, url: ntfy.url } } })).json().error.message).toMatch(/must name a topic/);
    expect((await put({ recentDays: -1 })).statusCode).toBe(400);

    const r = await put({ channels: { webhook: { enabled: true, url: `${hook.url}/hook` }, ntfy: { enabled: true, url: `${ntfy.url}/mv-topic`, token: 'tk_ntfy' }, gotify: { enabled: true, url: `${gotify.url}/gotify/`, token: 'AppTok.1' }, desktop: { enabled: false } } });
    expect(r.statusCode).toBe(200);
    const dto = r.json() as NotificationsDto;
    expect(dto.settings.channels.ntfy).toEqual({ enabled: true, url: `${ntfy.url}/mv-topic`, tokenSet: true });
    expect(JSON.stringify(dto)).not.toContain('tk_ntfy');
    // At rest the tokens are sealed (AES-256-GCM), not stored as typed.
    const stored = JSON.stringify(await t.services.storage.sourceState.get(LOCAL_USER_ID, 'notifications'));
    expect(stored).not.toContain('tk_ntfy');
    expect(stored).not.toContain('AppTok.1');

    const test = (await t.app.inject({ method: 'POST', url: '/api/v1/notifications/test', headers: H, payload: {} })).json() as NotificationTestResultDto;
    expect(test.results.map((x) => [x.channel, x.ok, x.status])).toEqual([['webhook', true, 200], ['ntfy', true, 200], ['gotify', true, 200]]);

    expect(hook.requests).toHaveLength(1);
    expect(hook.requests[0]).toMatchObject({ method: 'POST', url: '/hook' });
    expect(hook.requests[0].headers['content-type']).toBe('application/json');
    expect(JSON.parse(hook.requests[0].body)).toMatchObject({ app: 'MileVault', kind: 'test', title: 'MileVault test notification', severity: 'info' });

    expect(ntfy.requests[0]).toMatchObject({ method: 'POST', url: '/mv-topic', body: 'Notifications from MileVault arrive here.' });
    expect(ntfy.requests[0].headers).toMatchObject({ title: 'MileVault test notification', priority: '3', authorization: 'Bearer tk_ntfy' });

    expect(gotify.requests[0]).toMatchObject({ method: 'POST', url: '/gotify/message?token=AppTok.1' });
    expect(JSON.parse(gotify.requests[0].body)).toMatchObject({ title: 'MileVault test notification', message: 'Notifications from MileVault arrive here.', priority: 4 });

    const status = ((await t.app.inject({ url: '/api/v1/notifications' })).json() as NotificationsDto).status;
    expect(status.webhook.sent).toBe(1);
    expect(status.webhook.lastError).toBeNull();
  });

  it('retries with backoff, gives up after the bound, honours the timeout, and shows the last error', async () => {
    const flaky = await recorder((n) => (n <= 2 ? 503 : 200));
    const hanging = await recorder(() => 'hang');
    const gone = await recorder(() => 404);
    servers.push(flaky, hanging, gone);
    const n = t.services.autoIngest.notifications;
    await put({ channels: { webhook: { enabled: true, url: `${flaky.url}/w` }, ntfy: { enabled: true, url: `${hanging.url}/topic` }, gotify: { enabled: true, url: gone.url, token: 'x' }, desktop: { enabled: false } } });

    const t0 = Date.now();
    n.notify(LOCAL_USER_ID, { kind: 'job-failures', title: 'Import failed', message: 'disk full', severity: 'warning' });
    expect(Date.now() - t0).toBeLessThan(1000); // returns at once: delivery is in the background
    await n.settled();

    expect(flaky.requests).toHaveLength(3); // 503, 503, 200
    expect(hanging.requests).toHaveLength(3); // 1 attempt + 2 retries, each cut by the timeout
    expect(gone.requests).toHaveLength(1); // a 404 is not retried
    const s = ((await t.app.inject({ url: '/api/v1/notifications' })).json() as NotificationsDto).status;
    expect(s.webhook).toMatchObject({ sent: 2 }); // the test message of the first case, then this one
    expect(s.ntfy.lastError).toBe('no answer within 0.3 s (gave up after 3 attempts)');
    expect(s.ntfy.failed).toBe(1);
    expect(s.gotify.lastError).toMatch(/^HTTP 404.*gave up after 1 attempt\)$/);
    expect(JSON.parse(flaky.requests[2].body)).toMatchObject({ kind: 'job-failures', title: 'Import failed', message: 'disk full', severity: 'warning' });
  });

  it('a failed job notifies as a job failure; a kind switched off does not; old events never notify', async () => {
    const hook = await recorder();
    servers.push(hook);
    await put({ kinds: { 'job-failures': true, 'sync-failures': false }, channels: { webhook: { enabled: true, url: hook.url }, ntfy: { enabled: false }, gotify: { enabled: false } } });
    const jobs = t.services.autoIngest.jobs;
    jobs.register({ kind: 'test-fail', run: async () => { throw new Error('the disk is full'); } });
    const j = await jobs.enqueue(LOCAL_USER_ID, 'test-fail', {});
    await jobs.waitFor(j.id);
    await until('the webhook', () => hook.requests.length >= 1);
    expect(JSON.parse(hook.requests[0].body)).toMatchObject({ kind: 'job-failures', title: 'Job test-fail failed', message: 'the disk is full' });
    // The same failure again (a schedule retrying every 30 min) is not pushed again for hours.
    const again = await jobs.enqueue(LOCAL_USER_ID, 'test-fail', {});
    await jobs.waitFor(again.id);

    const n = t.services.autoIngest.notifications;
    n.notify(LOCAL_USER_ID, { kind: 'sync-failures', title: 'Garmin Connect sync failed', message: 'HTTP 429' });
    n.notify(LOCAL_USER_ID, { kind: 'insights', title: 'Resting HR elevated', message: 'old', date: '2020-01-01' });
    await n.settled();
    expect(hook.requests).toHaveLength(1);
  });

  it('importing old activities makes ONE summary insight and ONE notification, not a card per activity', async () => {
    const hook = await recorder();
    servers.push(hook);
    const seen: NotificationPayload[] = [];
    const off = t.services.autoIngest.bus.subscribe(LOCAL_USER_ID, (e) => e.type === 'notification' && seen.push(e.data as NotificationPayload));
    await put({ kinds: { 'new-records': true, insights: true }, recentDays: 3, channels: { webhook: { enabled: true, url: `${hook.url}/records` }, desktop: { enabled: true } } });
    const files = Array.from({ length: 6 }, (_, i) => ({
      name: `history-${i}.fit`,
      bytes: makeFitActivity({ startTime: new Date(Date.UTC(2019, 3, 2 + i * 9, 7)), durationS: 1200 + i * 300, speedMps: 3 + i * 0.2, withHr: true }),
    }));
    const job = await t.importAndWait(files);
    expect(job.files.filter((f) => f.status === 'imported')).toHaveLength(6);
    await t.services.healthModule.insights.idle();
    await t.services.autoIngest.notifications.settled();
    off();

    const insights = (await t.app.inject({ url: '/api/v1/insights' })).json() as { items?: { detector: string; title: string }[] } | { detector: string; title: string }[];
    const list = Array.isArray(insights) ? insights : insights.items ?? [];
    const pr = list.filter((i) => i.detector === 'new-pr');
    expect(pr).toHaveLength(1);
    expect(pr[0].title).toMatch(/^\d+ new records? from your history$/);
    const records = hook.requests.filter((r) => r.url === '/records').map((r) => JSON.parse(r.body) as NotificationPayload);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ kind: 'new-records', title: pr[0].title });
    expect(seen.filter((s) => s.kind === 'new-records')).toHaveLength(1); // the desktop shell's event
  }, 120_000);
});

describe('on PostgreSQL', () => {
  it('settings, delivery status, a journalled upload and a recompute checkpoint are stored the same way', async () => {
    const db = await createTestDatabase();
    if (!db) {
      console.warn('[pg] PostgreSQL disabled: the PostgreSQL notifications/jobs test is SKIPPED');
      return;
    }
    const p = await createTestApp({ databaseUrl: db.url });
    const hook = await recorder();
    try {
      await p.services.autoIngest.start();
      const r = await p.app.inject({ method: 'PUT', url: '/api/v1/notifications', headers: H, payload: { recentDays: 7, channels: { webhook: { enabled: true, url: hook.url }, ntfy: { url: `${hook.url}/t`, token: 'secret-tok' } } } });
      expect(r.statusCode).toBe(200);
      expect((r.json() as NotificationsDto).settings).toMatchObject({ recentDays: 7, channels: { ntfy: { enabled: false, tokenSet: true } } });
      const test = (await p.app.inject({ method: 'POST', url: '/api/v1/notifications/test', headers: H, payload: { channel: 'webhook' } })).json() as NotificationTestResultDto;
      expect(test.results).toEqual([{ channel: 'webhook', ok: true, status: 200, error: null }]);
      expect(((await p.app.inject({ url: '/api/v1/notifications' })).json() as NotificationsDto).status.webhook.sent).toBe(1);

      const job = await p.importAndWait([0, 1, 2].map((i) => ({ name: `pg${i}.fit`, bytes: makeFitActivity({ startTime: new Date(Date.UTC(2024, 0, 3 + i, 7)), durationS: 600 }) })));
      await p.services.autoIngest.jobs.settled();
      expect((await p.app.inject({ url: `/api/v1/jobs/${job.id}` })).json()).toMatchObject({ kind: 'import', status: 'done', done: 3, total: 3 });

      const rc = p.services.analysis.jobs.start(LOCAL_USER_ID, { mode: 'full' });
      await p.services.analysis.jobs.waitFor(rc.id);
      await p.services.autoIngest.jobs.settled();
      const row = await until('the recompute row', async () => {
        const x = await p.services.storage.jobs.get(LOCAL_USER_ID, rc.id);
        return x?.status === 'done' && x;
      });
      expect(row).toMatchObject({ kind: 'recompute', progressDone: 3, progressTotal: 3 });
      // The checkpoint column (migration 0041) on PostgreSQL (progress, and so the checkpoint, is saved at most every 0.5 s).
      await p.services.storage.jobs.update(rc.id, { checkpointJson: JSON.stringify({ after: 'x', done: 2 }) });
      expect(JSON.parse((await p.services.storage.jobs.get(LOCAL_USER_ID, rc.id))!.checkpointJson!)).toEqual({ after: 'x', done: 2 });
    } finally {
      await p.close();
      await hook.close();
      await db.drop();
    }
  }, 120_000);
});
