/**
 * Elevation-gain evaluation on the real-file corpus (read in place, never copied):
 *   npx tsx scripts/elevation-eval.ts [--files] [--grid]
 *
 * Every FIT activity under corpus fit/ whose sessions carry the device's own total_ascent (sum
 * ≥ 20 m) and which has an altitude stream becomes a case. Sessions are compared one by one over
 * their own sample range (a multisport file's swim or transition is not mixed into its ride), and
 * only sessions whose ascent came from the device count: a value equal to our own computation over
 * the same range is the parser's fill-in, not the device's.
 *
 * Prints: per-file device vs computed (shipped method and the old 5-sample / 3 m), the median /
 * p90 |deviation| of candidate algorithms, the split by detected source and by device family, a
 * leave-one-out check of the tuned parameters, simulated GPS error on the same files, the altitude
 * class of every GPX/TCX file, and FR945-run-6782987395 as FIT, GPX and TCX.
 * `collectElevationCases` and `deviationStats` are also used by bench/analysis.bench.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { ActivityStreams } from '../shared/activity.js';
import {
  ascentDescent,
  classifyAltitude,
  ELEVATION_PARAMS,
  type AltitudeSource,
  type ElevationOptions,
} from '../server/domain/elevation.js';
import { firstIndexAfter, medianStepS } from '../server/domain/timing.js';
import { summarizeRange } from '../server/domain/summary.js';
import { parseFile } from '../server/ingest/parse-file.js';

export interface ElevationCase {
  /** Path relative to the corpus root. */
  file: string;
  manufacturer: string;
  product: string;
  sport: string;
  /** Sum of the device's session total_ascent over `ranges`. */
  deviceAscentM: number;
  /** Sample ranges [from, to) of the sessions that carry a device ascent. */
  ranges: [number, number][];
  streams: ActivityStreams;
}

export function corpusRoot(): string {
  return resolve(process.env.MILEVAULT_CORPUS ?? join(process.cwd(), '..', 'shared', 'corpus'));
}

function walk(dir: string, re: RegExp, out: string[] = []): string[] {
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) walk(p, re, out);
    else if (re.test(f) && statSync(p).size < 20_000_000) out.push(p);
  }
  return out;
}

/** The corpus FIT activities with a device ascent ≥ `minAscentM` and an altitude stream. */
export function collectElevationCases(root = corpusRoot(), minAscentM = 20): ElevationCase[] {
  const fitDir = join(root, 'fit');
  if (!existsSync(fitDir)) return [];
  const cases: ElevationCase[] = [];
  for (const path of walk(fitDir, /\.fit(\.gz)?$/i)) {
    const r = parseFile(readFileSync(path), path);
    if (r.kind !== 'activities') continue;
    for (const a of r.activities) {
      const t = a.streams.timeS;
      if (!a.streams.channels.altitudeM || t.length < 2) continue;
      let device = 0;
      const ranges: [number, number][] = [];
      a.sessions.forEach((s, k) => {
        if (s.ascentM == null) return;
        const from = Math.max(0, firstIndexAfter(t, s.startOffsetS) - 1);
        // The parser's own range (fit-sessions.ts): equal to its computation there = filled in, not the device's.
        const parserTo = Math.max(from, firstIndexAfter(t, s.startOffsetS + (s.elapsedTimeS ?? 0)));
        const filled = summarizeRange(a.streams, from, parserTo, { sport: s.sport }).ascentM;
        if (filled != null && Math.abs(filled - s.ascentM) < 1e-9) return;
        // Evaluated up to the next session's start (fēnix 2 multisport: a session overlaps the next).
        const next = a.sessions[k + 1];
        const to = next ? Math.min(parserTo, Math.max(from, firstIndexAfter(t, next.startOffsetS))) : parserTo;
        device += s.ascentM;
        ranges.push([from, to]);
      });
      if (!ranges.length || device < minAscentM) continue;
      cases.push({
        file: relative(root, path),
        manufacturer: a.device?.manufacturer ?? '?',
        product: a.device?.product ?? '?',
        sport: a.sport,
        deviceAscentM: device,
        ranges,
        streams: a.streams,
      });
    }
  }
  return cases;
}

