import { randomUUID } from 'node:crypto';
import { decodeTrack, encodeTrack } from '../../domain/routes/track-codec.js';
import { prefilter, type StoredRoute } from '../../domain/routes/route-match.js';
import { summarizeTrack, type ResampledTrack, type TrackSummary } from '../../domain/routes/track.js';
import type { LatLonBox, RouteRow, TrackRow } from '../../storage/repos/routes.repo.js';
import type { TrackSummaryColumns } from '../../storage/repos/routes-tables.js';

/** Row ↔ domain conversions shared by the routes and segments services. */
export function summaryColumnsOf(t: ResampledTrack): TrackSummaryColumns {
  const s = summarizeTrack(t);
  return { ...s, pointCount: t.lat.length, track: encodeTrack(t) };
}

export function summaryOf(r: TrackSummaryColumns): TrackSummary {
  return {
    startLat: Number(r.startLat),
    startLon: Number(r.startLon),
    endLat: Number(r.endLat),
    endLon: Number(r.endLon),
    minLat: Number(r.minLat),
    maxLat: Number(r.maxLat),
    minLon: Number(r.minLon),
    maxLon: Number(r.maxLon),
    distanceM: Number(r.distanceM),
  };
}

export function storedRoute(r: RouteRow): StoredRoute {
  return { id: r.id, summary: summaryOf(r), track: decodeTrack(r.track) };
}

/**
 * Routes that pass the prefilter in either direction, decoded. Filtering on the summary columns
 * first matters: near a home start there can be hundreds of routes, and decoding them all costs
 * more than the DTW on the few that remain.
 */
export function prefilteredRoutes(s: TrackSummary, rows: RouteRow[]): StoredRoute[] {
  const rev: TrackSummary = { ...s, startLat: s.endLat, startLon: s.endLon, endLat: s.startLat, endLon: s.startLon };
  return rows.filter((r) => prefilter(s, summaryOf(r)) || prefilter(rev, summaryOf(r))).map(storedRoute);
}

export function trackOf(r: Pick<TrackRow, 'track'>): ResampledTrack {
  return decodeTrack(r.track);
}

/** A box of ±`radiusM` around a point. */
export function boxAround(lat: number, lon: number, radiusM: number): LatLonBox {
  const dLat = radiusM / 111_195;
  const dLon = dLat / Math.max(0.05, Math.cos((lat * Math.PI) / 180));
  return { minLat: lat - dLat, maxLat: lat + dLat, minLon: lon - dLon, maxLon: lon + dLon };
}

export function newRouteRow(userId: string, name: string, sport: string, t: ResampledTrack, reverseOf: string | null, nowMs: number): RouteRow {
  return { id: randomUUID(), userId, name, sport, reverseOf, createdAtMs: nowMs, ...summaryColumnsOf(t) };
}

/** [lat, lon] pairs for drawing, about `maxPoints` of them. */
export function latLonPairs(t: ResampledTrack, maxPoints = 500): [number, number][] {
  const step = Math.max(1, Math.ceil(t.lat.length / maxPoints));
  const out: [number, number][] = [];
  for (let i = 0; i < t.lat.length; i += step) out.push([t.lat[i], t.lon[i]]);
  const last = t.lat.length - 1;
  if (last % step !== 0) out.push([t.lat[last], t.lon[last]]);
  return out;
}
