import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LivePlanView, LiveViewMessage } from '../../shared/live-api.js';
import { indexPlan, planProgress } from '../../shared/live-plan.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { line, toGpx, toLatLon, walk } from '../helpers/track-fixtures.js';

/**
 * Planned route of a live session (issue 19: "optional planned route (GPX) shown under the live
 * trail with distance to go"): attached from a GPX, a recorded activity's track or a stored
 * route; viewers get the line (snapshot, `plan` push), distance done/to go follow the trail;
 * only the session's owner can attach or remove it.
 */
const TOKEN = 'p'.repeat(64);
const AUTH = { authorization: `Bearer ${TOKEN}`, 'x-milevault-client': 'test' };
const T0S = Math.floor(Date.now() / 1000) - 1800;

type Ws = { on(ev: string, fn: (...a: any[]) => void): void; terminate(): void };
const WsClient = createRequire(import.meta.url)('ws') as new (url: string) => Ws;

/** 4 km due north from the fixtures' origin. */
const PLAN = line([0, 0], [0, 4_000]);
const planGpx = toGpx(walk(PLAN, { speedMps: 10, noiseM: 0 }), { startTime: new Date(Date.UTC(2026, 0, 1)), name: 'Race 4k' });

describe('live session planned route', () => {
  let t: TestApp;
  let token: string;
  let sessionId: string;
  let share: string;
  let wsBase: string;

  /** The athlete at `yM` metres north, 5 m east of the line, at T0S + i seconds. */
  const send = (i: number, yM: number) => {
    const p = toLatLon([5, yM]);
    return t.app.inject({ url: `/api/v1/live/osmand?id=${token}&lat=${p.lat}&lon=${p.lon}&timestamp=${T0S + i}` });
  };

  beforeAll(async () => {
    t = await createTestApp({ authToken: TOKEN });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const addr = t.app.server.address();
    wsBase = `ws://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    token = (await t.app.inject({ method: 'POST', url: '/api/v1/live/tokens', payload: {}, headers: AUTH })).json().token;
    // 3 m/s for 400 s: 1.2 km along the plan.
    for (let i = 0; i <= 400; i += 20) expect((await send(i, i * 3)).statusCode).toBe(200);
    const s = (await t.app.inject({ url: '/api/v1/live/sessions', headers: AUTH })).json().items[0];
    sessionId = s.id;
    share = s.share.token;
    expect(s.plan).toBeNull();
  });
  afterAll(async () => t?.close());

  const put = (payload: string | Buffer | object, headers: Record<string, string> = {}, id = sessionId) =>
    t.app.inject({ method: 'PUT', url: `/api/v1/live/sessions/${id}/plan`, payload: payload as any, headers: { ...AUTH, ...headers } });

  it('attaches a GPX; viewers get the line, and progress along it follows the trail', async () => {
    const { ws, msgs } = await new Promise<{ ws: Ws; msgs: LiveViewMessage[] }>((ok) => {
      const w = new WsClient(`${wsBase}/api/v1/live/share/${share}`);
      const m: LiveViewMessage[] = [];
      w.on('message', (d: Buffer) => m.push(JSON.parse(d.toString())));
      w.on('open', () => ok({ ws: w, msgs: m }));
    });
    const res = await put(Buffer.from(planGpx), { 'content-type': 'application/gpx+xml' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Race 4k', source: 'gpx' });
    expect(res.json().distanceM).toBeGreaterThan(3_990);
    expect(res.json().distanceM).toBeLessThan(4_010);
    // Listed with the session.
    const listed = (await t.app.inject({ url: '/api/v1/live/sessions', headers: AUTH })).json().items[0];
    expect(listed.plan).toEqual({ name: 'Race 4k', distanceM: res.json().distanceM });
    // Pushed to a watching viewer.
    for (let i = 0; i < 50 && !msgs.some((m) => m.type === 'plan'); i++) await new Promise((r) => setTimeout(r, 50));
    const pushed = msgs.find((m) => m.type === 'plan');
    expect(pushed && pushed.type === 'plan' && pushed.plan?.name).toBe('Race 4k');
    ws.terminate();
    // The share view: the line, and the progress the page computes from it.
    const v = (await t.app.inject({ url: `/api/v1/live/share/${share}` })).json();
    const plan = v.plan as LivePlanView;
    expect(plan.line.length).toBeGreaterThan(300); // 10 m spacing
    const idx = indexPlan(plan.line.map((p) => p[0]), plan.line.map((p) => p[1]));
    const p = planProgress(idx, v.points);
    expect(p.doneM).toBeGreaterThan(1_180);
    expect(p.doneM).toBeLessThan(1_210);
    expect(Math.abs(p.toGoM - (plan.distanceM - p.doneM))).toBeLessThan(1);
    expect(p.recentMps).toBeCloseTo(3, 1);
    expect(p.etaS).toBeGreaterThan(900);
    expect(p.etaS).toBeLessThan(960);
    // A poll with `since` leaves the line out (the page has it), `plan=1` asks for it.
    const poll = (await t.app.inject({ url: `/api/v1/live/share/${share}?since=${(T0S + 400) * 1000}` })).json();
    expect(poll.plan).toBeUndefined();
    expect((await t.app.inject({ url: `/api/v1/live/share/${share}?since=${(T0S + 400) * 1000}&plan=1` })).json().plan.name).toBe('Race 4k');
  });

  it('attaches a recorded activity\'s track, and refuses bad input with a clear reason', async () => {
    const up = await t.upload([{ name: 'recce.gpx', bytes: toGpx(walk(line([0, 0], [0, 2_000]), { speedMps: 4, noiseM: 1 }), { startTime: new Date(Date.UTC(2025, 5, 1, 8)) }) }], AUTH);
    expect(up.status).toBe(202);
    await t.services.imports.waitFor(up.body.id);
    const act = (await t.app.inject({ url: '/api/v1/activities', headers: AUTH })).json().items[0];
    const res = await put({ activityId: act.id, name: 'Recce' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Recce', source: 'activity' });
    expect(res.json().distanceM).toBeGreaterThan(1_900);
    expect((await t.app.inject({ url: `/api/v1/live/share/${share}` })).json().plan.name).toBe('Recce');

    const notGpx = await put('this is not xml <', { 'content-type': 'application/gpx+xml' });
    expect(notGpx.statusCode).toBe(400);
    expect(notGpx.json().error.message).toMatch(/planned route/);
    const empty = await put('<gpx version="1.1"><trk><trkseg></trkseg></trk></gpx>', { 'content-type': 'application/gpx+xml' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toMatch(/at least 50 m/);
    expect((await put({ activityId: 'no-such-activity' })).statusCode).toBe(404);
    expect((await put({ routeId: 'no-such-route' })).statusCode).toBe(404);
    expect((await put({})).statusCode).toBe(400);
    expect((await put({ routeId: 'a', activityId: 'b' })).statusCode).toBe(400);
    expect((await put({ activityId: act.id }, {}, 'not-my-session')).statusCode).toBe(404);
    // The failed attempts left the plan as it was.
    expect((await t.app.inject({ url: `/api/v1/live/share/${share}` })).json().plan.name).toBe('Recce');
  });

  it('is the athlete\'s to change: viewers and strangers cannot; removing it reaches viewers', async () => {
    const anon = await t.app.inject({ method: 'PUT', url: `/api/v1/live/sessions/${sessionId}/plan`, payload: { routeId: 'x' }, headers: { 'x-milevault-client': 'test' } });
    expect(anon.statusCode).toBe(401);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/live/sessions/${sessionId}/plan`, headers: AUTH })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/v1/live/share/${share}` })).json().plan).toBeNull();
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/live/sessions/${sessionId}/plan`, headers: AUTH })).statusCode).toBe(404);
  });
});
