import { describe, expect, it } from 'vitest';
import { bestEffort, bestEfforts, CYCLING_DISTANCES_M, distancesForSport, RUNNING_DISTANCES_M } from './best-efforts.js';

/** 1 Hz samples of a track made of constant-speed stretches [seconds, m/s]. */
function track(stretches: [number, number][]): { t: number[]; d: number[] } {
  const t = [0];
  const d = [0];
  for (const [secs, v] of stretches) for (let i = 0; i < secs; i++) (t.push(t.length), d.push(d[d.length - 1] + v));
  return { t, d };
}

describe('best efforts', () => {
  it('are exact on constant pace: 1 km at 4 m/s inside slower running = 250 s, starting where the fast part starts', () => {
    const { t, d } = track([[600, 3], [400, 4], [600, 3]]);
    const e = bestEffort(t, d, 1000)!;
    expect(e.timeS).toBeCloseTo(250, 9);
    expect(e.startOffsetS).toBeGreaterThanOrEqual(600 - 1e-9);
    expect(e.startOffsetS + e.timeS).toBeLessThanOrEqual(1000 + 1e-9);
  });

  it('interpolate both ends when the fast block is shorter than the distance', () => {
    // 300 s at 5 m/s = 1500 m; 5 km then needs 3500 m more at 2.5 m/s = 1400 s → 1700 s.
    const { t, d } = track([[1000, 2.5], [300, 5], [1000, 2.5]]);
    expect(bestEffort(t, d, 5000)!.timeS).toBeCloseTo(1700, 6);
  });

  it('use irregular samples (smart recording) with interpolation', () => {
    const t = [0, 7, 19, 30, 45, 61];
    const d = t.map((s) => s * 3.2);
    expect(bestEffort(t, d, 100)!.timeS).toBeCloseTo(100 / 3.2, 9);
  });

  it('skip distances longer than the activity and respect the sport list', () => {
    const { t, d } = track([[1000, 3]]); // 3 km
    const out = bestEfforts(t, d, RUNNING_DISTANCES_M);
    // 2 mi (3218.7 m) and longer do not fit in 3 km.
    expect(out.map((e) => Math.round(e.distanceM))).toEqual([400, 805, 1000, 1609]);
    expect(out.every((e) => Math.abs(e.timeS - e.distanceM / 3) < 1e-6)).toBe(true);
    expect(distancesForSport('cycling')).toBe(CYCLING_DISTANCES_M);
    expect(distancesForSport('swimming')).toEqual([100, 200, 400, 800, 1500]);
  });

  it('ignores null distances and backward jitter', () => {
    const dist = [0, 3, null, 9, 8.5, 15, 18];
    const out = bestEfforts([0, 1, 2, 3, 4, 5, 6], dist, [6]);
    expect(out[0].timeS).toBeLessThanOrEqual(2);
    expect(out[0].timeS).toBeGreaterThan(0);
  });
});
