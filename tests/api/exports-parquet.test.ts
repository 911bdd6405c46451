/**
 * Analytics export (issue 16): activities, laps, samples and daily health as Parquet, read back
 * with an independent reader (DuckDB, @duckdb/node-api — not the library that wrote them): row
 * counts and sums of distance, duration, samples, heart rate and health values equal what the
 * API reports for the same account.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityDetailDto, ActivityListDto, StreamsDto } from '../../shared/api.js';
import type { HealthDailyDto } from '../../shared/health.js';
import { runExportCommand } from '../../server/cli/export.command.js';
import { parquetStream } from '../../server/services/export/parquet-export.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestDatabase } from '../helpers/pg-database.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { readEntries } from '../helpers/zip-read.js';

const H = { 'x-milevault-client': 'test' };
const DAY = 86_400_000;
const D0 = Date.UTC(2025, 2, 1);
let t: TestApp;
let dir: string;
let duck: DuckDBConnection;

async function q(sql: string): Promise<Record<string, unknown>[]> {
  return (await duck.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}
const num = (v: unknown) => Number(v);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'milevault-parquet-'));
  t = await createTestApp();
  const files = [
    { name: 'a.fit', bytes: makeFitActivity({ durationS: 1800, startTime: new Date(Date.UTC(2025, 2, 3, 7)), withPower: true, laps: 3 }) },
    { name: 'b.fit', bytes: makeFitActivity({ durationS: 900, startTime: new Date(Date.UTC(2025, 2, 4, 7)), laps: 2, sport: 'cycling' }) },
    { name: 'c.fit', bytes: makeFitActivity({ durationS: 600, startTime: new Date(Date.UTC(2025, 2, 5, 7)), withGps: false }) },
  ];
  const job = await t.importAndWait(files);
  expect(job.files.map((f) => f.status)).toEqual(['imported', 'imported', 'imported']);
  await t.services.storage.health.upsertDaily('local', [
    { metric: 'restingHrBpm', dayMs: D0, source: 'garmin', value: 48 },
    { metric: 'restingHrBpm', dayMs: D0 + DAY, source: 'garmin', value: 49.5 },
    { metric: 'weightKg', dayMs: D0 + DAY, source: 'garmin', value: 71.25 },
  ]);
  duck = await (await DuckDBInstance.create(':memory:')).connect();
}, 120_000);
afterAll(async () => {
  duck?.closeSync();
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Parquet analytics export', () => {
  it('zips activities, laps, samples and daily health whose counts and sums equal the API', async () => {
    const res = await t.app.inject({ url: '/api/v1/export/parquet', headers: H });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/zip/);
    const entries = await readEntries(res.rawPayload);
    expect(entries.map((e) => e.name)).toEqual(['activities.parquet', 'laps.parquet', 'samples.parquet', 'health_daily.parquet']);
    for (const e of entries) writeFileSync(join(dir, e.name), e.bytes);
    const f = (n: string) => `'${join(dir, `${n}.parquet`)}'`;

    const list = (await t.app.inject({ url: '/api/v1/activities?limit=100', headers: H })).json() as ActivityListDto;
    expect(list.total).toBe(3);
    const details = await Promise.all(list.items.map(async (a) => (await t.app.inject({ url: `/api/v1/activities/${a.id}`, headers: H })).json() as ActivityDetailDto));
    const streams = await Promise.all(list.items.map(async (a) => (await t.app.inject({ url: `/api/v1/activities/${a.id}/streams`, headers: H })).json() as StreamsDto));
    const sum = (xs: (number | null)[]) => xs.reduce<number>((s, x) => s + (x ?? 0), 0);

    const [acts] = await q(`SELECT count(*) AS n, sum(distance_m) AS dist, sum(elapsed_time_s) AS dur, sum(sample_count) AS samples, count(DISTINCT id) AS ids, min(start_time)::VARCHAR AS first FROM ${f('activities')}`);
    expect(num(acts.n)).toBe(list.total);
    expect(num(acts.ids)).toBe(list.total);
    expect(num(acts.dist)).toBeCloseTo(sum(list.items.map((a) => a.distanceM)), 6);
    expect(num(acts.dur)).toBeCloseTo(sum(list.items.map((a) => a.elapsedTimeS)), 6);
    expect(num(acts.samples)).toBe(sum(list.items.map((a) => a.sampleCount)));
    expect(acts.first).toBe('2025-03-03 07:00:00');
    const sports = await q(`SELECT sport, count(*) AS n FROM ${f('activities')} GROUP BY sport ORDER BY sport`);
    expect(sports.map((r) => [r.sport, num(r.n)])).toEqual([['cycling', 1], ['running', 2]]);

    const [laps] = await q(`SELECT count(*) AS n, sum(distance_m) AS dist, sum(elapsed_time_s) AS dur FROM ${f('laps')}`);
    expect(num(laps.n)).toBe(sum(details.map((d) => d.laps.length)));
    expect(num(laps.n)).toBe(3 + 2 + 1);
    expect(num(laps.dist)).toBeCloseTo(sum(details.flatMap((d) => d.laps.map((l) => l.distanceM))), 6);
    expect(num(laps.dur)).toBeCloseTo(sum(details.flatMap((d) => d.laps.map((l) => l.elapsedTimeS))), 6);

    const [smp] = await q(`SELECT count(*) AS n, sum(hr_bpm) AS hr, sum(power_w) AS power, count(lat_deg) AS gps, max(t_s) AS last FROM ${f('samples')}`);
    expect(num(smp.n)).toBe(sum(streams.map((s) => s.sampleCount)));
    expect(num(smp.n)).toBe(sum(streams.map((s) => s.timeS.length)));
    expect(num(smp.hr)).toBeCloseTo(sum(streams.flatMap((s) => s.channels.hrBpm ?? [])), 6);
    expect(num(smp.power)).toBeCloseTo(sum(streams.flatMap((s) => s.channels.powerW ?? [])), 6);
    expect(num(smp.gps)).toBe(streams.flatMap((s) => s.channels.latDeg ?? []).filter((v) => v !== null).length);
    // Samples per activity match, and their timestamps are the activity start plus t_s.
    const per = await q(`SELECT activity_id, count(*) AS n, min(time)::VARCHAR AS t0 FROM ${f('samples')} GROUP BY activity_id`);
    for (const a of list.items) {
      const row = per.find((r) => r.activity_id === a.id);
      expect(num(row?.n)).toBe(a.sampleCount);
      expect(row?.t0).toBe(a.startTime.replace('T', ' ').replace(/\.000Z$|Z$/, ''));
    }

    const health = (await t.app.inject({ url: '/api/v1/health/daily?from=2025-03-01&to=2025-03-31', headers: H })).json() as HealthDailyDto;
    const apiValues = health.days.flatMap((d) => Object.values(d.metrics));
    const [hd] = await q(`SELECT count(*) AS n, sum(value) AS v, min(date)::VARCHAR AS first FROM ${f('health_daily')}`);
    expect(num(hd.n)).toBe(apiValues.length);
    expect(num(hd.v)).toBeCloseTo(sum(apiValues), 9);
    expect(hd.first).toBe('2025-03-01');
  });

  it('serves one table at a time; an unknown table is a 400 naming the choices', async () => {
    const res = await t.app.inject({ url: '/api/v1/export/parquet/laps', headers: H });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/vnd\.apache\.parquet/);
    writeFileSync(join(dir, 'one-laps.parquet'), res.rawPayload);
    const [r] = await q(`SELECT count(*) AS n FROM '${join(dir, 'one-laps.parquet')}'`);
    expect(num(r.n)).toBe(6);
    const bad = await t.app.inject({ url: '/api/v1/export/parquet/users', headers: H });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/activities|allowed/);
  });

  it('milevault export --parquet DIR writes the same four files from the data folder (the app still running)', async () => {
    const out: string[] = [];
    const errs: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (e: string) => errs.push(e), isTty: false, columns: 100 };
    const cliDir = join(dir, 'cli');
    const code = await runExportCommand(['--parquet', cliDir, '--data-dir', t.dataDir], io);
    expect(errs.join('')).toBe('');
    expect(code).toBe(0);
    expect(out.at(-1)).toMatch(/exported 4 table\(s\) of athlete local/);
    const list = (await t.app.inject({ url: '/api/v1/activities?limit=100', headers: H })).json() as ActivityListDto;
    const [a] = await q(`SELECT count(*) AS n, sum(sample_count) AS s FROM '${join(cliDir, 'activities.parquet')}'`);
    expect(num(a.n)).toBe(list.total);
    const [s] = await q(`SELECT count(*) AS n FROM '${join(cliDir, 'samples.parquet')}'`);
    expect(num(s.n)).toBe(num(a.s));
    const [l] = await q(`SELECT count(*) AS n FROM '${join(cliDir, 'laps.parquet')}'`);
    expect(num(l.n)).toBe(6);
    expect(await runExportCommand(['--parquet', cliDir, '--data-dir', t.dataDir, '--tables', 'users'], io)).toBe(2);
    expect(errs.join('')).toMatch(/unknown table\(s\) users/);
    expect(await runExportCommand(['--parquet', cliDir, '--data-dir', t.dataDir, '--user', 'nobody'], io)).toBe(1);
    expect(errs.join('')).toMatch(/no athlete nobody/);
  });

  it('streams: each finished row group leaves before the next rows are read, and an empty table is a valid file', async () => {
    let produced = 0;
    const seenAtChunk: number[] = [];
    async function* rows() {
      for (let i = 0; i < 250_000; i++) {
        produced++;
        yield { activity_id: `a${Math.floor(i / 3600)}`, time: D0 + i * 1000, t_s: i % 3600, hr_bpm: 100 + (i % 50) };
      }
    }
    const chunks: Buffer[] = [];
    for await (const c of parquetStream('samples', rows())) {
      seenAtChunk.push(produced);
      chunks.push(c);
    }
    // Row groups of 100,000: bytes came out after 100k and 200k rows, before the input was done.
    expect(seenAtChunk[0]).toBe(100_000);
    expect(seenAtChunk[1]).toBe(200_000);
    writeFileSync(join(dir, 'gen.parquet'), Buffer.concat(chunks));
    const [r] = await q(`SELECT count(*) AS n, sum(hr_bpm) AS hr, count(lat_deg) AS lat FROM '${join(dir, 'gen.parquet')}'`);
    expect(num(r.n)).toBe(250_000);
    expect(num(r.hr)).toBe(250_000 * 100 + 5000 * (49 * 50) / 2);
    expect(num(r.lat)).toBe(0);

    const empty: Buffer[] = [];
    for await (const c of parquetStream('health_daily', (async function* () {})())) empty.push(c);
    writeFileSync(join(dir, 'empty.parquet'), Buffer.concat(empty));
    const [e] = await q(`SELECT count(*) AS n FROM '${join(dir, 'empty.parquet')}'`);
    expect(num(e.n)).toBe(0);
  });
});

describe('Parquet analytics export on PostgreSQL', () => {
  it('reads through the same storage port: counts equal the API', async () => {
    const db = await createTestDatabase();
    expect(db, 'PostgreSQL must be available to the test run').not.toBeNull();
    const p = await createTestApp({ databaseUrl: db!.url });
    try {
      const job = await p.importAndWait([{ name: 'p.fit', bytes: makeFitActivity({ durationS: 1200, startTime: new Date(Date.UTC(2025, 5, 1, 6)), laps: 2, withPower: true }) }]);
      expect(job.files[0].status).toBe('imported');
      const res = await p.app.inject({ url: '/api/v1/export/parquet', headers: H });
      expect(res.statusCode).toBe(200);
      for (const e of await readEntries(res.rawPayload)) writeFileSync(join(dir, `pg-${e.name}`), e.bytes);
      const list = (await p.app.inject({ url: '/api/v1/activities', headers: H })).json() as ActivityListDto;
      const [a] = await q(`SELECT count(*) AS n, sum(distance_m) AS d FROM '${join(dir, 'pg-activities.parquet')}'`);
      expect(num(a.n)).toBe(1);
      expect(num(a.d)).toBeCloseTo(list.items[0].distanceM ?? 0, 6);
      const [l] = await q(`SELECT count(*) AS n FROM '${join(dir, 'pg-laps.parquet')}'`);
      expect(num(l.n)).toBe(2);
      const [s] = await q(`SELECT count(*) AS n, sum(power_w) AS pw FROM '${join(dir, 'pg-samples.parquet')}'`);
      expect(num(s.n)).toBe(list.items[0].sampleCount);
      const streams = (await p.app.inject({ url: `/api/v1/activities/${list.items[0].id}/streams`, headers: H })).json() as StreamsDto;
      expect(num(s.pw)).toBeCloseTo((streams.channels.powerW ?? []).reduce<number>((x, v) => x + (v ?? 0), 0), 6);
    } finally {
      await p.close();
      await db!.drop();
    }
  }, 120_000);
});
