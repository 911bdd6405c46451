/**
 * Analysis figures for issue 5 (`analysisBench(opts)`):
 * 1. curves + best efforts (and the whole per-activity analysis) for a 1-hour 1 Hz activity;
 * 2. the incremental import-side cost and a full recompute for N generated activities on SQLite
 *    (default 1,000 so `npm run bench` stays short; pass { activities: 5000 } for the figure);
 * 3. page latencies (records, fitness, totals, calendar) at that size, from the stored aggregates;
 * 4. elevation gain computed from the streams against the device's own session totals on the
 *    corpus FIT files that carry one: the shipped method overall and by detected altitude source,
 *    and the old 5-sample / 3 m method for comparison (details: scripts/elevation-eval.ts).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { computeActivityMetrics } from '../server/domain/analysis/activity-metrics.js';
import { bestEfforts, distancesForSport } from '../server/domain/analysis/best-efforts.js';
import { meanMax, paceCurve } from '../server/domain/analysis/mean-max.js';
import { resampleDistanceElapsed, resampleTimer } from '../server/domain/analysis/resample.js';
import { medianStepS, pauseThresholdS } from '../server/domain/timing.js';
import type { ElevationOptions } from '../server/domain/elevation.js';
import { caseAscent, caseSource, collectElevationCases, corpusRoot, deviationStats, OLD_METHOD, type ElevationCase } from '../scripts/elevation-eval.js';
import { ActivityEvents } from '../server/services/activity-events.js';
import { createAnalysis } from '../server/services/analysis/analysis-module.js';
import { openSqliteStorage } from '../server/storage/sqlite/sqlite-storage.js';
import { prepareStreams } from '../server/storage/stream-codec.js';
import type { ActivityStreams } from '../shared/activity.js';
import { realisticActivity } from './realistic-activity.js';
import { median, percentile, printTable } from './table.js';

export interface AnalysisBenchOptions {
  /** Generated activities for the recompute and page figures (default 1000). */
  activities?: number;
  /** Samples per generated activity (default 3600 = 1 h at 1 Hz). */
  samples?: number;
  /** Repetitions of each page query (default 30). */
  pageRuns?: number;
}

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}

function curvesAndEfforts(s: ActivityStreams, sport: string) {
  const gapS = pauseThresholdS(medianStepS(s.timeS));
  const ch = s.channels;
  meanMax(resampleTimer(s.timeS, ch.powerW!, gapS), 0);
  meanMax(resampleTimer(s.timeS, ch.hrBpm!, gapS), null);
  paceCurve(resampleDistanceElapsed(s.timeS, ch.distanceM!)!);
  return bestEfforts(s.timeS, ch.distanceM, distancesForSport(sport));
}

function perActivity(): Record<string, string | number>[] {
  const rows: Record<string, string | number>[] = [];
  for (const sport of ['running', 'cycling']) {
    const curves: number[] = [];
    const all: number[] = [];
    for (let i = 0; i < 100; i++) {
      const s = realisticActivity(1000 + i, 3601).streams;
      curves.push(time(() => curvesAndEfforts(s, sport))[1]);
      all.push(time(() => computeActivityMetrics(s, { sport, day: '2025-01-01', thresholds: [{ kind: 'ftp', sport: null, value: 250, validFrom: '2020-01-01' }] }))[1]);
    }
    const warm = (xs: number[]) => xs.slice(10);
    rows.push({ sport, 'what (1 h, 1 Hz)': 'curves + best efforts', 'p50 ms': median(warm(curves)), 'p95 ms': percentile(warm(curves), 95), goal: '< 10 ms' });
    rows.push({ sport, 'what (1 h, 1 Hz)': 'whole analysis (+zones, load, GAP, summary)', 'p50 ms': median(warm(all)), 'p95 ms': percentile(warm(all), 95), goal: '' });
  }
  return rows;
}

