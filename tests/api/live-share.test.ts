import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveViewMessage } from '../../shared/live-api.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Watching a live session (issue 19): share-link access rules (no login, only that session's
 * data, revocation, expiry, a new link kills the old one), polling with `since`, and WebSocket
 * pushes with a reconnect that resumes from the last point seen.
 */
const TOKEN = 't'.repeat(64);
const AUTH = { authorization: `Bearer ${TOKEN}` };
const T0S = Math.floor(Date.now() / 1000) - 1800;

/** The `ws` client (a dependency of @fastify/websocket; Node 20 has no WebSocket global). */
type Ws = { on(ev: string, fn: (...a: any[]) => void): void; terminate(): void; close(): void };
const WsClient = createRequire(import.meta.url)('ws') as new (url: string) => Ws;

/** Opens a socket with its inbox listening from the start (the snapshot may come at once). */
function connect(url: string): Promise<{ ws: Ws; box: ReturnType<typeof inbox> }> {
  const ws = new WsClient(url);
  const box = inbox(ws);
  return new Promise((resolve, reject) => {
    ws.on('open', () => resolve({ ws, box }));
    ws.on('error', reject);
  });
}

/** Messages of a socket in arrival order, and a way to wait for the next one matching. */
function inbox(ws: Ws) {
  const msgs: LiveViewMessage[] = [];
  const waiters: { pred: (m: LiveViewMessage) => boolean; resolve: (m: LiveViewMessage) => void }[] = [];
  ws.on('message', (data: Buffer) => {
    const m = JSON.parse(data.toString()) as LiveViewMessage;
    msgs.push(m);
    for (const w of [...waiters]) if (w.pred(m)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(m);
    }
  });
  return {
    msgs,
    next(pred: (m: LiveViewMessage) => boolean = () => true, seen = 0): Promise<LiveViewMessage> {
      const old = msgs.slice(seen).find(pred);
      if (old) return Promise.resolve(old);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no such message; got ${JSON.stringify(msgs).slice(0, 500)}`)), 10_000);
        waiters.push({ pred, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
  };
}

describe('live share links', () => {
  let t: TestApp;
  let token: string;
  let share: string;
  let sessionId: string;
  let wsBase: string;

  const send = (i: number, extra = '') => t.app.inject({ url: `/api/v1/live/osmand?id=${token}&lat=${47 + i * 1e-4}&lon=8&timestamp=${T0S + i}${extra}` });
  const sessions = async () => (await t.app.inject({ url: '/api/v1/live/sessions', headers: AUTH })).json().items as any[];

  beforeAll(async () => {
    t = await createTestApp({ authToken: TOKEN });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const addr = t.app.server.address();
    wsBase = `ws://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    token = (await t.app.inject({ method: 'POST', url: '/api/v1/live/tokens', payload: {}, headers: AUTH })).json().token;
    for (let i = 0; i < 5; i++) expect((await send(i, i === 4 ? '&heartrate=150' : '')).statusCode).toBe(200);
    const [s] = await sessions();
    share = s.share.token;
    sessionId = s.id;
  });
  afterAll(async () => t?.close());

  it('needs no login, and shows only this session: trail, state, no ids or other data', async () => {
    expect((await t.app.inject({ url: '/api/v1/live/sessions' })).statusCode).toBe(401);
    const res = await t.app.inject({ url: `/api/v1/live/share/${share}` });
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json();
    expect(Object.keys(v).sort()).toEqual(['more', 'plan', 'points', 'serverNowMs', 'session', 'tileAttribution', 'tileUrl']);
    expect(v.plan).toBeNull();
    expect(Object.keys(v.session).sort()).toEqual(['endReason', 'ended', 'lastPointMs', 'lastReceivedAtMs', 'shareExpiresAtMs', 'startedAtMs']);
    expect(v.points).toHaveLength(5);
    expect(v.points[4].hrBpm).toBe(150);
    expect(v.session).toMatchObject({ startedAtMs: T0S * 1000, lastPointMs: (T0S + 4) * 1000, ended: false });
    expect(res.body).not.toContain(sessionId);
    expect(res.body).not.toContain(token);
    expect(res.headers['cache-control']).toBe('no-store');
    // Polling resumes after the last point seen.
    const since = (await t.app.inject({ url: `/api/v1/live/share/${share}?since=${(T0S + 2) * 1000}` })).json();
    expect(since.points.map((p: { t: number }) => p.t)).toEqual([(T0S + 3) * 1000, (T0S + 4) * 1000]);
  });

  it('refuses unknown and malformed share tokens with the error shape', async () => {
    const unknown = await t.app.inject({ url: `/api/v1/live/share/${'A'.repeat(32)}` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    expect((await t.app.inject({ url: '/api/v1/live/share/short' })).statusCode).toBe(400);
    const { ws, box } = await connect(`${wsBase}/api/v1/live/share/${'A'.repeat(32)}`);
    expect(await box.next()).toEqual({ type: 'gone', reason: 'not_found' });
    ws.terminate();
    // The athlete's share controls are not public.
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/live/sessions/${sessionId}/share`, headers: { 'x-milevault-client': 'x' } })).statusCode).toBe(401);
  });

  it('pushes new points over a WebSocket, and a reconnect with since resumes without gaps', async () => {
    const { ws, box } = await connect(`${wsBase}/api/v1/live/share/${share}`);
    const snap = await box.next((m) => m.type === 'snapshot');
    expect(snap.type === 'snapshot' && snap.points.length).toBe(5);
    await send(5);
    const pushed = await box.next((m) => m.type === 'points' && m.points.length > 0);
    expect(pushed.type === 'points' && pushed.points.map((p) => p.t)).toEqual([(T0S + 5) * 1000]);
    const lastSeen = (T0S + 5) * 1000;
    const lastServerNow = pushed.type === 'points' ? pushed.serverNowMs : 0;
    ws.terminate();
    // While the viewer is away: two new points out of order, and one from the tracker's queue
    // that is older than the last point the viewer saw (a tunnel).
    await send(7);
    await send(6);
    const late = (T0S + 4) * 1000 + 500;
    expect((await t.app.inject({ url: `/api/v1/live/osmand?id=${token}&lat=${47 + 4.5e-4}&lon=8&timestamp=${late}` })).json().accepted).toBe(1);
    const { ws: again, box: box2 } = await connect(`${wsBase}/api/v1/live/share/${share}?since=${lastSeen}&after=${lastServerNow}`);
    const resumed = await box2.next((m) => m.type === 'snapshot');
    const got = resumed.type === 'snapshot' ? resumed.points.map((p) => p.t) : [];
    expect(got.filter((x) => x > lastSeen)).toEqual([(T0S + 6) * 1000, (T0S + 7) * 1000]);
    expect(got).toContain(late);
    // Without `after` (an old client) the resume is by time only.
    const { ws: old, box: boxOld } = await connect(`${wsBase}/api/v1/live/share/${share}?since=${lastSeen}`);
    const byTime = await boxOld.next((m) => m.type === 'snapshot');
    expect(byTime.type === 'snapshot' && byTime.points.map((p) => p.t)).toEqual([(T0S + 6) * 1000, (T0S + 7) * 1000]);
    old.terminate();
    await send(8);
    const live = await box2.next((m) => m.type === 'points' && m.points.length > 0);
    expect(live.type === 'points' && live.points[0]!.t).toBe((T0S + 8) * 1000);
    // Revoking the link tells connected viewers and closes them.
    const closed = new Promise<number>((resolve) => again.on('close', (code: number) => resolve(code)));
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/live/sessions/${sessionId}/share`, headers: AUTH })).statusCode).toBe(204);
    expect(await box2.next((m) => m.type === 'gone')).toEqual({ type: 'gone', reason: 'revoked' });
    expect(await closed).toBe(4410);
    const res = await t.app.inject({ url: `/api/v1/live/share/${share}` });
    expect(res.statusCode).toBe(410);
    expect(res.json().error.code).toBe('revoked');
    const { ws: ws3, box: box3 } = await connect(`${wsBase}/api/v1/live/share/${share}`);
    expect(await box3.next()).toEqual({ type: 'gone', reason: 'revoked' });
    ws3.terminate();
  });

  it('a new link replaces the old one, and an expired link answers 410', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/live/sessions/${sessionId}/share`, payload: { expiresInH: 2 }, headers: AUTH });
    expect(res.statusCode, res.body).toBe(200);
    const fresh = res.json();
    expect(fresh.token).not.toBe(share);
    expect(fresh.url).toBe(`/#/live/${fresh.token}`);
    expect(fresh.expiresAtMs).toBeGreaterThan(Date.now() + 3600_000);
    expect((await t.app.inject({ url: `/api/v1/live/share/${share}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/live/share/${fresh.token}` })).json().points).toHaveLength(10);
    // Expiry, set in the store as time passing would.
    await t.services.storage.live.setShare('local', sessionId, { shareToken: fresh.token, shareExpiresAtMs: Date.now() - 1, shareRevokedAtMs: null });
    const gone = await t.app.inject({ url: `/api/v1/live/share/${fresh.token}` });
    expect(gone.statusCode).toBe(410);
    expect(gone.json().error.code).toBe('expired');
    const listed = (await sessions()).find((s) => s.id === sessionId);
    expect(listed.share).toMatchObject({ token: fresh.token, expired: true, revoked: false });
    // Another athlete's session id is not found (the API is scoped to the caller).
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/live/sessions/nope/share', payload: {}, headers: AUTH })).statusCode).toBe(404);
  });
});
