import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ActivityAnalysisDto,
  AllTimeCurveDto,
  CalendarDto,
  FitnessDto,
  RecomputeJobDto,
  RecordsDto,
  ThresholdChangeDto,
  ThresholdsDto,
  TotalsDto,
} from '../../shared/analysis-api.js';
import type { ActivityDetailDto, ActivityListDto } from '../../shared/api.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

type Detail = ActivityDetailDto & ActivityAnalysisDto;

/**
 * Analysis over the HTTP API with generated FIT files (fit-fixture.ts): a 3 m/s run, a 4 m/s run
 * a year earlier, and a ride alternating 200/300 W with HR alternating 120/140.
 */
describe('analysis API (app.inject, SQLite)', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const get = async <T>(url: string) => {
    const res = await t.app.inject({ url });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json() as T;
  };
  const waitJob = async (job: RecomputeJobDto) => {
    await t.services.analysis.jobs.waitFor(job.id);
    return get<RecomputeJobDto>(`/api/v1/analysis/jobs/${job.id}`);
  };

  beforeAll(async () => {
    t = await createTestApp();
    const job = await t.importAndWait([
      { name: 'run.fit', bytes: makeFitActivity({ durationS: 3600, startTime: new Date('2024-05-06T07:00:00Z') }) },
      { name: 'ride.fit', bytes: makeFitActivity({ durationS: 3600, sport: 'cycling', withPower: true, startTime: new Date('2024-05-07T07:00:00Z') }) },
    ]);
    expect(job.files.map((f) => f.status)).toEqual(['imported', 'imported']);
    ids.run = job.files[0].activityId!;
    ids.ride = job.files[1].activityId!;
  });
  afterAll(async () => t?.close());

  it('activity detail carries best efforts, curves, load, zones and PR badges', async () => {
    const run = await get<Detail>(`/api/v1/activities/${ids.run}`);
    const km = run.bestEfforts.find((e) => e.distanceM === 1000)!;
    expect(km.timeS).toBeCloseTo(1000 / 3, 6);
    expect(run.bestEfforts.find((e) => e.distanceM === 10_000)!.timeS).toBeCloseTo(10_000 / 3, 6);
    expect(run.bestEfforts.some((e) => e.distanceM === 21_097.5)).toBe(false); // 10.8 km only
    expect(run.curves.hr!.values[0]).toBe(140);
    expect(run.curves.hr!.values[1]).toBe(130);
    expect(run.curves.pace!.values[run.curves.pace!.durationsS.indexOf(600)]).toBeCloseTo(3, 6);
    expect(run.load).toMatchObject({ loadSource: 'trimp', tss: null, normalizedPowerW: null });
    expect(run.load!.gradeAdjustedPaceMps).toBeGreaterThan(0);
    expect(run.zones).toEqual({ hr: null, power: null, pace: null }); // no thresholds yet
    expect(run.newPrs.some((p) => p.kind === 'distance' && p.key === 1000 && p.scope === 'all')).toBe(true);

    const ride = await get<Detail>(`/api/v1/activities/${ids.ride}`);
    const p = ride.curves.power!;
    expect(p.values[0]).toBe(300);
    expect(p.values[p.durationsS.indexOf(1200)]).toBeCloseTo(250, 6);
    expect(ride.load!.normalizedPowerW).toBeCloseTo(250, 6);
    expect(ride.load!.variabilityIndex).toBeCloseTo(1, 3);
    expect(ride.load!.workKj).toBeCloseTo((250 * 3601) / 1000, 0);
    expect(ride.bestEfforts.map((e) => e.distanceM)).toEqual([5000, 10_000, 20_000]); // 28.8 km at 8 m/s
  });

  it('records, all-time curves and badges', async () => {
    const recs = await get<RecordsDto>('/api/v1/records?sport=running');
    const km = recs.items.filter((r) => r.kind === 'distance' && r.key === 1000);
    expect(km).toHaveLength(2);
    expect(km.find((r) => r.scope === 'all')).toMatchObject({ activityId: ids.run, date: '2024-05-06', year: 2024 });
    const curve = await get<AllTimeCurveDto>('/api/v1/curves?kind=power&sport=cycling');
    expect(curve.values[0]).toBe(300);
    expect(curve.activityIds.every((id) => id === ids.ride)).toBe(true);
    const badges = await get<{ items: { activityId: string; count: number }[] }>(`/api/v1/records/badges?ids=${ids.run},${ids.ride},nope`);
    expect(badges.items.map((b) => b.activityId).sort()).toEqual([ids.run, ids.ride].sort());
  });

  it('an FTP recomputes TSS and zones in a background job, and the fitness curve follows', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/thresholds', payload: { kind: 'ftp', sport: 'cycling', value: 250, validFrom: '2024-01-01' } });
    expect(res.statusCode).toBe(201);
    const change = res.json() as ThresholdChangeDto;
    expect(change.threshold).toMatchObject({ kind: 'ftp', sport: 'cycling', value: 250 });
    expect(await waitJob(change.job)).toMatchObject({ status: 'done', done: 1, total: 1 });
    const ride = await get<Detail>(`/api/v1/activities/${ids.ride}`);
    expect(ride.load!.loadSource).toBe('power');
    expect(ride.load!.intensityFactor).toBeCloseTo(1, 6);
    expect(ride.load!.tss).toBeCloseTo((100 * 3601) / 3600, 3);
    const z = ride.zones.power!.zones;
    expect(z[2].timeS + z[5].timeS).toBeCloseTo(3601, 0); // 200 W = 80 % (Z3), 300 W = 120 % (Z6)
    const fit = await get<FitnessDto>('/api/v1/fitness?from=2024-05-01&to=2024-05-31');
    const day = fit.items.find((r) => r.date === '2024-05-07')!;
    expect(day.load).toBeCloseTo(ride.load!.tss!, 6);
    expect(day.ctl).toBeGreaterThan(0);
    expect((await get<ThresholdsDto>('/api/v1/thresholds')).items).toHaveLength(1);
  });

  it('importing an older, faster run moves the all-time record; totals add up', async () => {
    const job = await t.importAndWait([{ name: 'old.fit', bytes: makeFitActivity({ durationS: 1800, speedMps: 4, startTime: new Date('2023-05-08T07:00:00Z') }) }]);
    ids.old = job.files[0].activityId!;
    const recs = await get<RecordsDto>('/api/v1/records?sport=running');
    const all = recs.items.find((r) => r.kind === 'distance' && r.key === 1000 && r.scope === 'all')!;
    expect(all).toMatchObject({ activityId: ids.old, year: 2023 });
    expect(all.valueS).toBeCloseTo(250, 6);
    const list = (await get<ActivityListDto>('/api/v1/activities?limit=100')).items;
    const years = await get<TotalsDto>('/api/v1/totals?period=year');
    const sumAll = years.items.filter((r) => r.sport === 'all').reduce((s, r) => s + r.distanceM, 0);
    expect(sumAll).toBeCloseTo(list.reduce((s, a) => s + (a.distanceM ?? 0), 0), 6);
    const y2024 = years.items.find((r) => r.sport === 'running' && r.periodStart === '2024-01-01')!;
    expect(y2024.previousYear.count).toBe(1);
    expect(y2024.previousYear.distanceM).toBeCloseTo(4 * 1800, 6);
  });

  it('editing the sport and deleting update records, totals, calendar and load', async () => {
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/v1/activities/${ids.old}`, payload: { sport: 'walking' } });
    expect(patch.statusCode).toBe(200);
    const run = (await get<RecordsDto>('/api/v1/records?sport=running')).items.find((r) => r.kind === 'distance' && r.key === 1000 && r.scope === 'all')!;
    expect(run.activityId).toBe(ids.run);
    expect((await get<RecordsDto>('/api/v1/records?sport=walking')).items.length).toBeGreaterThan(0);
    const weeks = await get<TotalsDto>('/api/v1/totals?period=week&sport=walking');
    expect(weeks.items.map((w) => w.periodStart)).toEqual(['2023-05-08']);

    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/activities/${ids.ride}` })).statusCode).toBe(204);
    expect((await get<AllTimeCurveDto>('/api/v1/curves?kind=power&sport=cycling')).values).toEqual([]);
    const fit = await get<FitnessDto>('/api/v1/fitness?from=2024-05-07&to=2024-05-07');
    expect(fit.items[0].load).toBe(0);
    const cal = await get<CalendarDto>('/api/v1/calendar?month=2024-05');
    expect(cal.days.find((d) => d.date === '2024-05-07')!.activities).toEqual([]);
    const d6 = cal.days.find((d) => d.date === '2024-05-06')!;
    expect(d6.activities.map((a) => a.id)).toEqual([ids.run]);
    expect(d6.activities[0].prCount).toBeGreaterThan(0);
    expect((await get<TotalsDto>('/api/v1/totals?period=month&sport=cycling')).items).toEqual([]);
  });

  it('rejects bad input with the error shape', async () => {
    const cases: [string, string, unknown?][] = [
      ['GET', '/api/v1/totals?period=day'],
      ['GET', '/api/v1/calendar?month=2024-13'],
      ['GET', '/api/v1/fitness?from=2024-05-10&to=2024-05-01'],
      ['GET', '/api/v1/records'],
      ['POST', '/api/v1/thresholds', { kind: 'ftp', value: 99999, validFrom: '2024-01-01' }],
      ['POST', '/api/v1/thresholds', { kind: 'ftp', value: 250, validFrom: '2024-02-30' }],
      ['POST', '/api/v1/thresholds', { kind: 'vo2', value: 50, validFrom: '2024-01-01' }],
    ];
    for (const [method, url, payload] of cases) {
      const res = await t.app.inject({ method: method as 'GET', url, payload: payload as object });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('bad_request');
    }
    const mode = await t.app.inject({ method: 'POST', url: '/api/v1/analysis/recompute', payload: { mode: 'everything' } });
    expect(mode.statusCode).toBe(400);
    const missing = await t.app.inject({ method: 'DELETE', url: '/api/v1/thresholds/nope' });
    expect(missing.statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/v1/analysis/jobs/nope' })).statusCode).toBe(404);
  });

  it('a full recompute job reports progress to the end', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/analysis/recompute', headers: { 'x-milevault-client': 'test' } }); // no body = full
    expect(res.statusCode).toBe(202);
    const done = await waitJob(res.json() as RecomputeJobDto);
    expect(done).toMatchObject({ status: 'done', done: 2, total: 2 });
    const run = (await get<RecordsDto>('/api/v1/records?sport=running')).items.find((r) => r.kind === 'distance' && r.key === 1000 && r.scope === 'all')!;
    expect(run.activityId).toBe(ids.run);
  });
});
