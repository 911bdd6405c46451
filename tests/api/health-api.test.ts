import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityListDto, StreamsDto } from '../../shared/api.js';
import type { HaeIngestResultDto, HealthDailyDto, HealthDayDto, HealthSeriesDto, SleepSessionDto } from '../../shared/health.js';
import { allShapesPayload, DAY0_MS, workoutV1, workoutV2 } from '../../bench/hae-payload.js';
import { corpusOrWarn } from '../helpers/corpus.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestDatabase } from '../helpers/pg-database.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const URL = '/api/v1/ingest/health-auto-export';

async function newKey(t: TestApp): Promise<{ id: string; key: string }> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'iPhone' } });
  expect(res.statusCode).toBe(201);
  return res.json();
}

function send(t: TestApp, key: string | null, payload: unknown, header: 'bearer' | 'api-key' = 'bearer') {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) {
    if (header === 'bearer') headers.authorization = `Bearer ${key}`;
    else headers['api-key'] = key;
  }
  return t.app.inject({ method: 'POST', url: URL, headers, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });
}

async function day(t: TestApp, date: string): Promise<HealthDayDto | undefined> {
  const res = await t.app.inject({ url: `/api/v1/health/daily?from=${date}&to=${date}` });
  expect(res.statusCode).toBe(200);
  return (res.json() as HealthDailyDto).days[0];
}

