import { describe, expect, it } from 'vitest';
import { EARTH_MEAN_RADIUS_M, haversineM, isGpsJump, isValidLatLon } from './geo.js';
import { accumulateDistance, deriveDistanceStream } from './distance-stream.js';

// One degree of latitude on the mean sphere: 2πR / 360.
const DEG_M = (2 * Math.PI * EARTH_MEAN_RADIUS_M) / 360;

describe('haversineM', () => {
  it('is zero for identical points and symmetric', () => {
    expect(haversineM(46.5, 14.2, 46.5, 14.2)).toBe(0);
    expect(haversineM(1, 2, 3, 4)).toBeCloseTo(haversineM(3, 4, 1, 2), 9);
  });
  it('gives one degree of latitude as 2πR/360 anywhere on a meridian', () => {
    expect(haversineM(0, 0, 1, 0)).toBeCloseTo(DEG_M, 6);
    expect(haversineM(45, 7, 46, 7)).toBeCloseTo(DEG_M, 6);
  });
  it('shrinks a degree of longitude by cos(latitude)', () => {
    // For a tiny step the great circle and the parallel coincide.
    expect(haversineM(60, 0, 60, 0.001)).toBeCloseTo(DEG_M * 0.001 * 0.5, 3);
  });
  it('handles antipodes without NaN', () => {
    expect(haversineM(0, 0, 0, 180)).toBeCloseTo(Math.PI * EARTH_MEAN_RADIUS_M, 3);
  });
});

describe('isValidLatLon / isGpsJump', () => {
  it('rejects null island, out-of-range (OpenTracks lat=100 pause markers) and nulls', () => {
    expect(isValidLatLon(0, 0)).toBe(false);
    expect(isValidLatLon(100, 14)).toBe(false);
    expect(isValidLatLon(null, 14)).toBe(false);
    expect(isValidLatLon(45.1, -181)).toBe(false);
    expect(isValidLatLon(45.1, 14)).toBe(true);
  });
  it('flags only long, implausibly fast steps', () => {
    expect(isGpsJump(10, 0)).toBe(false);
    expect(isGpsJump(1000, 1)).toBe(true);
    expect(isGpsJump(1000, 60)).toBe(false);
  });
});

describe('accumulateDistance / deriveDistanceStream', () => {
  const step = 0.0001; // ≈ 11.1 m of latitude
  const d = DEG_M * step;
  it('accumulates, and leaves samples without a fix null', () => {
    const t = [0, 1, 2, 3, 4];
    const lat = [null, 0.1, null, 0.1 + step, 0.1 + 2 * step];
    const lon = [null, 10, null, 10, 10];
    const out = accumulateDistance(t, lat, lon);
    expect(out[0]).toBeNull();
    expect(out[1]).toBe(0);
    expect(out[2]).toBeNull();
    expect(out[3]).toBeCloseTo(d, 6);
    expect(out[4]).toBeCloseTo(2 * d, 6);
  });
  it('skips a GPS jump and does not bridge a declared break', () => {
    const t = [0, 1, 2, 3, 100, 101];
    const lat = [0.1, 0.1 + step, 0.2, 0.2 + step, 0.5, 0.5 + step];
    const lon = [10, 10, 10, 10, 10, 10];
    const out = accumulateDistance(t, lat, lon, { breakBefore: new Set([4]) });
    // 0→1 counted, 1→2 is an 11 km jump in 1 s, 2→3 counted, 3→4 broken, 4→5 counted.
    expect(out[5]).toBeCloseTo(3 * d, 6);
  });
  it('adds a channel only when positions exist and distance does not', () => {
    const base = { timeS: [0, 1], channels: { latDeg: [1, 1 + step], lonDeg: [2, 2] }, developer: [] };
    const withDist = deriveDistanceStream(base);
    expect(withDist).not.toBe(base);
    expect(withDist.channels.distanceM?.[1]).toBeCloseTo(d, 6);
    expect(base.channels).not.toHaveProperty('distanceM');
    expect(deriveDistanceStream(withDist)).toBe(withDist);
    const noGps = { timeS: [0], channels: { hrBpm: [100] }, developer: [] };
    expect(deriveDistanceStream(noGps)).toBe(noGps);
  });
});
