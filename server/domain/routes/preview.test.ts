import { describe, expect, it } from 'vitest';
import { previewPolyline } from './preview.js';

describe('previewPolyline', () => {
  it('keeps both ends and at most the asked number of evenly spaced points', () => {
    const lat = Array.from({ length: 1000 }, (_, i) => 47 + i * 1e-4);
    const lon = Array.from({ length: 1000 }, (_, i) => 8 + i * 2e-4);
    const p = previewPolyline(lat, lon, 10);
    expect(p).toHaveLength(10);
    expect(p[0]).toEqual([47, 8]);
    expect(p[9]).toEqual([Math.round((47 + 999e-4) * 1e5) / 1e5, Math.round((8 + 999 * 2e-4) * 1e5) / 1e5]);
    for (let i = 1; i < p.length; i++) expect(p[i]![0]).toBeGreaterThan(p[i - 1]![0]);
  });

  it('returns short tracks whole and nothing for an empty one', () => {
    expect(previewPolyline([1, 2, 3], [4, 5, 6], 48)).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(previewPolyline([], [], 48)).toEqual([]);
  });
});
