import { describe, expect, it } from 'vitest';
import { ascentDescent, hysteresisClimb, smoothAltitude } from './elevation.js';

describe('hysteresisClimb', () => {
  it('counts a clean climb and descent in full', () => {
    const up = Array.from({ length: 101 }, (_, i) => i); // 0..100
    const down = Array.from({ length: 51 }, (_, i) => 100 - i); // 100..50
    expect(hysteresisClimb([...up, ...down.slice(1)])).toEqual({ ascentM: 100, descentM: 50 });
  });
  it('ignores reversals inside the band', () => {
    const jitter = Array.from({ length: 200 }, (_, i) => 200 + (i % 2 === 0 ? 0 : 2.5));
    expect(hysteresisClimb(jitter, 3)).toEqual({ ascentM: 0, descentM: 0 });
  });
  it('counts reversals at least as large as the band', () => {
    expect(hysteresisClimb([0, 5, 0, 5, 0], 3)).toEqual({ ascentM: 10, descentM: 10 });
  });
});

describe('smoothAltitude / ascentDescent', () => {
  it('drops nulls and keeps a linear series unchanged in the middle', () => {
    const s = smoothAltitude([0, null, 1, 2, 3, 4, 5, 6], 0, 8, 5);
    expect(s).toHaveLength(7);
    expect(s[3]).toBeCloseTo(3, 9);
  });
  it('removes ±1 m alternating noise on a flat road', () => {
    const alt = Array.from({ length: 500 }, (_, i) => 300 + (i % 2 ? 1 : -1));
    expect(ascentDescent(alt)).toEqual({ ascentM: 0, descentM: 0 });
  });
  it('measures a 50 m hill with noise to within the band', () => {
    const alt = Array.from({ length: 201 }, (_, i) => (i <= 100 ? i / 2 : (200 - i) / 2) + (i % 2 ? 0.4 : -0.4));
    const r = ascentDescent(alt)!;
    expect(r.ascentM).toBeGreaterThan(47);
    expect(r.ascentM).toBeLessThan(51);
    expect(r.descentM).toBeGreaterThan(47);
  });
  it('is null with fewer than two altitudes, and honours a range', () => {
    expect(ascentDescent([null, 5, null])).toBeNull();
    expect(ascentDescent([0, 10, 20, 30, 40], 2, 5, { smoothingSamples: 1 })).toEqual({ ascentM: 20, descentM: 0 });
  });
});
