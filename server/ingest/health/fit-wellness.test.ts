import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusOrWarn } from '../../../tests/helpers/corpus.js';
import { FitWriter, T, toFitTs } from '../../../tests/helpers/fit-encoder.js';
import { parseFit } from '../fit/fit.parser.js';
import { FIT_EPOCH_MS } from '../fit/fit-profile.js';
import { parseWellnessFit } from './fit-wellness.js';
import type { WellnessBatch } from './wellness-batch.js';

/** FitCSVTool rows: [message, { field: value }] for Data lines (values unscaled strings as printed). */
function fitCsv(path: string): [string, Record<string, string>][] {
  const rows: [string, Record<string, string>][] = [];
  for (const line of readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const cells = line.split(',').map((c) => c.replace(/^"|"$/g, ''));
    if (cells[0] !== 'Data') continue;
    const fields: Record<string, string> = {};
    for (let i = 3; i + 1 < cells.length; i += 3) if (cells[i]) fields[cells[i]] = cells[i + 1];
    rows.push([cells[2], fields]);
  }
  return rows;
}

function ok(r: ReturnType<typeof parseWellnessFit>): WellnessBatch {
  if ('error' in r) throw new Error(r.error);
  return r;
}

describe('wellness FIT against FitCSVTool ground truth (corpus wellness/fitsdk)', () => {
  const corpus = corpusOrWarn();
  const dir = corpus ? join(corpus, 'wellness', 'fitsdk') : '';

  it.skipIf(!corpus)('MonitoringFile.fit: steps per interval, timestamp_16 expansion and the daily total', () => {
    const b = ok(parseWellnessFit(readFileSync(join(dir, 'MonitoringFile.fit'))));
    const truth = fitCsv(join(dir, 'MonitoringFile.csv')).filter(([m]) => m === 'monitoring');
    // Ground truth: cumulative steps rows (timestamp_16 + steps), and the 1440-minute daily rows.
    const stepRows = truth.filter(([, f]) => 'steps' in f && 'timestamp_16' in f).map(([, f]) => ({ t16: Number(f.timestamp_16), cum: Number(f.steps), type: Number(f.activity_type) }));
    const dailyRows = truth.filter(([, f]) => f.duration_min === '1440');
    expect(stepRows).toHaveLength(79);
    const expectedDaily = dailyRows.reduce((a, [, f]) => a + Number(f.steps), 0);
    expect(expectedDaily).toBe(3173);

    const steps = b.samples.filter((s) => s.metric === 'steps');
    const daily = b.daily.filter((d) => d.metric === 'steps');
    expect(daily).toEqual([{ metric: 'steps', date: '2014-12-27', value: expectedDaily, source: 'garmin' }]);
    // The intraday series adds up to the device's own daily total.
    expect(steps.reduce((a, s) => a + s.value, 0)).toBe(expectedDaily);
    // Every expanded timestamp keeps the row's 16 low bits, in order.
    const withSteps: typeof stepRows = [];
    const last = new Map<number, number>();
    for (const r of stepRows) {
      if (r.cum > (last.get(r.type) ?? 0)) withSteps.push(r);
      last.set(r.type, r.cum);
    }
    expect(steps.map((s) => ((s.tMs - FIT_EPOCH_MS) / 1000) & 0xffff)).toEqual(withSteps.map((r) => r.t16));
    expect(steps.every((s, i) => i === 0 || s.tMs > steps[i - 1].tMs)).toBe(true);
    // The activity parser still says "not an activity" (the import routes it here).
    expect(parseFit(readFileSync(join(dir, 'MonitoringFile.fit')))).toMatchObject({ kind: 'skipped', fileType: 'monitoring_b' });
  });

  it.skipIf(!corpus)('weight-scale files: weight and body fat as FitCSVTool prints them; a family scale keeps user 0', () => {
    for (const name of ['WeightScaleSingleUser', 'WeightScaleMultiUser']) {
      const b = ok(parseWellnessFit(readFileSync(join(dir, `${name}.fit`))));
      const truth = fitCsv(join(dir, `${name}.csv`)).filter(([m, f]) => m === 'weight_scale' && (f.user_profile_index ?? '0') === '0');
      expect(b.daily.filter((d) => d.metric === 'weightKg').map((d) => d.value)).toEqual(truth.map(([, f]) => Number(f.weight)));
      expect(b.daily.filter((d) => d.metric === 'bodyFatPct').map((d) => d.value)).toEqual(truth.map(([, f]) => Number(f.percent_fat)));
      const ts = Number(truth[0][1].timestamp);
      expect(b.daily[0].date).toBe(new Date(FIT_EPOCH_MS + ts * 1000).toISOString().slice(0, 10));
    }
  });
});

