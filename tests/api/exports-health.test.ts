import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { readEntries } from '../helpers/zip-read.js';

/**
 * Health in the whole-account export (issue 16: "originals + activities.csv + gear + health CSVs,
 * in a documented layout that MileVault itself imports back with nothing lost"): daily values,
 * intraday samples and sleep sessions go out as health/*.csv and come back, row-equal, when the
 * CSVs are imported into an empty instance.
 */
const U = 'local';
const DAY = 86_400_000;
const D0 = Date.UTC(2025, 2, 1);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const h = t.services.storage.health;
  await h.upsertDaily(U, [
    { metric: 'restingHrBpm', dayMs: D0, source: 'garmin', value: 48 },
    { metric: 'restingHrBpm', dayMs: D0 + DAY, source: 'apple_health', value: 49.5 },
    { metric: 'weightKg', dayMs: D0 + DAY, source: 'garmin', value: 71.25 },
    { metric: 'hrvMs', dayMs: D0 + 2 * DAY, source: 'elite_hrv', value: 62.125 },
  ]);
  // Two months of samples (the export reads a month at a time).
  const samples = [];
  for (let i = 0; i < 24 * 60; i++) samples.push({ metric: 'hrBpm', tMs: D0 + i * 60 * 60_000, source: 'garmin', value: 50 + (i % 40) });
  samples.push({ metric: 'stress', tMs: D0 + 3 * 60_000, source: 'garmin', value: 25 });
  await h.upsertSamples(U, samples);
  await h.upsertSleep(U, [{ source: 'garmin', startMs: D0 - 7 * 3600_000, endMs: D0 + 3600_000, dayMs: D0, stages: [{ stage: 'light', startMs: D0 - 7 * 3600_000, endMs: D0 - 3600_000 }, { stage: 'rem', startMs: D0 - 3600_000, endMs: D0 + 3600_000 }] }]);
});
afterAll(async () => t?.close());

async function dump(app: TestApp) {
  const h = app.services.storage.health;
  return {
    daily: await h.daily(U, 0, Date.UTC(2100, 0, 1)),
    samples: await h.samples(U, ['hrBpm', 'stress'], 0, Date.UTC(2100, 0, 1), null),
    sleep: await h.sleep(U, 0, Date.UTC(2100, 0, 1)),
  };
}

describe('account export: health CSVs', () => {
  it('writes daily, samples and sleep CSVs that import back into an empty instance row-equal', async () => {
    const res = await t.app.inject({ url: '/api/v1/export/account', headers: { 'x-milevault-client': 'test' } });
    expect(res.statusCode).toBe(200);
    const entries = await readEntries(res.rawPayload);
    const byName = new Map(entries.map((e) => [e.name, e.bytes]));
    const daily = byName.get('health/daily.csv')!.toString();
    expect(daily.split('\n')[0]).toBe('date,metric,source,value');
    expect(daily).toContain('2025-03-02,weightKg,garmin,71.25');
    const samples = byName.get('health/samples.csv')!.toString().trimEnd().split('\n');
    expect(samples).toHaveLength(1 + 24 * 60 + 1);
    expect(samples[1]).toBe('2025-03-01T00:00:00.000Z,hrBpm,garmin,50');
    expect(byName.get('health/sleep.csv')!.toString()).toContain('"[{""stage"":""light""');

    const before = await dump(t);
    const t2 = await createTestApp();
    try {
      const job = await t2.importAndWait(['daily', 'samples', 'sleep'].map((n) => ({ name: `${n}.csv`, bytes: Buffer.from(byName.get(`health/${n}.csv`)!) })));
      expect(job.files.map((f) => f.status)).toEqual(['imported', 'imported', 'imported']);
      expect(await dump(t2)).toEqual(before);
    } finally {
      await t2.close();
    }
  });

  it('refuses a damaged health CSV row by row with the line and reason, keeping the good rows', async () => {
    const { parseMilevaultHealthCsv } = await import('../../server/ingest/health/milevault-health-csv.parser.js');
    const r = parseMilevaultHealthCsv('date,metric,source,value\n2025-02-30,weightKg,garmin,70\n2025-03-01,weightKg,garmin,abc\n2025-03-02,weightKg,garmin,70.5\n');
    if ('skipped' in r) throw new Error(r.skipped);
    expect(r.daily).toEqual([{ date: '2025-03-02', metric: 'weightKg', source: 'garmin', value: 70.5 }]);
    expect(r.warnings).toEqual(['line 2: "2025-02-30" is not a YYYY-MM-DD date', 'line 3: metric, source or value missing or not a number']);
    expect(parseMilevaultHealthCsv('a,b\n1,2\n')).toEqual({ skipped: 'not a MileVault health CSV' });
  });
});
