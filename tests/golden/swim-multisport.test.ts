import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ParsedActivity } from '../../shared/activity.js';
import { computeActivityMetrics } from '../../server/domain/analysis/activity-metrics.js';
import { analysePoolSwim, poolLengthOf } from '../../server/domain/swim/pool-swim.js';
import { bareDecodeFitFileParser } from '../../server/ingest/fit/bare-decode.js';
import { parseFile } from '../../server/ingest/parse-file.js';
import { corpusOrWarn } from '../helpers/corpus.js';

/**
 * Issue 13, sections 4–6 on the named corpus files: pool swims from their lengths, TCX swims
 * labelled as swims, multisport analysed per leg, and summary figures the device left at 0.
 * Expected values come from the device's own messages, decoded independently by fit-file-parser
 * (session, length), or by construction from them.
 */
const corpus = corpusOrWarn();
const path = (p: string) => join(corpus as string, p);
const bytesOf = (p: string) => {
  const raw = readFileSync(path(p));
  return new Uint8Array(p.endsWith('.gz') ? gunzipSync(raw) : raw);
};
function parsed(p: string): ParsedActivity {
  const r = parseFile(readFileSync(path(p)), basename(p));
  if (r.kind !== 'activities') throw new Error(`${p}: ${r.kind}`);
  return r.activities[0];
}
type Ref = { sessions?: Record<string, any>[]; lengths?: Record<string, any>[] };
const reference = async (p: string) => (await bareDecodeFitFileParser(bytesOf(p))) as Ref;
const metricsOf = (a: ParsedActivity) =>
  computeActivityMetrics(a.streams, { sport: a.sport, day: a.startTime.slice(0, 10), thresholds: [], sessions: a.sessions, lengths: a.lengths });

const POOL_FILES = ['fit/sports-lib/FR935-poolswim-6688025408.fit', 'fit/goldencheetah/FR910XT-poolswim-20160517.FIT'];

describe.skipIf(!corpus)('pool swims from lengths (golden)', () => {
  for (const file of POOL_FILES) {
    it(`${basename(file)}: the lengths table agrees with the device's length and session messages`, async () => {
      const a = parsed(file);
      const ref = await reference(file);
      const session = ref.sessions![0];
      const refActive = ref.lengths!.filter((l) => l.length_type === 'active');
      const swim = analysePoolSwim(a.lengths, poolLengthOf(a.lengths, a.sessions[0].poolLengthM, a.sessions[0].distanceM))!;
      expect(swim.poolLengthM).toBe(session.pool_length);
      expect(swim.activeLengths).toBe(session.num_active_lengths ?? refActive.length);
      expect(swim.distanceM).toBeCloseTo(session.total_distance, 6);
      const rows = swim.rows.filter((r) => r.kind === 'length');
      rows.forEach((r, i) => {
        expect(r.timeS).toBeCloseTo(refActive[i].total_elapsed_time, 3);
        expect(r.strokes).toBe(refActive[i].total_strokes);
        expect(r.swolf).toBe(refActive[i].total_strokes + Math.round(refActive[i].total_elapsed_time));
      });
      // Rests are rows of their own, never 0 m lengths.
      const idle = ref.lengths!.filter((l) => l.length_type === 'idle');
      expect(swim.rows.filter((r) => r.kind === 'rest').length).toBeGreaterThan(0);
      expect(swim.restTimeS).toBeGreaterThanOrEqual(idle.reduce((s, l) => s + l.total_elapsed_time, 0) - 1);
    });

    it(`${basename(file)}: best efforts 100–1500 m over whole lengths, the pace curve from the first length on`, async () => {
      const a = parsed(file);
      const ref = await reference(file);
      const m = metricsOf(a);
      const L = ref.sessions![0].pool_length as number;
      const t0 = Date.parse(a.startTime) / 1000;
      const act = ref.lengths!.filter((l) => l.length_type === 'active').map((l) => ({ start: Date.parse(l.start_time) / 1000 - t0, end: Date.parse(l.start_time) / 1000 - t0 + l.total_elapsed_time }));
      const total = act.length * L;
      const expected = [100, 200, 400, 800, 1500].filter((d) => d <= total);
      expect(m.bestEfforts.map((e) => e.distanceM)).toEqual(expected);
      for (const e of m.bestEfforts) {
        // By construction: the fastest run of d/L consecutive active lengths, first start to last end.
        const n = e.distanceM / L;
        let best = Infinity;
        for (let k = 0; k + n - 1 < act.length; k++) best = Math.min(best, act[k + n - 1].end - act[k].start);
        expect(Math.abs(e.timeS - best), `${e.distanceM} m`).toBeLessThanOrEqual(1);
      }
      expect(m.efforts.every((e) => e.sport === `swimming_pool_${L}m`)).toBe(true);
      // The record stream has distance only at lap ends (the first one ~10 min in); the pace
      // curve now covers the swim from its first length, and never exceeds a human's 2.5 m/s.
      const firstDist = a.streams.timeS[a.streams.channels.distanceM!.findIndex((d) => d != null)];
      expect(act[0].start).toBeLessThan(5);
      expect(m.curves.pace!.durationsS[m.curves.pace!.durationsS.length - 1]).toBeGreaterThan(a.streams.timeS[a.streams.timeS.length - 1] - firstDist);
      expect(Math.max(...m.curves.pace!.values)).toBeLessThanOrEqual(2.5);
    });
  }
});

