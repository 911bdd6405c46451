/**
 * A GPS track resampled to a fixed spacing along its path: the shared input of route matching,
 * segment efforts and the heatmap. Equal spacing makes DTW compare like with like (a stop at a
 * traffic light does not pile up hundreds of samples on one spot) and bounds the work per km.
 */
import { isGpsJump, isValidLatLon } from '../geo.js';
export const TRACK_SPACING_M = 10;

const EARTH_R_M = 6371008.8;
const RAD = Math.PI / 180;

export interface ResampledTrack {
  /** WGS84 degrees, one point every `TRACK_SPACING_M` along the path (the last point is the end). */
  lat: Float64Array;
  lon: Float64Array;
  /** Seconds since the activity start at each point, interpolated between samples. */
  timeS: Float64Array;
  /** Path length in metres. */
  distanceM: number;
}

/** The figures the cheap prefilter compares before any DTW. */
export interface TrackSummary {
  startLat: number;
  startLon: number;
  endLat: number;
  endLon: number;
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
  distanceM: number;
}

export function haversineM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_R_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Resamples the valid (lat, lon, time) samples to `spacingM`; null when the track has fewer than
 * two fixes or is shorter than five spacings (an indoor activity with a stray fix).
 */
/** Cap on resampled points (2,000 km at 10 m): bounded memory whatever the input. */
export const MAX_TRACK_POINTS = 200_000;

export function resampleTrack(
  lat: readonly (number | null)[],
  lon: readonly (number | null)[],
  timeS: readonly number[],
  spacingM = TRACK_SPACING_M,
): ResampledTrack | null {
  // Typed scratch and output (no per-point growth garbage in the parse worker).
  const la = new Float64Array(lat.length);
  const lo = new Float64Array(lat.length);
  const ts = new Float64Array(lat.length);
  let valid = 0;
  for (let i = 0; i < lat.length; i++) {
    const a = lat[i];
    const b = lon[i];
    if (a === null || b === null || a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) continue;
    if (a === 0 && b === 0) continue; // FIT "no fix" written as 0,0 by some devices
    if (!isValidLatLon(a, b)) continue; // corrupt positions (a damaged FIT record) are not fixes
    la[valid] = a;
    lo[valid] = b;
    ts[valid++] = timeS[i];
  }
  if (valid < 2) return null;
  const outLat = new GrowingF64(la[0]);
  const outLon = new GrowingF64(lo[0]);
  const outT = new GrowingF64(ts[0]);
  let total = 0;
  let next = spacingM;
  for (let i = 1; i < valid; i++) {
    const d = haversineM(la[i - 1], lo[i - 1], la[i], lo[i]);
    // An implausible jump (corrupt fix, GPS relocation) is a break: nothing is interpolated across
    // it. Without this, one damaged record could ask for millions of 10 m points.
    // Without times (a GPX route drawn for a segment) only the point cap below applies.
    const dt = ts[i] - ts[i - 1];
    if (dt > 0 && isGpsJump(d, dt)) continue;
    if (outLat.length + d / spacingM > MAX_TRACK_POINTS) break;
    while (d > 0 && total + d >= next) {
      const f = (next - total) / d;
      outLat.push(la[i - 1] + (la[i] - la[i - 1]) * f);
      outLon.push(lo[i - 1] + (lo[i] - lo[i - 1]) * f);
      outT.push(ts[i - 1] + (ts[i] - ts[i - 1]) * f);
      next += spacingM;
    }
    total += d;
  }
  if (total < spacingM * 5) return null;
  const last = valid - 1;
  if (total > next - spacingM + 1e-6) {
    outLat.push(la[last]);
    outLon.push(lo[last]);
    outT.push(ts[last]);
  }
  return { lat: outLat.done(), lon: outLon.done(), timeS: outT.done(), distanceM: total };
}

/** An append-only Float64Array (capacity doubles). */
class GrowingF64 {
  private buf = new Float64Array(256);
  length = 0;
  constructor(first: number) {
    this.push(first);
  }
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  /** An exact-length copy (the stored track is transferred to the main thread whole). */
  done(): Float64Array {
    return this.buf.slice(0, this.length);
  }
}

export function summarizeTrack(t: ResampledTrack): TrackSummary {
  let minLat = Infinity, maxLat = -Infinity, minLon = Infinity, maxLon = -Infinity;
  for (let i = 0; i < t.lat.length; i++) {
    if (t.lat[i] < minLat) minLat = t.lat[i];
    if (t.lat[i] > maxLat) maxLat = t.lat[i];
    if (t.lon[i] < minLon) minLon = t.lon[i];
    if (t.lon[i] > maxLon) maxLon = t.lon[i];
  }
  const n = t.lat.length - 1;
  return { startLat: t.lat[0], startLon: t.lon[0], endLat: t.lat[n], endLon: t.lon[n], minLat, maxLat, minLon, maxLon, distanceM: t.distanceM };
}

/** The same path walked backwards (times are kept per point; only geometry matters for matching). */
export function reverseTrack(t: ResampledTrack): ResampledTrack {
  return { lat: t.lat.slice().reverse(), lon: t.lon.slice().reverse(), timeS: t.timeS.slice().reverse(), distanceM: t.distanceM };
}

/**
 * Interleaved [x0, y0, x1, y1, …] metres on a local equirectangular plane around (lat0, lon0).
 * Over the few km of one route the error is far below GPS noise, and DTW then needs only a
 * subtraction and a square root per cell.
 */
export function projectXY(t: Pick<ResampledTrack, 'lat' | 'lon'>, lat0: number, lon0: number, stride = 1): Float64Array {
  const ky = EARTH_R_M * RAD;
  const kx = ky * Math.cos(lat0 * RAD);
  const n = t.lat.length;
  // Every `stride`-th point, and always the last one (DTW pins both ends).
  const m = n === 0 ? 0 : Math.floor((n - 1) / stride) + 1 + ((n - 1) % stride ? 1 : 0);
  const out = new Float64Array(m * 2);
  let k = 0;
  for (let i = 0; i < n; i += stride, k++) {
    out[k * 2] = (t.lon[i] - lon0) * kx;
    out[k * 2 + 1] = (t.lat[i] - lat0) * ky;
  }
  if (k < m) {
    out[k * 2] = (t.lon[n - 1] - lon0) * kx;
    out[k * 2 + 1] = (t.lat[n - 1] - lat0) * ky;
  }
  return out;
}