async function atScale(n: number, samples: number, pageRuns: number) {
  const dir = mkdtempSync(join(tmpdir(), 'milevault-analysis-bench-'));
  const storage = await openSqliteStorage(join(dir, 'bench.sqlite'));
  const events = new ActivityEvents();
  const an = createAnalysis({ storage, events, now: () => Date.UTC(2025, 0, 1) });
  const user = 'bench';
  await storage.users.ensure(user, 'Bench');
  try {
    let importMs = 0;
    // n activities spread over ten years, alternating runs and rides, newest last.
    const spanMs = 10 * 365 * 86_400_000;
    for (let i = 0; i < n; i++) {
      const startMs = Date.UTC(2015, 0, 1, 7) + Math.floor((i * spanMs) / n);
      const p = realisticActivity(i, samples, startMs);
      const sport = i % 2 ? 'cycling' : 'running';
      p.sport = sport;
      p.sessions[0].sport = sport;
      const id = `a${i}`;
      await storage.originals.upsert({ userId: user, sha256: id, fileName: `${id}.fit`, sizeBytes: 1, format: 'fit' });
      await storage.activities.insert({ id, userId: user, originalSha256: id, sourceIndex: 0, name: id, parsed: p, streams: prepareStreams(p.streams) });
      const t0 = performance.now();
      await events.emit({ type: 'imported', userId: user, activityId: id });
      importMs += performance.now() - t0;
    }
    const t0 = performance.now();
    const job = an.jobs.start(user, { mode: 'full' });
    await an.jobs.waitFor(job.id);
    const recomputeS = (performance.now() - t0) / 1000;
    // What a threshold change costs: zones and load of every activity, no efforts or records.
    const t1 = performance.now();
    await an.jobs.waitFor(an.jobs.start(user, { mode: 'load' }).id);
    const loadRecomputeS = (performance.now() - t1) / 1000;
    const pages: [string, () => Promise<unknown>][] = [
      ['records (running)', () => an.query.records(user, 'running')],
      ['all-time power curve', () => an.query.curve(user, 'power', 'cycling')],
      ['fitness (1 year)', () => an.query.fitness(user, '2024-01-01', '2024-12-31')],
      ['fitness (10 years)', () => an.query.fitness(user, '2015-01-01', '2024-12-31')],
      ['totals week', () => an.query.totals(user, 'week', undefined)],
      ['totals month', () => an.query.totals(user, 'month', undefined)],
      ['totals year', () => an.query.totals(user, 'year', undefined)],
      ['calendar (month)', () => an.query.calendar(user, '2024-05')],
    ];
    const pageRows: Record<string, string | number>[] = [];
    for (const [name, fn] of pages) {
      const xs: number[] = [];
      for (let r = 0; r < pageRuns; r++) {
        const s = performance.now();
        await fn();
        xs.push(performance.now() - s);
      }
      pageRows.push({ [`page at ${n} activities`]: name, 'p50 ms': median(xs), 'p95 ms': percentile(xs, 95), goal: '< 50 ms' });
    }
    return { importMs, recomputeS, loadRecomputeS, status: (await an.jobs.waitFor(job.id))!.status, pageRows };
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Device total ascent vs ours on corpus FIT files (the device value is the parsed summary when it differs from a pure stream computation). */
function corpusElevation(): Record<string, string | number>[] {
  const head = 'ascent vs device (FIT sessions, ≥ 20 m)';
  if (!existsSync(join(corpusRoot(), 'fit'))) return [{ [head]: 'corpus absent: SKIPPED', files: 0 }];
  // Cases, per-session device totals and statistics: scripts/elevation-eval.ts (which also prints
  // the per-file table, the leave-one-out check and simulated GPS error).
  const cases = collectElevationCases();
  if (!cases.length) return [{ [head]: 'no FIT file with a device ascent', files: 0 }];
  const source = new Map(cases.map((c) => [c, caseSource(c).source]));
  const dev = (c: ElevationCase, o: ElevationOptions) => (caseAscent(c, o) - c.deviceAscentM) / c.deviceAscentM;
  const row = (name: string, sel: ElevationCase[], o: ElevationOptions) => {
    if (!sel.length) return { [head]: name, files: 0, 'median |dev| %': '-', 'p90 |dev| %': '-', 'mean dev %': '-' };
    const s = deviationStats(sel.map((c) => dev(c, o)));
    return { [head]: name, files: s.files, 'median |dev| %': s.medianAbsPct, 'p90 |dev| %': s.p90AbsPct, 'mean dev %': s.meanPct };
  };
  const baro = cases.filter((c) => source.get(c) === 'barometric');
  const gps = cases.filter((c) => source.get(c) === 'gps');
  return [
    row('shipped (elevation.ts), all', cases, {}),
    row('shipped, detected barometric', baro, {}),
    row('shipped, detected gps', gps, {}),
    row('old 5 samples / 3 m, all', cases, OLD_METHOD),
    row('old 5 samples / 3 m, detected barometric', baro, OLD_METHOD),
    row('old 5 samples / 3 m, detected gps', gps, OLD_METHOD),
  ];
}

export async function analysisBench(opts: AnalysisBenchOptions = {}) {
  const n = opts.activities ?? 1000;
  const samples = opts.samples ?? 3600;
  printTable('Analysis per activity', perActivity());
  const s = await atScale(n, samples, opts.pageRuns ?? 30);
  printTable(`Analysis at ${n} activities (${samples} samples each, SQLite)`, [
    { what: 'import-side analysis (events), mean per activity', value: s.importMs / n, unit: 'ms' },
    { what: `full recompute of ${n} activities (${s.status})`, value: s.recomputeS, unit: 's' },
    { what: 'full recompute per activity', value: (s.recomputeS * 1000) / n, unit: 'ms' },
    { what: `threshold-change recompute (load mode) of ${n} activities`, value: s.loadRecomputeS, unit: 's' },
  ]);
  printTable('Analysis page latencies', s.pageRows);
  printTable('Elevation gain vs device (corpus)', corpusElevation());
}

if (process.argv[1]?.endsWith('analysis.bench.ts')) {
  const i = process.argv.indexOf('--activities');
  if (process.argv.includes('--corpus-only')) printTable('Elevation gain vs device (corpus)', corpusElevation());
  else await analysisBench({ activities: i > 0 ? Number(process.argv[i + 1]) : undefined });
}
