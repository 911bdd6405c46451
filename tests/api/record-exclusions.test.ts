import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityAnalysisDto, RecordExclusionsDto, RecordProgressionDto, RecordsDto, TotalsDto } from '../../shared/analysis-api.js';
import type { ActivityDetailDto } from '../../shared/api.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

type Detail = ActivityDetailDto & ActivityAnalysisDto;

/**
 * Issue 13 §3 over the HTTP API: records link to their time span, an activity or one record can
 * be excluded (and brought back) with one call, and an activity dated 1990 stays out of records
 * until its start time is corrected with PATCH { startTime }, which moves its day-based totals.
 */
describe('record exclusions and start-time edits (app.inject, SQLite)', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const get = async <T>(url: string) => {
    const res = await t.app.inject({ url });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json() as T;
  };
  const send = async <T>(method: 'POST' | 'DELETE' | 'PATCH', url: string, payload: unknown, status = 200) => {
    const res = await t.app.inject({ method, url, payload: payload as object, headers: { 'x-milevault-client': 'test' } });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
    return res.json() as T;
  };
  const km = (r: RecordsDto, scope = 'all') => r.items.find((i) => i.kind === 'distance' && i.key === 1000 && i.scope === scope);

  beforeAll(async () => {
    t = await createTestApp();
    const job = await t.importAndWait([
      { name: 'fast.fit', bytes: makeFitActivity({ durationS: 1800, speedMps: 4, startTime: new Date('2024-05-06T07:00:00Z') }) },
      { name: 'slow.fit', bytes: makeFitActivity({ durationS: 1800, speedMps: 3, startTime: new Date('2024-05-08T07:00:00Z') }) },
      { name: 'clockless.fit', bytes: makeFitActivity({ durationS: 1800, speedMps: 5, startTime: new Date('1990-07-09T07:00:41Z') }) },
    ]);
    expect(job.files.map((f) => f.status)).toEqual(['imported', 'imported', 'imported']);
    [ids.fast, ids.slow, ids.old] = job.files.map((f) => f.activityId!);
  });
  afterAll(async () => t?.close());

  it('each record links to its activity and the time span it came from', async () => {
    const r = await get<RecordsDto>('/api/v1/records?sport=running');
    const k = km(r)!;
    expect(k.activityId).toBe(ids.fast);
    // 1 km at 4 m/s: 250 s, somewhere inside the 1,800 s run.
    expect(k.endOffsetS! - k.startOffsetS!).toBeCloseTo(k.valueS!, 0);
    expect(k.valueS).toBeCloseTo(250, 0);
    const pace = r.items.find((i) => i.kind === 'pace' && i.key === 60 && i.scope === 'all')!;
    expect(pace.endOffsetS! - pace.startOffsetS!).toBe(60);
    expect(pace.startOffsetS!).toBeGreaterThanOrEqual(0);
    expect(pace.endOffsetS!).toBeLessThanOrEqual(1800);
    // No pace record shorter than what GPS supports for running (30 s).
    expect(Math.min(...r.items.filter((i) => i.kind === 'pace').map((i) => i.key))).toBe(30);
  });

  it('an activity dated 1990 is flagged and holds no record although it is the fastest', async () => {
    const d = await get<Detail>(`/api/v1/activities/${ids.old}`);
    expect(d.startTimeProblem).toBe('before_2000');
    expect(d.startTimeWarning).toMatch(/before 2000.*left out of records/);
    expect(d.bestEfforts.find((e) => e.distanceM === 1000)!.timeS).toBeCloseTo(200, 0);
    const r = await get<RecordsDto>('/api/v1/records?sport=running');
    expect(r.items.some((i) => i.activityId === ids.old)).toBe(false);
    const prog = await get<RecordProgressionDto>('/api/v1/records/progression?sport=running&kind=distance&key=1000');
    expect(prog.items.map((i) => i.activityId)).toEqual([ids.fast]);
  });

  it('PATCH startTime validates, moves the activity and its totals, and brings it into the records', async () => {
    await send('PATCH', `/api/v1/activities/${ids.old}`, { startTime: 'yesterday' }, 400);
    await send('PATCH', `/api/v1/activities/${ids.old}`, { startTime: '2024-02-30T07:00:00Z' }, 400);
    await send('PATCH', `/api/v1/activities/${ids.old}`, { startTime: '2999-01-01T07:00:00Z' }, 400);
    const before = await get<TotalsDto>('/api/v1/totals?period=year&sport=running');
    const d = await send<Detail>('PATCH', `/api/v1/activities/${ids.old}`, { startTime: '2024-05-10T09:00:00+02:00' });
    expect(d.startTime).toBe('2024-05-10T07:00:00.000Z');
    expect(d.startTimeProblem).toBeNull();
    expect(d.laps[0].startTime).toBe('2024-05-10T07:00:00.000Z');
    const after = await get<TotalsDto>('/api/v1/totals?period=year&sport=running');
    const year = (x: TotalsDto, y: string) => x.items.find((i) => i.periodStart.startsWith(y))?.count ?? 0;
    expect(year(before, '1990')).toBe(1);
    expect(year(after, '1990')).toBe(0);
    expect(year(after, '2024')).toBe(year(before, '2024') + 1);
    const r = await get<RecordsDto>('/api/v1/records?sport=running');
    expect(km(r)!.activityId).toBe(ids.old);
  });

  it('excluding an activity gives its records to the next best; including it again restores them', async () => {
    const ex = await send<RecordExclusionsDto>('POST', '/api/v1/records/exclusions', { activityId: ids.old });
    expect(ex.items).toEqual([{ activityId: ids.old, sport: '*', kind: '*', key: 0 }]);
    let r = await get<RecordsDto>('/api/v1/records?sport=running');
    expect(r.items.some((i) => i.activityId === ids.old)).toBe(false);
    expect(km(r)!.activityId).toBe(ids.fast);
    const d = await get<Detail>(`/api/v1/activities/${ids.old}`);
    expect(d.recordExclusions).toHaveLength(1);
    expect(d.newPrs).toEqual([]);
    // Idempotent.
    await send('POST', '/api/v1/records/exclusions', { activityId: ids.old });
    expect((await get<RecordExclusionsDto>('/api/v1/records/exclusions')).items).toHaveLength(1);
    await send('DELETE', '/api/v1/records/exclusions', { activityId: ids.old });
    r = await get<RecordsDto>('/api/v1/records?sport=running');
    expect(km(r)!.activityId).toBe(ids.old);
  });

  it('excluding one record leaves the activity\'s other records alone', async () => {
    await send('POST', '/api/v1/records/exclusions', { activityId: ids.old, sport: 'running', kind: 'distance', key: 1000 });
    const r = await get<RecordsDto>('/api/v1/records?sport=running');
    expect(km(r)!.activityId).toBe(ids.fast);
    expect(r.items.find((i) => i.kind === 'distance' && i.key === 400 && i.scope === 'all')!.activityId).toBe(ids.old);
    await send('DELETE', '/api/v1/records/exclusions', { activityId: ids.old, sport: 'running', kind: 'distance', key: 1000 });
    expect(km(await get<RecordsDto>('/api/v1/records?sport=running'))!.activityId).toBe(ids.old);
  });

  it('refuses half-given records and unknown activities', async () => {
    await send('POST', '/api/v1/records/exclusions', { activityId: ids.old, kind: 'distance' }, 400);
    await send('POST', '/api/v1/records/exclusions', { activityId: 'nope' }, 404);
    await send('POST', '/api/v1/records/exclusions', { activityId: ids.old, sport: 'running', kind: 'speed', key: 5 }, 400);
  });
});
