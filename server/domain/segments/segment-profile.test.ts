import { describe, expect, it } from 'vitest';
import { segmentProfile } from './segment-profile.js';

/** 1 m/s for 1,000 s: flat for 500 m, then a 5 % climb for 500 m (25 m up). */
function ride() {
  const timeS = Array.from({ length: 1001 }, (_, i) => i);
  const distanceM = timeS.map((t) => t);
  const altitudeM = timeS.map((t) => (t <= 500 ? 100 : 100 + (t - 500) * 0.05));
  return { timeS, distanceM, altitudeM, latDeg: undefined, lonDeg: undefined };
}

describe('segmentProfile', () => {
  it('measures the stretch: distance from its start, ascent, average and steepest grade', () => {
    const p = segmentProfile(ride(), 200, 1000)!;
    expect(p.distanceM).toBe(800);
    expect(p.points[0]).toEqual([0, 100]);
    expect(p.points[p.points.length - 1]).toEqual([800, 125]);
    expect(p.points.length).toBeLessThanOrEqual(201);
    expect(p.ascentM).toBeCloseTo(25, 0);
    expect(p.descentM).toBe(0);
    expect(p.avgGradePct).toBeCloseTo((25 / 800) * 100, 1);
    expect(p.maxGradePct).toBeCloseTo(5, 1);
  });

  it('reverses for an effort ridden the other way: the climb becomes a descent', () => {
    const p = segmentProfile(ride(), 200, 1000, true)!;
    expect(p.points[0]).toEqual([0, 125]);
    expect(p.descentM).toBeCloseTo(25, 0);
    expect(p.avgGradePct).toBeCloseTo(-(25 / 800) * 100, 1);
  });

  it('needs altitude and some distance', () => {
    expect(segmentProfile({ ...ride(), altitudeM: undefined }, 0, 1000)).toBeNull();
    expect(segmentProfile(ride(), 10, 10)).toBeNull();
  });
});