/** Ascent of a case under `opts`, summed over its sessions. */
export function caseAscent(c: ElevationCase, opts: ElevationOptions): number {
  let sum = 0;
  for (const [from, to] of c.ranges) sum += ascentDescent(c.streams.channels.altitudeM!, from, to, { ...opts, timeS: c.streams.timeS })?.ascentM ?? 0;
  return sum;
}

/** Detected altitude source of a case (over its whole stream) and its jitter. */
export function caseSource(c: ElevationCase): { source: AltitudeSource; jitterM: number | null } {
  return classifyAltitude(c.streams.channels.altitudeM!, c.streams.timeS);
}

/** Same definitions as bench/table.ts: median = upper middle, p90 = element ⌊0.9·n⌋. */
export function deviationStats(devs: number[]): { files: number; medianAbsPct: number; p90AbsPct: number; meanPct: number } {
  const abs = devs.map(Math.abs).sort((x, y) => x - y);
  const n = abs.length;
  return {
    files: n,
    medianAbsPct: n ? 100 * abs[Math.floor(n / 2)] : NaN,
    p90AbsPct: n ? 100 * abs[Math.min(n - 1, Math.floor(0.9 * n))] : NaN,
    meanPct: n ? (100 * devs.reduce((s, x) => s + x, 0)) / n : NaN,
  };
}

export const OLD_METHOD: ElevationOptions = { smoothingSamples: 5, hysteresisM: 3 };

/** Device family, for the per-family split (a report, not a parameter). */
export function family(c: ElevationCase): string {
  const p = c.product.toLowerCase();
  if (c.manufacturer === 'garmin') {
    if (/^edge/.test(p)) return 'Garmin Edge';
    if (/^(fr|fenix|forerunner|vivo|venu)/.test(p) || /^\d+$/.test(p)) return 'Garmin watch';
    return 'Garmin other';
  }
  if (/wahoo/.test(c.manufacturer)) return 'Wahoo';
  if (/coros/.test(c.manufacturer)) return 'COROS';
  return 'other';
}

// ---------------------------------------------------------------------------------------------
// Stand-alone report

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}
function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

/** A copy of the case with simulated GPS altitude error: white σw plus Gauss–Markov σm, τ. */
export function withGpsError(c: ElevationCase, sw: number, sm: number, tauS: number, seed: number): ElevationCase {
  const r = rng(seed);
  const t = c.streams.timeS;
  const alt = c.streams.channels.altitudeM!;
  let g = gauss(r) * sm;
  const out = alt.map((a, i) => {
    if (i > 0) {
      const rho = Math.exp(-(t[i] - t[i - 1]) / tauS);
      g = rho * g + Math.sqrt(1 - rho * rho) * sm * gauss(r);
    }
    return a == null ? null : a + g + sw * gauss(r);
  });
  return { ...c, streams: { ...c.streams, channels: { ...c.streams.channels, altitudeM: out } } };
}

const pct = (x: number) => x.toFixed(1).padStart(6);

