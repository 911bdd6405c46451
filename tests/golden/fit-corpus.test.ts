import { readFileSync } from 'node:fs';
import { basename, dirname, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusFiles, corpusOrWarn } from '../helpers/corpus.js';
import { parseFit } from '../../server/ingest/fit/fit.parser.js';
import { bareDecodeFitFileParser } from '../../server/ingest/fit/bare-decode.js';
import type { ParsedActivity, ParseResult } from '../../shared/activity.js';

/**
 * Golden tests over the real FIT files in ../shared/corpus (read in place, never copied).
 * (a) every FIT file imports, is skipped or fails with a reason, and never throws;
 * (b) session totals agree with the device's own (decoded independently by fit-file-parser);
 * (c) record values agree with the ground-truth dumps (FORMATS.md §8);
 * (d) FR945-run-6782987395 agrees with its TCX twin.
 */
const root = corpusOrWarn();
const FIT_EPOCH_S = 631065600;
const SEMI_DEG = 180 / 2 ** 31;

interface Parsed {
  file: string;
  bytes: Uint8Array;
  result: ParseResult;
  ms: number;
}
const parsed = new Map<string, Parsed>();

function load(file: string): Uint8Array {
  const raw = readFileSync(file);
  return new Uint8Array(file.endsWith('.gz') ? gunzipSync(raw) : raw);
}

function rel(file: string): string {
  return relative(root as string, file);
}

/** Unix seconds → our row index (last row at that second). */
function rowsBySecond(a: ParsedActivity): Map<number, number> {
  const start = Date.parse(a.startTime) / 1000;
  const m = new Map<number, number>();
  a.streams.timeS.forEach((t, i) => m.set(Math.round(start + t), i));
  return m;
}

interface Tally {
  compared: number;
  mismatched: number;
  examples: string[];
}
const tally = (): Tally => ({ compared: 0, mismatched: 0, examples: [] });
function check(t: Tally, what: string, ours: number | null | undefined, truth: number | null, tol: number): void {
  if (truth === null || !Number.isFinite(truth) || ours === null || ours === undefined) return;
  t.compared++;
  if (Math.abs(ours - truth) > tol) {
    t.mismatched++;
    if (t.examples.length < 5) t.examples.push(`${what}: ours ${ours} truth ${truth}`);
  }
}

