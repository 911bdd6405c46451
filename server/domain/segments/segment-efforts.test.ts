import { describe, expect, it } from 'vitest';
import { line, loop, reversed, walk, type XY } from '../../../tests/helpers/track-fixtures.js';
import { resampleTrack, type ResampledTrack } from '../routes/track.js';
import { gpxPolyline } from './gpx-polyline.js';
import { cutTrack, findSegmentEfforts } from './segment-efforts.js';

function track(p: XY[], o: { speedMps?: number; noiseM?: number; seed?: number } = {}): ResampledTrack {
  const w = walk(p, { speedMps: o.speedMps ?? 4, noiseM: o.noiseM ?? 0, seed: o.seed ?? 1 });
  return resampleTrack(w.lat, w.lon, w.timeS)!;
}

const EAST = line([0, 0], [3000, 0]);
// The segment: x = 1000 m … 2000 m of the eastward line, cut from a 4 m/s activity (250 s … 500 s).
const SEGMENT = cutTrack(track(EAST), 250, 500)!;

describe('segment efforts with known gate times', () => {
  it('cuts a segment by time with interpolated ends', () => {
    expect(SEGMENT.distanceM).toBeGreaterThan(995);
    expect(SEGMENT.distanceM).toBeLessThan(1005);
    expect(SEGMENT.timeS[0]).toBeCloseTo(250, 6);
  });

  it('times an effort at 5 m/s to the interpolated gate crossings', () => {
    const e = findSegmentEfforts(track(EAST, { speedMps: 5 }), SEGMENT, { bothDirections: false });
    expect(e).toHaveLength(1);
    expect(e[0].direction).toBe('forward');
    expect(e[0].startOffsetS).toBeCloseTo(200, 1);
    expect(e[0].endOffsetS).toBeCloseTo(400, 1);
    expect(e[0].elapsedS).toBeCloseTo(200, 1);
    expect(e[0].costM).toBeLessThan(2);
  });

  it('keeps the times within GPS noise when the track is noisy (±5 m → ±1.25 s at 4 m/s)', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const e = findSegmentEfforts(track(EAST, { noiseM: 5, seed }), SEGMENT, { bothDirections: false });
      expect(e).toHaveLength(1);
      expect(Math.abs(e[0].startOffsetS - 250)).toBeLessThan(2.5);
      expect(Math.abs(e[0].elapsedS - 250)).toBeLessThan(3);
    }
  });

  it('counts the reverse direction only when the segment says so', () => {
    const west = track(reversed(EAST), { speedMps: 5 });
    expect(findSegmentEfforts(west, SEGMENT, { bothDirections: false })).toEqual([]);
    const e = findSegmentEfforts(west, SEGMENT, { bothDirections: true });
    expect(e).toHaveLength(1);
    expect(e[0].direction).toBe('reverse');
    expect(e[0].startOffsetS).toBeCloseTo(200, 1); // enters at x = 2000, 1000 m after the start of the westward run
    expect(e[0].elapsedS).toBeCloseTo(200, 1);
  });

  it('finds one effort per lap of a repeated loop', () => {
    const lp = loop(400);
    const segOnLoop = cutTrack(track(lp), 100, 300)!;
    const twice = [...lp, ...lp.slice(1)];
    const e = findSegmentEfforts(track(twice), segOnLoop, { bothDirections: false });
    const lapS = (2 * Math.PI * 400) / 4;
    expect(e.map((x) => Math.round(x.startOffsetS))).toEqual([100, Math.round(100 + lapS)]);
  });

  it('counts runs that start and stop at the gates of a whole-loop segment', () => {
    const lp = loop(400);
    const whole = cutTrack(track(lp, { noiseM: 5, seed: 1 }), 0, 1e9)!;
    for (let seed = 2; seed < 8; seed++) {
      const e = findSegmentEfforts(track(lp, { noiseM: 5, seed, speedMps: 3 }), whole, { bothDirections: false });
      expect(e).toHaveLength(1);
      expect(Math.abs(e[0].elapsedS - (2 * Math.PI * 400) / 3)).toBeLessThan(10);
    }
  });

  it('ignores a parallel path 100 m away, a track that stops halfway and a detour', () => {
    expect(findSegmentEfforts(track(line([0, 100], [3000, 100])), SEGMENT, { bothDirections: true })).toEqual([]);
    expect(findSegmentEfforts(track(line([0, 0], [1600, 0])), SEGMENT, { bothDirections: false })).toEqual([]);
    const detour = line([0, 0], [1200, 0], [1400, 300], [1600, 0], [3000, 0]);
    expect(findSegmentEfforts(track(detour), SEGMENT, { bothDirections: false })).toEqual([]);
  });

  it('reads a GPX polyline without times (track or route points)', () => {
    const gpx = new TextEncoder().encode('<gpx xmlns="http://www.topografix.com/GPX/1/1"><rte><name>Hill</name><rtept lat="47.1" lon="8.1"/><rtept lat="47.2" lon="8.2"/></rte></gpx>');
    expect(gpxPolyline(gpx)).toEqual({ lat: [47.1, 47.2], lon: [8.1, 8.2], name: 'Hill' });
  });
});
