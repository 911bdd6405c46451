import { describe, expect, it } from 'vitest';
import type { ActivityStreams } from '../../../shared/activity.js';
import { clampRange, cleanAltitude, cleanPositions, cleanSpeed, speedFromDistance } from './clean-channels.js';
import { cleanDistance, distanceFromPositions } from './clean-distance.js';
import { cleanStreams } from './clean-streams.js';
import { consistentRuns } from './consistent-runs.js';
import { applyPaceFloors, shortestPaceDurationS } from './pace-floors.js';
import { startTimeProblem } from './record-dates.js';
import { limitsFor, sportFamily } from './sport-limits.js';

const seconds = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('consistentRuns', () => {
  it('drops a short faulty run and keeps the longest consistent one around it', () => {
    const v = [0, 1, 2, 100, 101, 3, 4, 5, 6];
    const keep = consistentRuns(v.length, () => true, (a, b) => Math.abs(v[b] - v[a]) <= 5);
    expect([...keep]).toEqual([1, 1, 1, 0, 0, 1, 1, 1, 1]);
  });
  it('keeps a relocation the allowance covers when compared with the last kept sample', () => {
    const t = [0, 1, 2, 1000, 1001];
    const v = [0, 1, 2, 500, 501];
    const keep = consistentRuns(v.length, () => true, (a, b) => Math.abs(v[b] - v[a]) <= Math.max(5, 1 * (t[b] - t[a])));
    expect([...keep]).toEqual([1, 1, 1, 1, 1]);
  });
});

describe('cleanDistance', () => {
  it('spreads a catch-up step over the stretch where distance stood still', () => {
    // 10 m/s, then 20 s frozen, then the 200 m ridden meanwhile arrive in one second.
    const t = seconds(40);
    const d = t.map((s) => (s <= 10 ? s * 10 : s < 31 ? 100 : 100 + (s - 10) * 10));
    const r = cleanDistance(t, d, undefined, 36);
    expect(r.spread).toBe(1);
    expect(r.replaced).toBe(0);
    const steps = t.slice(1).map((_, i) => (r.distanceM[i + 1] as number) - (r.distanceM[i] as number));
    expect(Math.max(...steps)).toBeLessThan(11);
    expect(r.distanceM[39]).toBe(d[39]);
  });
  it('replaces a jump by the speed channel and shifts what follows', () => {
    const t = seconds(10);
    const d = [0, 3, 6, 9, 42.8, 45.8, 48.8, 51.8, 54.8, 57.8];
    const speed = t.map(() => 3);
    const r = cleanDistance(t, d, speed, 12.5);
    expect(r.replaced).toBe(1);
    expect(r.distanceM[4]).toBeCloseTo(12, 9);
    expect(r.distanceM[9]).toBeCloseTo(27, 9);
  });
  it('measures duplicate-timestamp steps over the real elapsed time', () => {
    const t = [0, 1, 2, 2, 3];
    const d = [0, 5, 10, 30, 35];
    const r = cleanDistance(t, d, undefined, 36);
    expect(r.spread + r.replaced).toBe(0);
    expect(r.distanceM[2]).toBe(30);
    expect(r.distanceM[3]).toBe(30);
  });
  it('derives distance from positions', () => {
    const lat = [0.001, 0.002, null, 0.003];
    const lon = [0.001, 0.001, null, 0.001];
    const d = distanceFromPositions(lat, lon);
    expect(d[2]).toBeNull();
    expect(d[3] as number).toBeCloseTo(222.4, 0);
  });
});

