import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteDetailDto, RouteDto, RoutePageDto } from '../../shared/routes-api.js';

/** The items of one page of GET /routes (issue 14: every list is paged). */
const routesOf = async (page: Promise<RoutePageDto>): Promise<RouteDto[]> => (await page).items;
import { createTestDatabase } from '../helpers/pg-database.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { line, loop, reversed, toGpx, walk, type XY } from '../helpers/track-fixtures.js';

const LOOP = loop(700);
const day = (d: number) => new Date(Date.UTC(2024, 4, 1 + d, 7, 0, 0));

function gpx(p: XY[], seed: number, d: number, speedMps = 3, hrBpm = 140) {
  return { name: `a${seed}.gpx`, bytes: toGpx(walk(p, { seed, speedMps, hrBpm }), { startTime: day(d) }) };
}

/**
 * Issue 17: GET /routes searches and filters on the server (q, minActivities, distance), the
 * total counting the matches; `routes` are the three of the main fixture, the loop renamed.
 */
async function checkServerSearch(t: TestApp, loopId: string) {
  const rename = await t.app.inject({ method: 'PATCH', url: `/api/v1/routes/${loopId}`, headers: { 'x-milevault-client': 'test' }, payload: { name: 'Park Loop 100%_x' } });
  expect(rename.statusCode, rename.body).toBe(200);
  const page = async (qs: string) => {
    const r = await t.app.inject({ url: `/api/v1/routes?${qs}` });
    expect(r.statusCode, `${qs}: ${r.body}`).toBe(200);
    return r.json() as RoutePageDto;
  };
  const ids = (p: RoutePageDto) => p.items.map((r) => r.id);
  const all = await page('limit=500');
  expect(ids(await page('q=park'))).toEqual([loopId]);
  expect(ids(await page(`q=${encodeURIComponent('LOOP park')}`))).toEqual([loopId]);
  expect((await page('q=nothere')).total).toBe(0);
  // % and _ are literal, not wildcards.
  expect(ids(await page(`q=${encodeURIComponent('100%_x')}`))).toEqual([loopId]);
  expect((await page(`q=${encodeURIComponent('%')}`)).total).toBe(1);
  expect((await page(`q=${encodeURIComponent('1_0')}`)).total).toBe(0);
  const multi = await page('minActivities=2');
  expect(multi.items.every((r) => r.activityCount >= 2)).toBe(true);
  expect(multi.total).toBe(all.items.filter((r) => r.activityCount >= 2).length);
  const long = await page('minDistanceM=4000');
  expect(long.items.map((r) => r.id).sort()).toEqual(all.items.filter((r) => r.distanceM >= 4000).map((r) => r.id).sort());
  const short = await page('maxDistanceM=4000&minActivities=1');
  expect(short.total).toBe(all.items.filter((r) => r.distanceM <= 4000).length);
  // Paging over a filtered list: one at a time, the same order as unpaged.
  const first = await page('minDistanceM=1&limit=1&offset=0');
  const second = await page('minDistanceM=1&limit=1&offset=1');
  expect(first.total).toBe(all.total);
  expect([...ids(first), ...ids(second)]).toEqual(ids(all).slice(0, 2));
  for (const bad of ['minActivities=0', 'minDistanceM=-1', 'maxDistanceM=1e309', `q=${'x'.repeat(101)}`, 'q=']) {
    const r = await t.app.inject({ url: `/api/v1/routes?${bad}` });
    expect(r.statusCode, bad).toBe(400);
  }
}

