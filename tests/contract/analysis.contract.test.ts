import { randomUUID } from 'node:crypto';
import { storageAdapters } from '../helpers/storage-adapters.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalysis, type AnalysisModule } from '../../server/services/analysis/analysis-module.js';
import { ActivityEvents } from '../../server/services/activity-events.js';
import type { Storage } from '../../server/storage/port.js';
import { prepareStreams } from '../../server/storage/stream-codec.js';
import { makeParsedActivity } from '../helpers/parsed-activity.js';

/**
 * The analysis tables and their maintenance (records, daily load, totals, thresholds) on SQLite
 * and PostgreSQL: the same service code over both adapters must give the same answers.
 */
const adapters = storageAdapters;

describe.each(adapters)('analysis contract: %s', (_kind, factory) => {
  let storage: Storage;
  let cleanup: () => Promise<void>;
  let events: ActivityEvents;
  let an: AnalysisModule;
  const A = 'user-a';
  const B = 'user-b';
  const C = 'user-c';

  beforeAll(async () => {
    ({ storage, cleanup } = await factory());
    await storage.users.ensure(A, 'Alice');
    await storage.users.ensure(B, 'Bob');
    events = new ActivityEvents();
    an = createAnalysis({ storage, events, now: () => Date.parse('2024-07-01T12:00:00Z') });
  });
  afterAll(async () => cleanup?.());

  async function add(user: string, opts: Parameters<typeof makeParsedActivity>[0]) {
    const id = randomUUID();
    const sha = randomUUID();
    const parsed = makeParsedActivity(opts);
    await storage.originals.upsert({ userId: user, sha256: sha, fileName: 'a.fit', sizeBytes: 1, format: 'fit' });
    await storage.activities.insert({ id, userId: user, originalSha256: sha, sourceIndex: 0, name: `run ${opts?.startTime}`, parsed, streams: prepareStreams(parsed.streams) });
    await events.emit({ type: 'imported', userId: user, activityId: id });
    return { id, parsed };
  }

  it('inserts a new activity\'s efforts (more than one chunk) and replaces them later', async () => {
    await storage.users.ensure(C, 'Carol');
    const { id } = await add(C, { startTime: '2024-04-01T07:00:00.000Z', n: 601, speedMps: 3 });
    await storage.analysis.replaceEfforts(C, id, []);
    const rows = Array.from({ length: 450 }, (_, i) => ({ activityId: id, userId: C, sport: 'running', kind: 'power' as const, key: i + 1, value: 500 - i, startTimeMs: Date.parse('2024-04-01T07:00:00.000Z'), year: 2024 }));
    await storage.analysis.insertEfforts(rows);
    const got = await storage.analysis.effortsOf(C, id);
    expect(got).toHaveLength(450);
    expect(got.map((e) => Number(e.key)).sort((a, b) => a - b)).toEqual(rows.map((r) => r.key));
    await storage.analysis.replaceEfforts(C, id, rows.slice(0, 3));
    expect(await storage.analysis.effortsOf(C, id)).toHaveLength(3);
    await storage.analysis.insertEfforts([]);
    await storage.analysis.replaceEfforts(C, id, []);
  });

  it('stores metrics, efforts and records for an imported activity', async () => {
    const { id } = await add(A, { startTime: '2024-05-06T07:00:00.000Z', n: 1201, speedMps: 3 });
    const m = await storage.analysis.getMetrics(A, id);
    expect(m?.day).toBe('2024-05-06');
    expect(m?.weekStart).toBe('2024-05-06');
    const recs = await an.query.records(A, 'running');
    const km = recs.items.filter((r) => r.kind === 'distance' && r.key === 1000);
    expect(km.map((r) => r.scope).sort()).toEqual(['all', 'year']);
    expect(km[0].valueS).toBeCloseTo(1000 / 3, 6);
    expect(km[0].activityId).toBe(id);
    expect((await an.query.records(B, 'running')).items).toEqual([]); // scoped by user
  });

  it('a faster older activity takes the all-time record; its own year keeps its own', async () => {
    const old = await add(A, { startTime: '2023-05-06T07:00:00.000Z', n: 1201, speedMps: 4 });
    const km = (await an.query.records(A, 'running')).items.filter((r) => r.kind === 'distance' && r.key === 1000);
    const all = km.find((r) => r.scope === 'all')!;
    expect(all.activityId).toBe(old.id);
    expect(all.valueS).toBeCloseTo(250, 6);
    expect(km.filter((r) => r.scope === 'year').map((r) => r.year).sort()).toEqual([2023, 2024]);
    const prog = await an.query.progression(A, 'running', 'distance', 1000);
    expect(prog.items.map((p) => p.activityId)).toEqual([old.id]);
    const badges = await an.query.badges(A, [old.id]);
    expect(badges.items[0].count).toBeGreaterThan(0);
    // The calendar's PR / year-best badges: every record row counted, the all-time ones apart.
    const rec = (await an.query.records(A, 'running')).items;
    const held = [...new Set(rec.map((r) => r.activityId))];
    const counts = await storage.analysis.recordCounts(A, held);
    expect(counts.length).toBe(held.length);
    for (const c of counts) {
      expect(c.count).toBe(rec.filter((r) => r.activityId === c.activityId).length);
      expect(c.allTimeCount).toBe(rec.filter((r) => r.activityId === c.activityId && r.scope === 'all').length);
    }
    expect(counts.find((c) => c.activityId === old.id)!.allTimeCount).toBeGreaterThan(0);
  });

  it('totals equal the sum of the activities and follow a sport change and a deletion', async () => {
    const c = await add(A, { startTime: '2024-05-08T07:00:00.000Z', n: 601, speedMps: 3 });
    const week = async (sport: string) => (await an.query.totals(A, 'week', sport)).items.find((r) => r.periodStart === '2024-05-06');
    const metrics = await Promise.all((await storage.activities.list(A, { limit: 100, offset: 0 })).items.map((a) => storage.analysis.getMetrics(A, a.id)));
    const inWeek = metrics.filter((m) => m!.weekStart === '2024-05-06');
    expect((await week('running'))!.count).toBe(2);
    expect((await week('running'))!.distanceM).toBeCloseTo(inWeek.reduce((s, m) => s + (m!.distanceM ?? 0), 0), 6);
    expect((await week('all'))!.load).toBeCloseTo(inWeek.reduce((s, m) => s + m!.load, 0), 6);

    await storage.activities.update(A, c.id, { sport: 'walking' });
    await events.emit({ type: 'updated', userId: A, activityId: c.id, fields: ['sport'] });
    expect((await week('running'))!.count).toBe(1);
    expect((await week('walking'))!.count).toBe(1);
    expect((await week('all'))!.count).toBe(2);

    await storage.activities.delete(A, c.id);
    await events.emit({ type: 'deleted', userId: A, activityId: c.id, startTime: '2024-05-08T07:00:00.000Z', sport: 'walking' });
    expect(await week('walking')).toBeUndefined();
    expect((await an.query.records(A, 'walking')).items).toEqual([]);
    const cal = await an.query.calendar(A, '2024-05');
    expect(cal.days).toHaveLength(31);
    expect(cal.days.find((d) => d.date === '2024-05-06')!.activities).toHaveLength(1);
    expect(cal.days.find((d) => d.date === '2024-05-08')!.activities).toHaveLength(0);
  });

  it('deleting a record holder hands the record to the next best', async () => {
    const list = await storage.activities.list(A, { limit: 100, offset: 0, sport: 'running' });
    const old = list.items.find((a) => a.startTime.startsWith('2023'))!;
    await storage.activities.delete(A, old.id);
    await events.emit({ type: 'deleted', userId: A, activityId: old.id, startTime: old.startTime, sport: 'running' });
    const km = (await an.query.records(A, 'running')).items.filter((r) => r.kind === 'distance' && r.key === 1000);
    expect(km.map((r) => r.year)).toEqual([2024, 2024]);
    expect(km[0].valueS).toBeCloseTo(1000 / 3, 6);
  });

  it('thresholds CRUD recomputes load in a job; daily load and fitness follow', async () => {
    const before = (await an.query.fitness(A, '2024-05-01', '2024-05-10')).items.find((r) => r.date === '2024-05-06')!;
    expect(before.load).toBeGreaterThan(0); // TRIMP with default HR bounds
    const { threshold, job } = await an.thresholds.create(A, { kind: 'threshold_hr', sport: null, value: 150, validFrom: '2024-01-01' });
    const done = await an.jobs.waitFor(job.id);
    expect(done).toMatchObject({ status: 'done', done: 1, total: 1 });
    const list = await storage.activities.list(A, { limit: 10, offset: 0 });
    const m = await storage.analysis.getMetrics(A, list.items[0].id);
    expect(m!.loadSource).toBe('hr');
    const after = (await an.query.fitness(A, '2024-05-01', '2024-05-10')).items.find((r) => r.date === '2024-05-06')!;
    expect(after.load).toBeCloseTo(m!.load, 9);
    expect(JSON.parse(m!.zonesJson).hr.basis.value).toBe(150);

    const upd = await an.thresholds.update(A, threshold!.id, { kind: 'threshold_hr', sport: null, value: 160, validFrom: '2024-01-01' });
    expect(upd.threshold!.value).toBe(160);
    await an.jobs.waitFor(upd.job.id);
    expect((await storage.analysis.getMetrics(A, list.items[0].id))!.load).toBeLessThan(m!.load);
    expect(await an.thresholds.list(B)).toEqual([]);
    const del = await an.thresholds.delete(A, threshold!.id);
    expect(await an.thresholds.list(A)).toEqual([]);
    await an.jobs.waitFor(del.job.id);
    expect((await storage.analysis.getMetrics(A, list.items[0].id))!.loadSource).toBe('trimp');
  });

  it('a full recompute rebuilds the same records and totals', async () => {
    const recs = await an.query.records(A, 'running');
    const totals = await an.query.totals(A, 'month', undefined);
    const job = an.jobs.start(A, { mode: 'full' });
    expect((await an.jobs.waitFor(job.id))!.status).toBe('done');
    expect(await an.query.records(A, 'running')).toEqual(recs);
    expect(await an.query.totals(A, 'month', undefined)).toEqual(totals);
  });
});