describe('channel filters', () => {
  it('clampRange drops only out-of-range samples', () => {
    expect(clampRange([60, 255, null, 20, 120], 25, 250)).toEqual({ values: [60, null, null, null, 120], dropped: 2 });
  });
  it('cleanSpeed drops a spike faster than the sport allows and an impossible acceleration', () => {
    const t = seconds(8);
    const r = cleanSpeed(t, [3, 3.1, 40, 3.2, 3.1, 12, 3.2, 3.3], 12.5, 8);
    expect(r.values).toEqual([3, 3.1, null, 3.2, 3.1, null, 3.2, 3.3]);
    expect(r.dropped).toBe(2);
  });
  it('cleanAltitude drops leaps and a climb without ground covered', () => {
    const t = seconds(200);
    const alt = t.map((s) => (s === 5 ? 2300 : s < 100 ? 10 : 10 + (s - 100) * 2.5));
    const dist = t.map((s) => Math.min(s, 100) * 5);
    const r = cleanAltitude(t, alt, limitsFor('cycling'), dist);
    expect(r.values[5]).toBeNull();
    const kept = r.values.filter((v): v is number => v != null);
    expect(Math.max(...kept)).toBeLessThanOrEqual(10 + 25);
    // A real climb with ground covered (10 % over 5 m/s) stays.
    const climb = cleanAltitude(t, t.map((s) => s * 0.5), limitsFor('cycling'), t.map((s) => s * 5));
    expect(climb.dropped).toBe(0);
  });
  it('cleanPositions drops a teleport and keeps the track', () => {
    const t = seconds(6);
    const lat = [45, 45.00003, 46, 45.00009, 45.00012, 45.00015];
    const lon = [7, 7, 7, 7, 7, 7];
    const r = cleanPositions(t, lat, lon, 12.5);
    expect(r.dropped).toBe(1);
    expect(r.lat[2]).toBeNull();
    expect(r.lat[3]).toBe(45.00009);
  });
  it('speedFromDistance is the centred difference', () => {
    expect(speedFromDistance([0, 1, 2], [0, 4, 8])).toEqual([4, 4, 4]);
  });
});

describe('cleanStreams', () => {
  const streams = (ch: ActivityStreams['channels'], n: number): ActivityStreams => ({ timeS: seconds(n), channels: ch, developer: [] });
  it('leaves the raw streams untouched and returns the same arrays when nothing is wrong', () => {
    const hr = seconds(10).map(() => 140);
    const raw = streams({ hrBpm: hr }, 10);
    const c = cleanStreams(raw, 'running');
    expect(c.streams.channels.hrBpm).toBe(hr);
    expect(c.report.hr).toBe(0);
  });
  it('refills a dropped speed sample from the cleaned distance', () => {
    const d = seconds(10).map((s) => s * 3);
    const sp = seconds(10).map((s) => (s === 5 ? 80 : 3));
    const raw = streams({ distanceM: d, speedMps: sp }, 10);
    const c = cleanStreams(raw, 'running');
    expect(sp[5]).toBe(80);
    expect(c.streams.channels.speedMps![5]).toBeCloseTo(3, 9);
    expect(c.report.speed).toBe(1);
  });
});

describe('sport limits, pace floors and record dates', () => {
  it('families', () => {
    expect(sportFamily('trail_running')).toBe('foot');
    expect(sportFamily('swimming_pool_25m')).toBe('swimming');
    expect(sportFamily('gravel_cycling')).toBe('cycling');
    expect(sportFamily('multisport')).toBe('other');
  });
  it('pace floors drop short pace points from curves and candidates, not power', () => {
    expect(shortestPaceDurationS('running')).toBe(30);
    expect(shortestPaceDurationS('swimming_pool_50m')).toBe(30);
    const m = {
      load: {} as never,
      zones: {} as never,
      bestEfforts: [],
      curves: { power: { kind: 'power' as const, durationsS: [1, 60], values: [900, 300] }, hr: null, pace: { kind: 'pace' as const, durationsS: [1, 15, 30, 60], values: [30, 6, 5, 4] } },
      efforts: [
        { kind: 'pace' as const, key: 1, value: 30 },
        { kind: 'pace' as const, key: 30, value: 5 },
        { kind: 'power' as const, key: 1, value: 900 },
      ],
    };
    const out = applyPaceFloors(m, 'running');
    expect(out.curves.pace!.durationsS).toEqual([30, 60]);
    expect(out.curves.power!.durationsS).toEqual([1, 60]);
    expect(out.efforts.map((e) => `${e.kind}${e.key}`)).toEqual(['pace30', 'power1']);
    expect(m.curves.pace.durationsS).toHaveLength(4);
  });
  it('record dates', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(startTimeProblem(Date.UTC(1990, 6, 9), now)).toBe('before_2000');
    expect(startTimeProblem(now + 2 * 86_400_000, now)).toBe('in_future');
    expect(startTimeProblem(now + 3_600_000, now)).toBeNull();
    expect(startTimeProblem(Date.UTC(2013, 3, 11), now)).toBeNull();
  });
});