describe.skipIf(!root)('FIT corpus (golden)', () => {
  const files = [...corpusFiles('fit', /\.fit(\.gz)?$/i), ...corpusFiles('wellness', /\.fit(\.gz)?$/i)];

  beforeAll(() => {
    for (const file of files) {
      const bytes = load(file);
      const t0 = performance.now();
      let result: ParseResult;
      try {
        result = parseFit(bytes, basename(file));
      } catch (e) {
        result = { kind: 'error', reason: `THREW: ${String(e)}` };
      }
      parsed.set(file, { file, bytes, result, ms: performance.now() - t0 });
    }
  });

  it('(a) every FIT file parses to activities, skipped or error with a reason, never throwing', () => {
    expect(files.length).toBeGreaterThan(50);
    const table = new Map<string, { imported: number; skipped: number; failed: number }>();
    const notes: string[] = [];
    for (const p of parsed.values()) {
      const folder = dirname(rel(p.file));
      const row = table.get(folder) ?? { imported: 0, skipped: 0, failed: 0 };
      table.set(folder, row);
      const r = p.result;
      if (r.kind === 'activities') {
        row.imported++;
        expect(r.activities.length).toBeGreaterThan(0);
      } else if (r.kind === 'skipped') {
        row.skipped++;
        notes.push(`skipped ${rel(p.file)}: ${r.reason}`);
        expect(r.reason.length).toBeGreaterThan(10);
        expect(r.fileType).toBeTruthy();
      } else {
        row.failed++;
        notes.push(`failed  ${rel(p.file)}: ${r.reason}`);
        expect(r.reason).not.toMatch(/THREW/);
        expect(r.reason.length).toBeGreaterThan(10);
      }
    }
    console.log(
      '\nFIT corpus import\n' +
        ['folder'.padEnd(28) + 'imported  skipped  failed']
          .concat([...table].map(([f, r]) => f.padEnd(28) + String(r.imported).padStart(8) + String(r.skipped).padStart(9) + String(r.failed).padStart(8)))
          .join('\n') +
        '\n' +
        notes.join('\n'),
    );
    // Non-activity files are recognised as such.
    for (const [name, type] of [
      ['Settings.fit', 'settings'],
      ['WorkoutRepeatSteps.fit', 'workout'],
      ['example_course.fit', 'course'],
      ['MonitoringFile.fit', 'monitoring_b'],
      ['WeightScaleSingleUser.fit', 'weight'],
    ]) {
      const p = [...parsed.values()].find((x) => basename(x.file) === name);
      if (p) expect(p.result).toMatchObject({ kind: 'skipped', fileType: type });
    }
    // Decode time is reported, not asserted: tests never assert wall-clock time (npm run bench does).
    const slowest = Math.max(...[...parsed.values()].map((p) => p.ms));
    console.log(`slowest corpus decode: ${slowest.toFixed(0)} ms`);
  });

  it('(b) distance, timer time and ascent agree with the session messages (decoded by fit-file-parser)', async () => {
    const t = { files: 0, passed: 0, failures: [] as string[] };
    for (const p of parsed.values()) {
      if (p.result.kind !== 'activities') continue;
      let ref: { sessions?: Record<string, unknown>[] };
      try {
        ref = (await bareDecodeFitFileParser(p.bytes)) as typeof ref;
      } catch {
        continue; // fit-file-parser cannot read it (truncated, …): no independent reference
      }
      const sessions = ref.sessions ?? [];
      const ours = p.result.activities[0];
      if (sessions.length === 0 || sessions.length !== ours.sessions.length) continue;
      const num = (s: Record<string, unknown>, k: string) => (typeof s[k] === 'number' ? (s[k] as number) : null);
      const sum = (k: string) => sessions.reduce<number | null>((acc, s) => (num(s, k) === null ? acc : (acc ?? 0) + (num(s, k) as number)), null);
      // Timer time cannot exceed elapsed time: a swapped pair is read the right way round (inverted-times.fit).
      const timer = sessions.reduce<number | null>((acc, s) => {
        const tt = num(s, 'total_timer_time');
        const et = num(s, 'total_elapsed_time');
        if (tt === null) return acc;
        return (acc ?? 0) + (et !== null && tt > et + 1 ? et : tt);
      }, null);
      const dist = sum('total_distance');
      const ascent = sum('total_ascent');
      t.files++;
      const problems: string[] = [];
      const within = (a: number | null, b: number, rel: number, abs = 0) => a !== null && Math.abs(a - b) <= Math.max(Math.abs(b) * rel, abs);
      // A device total of 0 m with no speed is "not measured": null (domain/summary-sanity.ts).
      const notMeasured = dist === 0 && ours.summary.distanceM === null;
      if (dist !== null && !notMeasured && !within(ours.summary.distanceM, dist, 0.005, 0.01)) problems.push(`distance ${ours.summary.distanceM} vs ${dist}`);
      if (timer !== null && !within(ours.summary.timerTimeS, timer, 0.005, 0.01)) problems.push(`timer ${ours.summary.timerTimeS} vs ${timer}`);
      if (ascent !== null && !within(ours.summary.ascentM, ascent, 0.05, 10)) problems.push(`ascent ${ours.summary.ascentM} vs ${ascent}`);
      if (problems.length) t.failures.push(`${rel(p.file)}: ${problems.join(', ')}`);
      else t.passed++;
    }
    console.log(`\n(b) session totals: ${t.passed}/${t.files} files agree\n${t.failures.join('\n')}`);
    expect(t.files).toBeGreaterThan(40);
    expect(t.failures).toEqual([]);
  });

  it('(c) record values agree with the FitCSVTool, python-fitparse and GPSBabel dumps', () => {
    const results: string[] = [];
    const all = tally();
    const activityOf = (fit: string): ParsedActivity | null => {
      const p = parsed.get(fit);
      return p && p.result.kind === 'activities' ? p.result.activities[0] : null;
    };
    const merge = (t: Tally, name: string) => {
      all.compared += t.compared;
      all.mismatched += t.mismatched;
      results.push(`${name.padEnd(60)} ${t.compared} values, ${t.mismatched} differ ${t.examples.slice(0, 2).join('; ')}`);
    };

    // python-fitparse: ANT SDK dumps, PDT timestamps, semicircles, invalid cadence shown as 0 (FORMATS.md §8).
    for (const csv of corpusFiles('fit/python-fitparse', /-records\.csv$/)) {
      const fit = csv.replace(/-records\.csv$/, '.fit');
      const a = activityOf(fit);
      if (!a) continue;
      const t = tally();
      const rows = rowsBySecond(a);
      const lines = readFileSync(csv, 'utf8').trim().split(/\r?\n/);
      const head = lines[0].split(',').map((h) => h.trim());
      const compressed = head[0] === 'Timestamp';
      const start = Date.parse(a.startTime) / 1000;
      const firstRaw = compressed ? Math.round(start - FIT_EPOCH_S) : 0;
      for (const line of lines.slice(1)) {
        const c = line.split(',');
        const v = (name: string) => {
          const k = head.indexOf(name);
          const x = k >= 0 ? c[k] : undefined;
          return x === undefined || x === '' || x === 'null' ? null : Number(x);
        };
        let unix: number;
        if (compressed) unix = start + (Number(c[0]) - firstRaw);
        else unix = Date.parse(c[0].replace(/ PDT (\d{4})$/, ' $1 GMT-0700'));
        if (!compressed) unix /= 1000;
        const i = rows.get(Math.round(unix));
        if (i === undefined) {
          if (!compressed) t.examples.push(`no record at ${c[0]}`);
          continue;
        }
        const ch = a.streams.channels;
        if (compressed) {
          check(t, 'hr', ch.hrBpm?.[i], v('Heart Rate [bpm]'), 0);
          check(t, 'speed', ch.speedMps?.[i], v('Speed [m/s]'), 0.001);
          check(t, 'distance', ch.distanceM?.[i], v('Distance [m]'), 0.01);
          check(t, 'cadence', ch.cadenceRpm?.[i], v('Cadence [rpm]'), 0);
          continue;
        }
        check(t, 'hr', ch.hrBpm?.[i], v('heart_rate'), 0);
        const cad = v('cadence');
        check(t, 'cadence', ch.cadenceRpm?.[i] == null ? null : Math.floor(ch.cadenceRpm[i] as number), cad === 0 ? null : cad, 0);
        check(t, 'speed', ch.speedMps?.[i], v('speed'), 0.001);
        check(t, 'distance', ch.distanceM?.[i], v('distance'), 0.01);
        check(t, 'altitude', ch.altitudeM?.[i], v('altitude'), 0.01);
        check(t, 'temperature', ch.temperatureC?.[i], v('temperature'), 0);
        const lat = v('position_lat');
        const lon = v('position_long');
        // An invalid position repeats the last valid one in these dumps: only compare where we have a fix.
        if (ch.latDeg?.[i] != null && lat !== null && lon !== null) {
          check(t, 'lat', ch.latDeg[i], lat * SEMI_DEG, 1e-6);
          check(t, 'lon', ch.lonDeg?.[i], lon * SEMI_DEG, 1e-6);
        }
      }
      merge(t, rel(fit));
    }

    // FitCSVTool dumps: raw FIT timestamps, scaled values.
    for (const csv of corpusFiles('fit/fitsdk', /\.csv$/)) {
      const fit = csv.replace(/\.csv$/, '.fit');
      const a = activityOf(fit);
      if (!a) continue;
      const t = tally();
      const rows = rowsBySecond(a);
      const ch = a.streams.channels;
      for (const line of readFileSync(csv, 'utf8').split(/\r?\n/)) {
        if (!line.startsWith('Data,') || line.split(',')[2] !== 'record') continue;
        const c = line.split(',');
        const f = new Map<string, number>();
        for (let k = 3; k + 1 < c.length; k += 3) if (c[k]) f.set(c[k], Number(c[k + 1].replace(/"/g, '')));
        const ts = f.get('timestamp');
        if (ts === undefined) continue;
        const i = rows.get(ts + FIT_EPOCH_S);
        if (i === undefined) continue;
        const g = (k: string) => (f.has(k) && Number.isFinite(f.get(k)) ? (f.get(k) as number) : null);
        check(t, 'hr', ch.hrBpm?.[i], g('heart_rate'), 0);
        check(t, 'distance', ch.distanceM?.[i], g('distance'), 0.01);
        check(t, 'speed', ch.speedMps?.[i], g('enhanced_speed') ?? g('speed'), 0.001);
        check(t, 'altitude', ch.altitudeM?.[i], g('enhanced_altitude') ?? g('altitude'), 0.01);
        const cad = g('cadence');
        check(t, 'cadence', ch.cadenceRpm?.[i], cad === null ? null : cad + (g('fractional_cadence') ?? 0), 0.001);
        check(t, 'power', ch.powerW?.[i], g('power'), 0);
        const lat = g('position_lat');
        if (lat !== null) check(t, 'lat', ch.latDeg?.[i], lat * SEMI_DEG, 1e-6);
        const lon = g('position_long');
        if (lon !== null) check(t, 'lon', ch.lonDeg?.[i], lon * SEMI_DEG, 1e-6);
      }
      merge(t, rel(fit));
    }

    // GPSBabel GPX: positions and times.
    for (const gpx of corpusFiles('fit/gpsbabel', /\.gpx$/)) {
      const fit = gpx.replace(/(-output)?\.gpx$/, '.fit');
      const a = activityOf(fit);
      if (!a) continue;
      const t = tally();
      const rows = rowsBySecond(a);
      const ch = a.streams.channels;
      const text = readFileSync(gpx, 'utf8');
      for (const m of text.matchAll(/<trkpt lat="([-\d.]+)" lon="([-\d.]+)">([\s\S]*?)<\/trkpt>/g)) {
        const time = /<time>([^<]+)<\/time>/.exec(m[3]);
        if (!time) continue;
        const i = rows.get(Math.round(Date.parse(time[1]) / 1000));
        if (i === undefined) {
          t.compared++;
          t.mismatched++;
          if (t.examples.length < 5) t.examples.push(`no record at ${time[1]}`);
          continue;
        }
        check(t, 'lat', ch.latDeg?.[i], Number(m[1]), 2e-5);
        check(t, 'lon', ch.lonDeg?.[i], Number(m[2]), 2e-5);
        const hr = /<gpxtpx:hr>(\d+)</.exec(m[3]);
        if (hr) check(t, 'hr', ch.hrBpm?.[i], Number(hr[1]), 0);
      }
      merge(t, rel(fit));
    }

    console.log(`\n(c) record comparisons: ${all.compared - all.mismatched}/${all.compared} values agree\n${results.join('\n')}`);
    expect(all.compared).toBeGreaterThan(50_000);
    expect(all.mismatched / all.compared).toBeLessThan(0.001);
  });

  it('(d) FR945-run-6782987395.fit agrees with its TCX twin and with what the device recorded', () => {
    const fit = corpusFiles('fit/sports-lib', /^FR945-run-6782987395\.fit$/)[0];
    const tcx = corpusFiles('tcx/sports-lib', /^FR945-run-6782987395\.tcx$/)[0];
    expect(fit).toBeTruthy();
    const r = parsed.get(fit)?.result;
    expect(r?.kind).toBe('activities');
    if (r?.kind !== 'activities') return;
    const a = r.activities[0];
    expect(r.activities).toHaveLength(1);
    expect(a.sport).toBe('running');
    expect(a.subSport).toBeNull();
    expect(a.device).toMatchObject({ manufacturer: 'garmin', product: 'fr945', serialNumber: '3996264072' });
    expect(a.streams.timeS.length).toBe(4988);
    for (const c of ['latDeg', 'lonDeg', 'altitudeM', 'distanceM', 'speedMps', 'hrBpm', 'cadenceRpm'] as const) {
      expect(a.streams.channels[c], c).toBeDefined();
    }
    expect(a.streams.channels.powerW).toBeUndefined();
    expect(a.streams.developer.length).toBeGreaterThan(0);
    expect(a.sessions).toHaveLength(1);
    expect(a.laps.length).toBe(a.sessions[0].numLaps);
    if (tcx) {
      const text = readFileSync(tcx, 'utf8');
      const laps = [...text.matchAll(/<Lap StartTime="([^"]+)">\s*<TotalTimeSeconds>([\d.]+)<\/TotalTimeSeconds>\s*<DistanceMeters>([\d.]+)<\/DistanceMeters>/g)];
      expect(laps.length).toBe(a.laps.length);
      const time = laps.reduce((s, m) => s + Number(m[2]), 0);
      const dist = laps.reduce((s, m) => s + Number(m[3]), 0);
      expect(a.summary.timerTimeS as number).toBeCloseTo(time, 0);
      expect(Math.abs((a.summary.distanceM as number) - dist)).toBeLessThan(dist * 0.005);
      expect(Date.parse(a.laps[0].startTime)).toBe(Date.parse(laps[0][1]));
      const trackpoints = (text.match(/<Trackpoint>/g) ?? []).length;
      expect(Math.abs(trackpoints - a.streams.timeS.length)).toBeLessThanOrEqual(2);
    }
  });

  it('(e) sessions of a multisport file do not overlap, so no session counts another one\'s samples', () => {
    const file = corpusFiles('fit/python-fitparse', /^activity-large-fenxi2-multisport\.fit$/)[0];
    expect(file).toBeTruthy();
    const r = parsed.get(file)!.result;
    if (r.kind !== 'activities') throw new Error(r.kind);
    const s = r.activities[0].sessions;
    expect(s.length).toBe(7);
    for (let i = 0; i + 1 < s.length; i++) expect(s[i].startOffsetS + (s[i].elapsedTimeS ?? 0)).toBeLessThanOrEqual(s[i + 1].startOffsetS + 1);
    // The first session's start_time field (2717 s) disagrees with its end and elapsed time: the
    // span ends where the second session begins, so its moving time cannot exceed its elapsed time.
    expect(s[0].startOffsetS).toBeLessThan(10);
    expect(s[0].movingTimeS!).toBeLessThanOrEqual(s[0].elapsedTimeS! + 1);
  });
});
