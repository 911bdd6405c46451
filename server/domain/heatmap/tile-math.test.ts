import { describe, expect, it } from 'vitest';
import { fromTilePixel, tileOf, toTilePixel, validTile } from './tile-math.js';

describe('tile math', () => {
  it('finds the standard tile of a point', () => {
    // Zürich at z=14: x = (8.54+180)/360·2^14 = 8580.8; y = (1 − ln(tan φ + sec φ)/π)/2·2^14 = 5737.0.
    expect(tileOf(47.37, 8.54, 14)).toEqual({ z: 14, x: 8580, y: 5737 });
    expect(tileOf(0, 0, 0)).toEqual({ z: 0, x: 0, y: 0 });
    expect(tileOf(-33.9, 151.2, 1)).toEqual({ z: 1, x: 1, y: 1 });
  });

  it('maps tile pixels back to the same point', () => {
    const t = tileOf(47.37, 8.54, 15);
    const [px, py] = toTilePixel(47.37, 8.54, t);
    expect(px).toBeGreaterThanOrEqual(0);
    expect(px).toBeLessThan(4096);
    const back = fromTilePixel(px, py, t);
    expect(back.lat).toBeCloseTo(47.37, 9);
    expect(back.lon).toBeCloseTo(8.54, 9);
  });

  it('validates tile coordinates', () => {
    expect(validTile(0, 0, 0)).toBe(true);
    expect(validTile(2, 4, 0)).toBe(false);
    expect(validTile(23, 0, 0)).toBe(false);
    expect(validTile(3, -1, 0)).toBe(false);
  });
});