describe.skipIf(!corpus)('TCX swims get their sport (golden)', () => {
  for (const file of ['tcx/goldencheetah/activity_2677977976.tcx', 'tcx/goldencheetah/GarminHRMswim.tcx', 'tcx/sports-lib/FR935-poolswim-6688025408.tcx', 'tcx/goldencheetah/FR910XT-swim-2015_01_31.tcx']) {
    it(`${basename(file)} (Sport="Other") is a pool swim`, () => {
      expect(readFileSync(path(file), 'utf8')).toContain('Sport="Other"');
      const a = parsed(file);
      expect(a.sport).toBe('swimming');
      expect(a.subSport).toBe('lap_swimming');
    });
  }

  it('other "Other" TCX files with positions stay generic, not guessed swims (SUP, Coros open water)', () => {
    expect(parsed('tcx/python-tcxparser/sup_activity_1.tcx').sport).toBe('generic');
    expect(parsed('tcx/goldencheetah/Coros-OWswim.tcx').sport).toBe('generic');
  });

  it('the FIT twin and the TCX of FR935-poolswim agree on the sport', () => {
    const fit = parsed('fit/sports-lib/FR935-poolswim-6688025408.fit');
    const tcx = parsed('tcx/sports-lib/FR935-poolswim-6688025408.tcx');
    expect([tcx.sport, tcx.subSport]).toEqual([fit.sport, fit.subSport]);
  });
});

describe.skipIf(!corpus)('multisport per leg (golden)', () => {
  const FILE = 'fit/goldencheetah/MultiSport-2019-11-24.fit';
  it('MultiSport-2019-11-24.fit: each leg under its own sport, no curve or record for "multisport"', async () => {
    const a = parsed(FILE);
    const ref = await reference(FILE);
    const m = metricsOf(a);
    expect(a.sport).toBe('multisport');
    expect(m.legs!.map((l) => l.sport)).toEqual(ref.sessions!.map((s) => s.sport));
    expect(m.curves).toEqual({ power: null, hr: null, pace: null });
    expect(m.bestEfforts).toEqual([]);
    expect(new Set(m.efforts.map((e) => e.sport))).toEqual(new Set(['swimming', 'cycling', 'running']));
    for (const leg of m.legs!) {
      if (leg.transition) {
        expect(leg.bestEfforts).toEqual([]);
        continue;
      }
      for (const e of leg.bestEfforts) {
        expect(e.startOffsetS).toBeGreaterThanOrEqual(leg.startOffsetS - 1);
        expect(e.startOffsetS + e.timeS).toBeLessThanOrEqual(leg.endOffsetS + 1);
      }
    }
    // Each leg's summary is the device's session: the ride is 26.8 km/h, not the event's 15.6 km/h.
    const ride = a.sessions.find((s) => s.sport === 'cycling')!;
    const refRide = ref.sessions!.find((s) => s.sport === 'cycling')!;
    expect(ride.avgSpeedMps).toBeCloseTo(refRide.enhanced_avg_speed ?? refRide.avg_speed, 3);
    expect(m.legs!.find((l) => l.sport === 'cycling')!.curves.power).not.toBeNull();
    // Running best efforts come from the run only: no running 5 km at cycling speed.
    const run5k = m.legs!.find((l) => l.sport === 'running')!.bestEfforts.find((e) => e.distanceM === 5000)!;
    expect(5000 / run5k.timeS).toBeLessThan(6);
    // The event total stays on top: distance is the sum of the sessions.
    const sum = ref.sessions!.reduce((s, x) => s + x.total_distance, 0);
    expect(a.summary.distanceM).toBeCloseTo(sum, 0);
  });
});

describe.skipIf(!corpus)('small wrong numbers (golden)', () => {
  it('14582164182.fit.gz: average speed from distance / timer time where the device wrote 0', async () => {
    const file = 'fit/goldencheetah/14582164182.fit.gz';
    const a = parsed(file);
    const s = (await reference(file)).sessions![0];
    expect(s.avg_speed ?? 0).toBe(0);
    // The file swaps timer (2,760 s) and elapsed (1,632 s); timer time cannot exceed elapsed time
    // (fit-summary-map.ts), so the timer time is the smaller: 27:12, the moving time of the issue.
    const timer = Math.min(s.total_timer_time, s.total_elapsed_time);
    expect(timer).toBeCloseTo(1632, 0);
    expect(a.summary.avgSpeedMps).toBeCloseTo(s.total_distance / timer, 6);
    expect(a.sessions[0].avgSpeedMps).toBeCloseTo(s.total_distance / timer, 6);
  });

  for (const file of ['fit/goldencheetah/RowingCIQspeed.FIT', 'fit/goldencheetah/Indoor_Cycling2smO2sensors.fit']) {
    it(`${basename(file)}: a speed and distance never measured are null ("—"), not 0`, async () => {
      const a = parsed(file);
      const s = (await reference(file)).sessions![0];
      expect(s.total_distance ?? 0).toBe(0);
      expect(a.summary).toMatchObject({ distanceM: null, avgSpeedMps: null, maxSpeedMps: null });
      expect(a.sessions[0]).toMatchObject({ avgSpeedMps: null, maxSpeedMps: null });
    });
  }
});
