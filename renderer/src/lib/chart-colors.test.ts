import { describe, expect, it } from 'vitest';
import { colorRuns, gradientPct, HEAT_PALETTE, makeScale, percentile, scaleFor } from './chart-colors.js';

describe('track colours', () => {
  it('bins values into the palette and clamps outside the domain', () => {
    const s = makeScale([0, 80], HEAT_PALETTE);
    expect(s.bin(-5)).toBe(0);
    expect(s.bin(0)).toBe(0);
    expect(s.bin(79)).toBe(7);
    expect(s.bin(500)).toBe(7);
    expect(s.bin(null)).toBe(-1);
    expect(s.color(15)).toBe(HEAT_PALETTE[1]);
    expect(s.edges).toHaveLength(HEAT_PALETTE.length + 1);
  });
  it('scales speed on moving samples between the 5th and 95th percentile', () => {
    const speeds = [0, 0, 0, ...Array.from({ length: 100 }, (_, i) => 2 + i / 100), 40];
    const s = scaleFor('speed', speeds)!;
    expect(s.domain[0]).toBeGreaterThan(2);
    expect(s.domain[1]).toBeLessThan(3);
    expect(scaleFor('power', [null, 0, 0])).toBeNull();
    expect(percentile([3, 1, 2], 0.5)).toBe(2);
    expect(scaleFor('gradient', [1])!.domain).toEqual([-12, 12]);
  });
  it('computes a windowed gradient in percent', () => {
    const dist = Array.from({ length: 101 }, (_, i) => i * 10);
    const alt = dist.map((d) => (d <= 500 ? d * 0.05 : 25 - (d - 500) * 0.1));
    const g = gradientPct(dist, alt);
    expect(g[20]).toBeCloseTo(5, 6);
    expect(g[80]).toBeCloseTo(-10, 6);
    expect(gradientPct(undefined, alt)).toEqual([]);
  });
  it('joins points of one colour into runs without holes and breaks at missing positions', () => {
    const s = makeScale([0, 8], ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    const runs = colorRuns([1, 2, 3, null, 5, 6], [1, 2, 3, null, 5, 6], [0.5, 0.5, 7.5, 1, 7.5, 7.5], s);
    expect(runs).toEqual([
      { color: 'a', points: [[1, 1], [2, 2]] },
      { color: 'h', points: [[2, 2], [3, 3]] },
      { color: 'h', points: [[5, 5], [6, 6]] },
    ]);
  });
});
