import BetterSqlite3 from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityAnalysisDto, RecordsDto } from '../../shared/analysis-api.js';
import type { ActivityDetailDto, ActivityListDto } from '../../shared/api.js';
import { ANALYSIS_VERSION } from '../../server/domain/analysis/analysis-version.js';
import { corpusOrWarn } from '../helpers/corpus.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

type Detail = ActivityDetailDto & ActivityAnalysisDto;

/**
 * Issue 13 over the HTTP API: a generated multisport file (legs, per-leg records), a chained FIT
 * holding two separate activities (two activities), real pool swims and a real triathlon from the
 * corpus (skipped, visibly, without it), and the recompute of existing data on start.
 */
describe('swims and multisport over the API (SQLite)', () => {
  let t: TestApp;
  const corpus = corpusOrWarn();
  const get = async <T>(url: string) => {
    const res = await t.app.inject({ url });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json() as T;
  };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    const files = [
      { name: 'brick.fit', bytes: makeFitActivity({ startTime: new Date('2024-06-01T07:00:00Z'), multisport: [{ sport: 'cycling', durationS: 1800 }, { sport: 'running', durationS: 1500 }] }) },
      { name: 'chained.fit', bytes: makeFitActivity({ durationS: 600, startTime: new Date('2024-06-03T07:00:00Z'), chained: 'activity' }) },
    ];
    if (corpus) {
      files.push({ name: 'FR935-poolswim-6688025408.fit', bytes: readFileSync(join(corpus, 'fit/sports-lib/FR935-poolswim-6688025408.fit')) });
      files.push({ name: 'MultiSport-2019-11-24.fit', bytes: readFileSync(join(corpus, 'fit/goldencheetah/MultiSport-2019-11-24.fit')) });
    }
    const job = await t.importAndWait(files);
    for (const f of job.files) {
      expect(f.status, `${f.name}: ${f.error ?? ''}`).toBe('imported');
      ids[f.name] = f.activityId!;
    }
  }, 120_000);
  afterAll(async () => t?.close());

  it('a multisport activity has legs with their own sport; its records are the legs\', none under "multisport"', async () => {
    const d = await get<Detail>(`/api/v1/activities/${ids['brick.fit']}`);
    expect(d.sport).toBe('multisport');
    expect(d.legs!.map((l) => l.sport)).toEqual(['cycling', 'running']);
    expect(d.curves).toEqual({ power: null, hr: null, pace: null });
    expect(d.legs![1].bestEfforts.some((e) => e.distanceM === 1000)).toBe(true);
    expect((await get<RecordsDto>('/api/v1/records?sport=multisport')).items).toEqual([]);
    const run = await get<RecordsDto>('/api/v1/records?sport=running');
    expect(run.items.some((r) => r.kind === 'distance' && r.activityId === ids['brick.fit'])).toBe(true);
    const ride = await get<RecordsDto>('/api/v1/records?sport=cycling');
    expect(ride.items.some((r) => r.kind === 'distance' && r.key === 5000 && r.activityId === ids['brick.fit'])).toBe(true);
  });

  it('a chained FIT with two separate activities becomes two activities', async () => {
    const list = await get<ActivityListDto>('/api/v1/activities?limit=100');
    const days = list.items.map((a) => a.startTime.slice(0, 10));
    expect(days.filter((d) => d === '2024-06-03' || d === '2024-06-04')).toHaveLength(2);
  });

  it.skipIf(!corpus)('a pool swim answers its lengths table, and its records are kept per pool length', async () => {
    const d = await get<Detail>(`/api/v1/activities/${ids['FR935-poolswim-6688025408.fit']}`);
    expect(d.swim).toMatchObject({ poolLengthM: 50, activeLengths: 46, distanceM: 2300 });
    expect(d.swim!.rows.some((r) => r.kind === 'rest')).toBe(true);
    expect(d.bestEfforts.map((e) => e.distanceM)).toEqual([100, 200, 400, 800, 1500]);
    const pool = await get<RecordsDto>('/api/v1/records?sport=swimming_pool_50m');
    expect(pool.items.filter((r) => r.kind === 'distance' && r.scope === 'all').map((r) => r.key)).toEqual([100, 200, 400, 800, 1500]);
  });

  it.skipIf(!corpus)('MultiSport-2019-11-24.fit: legs swim, T1, bike, T2, run; the event total on top', async () => {
    const d = await get<Detail>(`/api/v1/activities/${ids['MultiSport-2019-11-24.fit']}`);
    expect(d.legs!.map((l) => l.sport)).toEqual(['swimming', 'transition', 'cycling', 'transition', 'running']);
    expect(d.distanceM).toBeCloseTo(d.sessions.reduce((s, x) => s + (x.distanceM ?? 0), 0), 0);
    expect(d.legs!.find((l) => l.sport === 'cycling')!.curves.power).not.toBeNull();
  });

  it('existing rows below ANALYSIS_VERSION are recomputed by the start-up job, records included', async () => {
    const conn = new BetterSqlite3(join(t.dataDir, 'milevault.sqlite'));
    try {
      conn.prepare('UPDATE activity_metrics SET analysis_version = 0, legs_json = NULL').run();
      conn.prepare(`DELETE FROM records`).run();
    } finally {
      conn.close();
    }
    const jobs = await t.services.analysis.jobs.recomputeStale();
    expect(jobs).toHaveLength(1);
    for (const id of jobs) await t.services.analysis.jobs.waitFor(id);
    const d = await get<Detail>(`/api/v1/activities/${ids['brick.fit']}`);
    expect(d.legs!.map((l) => l.sport)).toEqual(['cycling', 'running']);
    expect((await get<RecordsDto>('/api/v1/records?sport=running')).items.length).toBeGreaterThan(0);
    const check = new BetterSqlite3(join(t.dataDir, 'milevault.sqlite'), { readonly: true });
    try {
      expect(check.prepare('SELECT COUNT(*) AS n FROM activity_metrics WHERE analysis_version < ?').get(ANALYSIS_VERSION)).toEqual({ n: 0 });
    } finally {
      check.close();
    }
    expect(await t.services.analysis.jobs.recomputeStale()).toEqual([]);
  }, 120_000);
});
