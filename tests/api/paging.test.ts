/**
 * Issue 14 "under load": lists are paged (routes, segments), and the cached fitness and records
 * answers follow every change (the cache is dropped when the analysis generation moves).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FitnessDto, RecordsDto } from '../../shared/analysis-api.js';
import type { RoutePageDto, SegmentPageDto } from '../../shared/routes-api.js';
import { LOCAL_USER_ID } from '../../server/plugins/auth.js';
import { seedAthlete } from '../../bench/server-load-data.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const CLIENT = { 'x-milevault-client': 'test' };

describe('paged lists and cached pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    // 9 short activities over three distinct loops: three routes of three activities each.
    await seedAthlete(t.services, LOCAL_USER_ID, { activities: 9, templates: 3, samples: 900, years: 1, endMs: Date.UTC(2025, 5, 30, 7) });
  }, 60_000);
  afterAll(() => t.close());

  const get = async <T>(url: string) => {
    const r = await t.app.inject({ url });
    expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
    return r.json() as T;
  };

  it('pages routes, most used first, with the total', async () => {
    const all = await get<RoutePageDto>('/api/v1/routes');
    expect(all).toMatchObject({ total: 3, limit: 100, offset: 0 });
    expect(all.items.map((r) => r.activityCount)).toEqual([3, 3, 3]);
    const p1 = await get<RoutePageDto>('/api/v1/routes?limit=2');
    const p2 = await get<RoutePageDto>('/api/v1/routes?limit=2&offset=2');
    expect(p1.items).toHaveLength(2);
    expect(p2.items).toHaveLength(1);
    expect([...p1.items, ...p2.items].map((r) => r.id)).toEqual(all.items.map((r) => r.id));
    expect((await get<RoutePageDto>('/api/v1/routes?sport=swimming')).total).toBe(0);
    for (const bad of ['limit=0', 'limit=501', 'offset=-1', 'limit=abc']) {
      expect((await t.app.inject({ url: `/api/v1/routes?${bad}` })).statusCode, bad).toBe(400);
    }
  });

  it('a split route moves to where its count puts it', async () => {
    const [first] = (await get<RoutePageDto>('/api/v1/routes')).items;
    const split = await t.app.inject({ method: 'POST', url: `/api/v1/routes/${first.id}/split`, headers: CLIENT, payload: { activityIds: [first.activityIds[0]] } });
    expect(split.statusCode).toBe(201);
    const after = await get<RoutePageDto>('/api/v1/routes');
    expect(after.total).toBe(4);
    expect(after.items.map((r) => r.activityCount)).toEqual([3, 3, 2, 1]);
  });

  it('pages segments', async () => {
    const [a] = (await get<{ items: { id: string }[] }>('/api/v1/activities?limit=1')).items;
    for (let i = 0; i < 3; i++) {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/segments', headers: CLIENT, payload: { activityId: a.id, startOffsetS: 100 + i * 200, endOffsetS: 250 + i * 200, name: `s${i}` } });
      expect(r.statusCode, r.body).toBe(201);
    }
    const p1 = await get<SegmentPageDto>('/api/v1/segments?limit=2');
    const p2 = await get<SegmentPageDto>('/api/v1/segments?limit=2&offset=2');
    expect(p1).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect([...p1.items, ...p2.items].map((s) => s.name)).toEqual(['s0', 's1', 's2']);
    expect((await t.app.inject({ url: '/api/v1/segments?limit=1000' })).statusCode).toBe(400);
  });

  it('fitness and records answers follow a deletion (cache invalidated)', async () => {
    const url = '/api/v1/fitness?from=2024-06-01&to=2025-06-30';
    const before = await get<FitnessDto>(url);
    const again = await get<FitnessDto>(url);
    expect(again).toEqual(before);
    const loaded = before.items.filter((d) => d.load > 0);
    expect(loaded.length).toBeGreaterThan(0);
    // Curves are rounded to 0.01 in the answer.
    for (const d of before.items) expect(Math.round(d.ctl * 100) / 100).toBe(d.ctl);
    const recordsBefore = await get<RecordsDto>('/api/v1/records?sport=cycling');
    const holder = recordsBefore.items.find((r) => r.scope === 'all')!.activityId;

    const list = (await get<{ items: { id: string; startTime: string }[] }>('/api/v1/activities?limit=100')).items;
    const day = loaded[loaded.length - 1].date;
    const victims = list.filter((a) => a.startTime.slice(0, 10) === day);
    expect(victims.length).toBeGreaterThan(0);
    for (const v of [...victims, ...list.filter((a) => a.id === holder)]) {
      const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/activities/${v.id}`, headers: CLIENT });
      expect([204, 404]).toContain(del.statusCode);
    }
    const after = await get<FitnessDto>(url);
    expect(after.items.find((d) => d.date === day)!.load).toBe(0);
    const recordsAfter = await get<RecordsDto>('/api/v1/records?sport=cycling');
    expect(recordsAfter.items.map((r) => r.activityId)).not.toContain(holder);
  });
});
