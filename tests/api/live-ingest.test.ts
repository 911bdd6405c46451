import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Live ingest (issue 19): each tracker protocol with the request shapes those apps send
 * (OsmAnd/Traccar Client GET and form POST, Traccar Client 9 JSON single and batched,
 * GPSLogger's custom URL, OwnTracks HTTP), batches out of order and re-sent, validation, tokens.
 */
const CLIENT = { 'x-milevault-client': 'test' };
/** A start an hour ago on a whole second: inside the retention window, never in the future. */
const T0S = Math.floor(Date.now() / 1000) - 3600;
const LAT = 47.3769;
const LON = 8.5417;
/** ~11 m north per step: 1 Hz steps at a running pace. */
const at = (i: number) => ({ lat: LAT + i * 1e-4, lon: LON });

describe('live ingest from tracker apps', () => {
  let t: TestApp;
  let token: string;
  let tokenId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/live/tokens', payload: { name: 'Pixel' }, headers: CLIENT });
    expect(res.statusCode, res.body).toBe(201);
    ({ token, id: tokenId } = res.json());
    expect(token).toMatch(/^mvl_[A-Za-z0-9_-]{32}$/);
  });
  afterAll(async () => t?.close());

  const sessions = async () => (await t.app.inject({ url: '/api/v1/live/sessions' })).json().items as any[];
  const view = async (share: string) => (await t.app.inject({ url: `/api/v1/live/share/${share}` })).json();

  it('lists tokens without the secret and shows it only once', async () => {
    const list = (await t.app.inject({ url: '/api/v1/live/tokens' })).json().items;
    expect(list).toEqual([expect.objectContaining({ id: tokenId, name: 'Pixel', revokedAtMs: null })]);
    expect(JSON.stringify(list)).not.toContain(token);
  });

  it('OsmAnd/Traccar Client GET with query fields (speed in knots, unix seconds) starts a session', async () => {
    const p = at(0);
    const res = await t.app.inject({ url: `/api/v1/live/osmand?id=${token}&timestamp=${T0S}&lat=${p.lat}&lon=${p.lon}&speed=10&bearing=12.5&altitude=410&accuracy=4&batt=87&heartrate=141` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ accepted: 1, rejected: [] });
    const [s] = await sessions();
    expect(s).toMatchObject({ tokenId, pointCount: 1, active: true, startedAtMs: T0S * 1000, activityId: null });
    expect(s.share.url).toBe(`/#/live/${s.share.token}`);
    const v = await view(s.share.token);
    expect(v.points).toEqual([{ t: T0S * 1000, lat: p.lat, lon: p.lon, altM: 410, speedMps: expect.closeTo(5.144, 3), headingDeg: 12.5, hrBpm: 141 }]);
  });

  it('OsmAnd POST as a urlencoded form without an Origin (what the apps send) and ISO timestamps', async () => {
    const p = at(1);
    const form = `id=${encodeURIComponent(token)}&lat=${p.lat}&lon=${p.lon}&timestamp=${encodeURIComponent(new Date((T0S + 1) * 1000).toISOString())}&hdop=3`;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/live/osmand', payload: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().accepted).toBe(1);
    // Traccar Client (Android) POSTs with the fields in the query string and an empty body.
    const q = at(2);
    const res2 = await t.app.inject({ method: 'POST', url: `/api/v1/live/osmand?id=${token}&lat=${q.lat}&lon=${q.lon}&timestamp=${T0S + 2}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(res2.json().accepted).toBe(1);
  });

  it('GPSLogger custom URL (m/s with speedUnit=mps, the template the token answer offers)', async () => {
    const created = (await t.app.inject({ method: 'POST', url: '/api/v1/live/tokens', payload: {}, headers: CLIENT })).json();
    const p = at(3);
    const url = created.urls.gpslogger
      .replace('%LAT', String(p.lat)).replace('%LON', String(p.lon)).replace('%TIMESTAMP', String(T0S + 3))
      .replace('%ALT', '400.5').replace('%SPD', '3.2').replace('%DIR', '181').replace('%ACC', '6').replace('%BATT', '55');
    const res = await t.app.inject({ url });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().accepted).toBe(1);
    const mine = (await sessions()).find((s) => s.tokenId === created.id);
    const v = await view(mine.share.token);
    expect(v.points[0]).toMatchObject({ speedMps: 3.2, headingDeg: 181, altM: 400.5 });
  });

  it('Traccar Client 9 JSON, single and batched out of order with re-sent duplicates', async () => {
    const loc = (i: number) => ({
      timestamp: new Date((T0S + i) * 1000).toISOString(),
      coords: { latitude: at(i).lat, longitude: at(i).lon, accuracy: 5, speed: 3.1, heading: -1, altitude: 402 },
      is_moving: true,
      battery: { level: 0.62, is_charging: false },
      activity: { type: 'running' },
    });
    const one = await t.app.inject({ method: 'POST', url: '/api/v1/live/osmand', payload: { location: loc(4), device_id: token } });
    expect(one.json()).toEqual({ accepted: 1, rejected: [] });
    // After a tunnel: the queue arrives in one body, out of order, with points already sent.
    const batch = [9, 6, 5, 8, 4, 7, 2].map(loc);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/live/osmand', payload: { location: batch, device_id: token } });
    expect(res.statusCode, res.body).toBe(200);
    const [s] = (await sessions()).filter((x) => x.tokenId === tokenId);
    expect(s.pointCount).toBe(9); // 0..9 but 3 (another token's), each time once
    const v = await view(s.share.token);
    expect(v.points.map((p: { t: number }) => p.t / 1000 - T0S)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((i) => i !== 3));
    expect(v.points.find((p: { t: number }) => p.t === (T0S + 5) * 1000)).toMatchObject({ speedMps: 3.1, headingDeg: null, altM: 402 });
  });

  it('OwnTracks HTTP JSON with the token as the Basic password or ?token=; other message types are skipped', async () => {
    const msg = (i: number) => ({ _type: 'location', tid: 'ab', lat: at(i).lat, lon: at(i).lon, tst: T0S + i, vel: 18, alt: 405, acc: 8, batt: 71, cog: 3 });
    const basic = `Basic ${Buffer.from(`athlete:${token}`).toString('base64')}`;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/live/owntracks', payload: msg(10), headers: { authorization: basic } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual([]);
    expect(res.headers['x-milevault-accepted']).toBe('1');
    const res2 = await t.app.inject({ method: 'POST', url: `/api/v1/live/owntracks?token=${token}`, payload: [msg(12), msg(11), { _type: 'lwt', tst: T0S }] });
    expect(res2.headers['x-milevault-accepted']).toBe('2');
    const lwt = await t.app.inject({ method: 'POST', url: `/api/v1/live/owntracks?token=${token}`, payload: { _type: 'transition', event: 'enter', tst: T0S } });
    expect(lwt.statusCode).toBe(200);
    expect(lwt.headers['x-milevault-accepted']).toBe('0');
    const [s] = (await sessions()).filter((x) => x.tokenId === tokenId);
    expect(s.pointCount).toBe(12);
    const v = await view(s.share.token);
    expect(v.points.find((p: { t: number }) => p.t === (T0S + 10) * 1000).speedMps).toBeCloseTo(5, 6); // 18 km/h
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/live/owntracks', payload: msg(13), headers: { authorization: `Basic ${Buffer.from('athlete:wrong').toString('base64')}` } });
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['www-authenticate']).toContain('Basic');
  });

  it('rejects impossible fixes: zero coordinates, out of range, a jump faster than anyone moves, far future', async () => {
    const before = (await sessions()).find((x) => x.tokenId === tokenId).pointCount;
    const batch = [
      { timestamp: new Date((T0S + 20) * 1000).toISOString(), coords: { latitude: 0, longitude: 0 } },
      { timestamp: new Date((T0S + 21) * 1000).toISOString(), coords: { latitude: 91, longitude: 8 } },
      // 50 km away one second after the last good point.
      { timestamp: new Date((T0S + 22) * 1000).toISOString(), coords: { latitude: LAT + 0.45, longitude: LON } },
      { timestamp: new Date(Date.now() + 86_400_000).toISOString(), coords: { latitude: LAT, longitude: LON } },
      { timestamp: new Date((T0S + 23) * 1000).toISOString(), coords: { latitude: at(13).lat, longitude: LON } },
    ];
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/live/osmand', payload: { location: batch, device_id: token } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      accepted: 1,
      rejected: [
        { index: 0, reason: 'zero_coordinates' },
        { index: 1, reason: 'out_of_range' },
        { index: 2, reason: 'implausible_jump' },
        { index: 3, reason: 'future_time' },
      ],
    });
    expect((await sessions()).find((x) => x.tokenId === tokenId).pointCount).toBe(before + 1);
    const missing = await t.app.inject({ url: `/api/v1/live/osmand?id=${token}&lat=&timestamp=${T0S}` });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('bad_request');
  });

  it('a bad first fix does not poison the session: three agreeing fixes in a row win over it', async () => {
    const other = (await t.app.inject({ method: 'POST', url: '/api/v1/live/tokens', payload: { name: 'outlier' }, headers: CLIENT })).json();
    const fix = (s: number, lat: number, lon: number) => ({ timestamp: new Date((T0S + s) * 1000).toISOString(), coords: { latitude: lat, longitude: lon } });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/live/osmand', payload: { device_id: other.token, location: [fix(0, 10, 10), fix(1, LAT, LON), fix(2, at(1).lat, LON), fix(3, at(2).lat, LON), fix(4, at(3).lat, LON)] } });
    expect(res.json()).toEqual({ accepted: 3, rejected: [{ index: 1, reason: 'implausible_jump' }, { index: 2, reason: 'implausible_jump' }] });
    // A lone jump between good fixes is still refused.
    const res2 = await t.app.inject({ method: 'POST', url: '/api/v1/live/osmand', payload: { device_id: other.token, location: [fix(5, 10, 10), fix(6, at(5).lat, LON)] } });
    expect(res2.json()).toEqual({ accepted: 1, rejected: [{ index: 0, reason: 'implausible_jump' }] });
  });

  it('a gap longer than the inactivity limit, or a stop, starts a new session', async () => {
    const gapS = 31 * 60;
    const p = at(0);
    await t.app.inject({ url: `/api/v1/live/osmand?id=${token}&lat=${p.lat}&lon=${p.lon}&timestamp=${T0S + gapS}` });
    let mine = (await sessions()).filter((x) => x.tokenId === tokenId);
    expect(mine.map((s) => s.pointCount)).toEqual([1, 13]);
    expect(mine[1]).toMatchObject({ endReason: 'inactive', active: false });
    const stop = await t.app.inject({ method: 'POST', url: `/api/v1/live/sessions/${mine[0].id}/stop`, headers: CLIENT });
    expect(stop.statusCode).toBe(204);
    // A point stamped after the stop (one queued from before it would still join the stopped session).
    const afterStop = Math.ceil(Date.now() / 1000) + 1;
    await t.app.inject({ url: `/api/v1/live/osmand?id=${token}&lat=${p.lat}&lon=${p.lon}&timestamp=${afterStop}` });
    mine = (await sessions()).filter((x) => x.tokenId === tokenId);
    expect(mine.map((s) => [s.pointCount, s.endReason])).toEqual([[1, null], [1, 'stopped'], [13, 'inactive']]);
  });

  it('refuses unknown and revoked tokens', async () => {
    const p = at(0);
    expect((await t.app.inject({ url: `/api/v1/live/osmand?id=mvl_nope&lat=${p.lat}&lon=${p.lon}` })).statusCode).toBe(401);
    expect((await t.app.inject({ url: `/api/v1/live/osmand?lat=${p.lat}&lon=${p.lon}` })).statusCode).toBe(401);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/live/tokens/${tokenId}`, headers: CLIENT });
    expect(del.statusCode).toBe(204);
    const res = await t.app.inject({ url: `/api/v1/live/osmand?id=${token}&lat=${p.lat}&lon=${p.lon}&timestamp=${T0S + 4000}` });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/live/tokens/${tokenId}`, headers: CLIENT })).statusCode).toBe(404);
  });
});
