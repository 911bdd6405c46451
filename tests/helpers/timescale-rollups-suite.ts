import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { haeDate } from '../../bench/hae-payload.js';
import { makeFitActivity } from './fit-fixture.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * Issue 15 §3: the API's rollups (fitness daily loads, week/month/year totals per sport and for
 * all sports, health daily values) on TimescaleDB come from continuous aggregates and equal the
 * SQLite answers for the same imports. Run on PGlite+TimescaleDB in `npm test` (one connection:
 * MILEVAULT_PG_POOL_MAX=1) and on a real server when MILEVAULT_TEST_TIMESCALE_URL is set.
 * `url()` is an empty database (or one the Timescale contract already used).
 */
export function timescaleRollupsContract(url: () => string, opts: { healthIngest?: boolean; preparedStatements?: boolean } = {}) {
  let lite: TestApp;
  let ts: TestApp;
  async function q<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
    const c = new pg.Client({ connectionString: url() });
    await c.connect();
    try {
      return (await c.query<T>(text)).rows;
    } finally {
      await c.end();
    }
  }
  const get = async (t: TestApp, path: string) => {
    const r = await t.app.inject({ url: path });
    expect(r.statusCode, `${path}: ${r.body.slice(0, 200)}`).toBe(200);
    return r.json();
  };
  /** Sums of floats may differ in the last bits with the summation order (per bucket, then per period). */
  const rounded = (v: unknown): unknown =>
    typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : Array.isArray(v) ? v.map(rounded) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rounded(x)])) : v;
  const answers = async (t: TestApp) => ({
    week: await get(t, '/api/v1/totals?period=week'),
    month: await get(t, '/api/v1/totals?period=month'),
    year: await get(t, '/api/v1/totals?period=year'),
    yearRunning: await get(t, '/api/v1/totals?period=year&sport=running'),
    fitness: await get(t, '/api/v1/fitness?from=2003-12-01&to=2024-06-30'),
  });
  const both = async (fn: (t: TestApp) => Promise<unknown>) => Promise.all([fn(lite), fn(ts)]);
  // Short recordings: PGlite (WASM) traps with `RuntimeError: unreachable` when the whole app
  // imports a FIT of ~900 samples or more (700 passes; not from the rollups or the mirror: it
  // happens with both switched off). The real-server run imports the corpus instead.
  const fit = (startTime: string, sport: string, durationS: number) => ({ name: `${sport}-${startTime}.fit`, bytes: makeFitActivity({ startTime: new Date(startTime), sport, durationS }) });

  beforeAll(async () => {
    const prev = { MILEVAULT_PG_POOL_MAX: process.env.MILEVAULT_PG_POOL_MAX, MILEVAULT_PG_PREPARED_STATEMENTS: process.env.MILEVAULT_PG_PREPARED_STATEMENTS };
    process.env.MILEVAULT_PG_POOL_MAX = '1';
    // PGlite over a socket: every connection shares one session, so prepared statement names collide.
    if (opts.preparedStatements === false) process.env.MILEVAULT_PG_PREPARED_STATEMENTS = 'off';
    try {
      lite = await createTestApp();
      ts = await createTestApp({ databaseUrl: url() });
    } finally {
      for (const [k, v] of Object.entries(prev)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    expect(ts.services.storage.timescale).toBe(true);
  }, 120_000);
  afterAll(async () => {
    await lite?.close();
    await ts?.close();
  });

  it('serves totals and fitness loads from the continuous aggregate, equal to SQLite, for any year and any import order', async () => {
    // Recent activities first, read (which refreshes the aggregate: its watermark moves to 2024),
    // then older ones: real-time aggregation alone would not show rows below the watermark.
    await both((t) => t.importAndWait([fit('2024-06-03T06:00:00Z', 'running', 600), fit('2024-06-04T17:30:00Z', 'cycling', 600)]));
    expect(rounded(await answers(ts))).toEqual(rounded(await answers(lite)));
    await both((t) => t.importAndWait([fit('2004-07-01T06:00:00Z', 'running', 600), fit('2004-07-01T18:00:00Z', 'running', 300), fit('2019-12-30T23:30:00Z', 'cycling', 500)]));
    const [a, b] = await both(answers);
    expect(rounded(b)).toEqual(rounded(a));
    const years = (b as { year: { items: { periodStart: string; sport: string; count: number }[] } }).year.items;
    expect(years.filter((r) => r.sport === 'all').map((r) => [r.periodStart, r.count])).toEqual([['2004-01-01', 2], ['2019-01-01', 1], ['2024-01-01', 2]]);

    // A deletion reaches the aggregate too.
    const list = await get(ts, '/api/v1/activities?limit=50');
    const old = (list.items as { id: string; startTime: string }[]).find((x) => x.startTime.startsWith('2004-07-01T18'))!;
    const liteOld = ((await get(lite, '/api/v1/activities?limit=50')).items as { id: string; startTime: string }[]).find((x) => x.startTime.startsWith('2004-07-01T18'))!;
    for (const [t, id] of [[ts, old.id], [lite, liteOld.id]] as const) {
      const r = await t.app.inject({ method: 'DELETE', url: `/api/v1/activities/${id}`, headers: { 'x-milevault-client': 'test' } });
      expect(r.statusCode).toBeLessThan(300);
    }
    const [c, d] = await both(answers);
    expect(rounded(d)).toEqual(rounded(c));

    // The API reads the aggregate, not the stored tables: emptying them changes nothing.
    await q('DELETE FROM period_totals');
    await q('DELETE FROM daily_load');
    expect(rounded(await answers(ts))).toEqual(rounded(c));
    const facts = await q<{ n: number }>('SELECT count(*)::int AS n FROM milevault_rollups.activity_rollup_facts');
    expect(facts[0].n).toBe(4);
  }, 300_000);

  it('sums health samples per local day from the 15-minute continuous aggregate, equal to SQLite', async () => {
    // The storage method the health writer derives daily values with, on both databases (150
    // samples over three days: PGlite traps on one multi-row INSERT of a few hundred rows).
    const rows: { metric: string; tMs: number; source: string; value: number }[] = [];
    const t0 = Date.UTC(2023, 0, 1, 5);
    for (let i = 0; i < 150; i++) rows.push({ metric: 'heart_rate', tMs: t0 + i * 29 * 60_000, source: i % 3 ? 'Watch' : 'Ring', value: 50 + ((i * 13) % 70) + 0.25 });
    await both((t) => t.services.storage.users.ensure('local-rollup', 'rollup'));
    await both((t) => t.services.storage.health.upsertSamples('local-rollup', rows));
    // A late sample in an already materialized day: the next read must include it.
    const read = (t: TestApp, source: string, offsetMs: number) => t.services.storage.health.dailyAggregates('local-rollup', 'heart_rate', source, t0 - offsetMs - 86_400_000, t0 + 5 * 86_400_000, offsetMs, true);
    for (const off of [-4 * 3600_000, 5.75 * 3600_000, 0]) {
      const [a, b] = await both((t) => read(t, 'Watch', off));
      expect((a as unknown[]).length).toBeGreaterThan(1);
      expect(rounded(b)).toEqual(rounded(a));
    }
    await both((t) => t.services.storage.health.upsertSamples('local-rollup', [{ metric: 'heart_rate', tMs: t0 + 3, source: 'Ring', value: 199 }]));
    const [a, b] = await both((t) => read(t, 'Ring', -4 * 3600_000));
    expect(rounded(b)).toEqual(rounded(a));
    expect((b as { max: number }[]).some((d) => d.max === 199)).toBe(true);
  }, 120_000);

  it.skipIf(opts.healthIngest === false)('derives health daily values from the 15-minute continuous aggregate, equal to SQLite', async () => {
    // Three local days (UTC-4) of heart rate every 10 minutes and hourly steps from two sources;
    // small because PGlite traps on large statements (see above).
    const hr: unknown[] = [];
    const steps: unknown[] = [];
    for (let d = 0; d < 3; d++) {
      const day = Date.UTC(2024, 3, 18, 4) + d * 86_400_000;
      for (let m = 6 * 60; m < 24 * 60; m += 10) hr.push({ date: haeDate(day + m * 60_000, -240), Min: 60, Avg: 60 + ((m * 7 + d) % 40) + 0.5, Max: 120 });
      for (let h = 6; h < 24; h++) steps.push({ qty: (h * 37 + d * 11) % 900, date: haeDate(day + h * 3600_000, -240), source: h % 2 ? 'Watch' : 'iPhone' });
    }
    const payload = JSON.stringify({ data: { metrics: [{ name: 'heart_rate', units: 'count/min', data: hr }, { name: 'step_count', units: 'count', data: steps }], workouts: [] } });
    const keys = await both(async (t) => (await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'phone' }, headers: { 'x-milevault-client': 'test' } })).json().key as string);
    const sent = await Promise.all([lite, ts].map((t, i) =>
      t.app.inject({ method: 'POST', url: '/api/v1/ingest/health-auto-export', headers: { 'content-type': 'application/json', authorization: `Bearer ${keys[i]}` }, payload })));
    for (const r of sent) expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
    const [a, b] = await both((t) => get(t, '/api/v1/health/daily?from=2024-04-15&to=2024-04-30'));
    expect((a as { days: unknown[] }).days.length).toBeGreaterThanOrEqual(3);
    expect(rounded(b)).toEqual(rounded(a));
    // The day sums came through the aggregate: its refresh materialized buckets.
    const [m] = await q<{ s: string; t: string }>(`SELECT materialization_hypertable_schema AS s, materialization_hypertable_name AS t FROM timescaledb_information.continuous_aggregates WHERE view_name = 'health_samples_15m'`);
    const rows = await q<{ n: number }>(`SELECT count(*)::int AS n FROM "${m.s}"."${m.t}"`);
    expect(rows[0].n).toBeGreaterThan(0);
  }, 300_000);
}
