import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityBulkResultDto, ActivityListPageDto } from '../../shared/activity-list-api.js';
import type { PrBadgesDto } from '../../shared/analysis-api.js';
import type { RouteDto } from '../../shared/routes-api.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestDatabase } from '../helpers/pg-database.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Issue 17, activity list: search by name/description, sort by any column (validated keys, a
 * stable id tie-break), filters (gear, route, distance, duration), bulk edit/delete in one
 * transaction, and the count of all-time records each row holds *today*.
 */
describe('activity list: search, sort, filters, bulk edits, current records (app.inject, SQLite)', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const get = async <T>(url: string, status = 200) => {
    const res = await t.app.inject({ url });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
    return res.json() as T;
  };
  const send = async <T>(method: 'POST' | 'PATCH' | 'DELETE', url: string, payload: unknown, status = 200) => {
    const res = await t.app.inject({ method, url, payload: payload as object, headers: { 'x-milevault-client': 'test' } });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
    return res.json() as T;
  };
  const list = (qs: string) => get<ActivityListPageDto>(`/api/v1/activities?limit=100&${qs}`);
  const names = (p: ActivityListPageDto) => p.items.map((a) => a.name);

  beforeAll(async () => {
    t = await createTestApp();
    // No heart rate: equal HR curves would make record holders a tie-break question.
    const run = (day: string, durationS: number, speedMps: number, sport = 'running') =>
      makeFitActivity({ startTime: new Date(`${day}T07:00:00Z`), durationS, speedMps, sport, withHr: false });
    const job = await t.importAndWait([
      { name: 'old.fit', bytes: run('2023-05-01', 1200, 3) },
      { name: 'new.fit', bytes: run('2024-05-01', 1200, 3.5) },
      { name: 'long.fit', bytes: run('2024-05-03', 2400, 2.5) },
      { name: 'ride.fit', bytes: run('2024-05-04', 1800, 8, 'cycling') },
      { name: 'short.fit', bytes: run('2024-05-05', 300, 3) },
    ]);
    expect(job.files.map((f) => f.status)).toEqual(['imported', 'imported', 'imported', 'imported', 'imported']);
    [ids.old, ids.new, ids.long, ids.ride, ids.short] = job.files.map((f) => f.activityId!);
    await send('PATCH', `/api/v1/activities/${ids.old}`, { name: 'Tempo by the river' });
    await send('PATCH', `/api/v1/activities/${ids.new}`, { name: 'Tempo 100% effort' });
    await send('PATCH', `/api/v1/activities/${ids.long}`, { name: 'Long_run Sunday' });
    await send('PATCH', `/api/v1/activities/${ids.short}`, { name: 'Shakeout' });
    await send('PATCH', `/api/v1/activities/${ids.ride}`, { name: 'Commute' });
    await send('PATCH', `/api/v1/activities/${ids.long}/meta`, { description: 'Easy loop round the PARK with friends' });
  });
  afterAll(async () => t?.close());

  it('searches names and descriptions, every word, case-insensitively, with % and _ literal', async () => {
    expect(names(await list('q=tempo')).sort()).toEqual(['Tempo 100% effort', 'Tempo by the river']);
    expect(names(await list('q=park'))).toEqual(['Long_run Sunday']); // description, other case
    expect(names(await list('q=tempo%20river'))).toEqual(['Tempo by the river']);
    expect(names(await list(`q=${encodeURIComponent('100%')}`))).toEqual(['Tempo 100% effort']);
    expect(names(await list(`q=${encodeURIComponent('%')}`))).toEqual(['Tempo 100% effort']);
    expect(names(await list('q=n_s'))).toEqual([]); // `_` is no wildcard: "run Sunday" has "n S", not "n_S"
    expect(names(await list('q=ng_r'))).toEqual(['Long_run Sunday']);
    expect((await list('q=nothing-like-this')).total).toBe(0);
  });

  it('sorts by every column in both directions, unknown values last, ties broken by id', async () => {
    const byDist = await list('sort=distance&order=asc');
    const d = byDist.items.map((a) => a.distanceM!);
    expect(d).toEqual([...d].sort((a, b) => a - b));
    expect(byDist.items[0].id).toBe(ids.short);
    expect((await list('sort=distance&order=desc')).items[0].id).toBe(ids.ride);
    expect(names(await list('sort=name&order=asc'))).toEqual(['Commute', 'Long_run Sunday', 'Shakeout', 'Tempo 100% effort', 'Tempo by the river']);
    expect((await list('sort=speed&order=desc')).items[0].id).toBe(ids.ride);
    expect((await list('sort=duration&order=desc')).items[0].id).toBe(ids.long);
    expect((await list('sort=date')).items.map((a) => a.id)).toEqual([ids.short, ids.ride, ids.long, ids.new, ids.old]);
    // HR is unknown on every row: the id decides, identically on every request and page.
    const hr = await list('sort=hr&order=desc');
    expect(hr.items.map((a) => a.id)).toEqual([...hr.items.map((a) => a.id)].sort());
    const paged = [...(await get<ActivityListPageDto>('/api/v1/activities?sort=hr&limit=2&offset=0')).items, ...(await get<ActivityListPageDto>('/api/v1/activities?sort=hr&limit=2&offset=2')).items, ...(await get<ActivityListPageDto>('/api/v1/activities?sort=hr&limit=2&offset=4')).items];
    expect(paged.map((a) => a.id)).toEqual([...hr.items.map((a) => a.id)].sort());
    for (const key of ['date', 'name', 'sport', 'distance', 'duration', 'speed', 'elevation', 'hr']) {
      for (const order of ['asc', 'desc']) expect((await list(`sort=${key}&order=${order}`)).total).toBe(5);
    }
  });

  it('refuses unknown sort keys and impossible ranges with 400', async () => {
    for (const qs of ['sort=start_time_ms', 'sort=name;drop%20table', 'order=up', 'minDistanceM=-1', 'maxDurationS=1e309', 'minDistanceM=5000&maxDistanceM=1000', 'gearId=..%2Fx', 'q=']) {
      const res = await t.app.inject({ url: `/api/v1/activities?${qs}` });
      expect(res.statusCode, qs).toBe(400);
      expect(res.json().error.code).toBe('bad_request');
    }
  });

  it('filters by distance and duration ranges, with sport and dates', async () => {
    const mid = await list('minDistanceM=3000&maxDistanceM=5000');
    for (const a of mid.items) expect(a.distanceM!).toBeGreaterThanOrEqual(3000);
    expect(mid.items.map((a) => a.id).sort()).toEqual([ids.old, ids.new].sort()); // 3.6 and 4.2 km
    expect((await list('minDurationS=2000')).items.map((a) => a.id)).toEqual([ids.long]);
    expect((await list('maxDurationS=600')).items.map((a) => a.id)).toEqual([ids.short]);
    expect((await list('sport=running&minDurationS=1000&from=2024-01-01')).items.map((a) => a.id)).toEqual([ids.long, ids.new]);
  });

  it('filters by route', async () => {
    const body = await get<RouteDto[] | { items: RouteDto[] }>('/api/v1/routes?limit=500');
    const routes = Array.isArray(body) ? body : body.items;
    expect(routes.length).toBeGreaterThan(0);
    for (const r of routes) {
      const l = await list(`routeId=${encodeURIComponent(r.id)}`);
      expect(l.items.map((a) => a.id).sort()).toEqual([...r.activityIds].sort());
    }
    expect((await list('routeId=no-such-route')).total).toBe(0);
  });

  it('sends a small polyline per route for mini maps; unknown ids are left out, bad ones refused', async () => {
    const body = await get<RouteDto[] | { items: RouteDto[] }>('/api/v1/routes?limit=500');
    const routes = Array.isArray(body) ? body : body.items;
    const p = await get<{ items: { id: string; points: [number, number][] }[] }>(`/api/v1/routes/previews?ids=${routes.map((r) => r.id).join(',')},no-such-route`);
    expect(p.items.map((i) => i.id).sort()).toEqual(routes.map((r) => r.id).sort());
    for (const it of p.items) {
      expect(it.points.length).toBeGreaterThan(1);
      expect(it.points.length).toBeLessThanOrEqual(48);
      for (const [lat, lon] of it.points) expect(Math.abs(lat) <= 90 && Math.abs(lon) <= 180).toBe(true);
    }
    for (const qs of ['', 'ids=', 'ids=a,,b', `ids=${Array.from({ length: 101 }, (_, i) => `r${i}`).join(',')}`, 'ids=../x']) {
      expect((await t.app.inject({ url: `/api/v1/routes/previews?${qs}` })).statusCode, qs).toBe(400);
    }
  });

  it("a segment's profile: altitude along it, ascent and average grade, from an effort", async () => {
    const seg = await send<{ id: string; distanceM: number }>('POST', '/api/v1/segments', { activityId: ids.long, startOffsetS: 300, endOffsetS: 1500, name: 'Climb' }, 201);
    const { profile } = await get<{ profile: { activityId: string; points: [number, number][]; distanceM: number; ascentM: number; avgGradePct: number; maxGradePct: number | null } }>(`/api/v1/segments/${seg.id}/profile`);
    expect(profile.activityId).toBe(ids.long);
    expect(profile.points.length).toBeGreaterThan(10);
    expect(profile.points.length).toBeLessThanOrEqual(201);
    expect(profile.points[0][0]).toBe(0);
    // 1,200 s at 2.5 m/s: 3 km of the run.
    expect(profile.distanceM).toBeGreaterThan(2900);
    expect(profile.distanceM).toBeLessThan(3100);
    const [d0, a0] = profile.points[0];
    const [d1, a1] = profile.points[profile.points.length - 1];
    expect(profile.avgGradePct).toBeCloseTo(((a1 - a0) / (d1 - d0)) * 100, 0);
    const batch = await get<{ items: { id: string }[] }>(`/api/v1/segments/profiles?ids=${seg.id},unknown-segment`);
    expect(batch.items.map((i) => i.id)).toEqual([seg.id]);
    await get(`/api/v1/segments/unknown-segment/profile`, 404);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/segments/${seg.id}`, headers: { 'x-milevault-client': 'test' } })).statusCode).toBe(204);
  });

  it('marks only records that still stand: per-year bests and beaten records do not count', async () => {
    const all = await list('sport=running');
    const current = new Map(all.items.map((a) => [a.id, a.currentRecords]));
    // The 2023 run is the best of 2023 (the old badges count it) but was beaten in 2024 on every key.
    const badges = await get<PrBadgesDto>(`/api/v1/records/badges?ids=${ids.old}`);
    expect(badges.items[0]?.count ?? 0).toBeGreaterThan(0);
    expect(current.get(ids.old)).toBe(0);
    expect(current.get(ids.new)).toBeGreaterThan(0);
    expect(current.get(ids.long)).toBeGreaterThan(0); // the only run past 5 km / 30 min
    // Excluding the 2024 run from records hands its records back to the 2023 run.
    await send('POST', '/api/v1/records/exclusions', { activityId: ids.new });
    const after = new Map((await list('sport=running')).items.map((a) => [a.id, a.currentRecords]));
    expect(after.get(ids.new)).toBe(0);
    expect(after.get(ids.old)).toBeGreaterThan(0);
    await send('DELETE', '/api/v1/records/exclusions', { activityId: ids.new });
    expect(new Map((await list('sport=running')).items.map((a) => [a.id, a.currentRecords])).get(ids.old)).toBe(0);
  });

  it('bulk edits sport and gear in one all-or-nothing request', async () => {
    const gear = await send<{ id: string }>('POST', '/api/v1/gear', { name: 'Pegasus 40', kind: 'shoes' }, 201);
    const r = await send<ActivityBulkResultDto>('POST', '/api/v1/activities/bulk-edit', { ids: [ids.old, ids.short], set: { gearId: gear.id } });
    expect(r.count).toBe(2);
    expect((await list(`gearId=${gear.id}`)).items.map((a) => a.id).sort()).toEqual([ids.old, ids.short].sort());
    expect((await list(`gearId=${gear.id}`)).items.every((a) => a.gearId === gear.id)).toBe(true);

    await send('POST', '/api/v1/activities/bulk-edit', { ids: [ids.short, ids.long], set: { sport: 'walking', subSport: null } });
    expect((await list('sport=walking')).items.map((a) => a.id).sort()).toEqual([ids.short, ids.long].sort());
    // Derived data follows: the walks left the running records.
    const recs = await get<{ items: { activityId: string }[] }>('/api/v1/records?sport=running');
    expect(recs.items.some((i) => i.activityId === ids.long || i.activityId === ids.short)).toBe(false);

    // One unknown id: nothing changes.
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/activities/bulk-edit', payload: { ids: [ids.ride, 'not-mine'], set: { sport: 'rowing' } }, headers: { 'x-milevault-client': 'test' } });
    expect(bad.statusCode).toBe(404);
    expect(bad.json().error.message).toMatch(/1 of 2 activities not found.*not-mine/);
    expect((await list('sport=rowing')).total).toBe(0);
    // Unknown gear, no change, too many ids, duplicates: 400.
    await send('POST', '/api/v1/activities/bulk-edit', { ids: [ids.ride], set: { gearId: 'nope' } }, 400);
    await send('POST', '/api/v1/activities/bulk-edit', { ids: [ids.ride], set: {} }, 400);
    await send('POST', '/api/v1/activities/bulk-edit', { ids: Array.from({ length: 501 }, (_, i) => `id${i}`), set: { sport: 'rowing' } }, 400);
    await send('POST', '/api/v1/activities/bulk-edit', { ids: [ids.ride, ids.ride], set: { sport: 'rowing' } }, 400);
    await send('POST', '/api/v1/activities/bulk-edit', { ids: [ids.ride], set: { sport: 'Not A Sport' } }, 400);
    // A cross-site form cannot send it.
    const csrf = await t.app.inject({ method: 'POST', url: '/api/v1/activities/bulk-edit', payload: { ids: [ids.ride], set: { sport: 'rowing' } }, headers: { origin: 'https://evil.example' } });
    expect(csrf.statusCode).toBe(403);
  });

  it('bulk deletes in one request, all or nothing', async () => {
    await send('POST', '/api/v1/activities/bulk-delete', { ids: [ids.ride, 'not-mine'] }, 404);
    expect((await list('')).total).toBe(5);
    const r = await send<ActivityBulkResultDto>('POST', '/api/v1/activities/bulk-delete', { ids: [ids.ride, ids.short] });
    expect(r.count).toBe(2);
    await get(`/api/v1/activities/${ids.ride}`, 404);
    await get(`/api/v1/activities/${ids.short}/original`, 404);
    expect((await list('')).items.map((a) => a.id).sort()).toEqual([ids.old, ids.new, ids.long].sort());
  });
});

describe('activity list on PostgreSQL: the same SQL (search escapes, null ordering, bulk transaction)', () => {
  it('searches, sorts with unknown values last, counts current records, bulk edits and deletes', async () => {
    const db = await createTestDatabase();
    expect(db, 'PostgreSQL must be available to the test run').not.toBeNull();
    const t = await createTestApp({ databaseUrl: db!.url });
    const h = { 'x-milevault-client': 'test' };
    try {
      const run = (day: string, durationS: number, speedMps: number) => makeFitActivity({ startTime: new Date(`${day}T07:00:00Z`), durationS, speedMps, withHr: false });
      const job = await t.importAndWait([
        { name: 'a.fit', bytes: run('2023-05-01', 900, 3) },
        { name: 'b.fit', bytes: run('2024-05-01', 900, 3.5) },
      ]);
      const [a, b] = job.files.map((f) => f.activityId!);
      await t.app.inject({ method: 'PATCH', url: `/api/v1/activities/${a}`, payload: { name: 'Tempo_100% day' }, headers: h });
      const list = async (qs: string) => (await t.app.inject({ url: `/api/v1/activities?${qs}` })).json() as ActivityListPageDto;
      expect((await list(`q=${encodeURIComponent('_100%')}`)).items.map((i) => i.id)).toEqual([a]);
      expect((await list('q=e_p')).total).toBe(0); // with _ as a wildcard it would match "Temp"
      const byHr = await list('sort=hr&order=asc');
      expect(byHr.items.map((i) => i.id)).toEqual([a, b].sort()); // no HR anywhere: ties by id, on PostgreSQL too
      expect((await list('sort=distance&order=desc')).items[0].id).toBe(b);
      const cur = new Map((await list('')).items.map((i) => [i.id, i.currentRecords]));
      expect(cur.get(a)).toBe(0);
      expect(cur.get(b)).toBeGreaterThan(0);
      const bad = await t.app.inject({ method: 'POST', url: '/api/v1/activities/bulk-edit', payload: { ids: [a, 'missing'], set: { sport: 'walking' } }, headers: h });
      expect(bad.statusCode).toBe(404);
      expect((await list('sport=walking')).total).toBe(0);
      const ok = await t.app.inject({ method: 'POST', url: '/api/v1/activities/bulk-edit', payload: { ids: [a, b], set: { sport: 'walking' } }, headers: h });
      expect(ok.statusCode, ok.body).toBe(200);
      expect((await list('sport=walking')).total).toBe(2);
      const del = await t.app.inject({ method: 'POST', url: '/api/v1/activities/bulk-delete', payload: { ids: [a, b] }, headers: h });
      expect(del.statusCode, del.body).toBe(200);
      expect((await list('')).total).toBe(0);
    } finally {
      await t.close();
      await db!.drop();
    }
  }, 120_000);
});