describe('health API: Health Auto Export ingest, API keys, daily/series/sleep', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await createTestApp();
    key = (await newKey(t)).key;
  });
  afterAll(async () => t?.close());

  it('shows a new key once and lists keys without it', async () => {
    expect(key).toMatch(/^mv_[0-9a-f]{16}_/);
    const list = (await t.app.inject({ url: '/api/v1/api-keys' })).json().items as { id: string; lastUsedAt: string | null }[];
    expect(list).toHaveLength(1);
    // The secret is base64url and may itself contain "_": take everything after `mv_<id>_`.
    expect(JSON.stringify(list)).not.toContain(key.slice(key.indexOf('_', 3) + 1));
    expect(list[0].lastUsedAt).toBeNull();
  });

  it('stores every documented metric shape, converting units from the units string', async () => {
    const res = await send(t, key, allShapesPayload());
    expect(res.statusCode).toBe(200);
    const body = res.json() as HaeIngestResultDto;
    expect(body.errors).toEqual([]);
    expect(body.status).toBe('stored');
    const d = (await day(t, '2025-04-18'))!;
    const m = d.metrics;
    expect(m.steps).toBe(2000);
    expect(m.distanceM).toBeCloseTo(1.5 * 1609.344, 3);
    expect(m.activeEnergyKcal).toBeCloseTo(100, 6);
    expect(m.avgHrBpm).toBe(73.5);
    expect(m.minHrBpm).toBe(48);
    expect(m.maxHrBpm).toBe(130);
    expect(m.restingHrBpm).toBe(50);
    expect(m.hrvSdnnMs).toBe(60);
    expect(m.spo2AvgPct).toBe(95.5);
    expect(m.spo2MinPct).toBe(94);
    expect(m.weightKg).toBeCloseTo(70, 3);
    expect(m.bodyFatPct).toBe(18.5);
    expect(m.vo2maxMlKgMin).toBe(51.2);
    expect(m.wristTempC).toBeCloseTo(36, 6);
    expect(m.bpSystolicMmHg).toBe(118);
    expect(m.bpDiastolicMmHg).toBe(76);
    expect(m.bloodGlucoseMmolL).toBeCloseTo(5, 3);
    expect(m.sexualActivityCount).toBe(1);
    expect(m.insulinBolusIU).toBe(4);
    expect(m.insulinBasalIU).toBe(1);
    expect(m.waterL).toBeCloseTo(0.5, 9);
    expect(m.hae_handwashing_s).toBe(22);
    expect(d.sources.steps).toBe('apple_health');
    const night = (await day(t, '2025-04-17'))!.metrics;
    expect(night).toMatchObject({ sleepS: 27000, sleepDeepS: 5400, sleepLightS: 14400, sleepRemS: 7200, inBedS: 28800 });
    const series = (await t.app.inject({ url: '/api/v1/health/series/hrBpm?from=2025-04-18&to=2025-04-18' })).json() as HealthSeriesDto;
    expect(series.source).toBe('apple_health');
    // 03:00 and 09:00 local (UTC-4).
    expect(series.points).toEqual([[DAY0_MS + 3 * 3600_000, 52], [DAY0_MS + 9 * 3600_000, 95]]);
  });

  it('is idempotent: the same payload twice changes nothing', async () => {
    const before = await t.services.storage.health.counts('local');
    const daily = (await t.app.inject({ url: '/api/v1/health/daily?from=2025-04-01&to=2025-04-30' })).json();
    const again = (await send(t, key, allShapesPayload())).json() as HaeIngestResultDto;
    expect(again).toMatchObject({ duplicatePayload: true, samplesWritten: 0, dailyWritten: 0 });
    // The same data in different bytes (pretty-printed) goes through every upsert and changes nothing either.
    const reformatted = (await send(t, key, JSON.stringify(allShapesPayload(), null, 2))).json() as HaeIngestResultDto;
    expect(reformatted).toMatchObject({ duplicatePayload: false, samplesWritten: 0, dailyWritten: 0 });
    expect(await t.services.storage.health.counts('local')).toEqual(before);
    expect((await t.app.inject({ url: '/api/v1/health/daily?from=2025-04-01&to=2025-04-30' })).json()).toEqual(daily);
  });

  it('keeps the raw payload gzip-compressed for replay', () => {
    const dir = join(t.dataDir, 'health-payloads', 'local');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json.gz'));
    expect(files.length).toBe(2);
    for (const f of files) expect(JSON.parse(gunzipSync(readFileSync(join(dir, f))).toString('utf8'))).toEqual(allShapesPayload());
  });

  it('recomputes a day total when a later payload adds points to the same day', async () => {
    const p = { data: { metrics: [{ name: 'step_count', units: 'count', data: [{ qty: 500, date: '2025-04-18 20:00:00 -0400' }] }] } };
    expect((await send(t, key, p, 'api-key')).statusCode).toBe(200);
    expect((await day(t, '2025-04-18'))!.metrics.steps).toBe(2500);
  });

  it('reports a bad metric and stores the rest', async () => {
    const p = {
      data: {
        metrics: [
          { name: 'weight_body_mass', units: 'furlong', data: [{ qty: 3, date: '2025-04-20 07:00:00 -0400' }] },
          { name: 'resting_heart_rate', units: 'bpm', data: [{ qty: 'x', date: 'yesterday' }] },
          { name: 'step_count', units: 'count', data: [{ qty: 321, date: '2025-04-20 07:00:00 -0400' }] },
          'not a metric',
        ],
      },
    };
    const res = await send(t, key, p);
    expect(res.statusCode).toBe(200);
    const body = res.json() as HaeIngestResultDto;
    expect(body.status).toBe('partial');
    expect(body.errors.map((e) => e.item)).toEqual(['weight_body_mass', 'resting_heart_rate', '?']);
    expect((await day(t, '2025-04-20'))!.metrics).toEqual({ steps: 321 });
  });

  it('turns workouts v1 and v2 into activities with streams, once', async () => {
    const p = { data: { metrics: [], workouts: [workoutV2(), workoutV1()] } };
    const body = (await send(t, key, p)).json() as HaeIngestResultDto;
    expect(body.workouts).toEqual({ imported: 2, duplicate: 0, merged: 0 });
    const list = (await t.app.inject({ url: '/api/v1/activities?from=2025-04-18&to=2025-04-18' })).json() as ActivityListDto;
    expect(list.items.map((a) => a.sport).sort()).toEqual(['cycling', 'running']);
    const run = list.items.find((a) => a.sport === 'running')!;
    const ride = list.items.find((a) => a.sport === 'cycling')!;
    expect(run).toMatchObject({ hasGps: true, name: 'Outdoor Run', startTime: '2025-04-18T11:00:00.000Z' });
    expect(run.distanceM).toBeCloseTo(3.355 * 1609.344, 0);
    expect(run.caloriesKcal).toBeCloseTo(300, 6);
    expect(ride.ascentM).toBeCloseTo(50, 2);
    expect(ride.avgHrBpm).toBe(131);
    const streams = (await t.app.inject({ url: `/api/v1/activities/${run.id}/streams?channels=latDeg,hrBpm` })).json() as StreamsDto;
    expect(streams.sampleCount).toBe(360);
    expect(streams.channels.latDeg?.[0]).toBeCloseTo(40.7, 6);
    expect(streams.channels.hrBpm?.filter((v) => v !== null).length).toBeGreaterThan(300);
    const original = await t.app.inject({ url: `/api/v1/activities/${run.id}/original` });
    expect(JSON.parse(original.body)).toMatchObject({ source: 'health-auto-export', version: 2, workout: { name: 'Outdoor Run' } });
    const again = (await send(t, key, { data: { metrics: [], workouts: [workoutV1(), workoutV2()] } })).json() as HaeIngestResultDto;
    expect(again.duplicatePayload).toBe(false);
    expect(again.workouts).toEqual({ imported: 0, duplicate: 2, merged: 0 });
    expect(((await t.app.inject({ url: '/api/v1/activities?from=2025-04-18&to=2025-04-18' })).json() as ActivityListDto).total).toBe(2);
  });

  it('merges a workout with the same workout already imported as a FIT file', async () => {
    const start = new Date('2025-05-01T10:00:00Z');
    // An indoor FIT (no track to compare with the workout's route): the shared rule for a weak
    // source applies, start within 2 min and ≥ 80 % overlap (500 s from +30 s of a 600 s file).
    const job = await t.importAndWait([{ name: 'watch-run.fit', bytes: makeFitActivity({ durationS: 600, startTime: start, withGps: false }) }]);
    expect(job.files[0].status).toBe('imported');
    const body = (await send(t, key, { data: { workouts: [workoutV2(start.getTime() + 30_000, 100)] } })).json() as HaeIngestResultDto;
    expect(body.workouts).toEqual({ imported: 0, duplicate: 0, merged: 1 });
    expect(((await t.app.inject({ url: '/api/v1/activities?from=2025-05-01&to=2025-05-01' })).json() as ActivityListDto).total).toBe(1);
  });

  it('ingests the real Health Auto Export sample (unaggregated sleep)', async () => {
    const corpus = corpusOrWarn();
    if (!corpus) return;
    const raw = readFileSync(join(corpus, 'apple_health', 'hae-rest-sleep_analysis-unaggregated.json'), 'utf8');
    const res = await send(t, key, raw);
    expect(res.statusCode).toBe(200);
    const body = res.json() as HaeIngestResultDto;
    expect(body.errors).toEqual([]);
    expect(body.sleepSessions).toBeGreaterThan(20);
    const sleep = ((await t.app.inject({ url: '/api/v1/health/sleep?from=2025-04-18&to=2025-05-31' })).json() as { items: SleepSessionDto[] }).items;
    expect(sleep).toHaveLength(body.sleepSessions);
    expect(sleep[0].startTime).toBe('2025-04-19T03:16:55.000Z');
    expect(sleep[0].date).toBe('2025-04-19');
    // Independent check: every night's sleepS equals its asleep stages, and the total equals the
    // file's own Core/Deep/REM/Asleep hours (the one manual "Health" night has no Watch data).
    const raw0 = JSON.parse(raw).data.metrics[0].data as { value: string; qty: number; source: string }[];
    const fileAsleepS = raw0.filter((x) => ['Core', 'Deep', 'REM', 'Asleep'].includes(x.value)).reduce((a, x) => a + x.qty * 3600, 0);
    const daily = ((await t.app.inject({ url: '/api/v1/health/daily?from=2025-04-01&to=2025-05-31' })).json() as HealthDailyDto).days;
    let total = 0;
    for (const n of sleep) {
      const stagesS = n.stages.filter((s) => s.stage !== 'awake').reduce((a, s) => a + (Date.parse(s.endTime) - Date.parse(s.startTime)) / 1000, 0);
      const d = daily.find((x) => x.date === n.date)!;
      expect(d.metrics.sleepS).toBeCloseTo(stagesS, 6);
      total += d.metrics.sleepS;
    }
    expect(total).toBeCloseTo(fileAsleepS, 0);
  });

  it('stores a wellness FIT file and an HRV app CSV from a normal import in Health (GARMIN/Monitor)', async () => {
    const corpus = corpusOrWarn();
    if (!corpus) return;
    const bytes = readFileSync(join(corpus, 'wellness', 'fitsdk', 'MonitoringFile.fit'));
    const job = await t.importAndWait([{ name: 'MonitoringFile.fit', bytes }]);
    expect(job.files[0]).toMatchObject({ status: 'imported' });
    expect(job.files[0].activityId).toBeUndefined();
    const d = (await day(t, '2014-12-27'))!;
    expect(d.metrics.steps).toBe(3173);
    expect(d.sources.steps).toBe('garmin');
    const csv = readFileSync(join(corpus, 'wellness', 'hrv-apps', 'EliteHRV_Export-2017-10-02.csv'));
    const job2 = await t.importAndWait([{ name: 'EliteHRV_Export-2017-10-02.csv', bytes: csv }]);
    expect(job2.files[0]).toMatchObject({ status: 'imported' });
    expect((await day(t, '2017-09-06'))!).toMatchObject({ metrics: { hrvMs: 40.87 }, sources: { hrvMs: 'elite_hrv' } });
  });

  it('resolves overlapping sources by the configurable per-metric priority', async () => {
    await t.services.storage.health.upsertDaily('local', [
      { metric: 'restingHrBpm', dayMs: Date.UTC(2025, 3, 18), source: 'garmin', value: 47 },
    ]);
    expect((await day(t, '2025-04-18'))!.metrics.restingHrBpm).toBe(47);
    const put = await t.app.inject({ method: 'PUT', url: '/api/v1/health/source-priority', payload: { metrics: { restingHrBpm: ['apple_health', 'garmin'] } } });
    expect(put.statusCode).toBe(200);
    expect(put.json().metrics).toEqual({ restingHrBpm: ['apple_health', 'garmin'] });
    const d = (await day(t, '2025-04-18'))!;
    expect(d.metrics.restingHrBpm).toBe(50);
    expect(d.sources.restingHrBpm).toBe('apple_health');
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/health/source-priority', payload: { metrics: { x: ['not a source!'] } } })).statusCode).toBe(400);
  });

  it('validates ranges', async () => {
    expect((await t.app.inject({ url: '/api/v1/health/daily?from=2025-13-40' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/health/daily?from=2025-05-01&to=2025-04-01' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/health/daily?from=2020-01-01&to=2025-01-01' })).statusCode).toBe(400);
  });

  it('rejects missing, wrong and revoked keys with 401 and never touches another user', async () => {
    expect((await send(t, null, allShapesPayload())).statusCode).toBe(401);
    expect((await send(t, 'nonsense', allShapesPayload())).statusCode).toBe(401);
    const wrong = key.replace(/_([^_]+)$/, (_, s: string) => `_${s.slice(0, -4)}AAAA`);
    expect((await send(t, wrong, allShapesPayload())).statusCode).toBe(401);

    // A second user, created directly in storage, with their own key.
    await t.services.storage.users.ensure('bob', 'Bob');
    const bob = await t.services.healthModule.health.keys.create('bob', 'bob phone');
    const before = await t.services.storage.health.counts('local');
    const p = { data: { metrics: [{ name: 'step_count', units: 'count', data: [{ qty: 9999, date: '2025-04-18 12:00:00 -0400' }] }] } };
    expect((await send(t, bob.key, p)).statusCode).toBe(200);
    expect(await t.services.storage.health.counts('local')).toEqual(before);
    expect((await day(t, '2025-04-18'))!.metrics.steps).toBe(2500);
    const bobDay = await t.services.healthModule.health.daily('bob', '2025-04-18', '2025-04-18');
    expect(bobDay.days[0].metrics).toEqual({ steps: 9999 });
    // The local user can neither list nor revoke Bob's key.
    expect(((await t.app.inject({ url: '/api/v1/api-keys' })).json().items as { id: string }[]).map((k) => k.id)).not.toContain(bob.id);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${bob.id}` })).statusCode).toBe(404);

    const mine = ((await t.app.inject({ url: '/api/v1/api-keys' })).json().items as { id: string; lastUsedAt: string | null }[])[0];
    expect(mine.lastUsedAt).not.toBeNull();
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${mine.id}` })).statusCode).toBe(204);
    expect((await send(t, key, p)).statusCode).toBe(401);
    expect((await send(t, bob.key, p)).statusCode).toBe(200);
  });

  it('runs insights after an ingest, lists them with evidence, and dismisses them', async () => {
    // 60 days of resting HR ending today with a rise over the last 4 days (dates relative to the run).
    const today = Math.floor(Date.now() / 86_400_000) * 86_400_000;
    const rows = Array.from({ length: 60 }, (_, i) => ({ metric: 'restingHrBpm', dayMs: today - (59 - i) * 86_400_000, source: 'hrv4training', value: i >= 56 ? 60 : 48 + (i % 3) }));
    await t.services.storage.health.upsertDaily('local', rows);
    const k = (await newKey(t)).key;
    expect((await send(t, k, { data: { metrics: [] } })).statusCode).toBe(200);
    const list = (await t.app.inject({ url: '/api/v1/insights' })).json().items as { id: string; detector: string; evidence: { onset: string } }[];
    const rhr = list.find((i) => i.detector === 'resting-hr-elevated');
    expect(rhr?.evidence.onset).toBe(new Date(today - 3 * 86_400_000).toISOString().slice(0, 10));
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/insights/run', headers: { 'x-milevault-client': 'test' } })).json()).toEqual({ added: 0 });
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/insights/${rhr!.id}/dismiss`, headers: { 'x-milevault-client': 'test' } })).statusCode).toBe(204);
    expect(((await t.app.inject({ url: '/api/v1/insights' })).json().items as { id: string }[]).map((i) => i.id)).not.toContain(rhr!.id);
    expect(((await t.app.inject({ url: '/api/v1/insights?includeDismissed=true' })).json().items as { id: string }[]).map((i) => i.id)).toContain(rhr!.id);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/insights/nope/dismiss', headers: { 'x-milevault-client': 'test' } })).statusCode).toBe(404);
  });

  it('takes Garmin export wellness files from the archive importer', async () => {
    const h = t.services.healthModule.health;
    const uds = Buffer.from(JSON.stringify([{ calendarDate: '2025-06-02', totalSteps: 8100, restingHeartRate: 46 }]));
    expect(await h.ingestGarminExportFile('local', 'DI_CONNECT/DI-Connect-Aggregator/UDSFile_2025-05-01_2025-08-09.json', uds)).toEqual({ status: 'imported' });
    expect((await day(t, '2025-06-02'))!.metrics).toEqual({ steps: 8100, restingHrBpm: 46 });
    expect((await h.ingestGarminExportFile('local', 'x_sleepData.json', Buffer.from('{oops'))).status).toBe('failed');
    expect((await h.ingestGarminExportFile('local', 'user_profile.json', Buffer.from('{}'))).status).toBe('skipped');
  });

  it('reports the records of a newly imported activity as a new-PR insight', async () => {
    const job = await t.importAndWait([{ name: 'pr-run.fit', bytes: makeFitActivity({ durationS: 1800, startTime: new Date('2025-07-01T06:00:00Z'), speedMps: 4.2 }) }]);
    expect(job.files[0].status).toBe('imported');
    await t.services.healthModule.insights.idle();
    const items = (await t.app.inject({ url: '/api/v1/insights' })).json().items as { detector: string; evidence: { activityId: string; records: unknown[] } }[];
    const pr = items.find((i) => i.detector === 'new-pr' && i.evidence.activityId === job.files[0].activityId);
    expect(pr, JSON.stringify(items.map((i) => i.detector))).toBeDefined();
    expect(pr!.evidence.records.length).toBeGreaterThan(0);
  });

  it('answers malformed JSON and non-payloads with 400', async () => {
    const k = (await newKey(t)).key;
    const bad = await send(t, k, '{"data": {"metrics": [');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('bad_json');
    expect((await send(t, k, '[1,2,3]')).statusCode).toBe(400);
    expect((await send(t, k, { data: 'nope' })).json().error.code).toBe('bad_request');
  });
});

describe('health API limits: body size, rate limit, global auth token', () => {
  let t: TestApp;
  let key: string;
  const saved = { mb: process.env.MILEVAULT_HAE_MAX_MB, rate: process.env.MILEVAULT_HAE_PER_MINUTE };

  beforeAll(async () => {
    process.env.MILEVAULT_HAE_MAX_MB = '0.01';
    process.env.MILEVAULT_HAE_PER_MINUTE = '3';
    t = await createTestApp({ authToken: 'launch-token' });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: { authorization: 'Bearer launch-token' }, payload: {} });
    key = res.json().key;
  });
  afterAll(async () => {
    process.env.MILEVAULT_HAE_MAX_MB = saved.mb;
    process.env.MILEVAULT_HAE_PER_MINUTE = saved.rate;
    if (saved.mb === undefined) delete process.env.MILEVAULT_HAE_MAX_MB;
    if (saved.rate === undefined) delete process.env.MILEVAULT_HAE_PER_MINUTE;
    await t?.close();
  });

  it('accepts the API key without the app token, and the app token is no API key', async () => {
    expect((await send(t, key, { data: { metrics: [] } })).statusCode).toBe(200);
    expect((await send(t, 'launch-token', { data: { metrics: [] } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/health/daily', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(401);
  });

  it('refuses oversized bodies with 413', async () => {
    const big = { data: { metrics: [{ name: 'step_count', units: 'count', data: Array.from({ length: 400 }, () => ({ qty: 1, date: '2025-04-18 12:00:00 -0400' })) }] } };
    const res = await send(t, key, big);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('too_large');
  });

  it('rate-limits per key with 429 and Retry-After', async () => {
    // Capacity 3 per minute: the earlier tests used two; a burst must hit the limit within two more.
    const codes: number[] = [];
    let res = await send(t, key, { data: { metrics: [] } });
    for (let i = 0; i < 3 && res.statusCode !== 429; i++) {
      codes.push(res.statusCode);
      res = await send(t, key, { data: { metrics: [] } });
    }
    expect(codes.length).toBeLessThanOrEqual(2);
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('slows down a client that keeps sending wrong keys', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 25; i++) codes.push((await send(t, `mv_${'0'.repeat(16)}_${'A'.repeat(43)}`, { data: {} })).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.slice(-3)).toEqual([429, 429, 429]);
  });
});

describe('health API on PostgreSQL: every shape, idempotent', () => {
  let t: TestApp;
  let drop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const db = await createTestDatabase();
    expect(db, 'PostgreSQL must be available to the test run').not.toBeNull();
    drop = db!.drop;
    t = await createTestApp({ databaseUrl: db!.url });
  });
  afterAll(async () => {
    await t?.close();
    await drop?.();
  });

  it('stores the generated payload with the same daily values as SQLite, and a resend changes nothing', async () => {
    const key = (await newKey(t)).key;
    const first = (await send(t, key, allShapesPayload())).json() as HaeIngestResultDto;
    expect(first.errors).toEqual([]);
    const d = (await day(t, '2025-04-18'))!.metrics;
    expect(d).toMatchObject({ steps: 2000, avgHrBpm: 73.5, minHrBpm: 48, maxHrBpm: 130, spo2AvgPct: 95.5, bpSystolicMmHg: 118 });
    expect(d.weightKg).toBeCloseTo(70, 3);
    const again = (await send(t, key, allShapesPayload())).json() as HaeIngestResultDto;
    expect(again).toMatchObject({ duplicatePayload: true, samplesWritten: 0, dailyWritten: 0 });
    const wk = (await send(t, key, { data: { workouts: [workoutV2(), workoutV1()] } })).json() as HaeIngestResultDto;
    expect(wk.workouts.imported).toBe(2);
  });
});