function main() {
  const root = corpusRoot();
  if (!existsSync(root)) {
    console.log(`corpus not found at ${root} (set MILEVAULT_CORPUS)`);
    return;
  }
  const cases = collectElevationCases(root);
  const shipped: ElevationOptions = {};
  const dev = (c: ElevationCase, o: ElevationOptions) => (caseAscent(c, o) - c.deviceAscentM) / c.deviceAscentM;

  console.log(`\n# Elevation gain vs device total_ascent: ${cases.length} FIT activities (≥ 20 m)\n`);
  console.log(
    'file'.padEnd(58) + 'product'.padEnd(15) + 'source'.padEnd(11) + 'jitter' + '  dt' + ' device' + '    old  dev%' + '    new  dev%',
  );
  const rows = cases.map((c) => {
    const cls = caseSource(c);
    const old = caseAscent(c, OLD_METHOD);
    const now = caseAscent(c, shipped);
    const d = c.deviceAscentM;
    console.log(
      c.file.slice(0, 57).padEnd(58) +
        c.product.slice(0, 14).padEnd(15) +
        cls.source.padEnd(11) +
        (cls.jitterM == null ? '     -' : cls.jitterM.toFixed(2).padStart(6)) +
        medianStepS(c.streams.timeS).toFixed(0).padStart(4) +
        d.toFixed(0).padStart(7) +
        old.toFixed(0).padStart(7) +
        pct((100 * (old - d)) / d) +
        now.toFixed(0).padStart(7) +
        pct((100 * (now - d)) / d),
    );
    return { c, cls, old: (old - d) / d, now: (now - d) / d };
  });
  const within = (k: 'old' | 'now') => rows.filter((r) => Math.abs(r[k] * r.c.deviceAscentM) <= Math.max(10, 0.05 * r.c.deviceAscentM)).length;

  const line = (name: string, devs: number[], extra = '') => {
    const s = deviationStats(devs);
    console.log(name.padEnd(52) + String(s.files).padStart(5) + pct(s.medianAbsPct) + pct(s.p90AbsPct) + pct(s.meanPct) + (extra ? '  ' + extra : ''));
  };
  console.log('\n## Candidates (median / p90 |dev| %, mean dev %)\n');
  console.log('algorithm'.padEnd(52) + 'files' + ' med %' + ' p90 %' + 'mean %');
  line('shipped: auto source, time window, per-source band', rows.map((r) => r.now), `${within('now')}/${rows.length} within 5 % or 10 m`);
  line('old: 5 samples / 3 m', rows.map((r) => r.old), `${within('old')}/${rows.length} within 5 % or 10 m`);
  line('raw sum of positive deltas', cases.map((c) => dev(c, { smoothingSamples: 1, hysteresisM: 0 })));
  line('barometric parameters forced', cases.map((c) => dev(c, { altitudeSource: 'barometric' })));
  line('gps parameters forced (cost of misclassifying)', cases.map((c) => dev(c, { altitudeSource: 'gps' })));
  for (const [w, h] of [[10, 0.5], [20, 0.5], [15, 0.2], [15, 1], [15, 2], [5, 2]] as const)
    line(`time window ±${w} s / ${h} m`, cases.map((c) => dev(c, { altitudeSource: 'barometric', smoothingS: w, hysteresisM: h })));

  console.log('\n## By detected source (shipped vs old)\n');
  for (const src of ['barometric', 'gps'] as const) {
    const sel = rows.filter((r) => r.cls.source === src);
    if (!sel.length) console.log(`${src}: no corpus FIT file with a device total is classified ${src}`);
    else (line(`${src} — shipped`, sel.map((r) => r.now)), line(`${src} — old`, sel.map((r) => r.old)));
  }
  console.log('\n## By device family (shipped vs old)\n');
  const fams = [...new Set(rows.map((r) => family(r.c)))].sort();
  for (const f of fams) {
    const sel = rows.filter((r) => family(r.c) === f);
    line(`${f} — shipped`, sel.map((r) => r.now));
    line(`${f} — old`, sel.map((r) => r.old));
  }

  // Leave-one-out: choose (W, H) on the other files by median + p90/2, score the one left out.
  const grid: [number, number][] = [];
  for (const w of [5, 8, 10, 12, 14, 15, 16, 18, 20, 25]) for (const h of [0.2, 0.4, 0.5, 0.6, 0.8, 1, 1.5, 2]) grid.push([w, h]);
  const table = grid.map(([w, h]) => cases.map((c) => dev(c, { altitudeSource: 'barometric', smoothingS: w, hysteresisM: h })));
  const loo = cases.map((_, k) => {
    let best = 0;
    let bestScore = Infinity;
    table.forEach((devs, g) => {
      const s = deviationStats(devs.filter((_, i) => i !== k));
      const score = s.medianAbsPct + s.p90AbsPct / 2;
      if (score < bestScore) (bestScore = score), (best = g);
    });
    return { dev: table[best][k], pick: grid[best] };
  });
  console.log('\n## Leave-one-out (barometric W, H re-chosen without each file)\n');
  line('leave-one-out', loo.map((l) => l.dev));
  const picks = new Map<string, number>();
  for (const l of loo) picks.set(`±${l.pick[0]} s / ${l.pick[1]} m`, (picks.get(`±${l.pick[0]} s / ${l.pick[1]} m`) ?? 0) + 1);
  console.log('parameters picked: ' + [...picks].map(([k, v]) => `${k} ×${v}`).join(', '));
  if (process.argv.includes('--grid')) {
    const scored = grid.map(([w, h], g) => ({ w, h, ...deviationStats(table[g]) })).sort((a, b) => a.medianAbsPct + a.p90AbsPct / 2 - b.medianAbsPct - b.p90AbsPct / 2);
    console.table(scored.slice(0, 15));
  }

  console.log('\n## Simulated GPS error on the same files (2 seeds each; shipped = auto classification)\n');
  const models: [string, number, number, number][] = [
    ['white 1.5 m + GM 3 m / 30 s', 1.5, 3, 30],
    ['white 0.7 m + GM 5 m / 120 s', 0.7, 5, 120],
    ['white 3 m', 3, 0, 1],
    ['white 1 m + GM 2 m / 60 s', 1, 2, 60],
  ];
  for (const [name, sw, sm, tau] of models) {
    const noisy = cases.flatMap((c, i) => [1, 2].map((s) => withGpsError(c, sw, sm, tau, 7919 * s + i)));
    const gps = noisy.filter((c) => caseSource(c).source === 'gps').length;
    line(`${name}: shipped (${gps}/${noisy.length} → gps)`, noisy.map((c) => dev(c, shipped)));
    line(`${name}: old 5 samples / 3 m`, noisy.map((c) => dev(c, OLD_METHOD)));
  }

  console.log('\n## GPX / TCX altitude class (no device total to compare)\n');
  const xml = ['gpx', 'tcx', 'strava'].flatMap((d) => (existsSync(join(root, d)) ? walk(join(root, d), /\.(gpx|tcx)(\.gz)?$/i) : []));
  for (const p of xml) {
    const r = parseFile(readFileSync(p), p);
    if (r.kind !== 'activities') continue;
    for (const a of r.activities) {
      const alt = a.streams.channels.altitudeM;
      if (!alt || alt.filter((v) => v != null).length < 30) continue;
      const cls = classifyAltitude(alt, a.streams.timeS);
      const old = ascentDescent(alt, 0, alt.length, OLD_METHOD)?.ascentM ?? NaN;
      console.log(
        relative(root, p).slice(0, 62).padEnd(63) +
          cls.source.padEnd(11) +
          (cls.jitterM == null ? '     -' : cls.jitterM.toFixed(2).padStart(6)) +
          `  old ${old.toFixed(0).padStart(5)}  new ${(a.summary.ascentM ?? NaN).toFixed(0).padStart(5)}`,
      );
    }
  }

  console.log('\n## FR945-run-6782987395 as FIT, GPX and TCX\n');
  const fr = [
    'fit/sports-lib/FR945-run-6782987395.fit',
    'gpx/sports-lib/GarminConnect-FR945-run-6782987395.gpx',
    'tcx/sports-lib/FR945-run-6782987395.tcx',
  ];
  for (const p of fr) {
    if (!existsSync(join(root, p))) continue;
    const r = parseFile(readFileSync(join(root, p)), p);
    if (r.kind !== 'activities') continue;
    const a = r.activities[0];
    const alt = a.streams.channels.altitudeM!;
    const now = ascentDescent(alt, 0, alt.length, { timeS: a.streams.timeS })!;
    const old = ascentDescent(alt, 0, alt.length, OLD_METHOD)!;
    console.log(
      `${p.padEnd(56)} shown ${a.summary.ascentM?.toFixed(1).padStart(6)}  computed ${now.ascentM.toFixed(1).padStart(6)} (${now.source}, ${((100 * (now.ascentM - 347)) / 347).toFixed(2)} % vs device 347)  old ${old.ascentM.toFixed(1)}`,
    );
  }
  console.log(`\nparameters: ${JSON.stringify(ELEVATION_PARAMS)}`);
}

if (process.argv[1]?.endsWith('elevation-eval.ts')) main();
