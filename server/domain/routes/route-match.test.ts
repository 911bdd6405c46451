import { describe, expect, it } from 'vitest';
import { figureEight, line, loop, outAndBack, prefix, reversed, walk, type XY } from '../../../tests/helpers/track-fixtures.js';
import { decodeTrack, encodeTrack } from './track-codec.js';
import { RouteIndex } from './route-index.js';
import { decideRoute, meanTrackDistanceM, ROUTE_MATCH_THRESHOLD_M, type StoredRoute } from './route-match.js';
import { resampleTrack, summarizeTrack, type ResampledTrack } from './track.js';

function track(p: XY[], seed: number): ResampledTrack {
  const w = walk(p, { seed, noiseM: 5 });
  return resampleTrack(w.lat, w.lon, w.timeS)!;
}

/** Clusters tracks the way the service does: each joins the best route or founds a new one. */
function cluster(tracks: ResampledTrack[]): { routeOf: number[]; reverseOf: (number | null)[] } {
  const routes: StoredRoute[] = [];
  const routeOf: number[] = [];
  const reverseOf: (number | null)[] = [];
  for (const t of tracks) {
    const d = decideRoute(t, routes);
    if (d.kind === 'same') routeOf.push(Number(d.routeId));
    else {
      routes.push({ id: String(routes.length), summary: summarizeTrack(t), track: t });
      routeOf.push(routes.length - 1);
      reverseOf.push(d.reverseOf === null ? null : Number(d.reverseOf));
    }
  }
  return { routeOf, reverseOf };
}

const LOOP = loop(800);

describe('route matching on generated tracks with ±5 m GPS noise', () => {
  it('resamples to 10 m spacing and keeps time', () => {
    const t = track(line([0, 0], [1000, 0]), 1);
    expect(t.distanceM).toBeGreaterThan(990);
    expect(t.lat.length).toBeGreaterThan(95);
    expect(t.timeS[t.timeS.length - 1]).toBe(Math.ceil(1000 / 3)); // the walker samples whole seconds
  });

  it('codec round-trips within its resolution', () => {
    const t = track(LOOP, 2);
    const back = decodeTrack(encodeTrack(t));
    expect(back.lat.length).toBe(t.lat.length);
    expect(Math.abs(back.lat[17] - t.lat[17])).toBeLessThan(1e-6);
    expect(Math.abs(back.timeS[40] - t.timeS[40])).toBeLessThanOrEqual(0.05);
    expect(encodeTrack(t).length / t.lat.length).toBeLessThan(7);
  });

  it('repeated loops match each other, well under the threshold', () => {
    const a = track(LOOP, 1);
    for (let s = 2; s < 8; s++) expect(meanTrackDistanceM(a, track(LOOP, s), Infinity)).toBeLessThan(ROUTE_MATCH_THRESHOLD_M / 2);
  });

  it('groups repeats, separates a reversed loop and flags it as the reverse', () => {
    const rev = reversed(LOOP);
    const r = cluster([track(LOOP, 1), track(LOOP, 2), track(rev, 3), track(LOOP, 4), track(rev, 5)]);
    expect(r.routeOf).toEqual([0, 0, 1, 0, 1]);
    expect(r.reverseOf).toEqual([null, 0]);
  });

  it('out-and-backs match each other and their own reversal', () => {
    const oab = outAndBack(2000);
    const r = cluster([track(oab, 1), track(oab, 2), track(reversed(oab), 3)]);
    expect(r.routeOf).toEqual([0, 0, 0]);
  });

  it('a partial overlap is not a match', () => {
    const r = cluster([track(LOOP, 1), track(prefix(LOOP, 0.6), 2), track(prefix(LOOP, 0.93), 3)]);
    expect(new Set(r.routeOf).size).toBe(3);
  });

  it('routes sharing the first half are different routes', () => {
    const north = line([0, 0], [1500, 0], [1500, 1500]);
    const south = line([0, 0], [1500, 0], [1500, -1500]);
    const r = cluster([track(north, 1), track(south, 2), track(north, 3), track(south, 4)]);
    expect(r.routeOf).toEqual([0, 1, 0, 1]);
  });

  it('figure-eights group together and differ from a single loop and from the eight reversed', () => {
    const eight = figureEight(500);
    const r = cluster([track(eight, 1), track(loop(500), 2), track(eight, 3), track(reversed(eight), 4)]);
    expect(r.routeOf[0]).toBe(r.routeOf[2]);
    expect(r.routeOf[1]).not.toBe(r.routeOf[0]);
    expect(r.routeOf[3]).not.toBe(r.routeOf[0]);
  });

  it('the grid index returns routes starting nearby and skips far ones', () => {
    const idx = new RouteIndex();
    const near = track(LOOP, 1);
    idx.add({ id: 'near', summary: summarizeTrack(near), track: near });
    const w = walk(LOOP, { seed: 2, origin: { lat: 48.5, lon: 9.5 } });
    const far = resampleTrack(w.lat, w.lon, w.timeS)!;
    idx.add({ id: 'far', summary: summarizeTrack(far), track: far });
    expect(idx.candidates(summarizeTrack(track(LOOP, 3))).map((r) => r.id)).toEqual(['near']);
  });
});