describe('wellness FIT: sleep, HRV status, stress, SpO2, respiration (generated, values known by construction)', () => {
  const night = Date.UTC(2025, 2, 10, 22, 0, 0);
  const w = new FitWriter();
  w.define(0, 0, [[0, T.enum], [1, T.uint16], [4, T.uint32]]).data(0, [49, 1, toFitTs(night)]);
  w.define(1, 275, [[253, T.uint32], [0, T.enum]]);
  // 22:00 light 60 min, 23:00 deep 90 min, 00:30 rem 30 min, 01:00 awake 10 min, 01:10 light until 06:00.
  const levels: [number, number][] = [[0, 2], [60, 3], [150, 4], [180, 1], [190, 2], [480, 1]];
  for (const [min, level] of levels) w.data(1, [toFitTs(night + min * 60_000), level]);
  w.define(2, 346, [[6, T.uint8], [15, T.uint16]]).data(2, [82, 2150]);
  w.define(3, 370, [[253, T.uint32], [0, T.uint16], [1, T.uint16], [4, T.uint16], [5, T.uint16], [6, T.enum]]);
  w.data(3, [toFitTs(night + 8 * 3600_000), 55 * 128, 61.5 * 128, 48 * 128, 66 * 128, 4]);
  w.define(4, 227, [[0, T.sint16], [1, T.uint32]]).data(4, [25, toFitTs(night)]).data(4, [-1, toFitTs(night + 180_000)]);
  w.define(5, 269, [[253, T.uint32], [0, T.uint8]]).data(5, [toFitTs(night + 60_000), 96]);
  w.define(6, 297, [[253, T.uint32], [0, T.sint16]]).data(6, [toFitTs(night + 60_000), 1425]);
  w.define(7, 371, [[253, T.uint32], [0, T.uint16]]).data(7, [toFitTs(night + 300_000), 40 * 128]);
  const bytes = w.finish();

  it('builds the night from sleep_level intervals and the daily HRV status', () => {
    const b = ok(parseWellnessFit(bytes));
    expect(b.sleep).toHaveLength(1);
    const s = b.sleep[0];
    expect(s.stages.map((x) => x.stage)).toEqual(['light', 'deep', 'rem', 'awake', 'light', 'awake']);
    expect(s.date).toBe('2025-03-11');
    const d = Object.fromEntries(b.daily.map((x) => [x.metric, x.value]));
    expect(d).toMatchObject({ sleepDeepS: 5400, sleepRemS: 1800, sleepLightS: 3600 + 290 * 60, sleepS: 5400 + 1800 + 3600 + 290 * 60, sleepScore: 82, sleepAvgStress: 21.5 });
    expect(d).toMatchObject({ hrvMs: 61.5, hrvWeeklyAvgMs: 55, hrvBaselineLowMs: 48, hrvBaselineHighMs: 66, hrvStatus: 4 });
    const samples = Object.fromEntries(b.samples.map((x) => [x.metric, x.value]));
    expect(samples).toEqual({ stress: 25, spo2Pct: 96, respirationBrpm: 14.25, hrvMs: 40 });
  });

  it('refuses activity files and non-FIT bytes with a reason', () => {
    expect(parseWellnessFit(new Uint8Array([1, 2, 3]))).toHaveProperty('error');
    const act = new FitWriter();
    act.define(0, 0, [[0, T.enum]]).data(0, [4]);
    expect(parseWellnessFit(act.finish())).toEqual({ error: 'this is an activity file, not a wellness file' });
  });
});
