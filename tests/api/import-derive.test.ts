/**
 * Issue 3 (throughput): the parse workers derive each activity's analysis and route track, the
 * main thread stores them, period totals are refreshed in a batch and writes are group-committed.
 * These tests pin that the fast path gives exactly what the slow path (reading the streams back
 * from the database) gives, and that nothing is left stale when a job reports done.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_USER_ID } from '../../server/plugins/auth.js';
import { buildMetrics } from '../../server/services/analysis/metrics-builder.js';
import { resampleTrack } from '../../server/domain/routes/track.js';
import { summaryColumnsOf } from '../../server/services/routes/route-tracks.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const DAY_MS = 86_400_000;

describe('import: worker-derived analysis and batched totals', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const ftp = await t.app.inject({ method: 'POST', url: '/api/v1/thresholds', payload: { kind: 'ftp', value: 250, validFrom: '2020-01-01' } });
    expect(ftp.statusCode).toBe(201);
  });
  afterAll(() => t.close());

  it('stores the same metrics, efforts and track as a recomputation from the stored streams', async () => {
    const files = [0, 1, 2].map((i) => ({
      name: `d${i}.fit`,
      bytes: makeFitActivity({ durationS: 1800, startTime: new Date(Date.UTC(2021, 2, 1 + i, 7)), withPower: true, sport: i === 2 ? 'cycling' : 'running', withAltitude: true }),
    }));
    const job = await t.importAndWait(files);
    expect(job.files.map((f) => f.status)).toEqual(['imported', 'imported', 'imported']);
    const { storage } = t.services;
    const thresholds = await storage.thresholds.list(LOCAL_USER_ID);
    for (const f of job.files) {
      const id = f.activityId!;
      const stored = await storage.analysis.getMetrics(LOCAL_USER_ID, id);
      const slow = await buildMetrics(storage, LOCAL_USER_ID, id, thresholds, stored!.computedAtMs);
      expect(stored).toEqual(slow!.row);
      const efforts = (await storage.analysis.effortsOf(LOCAL_USER_ID, id)).map((e) => [e.kind, Number(e.key), Number(e.value)]).sort();
      expect(efforts.length).toBeGreaterThan(10);
      expect(efforts).toEqual(slow!.efforts.map((e) => [e.kind, e.key, e.value]).sort());
      // The route track stored from the worker equals the one resampled from the stored streams.
      const s = (await storage.activities.readStreams(LOCAL_USER_ID, id, ['latDeg', 'lonDeg']))!;
      const track = await storage.routes.getTrack(LOCAL_USER_ID, id);
      const expected = summaryColumnsOf(resampleTrack(s.channels.latDeg!, s.channels.lonDeg!, s.timeS)!);
      expect(Buffer.from(track!.track)).toEqual(Buffer.from(expected.track));
      expect(Number(track!.distanceM)).toBeCloseTo(expected.distanceM, 6);
    }
    // With FTP set, the cycling activity has a TSS (the thresholds reached the worker).
    const ride = await storage.analysis.getMetrics(LOCAL_USER_ID, job.files[2].activityId!);
    expect(ride!.tss).toBeGreaterThan(0);
  });

  it('has every total and the fitness series up to date when the job reports done', async () => {
    const files = Array.from({ length: 12 }, (_, i) => ({
      name: `t${i}.fit`,
      bytes: makeFitActivity({ durationS: 600 + 60 * i, startTime: new Date(Date.UTC(2022, 0, 3) + i * 2 * DAY_MS + 7 * 3600_000), withPower: i % 2 === 0 }),
    }));
    await t.importAndWait(files);
    // Straight from the tables (not through the query service, which would flush first).
    const { storage } = t.services;
    const list = await storage.activities.list(LOCAL_USER_ID, { limit: 1000, offset: 0, fromMs: Date.UTC(2022, 0, 1), toMs: Date.UTC(2023, 0, 1) });
    expect(list.items).toHaveLength(12);
    const months = await storage.analysisAggregates.totals(LOCAL_USER_ID, 'month', 'all');
    const jan = months.filter((m) => m.periodStart === '2022-01-01').reduce((s, m) => s + m.count, 0);
    const janDist = months.filter((m) => m.periodStart === '2022-01-01').reduce((s, m) => s + Number(m.distanceM), 0);
    const inJan = list.items.filter((a) => a.startTime < '2022-02-01');
    expect(jan).toBe(inJan.length);
    expect(janDist).toBeCloseTo(inJan.reduce((s, a) => s + (a.distanceM ?? 0), 0), 3);
    const loads = await storage.analysisAggregates.dailyLoads(LOCAL_USER_ID, '2022-12-31');
    expect(loads.filter((l) => l.day >= '2022-01-01').length).toBe(12);
  });

  it('keeps records right across imports, a deletion and a later import (in-memory records of a bulk import)', async () => {
    const day = (d: number) => new Date(Date.UTC(2023, 5, d, 6));
    const km = async () => {
      const res = await t.app.inject({ url: '/api/v1/records?sport=running' });
      const items = (res.json() as { items: { kind: string; key: number; scope: string; valueS: number; activityId: string }[] }).items;
      return items.find((r) => r.kind === 'distance' && r.key === 1000 && r.scope === 'all')!;
    };
    const job = await t.importAndWait([
      { name: 'r1.fit', bytes: makeFitActivity({ durationS: 900, startTime: day(1), speedMps: 5.0 }) },
      { name: 'r2.fit', bytes: makeFitActivity({ durationS: 900, startTime: day(2), speedMps: 7.0 }) },
    ]);
    // Faster than anything the earlier tests imported (fixture default pace).
    const [slow, fast] = job.files.map((f) => f.activityId!);
    expect((await km()).activityId).toBe(fast);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/activities/${fast}` })).statusCode).toBeLessThan(300);
    expect((await km()).activityId).toBe(slow);
    // Faster than the remaining record, slower than the deleted one: it must become the record.
    const again = await t.importAndWait([{ name: 'r3.fit', bytes: makeFitActivity({ durationS: 900, startTime: day(3), speedMps: 6.0 }) }]);
    expect((await km()).activityId).toBe(again.files[0].activityId);
    expect((await km()).valueS).toBeCloseTo(1000 / 6, 0);
  });
});
