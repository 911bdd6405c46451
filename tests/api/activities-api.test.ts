import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityDetailDto, ActivityListDto, StreamsDto } from '../../shared/api.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { CHART_MAX_POINTS, STREAM_CHANNELS } from '../../shared/activity.js';
import { STORED_CHART_VERSION } from '../../server/services/streams-render/stored-chart.js';
import { LOCAL_USER_ID } from '../../server/plugins/auth.js';

describe('activities API (app.inject, SQLite)', () => {
  let t: TestApp;
  let runId: string;
  const run = makeFitActivity({ durationS: 3600 });
  const ride = makeFitActivity({ durationS: 1200, sport: 'cycling', startTime: new Date('2026-03-01T07:00:00Z') });

  beforeAll(async () => {
    t = await createTestApp({ maxUploadBytes: 2 * 1024 * 1024 });
    const job = await t.importAndWait([
      { name: 'run.fit', bytes: run },
      { name: 'ride.fit', bytes: ride },
    ]);
    expect(job.status).toBe('done');
    expect(job.files.map((f) => f.status)).toEqual(['imported', 'imported']);
    runId = job.files[0].activityId!;
  });
  afterAll(async () => t?.close());

  it('reports health with the database kind', async () => {
    const res = await t.app.inject({ url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: { kind: 'sqlite', status: 'ok', timescale: false } });
  });

  it('lists newest first, pages and filters by sport and date', async () => {
    const list = (await t.app.inject({ url: '/api/v1/activities' })).json() as ActivityListDto;
    expect(list.total).toBe(2);
    expect(Date.parse(list.items[0].startTime)).toBeGreaterThan(Date.parse(list.items[1].startTime));
    const page = (await t.app.inject({ url: '/api/v1/activities?limit=1&offset=1' })).json() as ActivityListDto;
    expect(page.items).toHaveLength(1);
    expect(page.items[0].id).toBe(list.items[1].id);
    const rides = (await t.app.inject({ url: '/api/v1/activities?sport=cycling' })).json() as ActivityListDto;
    expect(rides.items.map((a) => a.sport)).toEqual(['cycling']);
    const march = (await t.app.inject({ url: '/api/v1/activities?from=2026-03-01&to=2026-03-01' })).json() as ActivityListDto;
    expect(march.items.map((a) => a.sport)).toEqual(['cycling']);
  });

  it('returns the detail with summary in SI units, sessions, laps and device', async () => {
    const a = (await t.app.inject({ url: `/api/v1/activities/${runId}` })).json() as ActivityDetailDto;
    expect(a.sport).toBe('running');
    expect(a.timerTimeS).toBeGreaterThan(3500);
    expect(a.distanceM).toBeGreaterThan(1000);
    expect(a.sessions.length).toBeGreaterThanOrEqual(1);
    expect(a.laps.length).toBeGreaterThanOrEqual(1);
    expect(a.hasGps).toBe(true);
    expect(a.device?.manufacturer).toBeTruthy();
    for (const k of ['startTime', 'distanceM', 'elapsedTimeS', 'timerTimeS', 'movingTimeS', 'ascentM', 'descentM', 'avgSpeedMps', 'maxSpeedMps', 'avgHrBpm', 'maxHrBpm', 'avgCadenceRpm', 'avgPowerW', 'maxPowerW', 'caloriesKcal']) {
      expect(a, k).toHaveProperty(k);
    }
  });

  it('serves streams, downsampled server-side on one axis', async () => {
    const full = (await t.app.inject({ url: `/api/v1/activities/${runId}/streams` })).json() as StreamsDto;
    expect(full.timeS.length).toBe(full.sampleCount);
    expect(full.channels.hrBpm?.length).toBe(full.sampleCount);
    const small = (await t.app.inject({ url: `/api/v1/activities/${runId}/streams?channels=hrBpm,latDeg,lonDeg&maxPoints=500` })).json() as StreamsDto;
    expect(small.timeS.length).toBeLessThanOrEqual(500);
    expect(Object.keys(small.channels).sort()).toEqual(['hrBpm', 'latDeg', 'lonDeg']);
    expect(small.channels.hrBpm!.length).toBe(small.timeS.length);
    const bad = await t.app.inject({ url: `/api/v1/activities/${runId}/streams?channels=bogus` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('bad_request');
  });

  it("answers the activity page's chart request from the chart stored at import: the same JSON as rendering it", async () => {
    const channels = [...STREAM_CHANNELS];
    const url = (list: string[]) => `/api/v1/activities/${runId}/streams?channels=${list.join(',')}&maxPoints=${CHART_MAX_POINTS}`;
    const plain = await t.app.inject({ url: url(channels) });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect((plain.json() as StreamsDto).timeS.length).toBe(CHART_MAX_POINTS);
    // Stored as gzip: a client offering Brotli too gets the stored gzip (rendering would answer Brotli).
    for (const list of [channels, [...channels].reverse()]) {
      const res = await t.app.inject({ url: url(list), headers: { 'accept-encoding': 'gzip, deflate, br' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(gunzipSync(res.rawPayload).toString()).toBe(plain.payload);
    }
    const stored = await t.services.storage.charts.read(LOCAL_USER_ID, runId, STORED_CHART_VERSION);
    expect(stored && gunzipSync(stored).toString()).toBe(plain.payload);
    // Fewer channels or another resolution: rendered as before.
    const other = await t.app.inject({ url: `/api/v1/activities/${runId}/streams?channels=hrBpm&maxPoints=${CHART_MAX_POINTS}`, headers: { 'accept-encoding': 'gzip, br' } });
    expect(other.headers['content-encoding']).toBe('br');
  });

  it('compresses streams as the client asks (Brotli, else gzip), the same JSON as uncompressed (rendered on the worker thread)', async () => {
    const url = `/api/v1/activities/${runId}/streams?maxPoints=300`;
    const plain = await t.app.inject({ url });
    expect(plain.headers['content-encoding']).toBeUndefined();
    // A browser over HTTPS offers Brotli; over plain HTTP gzip only; a client may weight gzip higher.
    const cases = [
      ['gzip, deflate, br, zstd', 'br', brotliDecompressSync],
      ['gzip, deflate', 'gzip', gunzipSync],
      ['br;q=0.5, gzip', 'gzip', gunzipSync],
    ] as const;
    for (const [accept, encoding, decode] of cases) {
      const res = await t.app.inject({ url, headers: { 'accept-encoding': accept } });
      expect(res.statusCode, accept).toBe(200);
      expect(res.headers['content-encoding'], accept).toBe(encoding);
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
      expect(JSON.parse(decode(res.rawPayload).toString())).toEqual(plain.json());
    }
    for (const accept of ['gzip;q=0', 'br;q=0, gzip;q=0', 'identity', '*;q=0']) {
      const refused = await t.app.inject({ url, headers: { 'accept-encoding': accept } });
      expect(refused.headers['content-encoding'], accept).toBeUndefined();
      expect(refused.json()).toEqual(plain.json());
    }
  });

  it('downloads the original byte for byte', async () => {
    const res = await t.app.inject({ url: `/api/v1/activities/${runId}/original` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('run.fit');
    expect(Buffer.compare(res.rawPayload, Buffer.from(run))).toBe(0);
  });

  it('renames and changes sport, validating the body', async () => {
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/activities/${runId}`, payload: { name: 'Long run', sport: 'trail_running' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Long run', sport: 'trail_running' });
    const bad = await t.app.inject({ method: 'PATCH', url: `/api/v1/activities/${runId}`, payload: { sport: 'DROP TABLE' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: { code: 'bad_request', message: expect.any(String) } });
  });

  it('says the same file twice is a duplicate and stores nothing new', async () => {
    const job = await t.importAndWait([{ name: 'again.fit', bytes: run }]);
    expect(job.files[0]).toMatchObject({ status: 'duplicate', activityId: runId });
    expect(((await t.app.inject({ url: '/api/v1/activities' })).json() as ActivityListDto).total).toBe(2);
  });

  it('answers unknown ids and bad queries with JSON errors', async () => {
    const missing = await t.app.inject({ url: '/api/v1/activities/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'not_found', message: expect.stringContaining('nope') } });
    const badLimit = await t.app.inject({ url: '/api/v1/activities?limit=0' });
    expect(badLimit.statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/activities?from=yesterday' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/nothing-here' })).json().error.code).toBe('not_found');
    expect((await t.app.inject({ url: '/api/v1/imports/unknown' })).statusCode).toBe(404);
  });

  it('deletes an activity with its samples and its original when nothing else uses it', async () => {
    const job = await t.importAndWait([{ name: 'short.fit', bytes: makeFitActivity({ durationS: 300, startTime: new Date('2025-01-01T10:00:00Z') }) }]);
    const id = job.files[0].activityId!;
    const detail = (await t.app.inject({ url: `/api/v1/activities/${id}` })).json() as ActivityDetailDto;
    const onDisk = t.services.originals.pathOf(detail.original.sha256);
    expect(existsSync(onDisk)).toBe(true);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/activities/${id}` })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/v1/activities/${id}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/activities/${id}/streams` })).statusCode).toBe(404);
    expect(existsSync(onDisk)).toBe(false);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/activities/${id}` })).statusCode).toBe(404);
  });

  it('leaves no staged uploads behind', () => {
    const incoming = join(t.dataDir, 'incoming');
    expect(existsSync(incoming) ? readdirSync(incoming) : []).toEqual([]);
  });
});

describe('lap figures from a generated file', () => {
  it('match the construction (HR 120/140 → avg 130, max 140)', async () => {
    const t = await createTestApp();
    try {
      const job = await t.importAndWait([{ name: 'laps.fit', bytes: makeFitActivity({ durationS: 1200, laps: 4 }) }]);
      const a = (await t.app.inject({ url: `/api/v1/activities/${job.files[0].activityId}` })).json() as ActivityDetailDto;
      expect(a.laps).toHaveLength(4);
      for (const lap of a.laps) {
        expect(lap.avgHrBpm).toBe(130);
        expect(lap.maxHrBpm).toBe(140);
        expect(lap.timerTimeS).toBeCloseTo(300, 0);
      }
      expect(a.laps.reduce((s, l) => s + (l.distanceM ?? 0), 0)).toBeCloseTo(a.distanceM!, 0);
    } finally {
      await t.close();
    }
  });
});