describe('routes API', () => {
  let t: TestApp;
  let ids: string[];

  beforeAll(async () => {
    t = await createTestApp();
    // Three runs of one loop (different speeds), one the other way round, one elsewhere.
    const job = await t.importAndWait([
      gpx(LOOP, 1, 0, 3),
      gpx(LOOP, 2, 1, 3.5, 150),
      gpx(reversed(LOOP), 3, 2),
      gpx(LOOP, 4, 3, 2.8, 135),
      gpx(line([0, 0], [3000, 0]), 5, 4),
    ]);
    ids = job.files.map((f) => f.activityId!);
    expect(job.files.every((f) => f.status === 'imported')).toBe(true);
  });
  afterAll(async () => t?.close());

  const get = async <T>(url: string) => {
    const r = await t.app.inject({ url });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as T;
  };

  it('clusters imported activities into routes by themselves', async () => {
    const routes = await routesOf(get<RoutePageDto>('/api/v1/routes'));
    expect(routes).toHaveLength(3);
    const main = routes[0];
    expect(main.activityCount).toBe(3);
    expect(new Set(main.activityIds)).toEqual(new Set([ids[0], ids[1], ids[3]]));
    expect(main.activityIds[0]).toBe(ids[3]); // newest first
    expect(main.distanceM).toBeGreaterThan(4300);
    expect(main.distanceM).toBeLessThan(4700);
    expect(main.bestActivityId).toBe(ids[1]); // 3.5 m/s is fastest
    const rev = routes.find((r) => r.activityIds.includes(ids[2]))!;
    // Parallel storage within a job: whichever direction was matched first is the original.
    expect(rev.reverseOf === main.id || main.reverseOf === rev.id).toBe(true);
    expect(routes.find((r) => r.activityIds.includes(ids[4]))!.reverseOf).toBeUndefined();
  });

  it('searches and filters on the server, paged (issue 17)', async () => {
    const main = (await routesOf(get<RoutePageDto>('/api/v1/routes')))[0];
    await checkServerSearch(t, main.id);
  });

  it('route detail has the track, activities oldest first with time, HR and rank', async () => {
    const main = (await routesOf(get<RoutePageDto>('/api/v1/routes')))[0];
    const d = await get<RouteDetailDto>(`/api/v1/routes/${main.id}`);
    expect(d.activities.map((a) => a.activityId)).toEqual([ids[0], ids[1], ids[3]]);
    expect(d.activities.map((a) => a.rank)).toEqual([2, 1, 3]);
    expect(d.activities[1].avgHrBpm).toBe(150);
    expect(d.track.length).toBeGreaterThan(100);
    expect(d.track[0][0]).toBeCloseTo(47.37, 3);
  });

  it('activity detail gains routeId and "same route as N others, your rank k"', async () => {
    const main = (await routesOf(get<RoutePageDto>('/api/v1/routes')))[0];
    const a = await get<{ routeId: string; route: { others: number; rank: number } }>(`/api/v1/activities/${ids[0]}`);
    expect(a.routeId).toBe(main.id);
    expect(a.route).toMatchObject({ others: 2, rank: 2 });
    // Every member's page agrees with the route page's ranking (counted in SQL there, issue 14).
    const d = await get<RouteDetailDto>(`/api/v1/routes/${main.id}`);
    for (const m of d.activities) expect((await get<{ route: { others: number; rank: number } }>(`/api/v1/activities/${m.activityId}`)).route).toMatchObject({ others: 2, rank: m.rank });
  });

  it('renames, splits and merges', async () => {
    const main = (await routesOf(get<RoutePageDto>('/api/v1/routes')))[0];
    const ren = await t.app.inject({ method: 'PATCH', url: `/api/v1/routes/${main.id}`, payload: { name: 'Lake loop' } });
    expect(ren.json().name).toBe('Lake loop');
    const split = await t.app.inject({ method: 'POST', url: `/api/v1/routes/${main.id}/split`, payload: { activityIds: [ids[3]] } });
    expect(split.statusCode).toBe(201);
    const newId = split.json().id as string;
    expect(split.json().activityIds).toEqual([ids[3]]);
    expect((await get<RouteDetailDto>(`/api/v1/routes/${main.id}`)).activityCount).toBe(2);
    const merged = await t.app.inject({ method: 'POST', url: `/api/v1/routes/${main.id}/merge`, payload: { otherRouteId: newId } });
    expect(merged.json().activityCount).toBe(3);
    expect((await t.app.inject({ url: `/api/v1/routes/${newId}` })).statusCode).toBe(404);
  });

  it('rejects bad requests with the error shape', async () => {
    const main = (await routesOf(get<RoutePageDto>('/api/v1/routes')))[0];
    const r = await t.app.inject({ method: 'POST', url: `/api/v1/routes/${main.id}/merge`, payload: { otherRouteId: main.id } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('bad_request');
    const s = await t.app.inject({ method: 'POST', url: `/api/v1/routes/${main.id}/split`, payload: { activityIds: ['nope'] } });
    expect(s.statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/routes/nope' })).json().error.code).toBe('not_found');
  });

  it('deleting activities updates the route and removes an emptied one', async () => {
    const before = await routesOf(get<RoutePageDto>('/api/v1/routes'));
    const lone = before.find((r) => r.activityIds.includes(ids[4]))!;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/activities/${ids[4]}` })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/v1/routes/${lone.id}` })).statusCode).toBe(404);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/activities/${ids[1]}` });
    const main = (await routesOf(get<RoutePageDto>('/api/v1/routes')))[0];
    expect(main.activityCount).toBe(2);
    expect(main.bestActivityId).toBe(ids[0]);
  });

  it('re-importing a repeat after deletions still finds the route', async () => {
    const job = await t.importAndWait([gpx(LOOP, 9, 10)]);
    const routes = await routesOf(get<RoutePageDto>('/api/v1/routes'));
    expect(routes[0].activityIds[0]).toBe(job.files[0].activityId);
    expect(routes[0].activityCount).toBe(3);
  });
});

describe('routes backfill', () => {
  it('indexes GPS activities that have no track yet and groups them', async () => {
    const t = await createTestApp();
    try {
      const job = await t.importAndWait([gpx(LOOP, 1, 0), gpx(LOOP, 2, 1)]);
      const ids = job.files.map((f) => f.activityId!);
      // Forget what the import derived, as for a database from before migration 0004.
      for (const id of ids) await t.services.routeFeatures.matching.removeActivity('local', id);
      expect((await t.app.inject({ url: '/api/v1/routes' })).json()).toEqual({ items: [], total: 0, limit: 100, offset: 0 });
      expect(await t.services.routeFeatures.backfill('local')).toBe(2);
      const routes = ((await t.app.inject({ url: '/api/v1/routes' })).json() as RoutePageDto).items;
      expect(routes.map((r) => r.activityCount)).toEqual([2]);
      expect(await t.services.routeFeatures.backfill('local')).toBe(0);
    } finally {
      await t.close();
    }
  });
});

describe('routes and segments on PostgreSQL', () => {
  it('clusters, reports the route on the activity and finds segment efforts', async () => {
    const db = await createTestDatabase();
    expect(db, 'PostgreSQL must be available to the test run').not.toBeNull();
    const t = await createTestApp({ databaseUrl: db!.url });
    try {
      const job = await t.importAndWait([gpx(LOOP, 1, 0), gpx(LOOP, 2, 1, 3.5), gpx(reversed(LOOP), 3, 2)]);
      const ids = job.files.map((f) => f.activityId!);
      const routes = ((await t.app.inject({ url: '/api/v1/routes' })).json() as RoutePageDto).items;
      expect(routes.map((r) => r.activityCount)).toEqual([2, 1]);
      // Files of one job are stored in parallel, so either direction may be found first; the
      // later one is flagged as the reverse of the earlier.
      expect(routes[1].reverseOf === routes[0].id || routes[0].reverseOf === routes[1].id).toBe(true);
      const a = (await t.app.inject({ url: `/api/v1/activities/${ids[1]}` })).json();
      expect(a.route).toMatchObject({ routeId: routes[0].id, others: 1, rank: 1 });
      const seg = await t.app.inject({ method: 'POST', url: '/api/v1/segments', payload: { activityId: ids[0], startOffsetS: 100, endOffsetS: 400 } });
      expect(seg.statusCode, seg.body).toBe(201);
      expect(seg.json().efforts.map((e: { activityId: string }) => e.activityId).sort()).toEqual([ids[0], ids[1]].sort());
      await checkServerSearch(t, routes[0].id);
    } finally {
      await t.close();
      await db!.drop();
    }
  });
});
