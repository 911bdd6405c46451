import { defaultBand, dtwDistance } from './dtw.js';
import { haversineM, projectXY, reverseTrack, summarizeTrack, type ResampledTrack, type TrackSummary } from './track.js';

/**
 * Route matching. Two activities are the same route when, after the cheap prefilter, the mean
 * DTW distance between their resampled tracks (accumulated cost ÷ the longer point count, i.e.
 * metres per point) is at most ROUTE_MATCH_THRESHOLD_M. 25 m sits well above the 5–10 m two
 * recordings of one path differ by (GPS noise ±5 m on each, resampling phase), and well below
 * what a different path costs: a reversed loop, or a route that shares only its first half,
 * averages hundreds of metres.
 */
export const ROUTE_MATCH_THRESHOLD_M = 25;
/**
 * Routes are compared at 20 m spacing (every 2nd point of the 10 m tracks): a quarter of the DTW
 * cells, and still far finer than the 25 m threshold. Segments compare at full resolution.
 */
export const ROUTE_MATCH_STRIDE = 2;
/** Start and end must each lie within this of the route's (GPS start-up drift, a different parking spot). */
export const ROUTE_ENDPOINT_TOLERANCE_M = 200;
/** Bounding boxes may differ by this much on every side. */
export const ROUTE_BBOX_TOLERANCE_M = 300;
/** Lengths may differ by this fraction: GPS distance varies a few %, a partial overlap far more. */
export const ROUTE_LENGTH_TOLERANCE = 0.1;

export interface StoredRoute {
  id: string;
  summary: TrackSummary;
  track: ResampledTrack;
}

export interface RouteMatch {
  routeId: string;
  /** Mean DTW distance, metres. */
  costM: number;
}

const M_PER_DEG = 111_195;

/** The cheap test: endpoints, bounding box and length. */
export function prefilter(a: TrackSummary, b: TrackSummary): boolean {
  const len = Math.max(a.distanceM, b.distanceM);
  if (Math.abs(a.distanceM - b.distanceM) > len * ROUTE_LENGTH_TOLERANCE) return false;
  const cos = Math.cos((a.startLat * Math.PI) / 180);
  const latTol = ROUTE_BBOX_TOLERANCE_M / M_PER_DEG;
  const lonTol = latTol / Math.max(0.05, cos);
  if (Math.abs(a.minLat - b.minLat) > latTol || Math.abs(a.maxLat - b.maxLat) > latTol) return false;
  if (Math.abs(a.minLon - b.minLon) > lonTol || Math.abs(a.maxLon - b.maxLon) > lonTol) return false;
  if (haversineM(a.startLat, a.startLon, b.startLat, b.startLon) > ROUTE_ENDPOINT_TOLERANCE_M) return false;
  return haversineM(a.endLat, a.endLon, b.endLat, b.endLon) <= ROUTE_ENDPOINT_TOLERANCE_M;
}

/** Mean DTW distance in metres between two tracks, Infinity when it certainly exceeds `limitM`. */
export function meanTrackDistanceM(a: ResampledTrack, b: ResampledTrack, limitM = ROUTE_MATCH_THRESHOLD_M, stride = 1): number {
  const lat0 = a.lat[0];
  const lon0 = a.lon[0];
  const xa = projectXY(a, lat0, lon0, stride);
  const xb = projectXY(b, lat0, lon0, stride);
  const n = xa.length >> 1;
  const m = xb.length >> 1;
  const denom = Math.max(n, m);
  const cost = dtwDistance(xa, xb, { band: defaultBand(n, m), abandonAbove: limitM * denom });
  return cost / denom;
}

/** Best route (lowest mean distance under the threshold) among candidates that pass the prefilter. */
export function bestMatch(track: ResampledTrack, summary: TrackSummary, candidates: Iterable<StoredRoute>): RouteMatch | null {
  let best: RouteMatch | null = null;
  for (const c of candidates) {
    if (!prefilter(summary, c.summary)) continue;
    const costM = meanTrackDistanceM(track, c.track, best ? Math.min(best.costM, ROUTE_MATCH_THRESHOLD_M) : ROUTE_MATCH_THRESHOLD_M, ROUTE_MATCH_STRIDE);
    if (costM <= ROUTE_MATCH_THRESHOLD_M && (!best || costM < best.costM)) best = { routeId: c.id, costM };
  }
  return best;
}

export type RouteDecision =
  | { kind: 'same'; routeId: string; costM: number }
  /** No route matches; `reverseOf` when the track is an existing route walked the other way. */
  | { kind: 'new'; reverseOf: string | null };

/**
 * Direction matters: a track first tries the routes as they are; only when none matches is its
 * reversal tried, and a hit then founds a new route flagged as the reverse of that one.
 */
export function decideRoute(track: ResampledTrack, candidates: readonly StoredRoute[]): RouteDecision {
  const summary = summarizeTrack(track);
  const fwd = bestMatch(track, summary, candidates);
  if (fwd) return { kind: 'same', routeId: fwd.routeId, costM: fwd.costM };
  const rev = reverseTrack(track);
  const back = bestMatch(rev, summarizeTrack(rev), candidates);
  return { kind: 'new', reverseOf: back ? back.routeId : null };
}
