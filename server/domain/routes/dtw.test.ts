import DynamicTimeWarping from 'dynamic-time-warping';
import { describe, expect, it } from 'vitest';
import { rng } from '../../../tests/helpers/track-fixtures.js';
import { dtwDistance } from './dtw.js';

type P = [number, number];
const euclid = (a: P, b: P) => {
  const dx = a[0] - b[0];
  const dy = a[1] - b[1];
  return Math.sqrt(dx * dx + dy * dy);
};
const flat = (ps: P[]) => Float64Array.from(ps.flat());

function randomWalk(n: number, seed: number): P[] {
  const r = rng(seed);
  const out: P[] = [[0, 0]];
  for (let i = 1; i < n; i++) out.push([out[i - 1][0] + r() * 10 - 3, out[i - 1][1] + r() * 10 - 5]);
  return out;
}

describe('banded DTW against the dynamic-time-warping package (oracle)', () => {
  it('agrees exactly with an unbounded band on small inputs', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const a = randomWalk(5 + (seed % 23), seed);
      const b = randomWalk(3 + ((seed * 7) % 31), seed + 1000);
      const oracle = new DynamicTimeWarping(a, b, euclid).getDistance();
      expect(dtwDistance(flat(a), flat(b))).toBe(oracle);
      expect(dtwDistance(flat(a), flat(b), { band: 1e9 })).toBe(oracle);
    }
  });

  it('agrees exactly when the band is wide enough to hold the optimal path, and never undercuts it', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const a = randomWalk(60, seed);
      const b = randomWalk(55, seed + 50);
      const oracle = new DynamicTimeWarping(a, b, euclid).getDistance();
      expect(dtwDistance(flat(a), flat(b), { band: 60 })).toBe(oracle);
      expect(dtwDistance(flat(a), flat(b), { band: 3 })).toBeGreaterThanOrEqual(oracle);
    }
  });

  it('abandons early only when the true cost exceeds the limit', () => {
    const a = randomWalk(40, 3);
    const b = randomWalk(40, 4);
    const d = dtwDistance(flat(a), flat(b));
    expect(dtwDistance(flat(a), flat(b), { abandonAbove: d * 0.5 })).toBe(Infinity);
    expect(dtwDistance(flat(a), flat(b), { abandonAbove: d * 1.01 })).toBe(d);
  });

  it('is zero for identical tracks and handles single points', () => {
    const a = randomWalk(30, 9);
    expect(dtwDistance(flat(a), flat(a), { band: 2 })).toBe(0);
    expect(dtwDistance(flat([[0, 0]]), flat([[3, 4], [0, 0]]))).toBe(5);
    expect(dtwDistance(new Float64Array(0), flat(a))).toBe(Infinity);
  });
});
