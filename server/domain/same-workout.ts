import { haversineM, isValidLatLon } from './geo.js';

/**
 * Is this the same workout? (issue 13 §1). Pure: the caller supplies spans and tracks.
 * Two recordings are one workout when their time spans overlap by at least MIN_OVERLAP of the
 * longer one and their starts are within START_TOLERANCE_MS, plus evidence that it is the same
 * athlete's same session: the same device serial, or GPS tracks that agree at the same instants.
 */
export const START_TOLERANCE_MS = 120_000;
export const MIN_OVERLAP = 0.8;
/** Median distance between the two tracks at the same instants: two GPS units on one person agree to tens of metres. */
export const SAME_TRACK_MEDIAN_M = 100;
/** A fix further than this in time from the compared instant is no evidence. */
const NEAREST_FIX_S = 30;
const COMPARED_INSTANTS = 16;
const MIN_COMPARED = 5;

export interface Span {
  startMs: number;
  durationS: number | null;
}

/** Share of the longer span that both cover (0..1); null when a duration is unknown. */
export function overlapShare(a: Span, b: Span): number | null {
  if (a.durationS === null || b.durationS === null || !(a.durationS >= 0) || !(b.durationS >= 0)) return null;
  const aEnd = a.startMs + a.durationS * 1000;
  const bEnd = b.startMs + b.durationS * 1000;
  const both = Math.max(0, Math.min(aEnd, bEnd) - Math.max(a.startMs, b.startMs));
  const longer = Math.max(aEnd - a.startMs, bEnd - b.startMs);
  return longer <= 0 ? (a.startMs === b.startMs ? 1 : 0) : both / longer;
}

export interface TimedTrack {
  startMs: number;
  timeS: ArrayLike<number>;
  latDeg: ArrayLike<number | null>;
  lonDeg: ArrayLike<number | null>;
}

interface Fixes {
  tMs: Float64Array;
  lat: Float64Array;
  lon: Float64Array;
}

function fixesOf(t: TimedTrack): Fixes {
  const n = Math.min(t.timeS.length, t.latDeg.length, t.lonDeg.length);
  const tMs = new Float64Array(n);
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const la = t.latDeg[i];
    const lo = t.lonDeg[i];
    if (!isValidLatLon(la, lo) || (la === 0 && lo === 0)) continue;
    tMs[k] = t.startMs + t.timeS[i] * 1000;
    lat[k] = la!;
    lon[k] = lo!;
    k++;
  }
  return { tMs: tMs.subarray(0, k), lat: lat.subarray(0, k), lon: lon.subarray(0, k) };
}

/** Index of the fix nearest to `ms`, or -1 when none is within NEAREST_FIX_S. */
function nearest(f: Fixes, ms: number): number {
  let lo = 0;
  let hi = f.tMs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (f.tMs[mid] < ms) lo = mid + 1;
    else hi = mid;
  }
  let best = -1;
  for (const i of [lo - 1, lo]) if (i >= 0 && i < f.tMs.length && (best < 0 || Math.abs(f.tMs[i] - ms) < Math.abs(f.tMs[best] - ms))) best = i;
  return best >= 0 && Math.abs(f.tMs[best] - ms) <= NEAREST_FIX_S * 1000 ? best : -1;
}

/**
 * Median distance between two tracks at up to 16 instants spread over the time both cover, or
 * null when fewer than 5 instants have a fix on both sides (no evidence either way).
 */
export function trackAgreementM(a: TimedTrack, b: TimedTrack): number | null {
  const fa = fixesOf(a);
  const fb = fixesOf(b);
  if (!fa.tMs.length || !fb.tMs.length) return null;
  const from = Math.max(fa.tMs[0], fb.tMs[0]);
  const to = Math.min(fa.tMs[fa.tMs.length - 1], fb.tMs[fb.tMs.length - 1]);
  if (!(to >= from)) return null;
  const d: number[] = [];
  for (let k = 0; k < COMPARED_INSTANTS; k++) {
    const ms = from + ((k + 0.5) * (to - from)) / COMPARED_INSTANTS;
    const i = nearest(fa, ms);
    const j = nearest(fb, ms);
    if (i >= 0 && j >= 0) d.push(haversineM(fa.lat[i], fa.lon[i], fb.lat[j], fb.lon[j]));
  }
  if (d.length < MIN_COMPARED) return null;
  d.sort((x, y) => x - y);
  return d[d.length >> 1];
}

/**
 * A copy re-saved by another program with its clock shifted (GoldenCheetah re-saves
 * FR55-CoreTemp-Walk.fit 224 s later, Strava-era time-zone slips shift whole hours): the same
 * recording, so the same fixes in the same order at the same relative times. Compared with the
 * copy shifted by the gap between the first fixes; two separate GPS recordings never agree to
 * within a couple of metres everywhere, so this is only evidence of a copy, never of two devices.
 */
export const RESAVE_WINDOW_MS = 14 * 3600_000;
export const RESAVE_MEDIAN_M = 2;
export const RESAVE_MAX_M = 10;

export function shiftedCopyAgreement(a: TimedTrack, b: TimedTrack): { shiftS: number; medianM: number; maxM: number } | null {
  const fa = fixesOf(a);
  const fb = fixesOf(b);
  if (fa.tMs.length < MIN_COMPARED || fb.tMs.length < MIN_COMPARED) return null;
  // Nearly the same number of fixes: a copy keeps every sample (a few may be dropped or merged).
  if (Math.abs(fa.tMs.length - fb.tMs.length) > Math.max(5, 0.02 * Math.max(fa.tMs.length, fb.tMs.length))) return null;
  const shiftMs = fb.tMs[0] - fa.tMs[0];
  const spanA = fa.tMs[fa.tMs.length - 1] - fa.tMs[0];
  const spanB = fb.tMs[fb.tMs.length - 1] - fb.tMs[0];
  if (Math.abs(spanA - spanB) > Math.max(5_000, 0.01 * spanA)) return null;
  const shifted: Fixes = { tMs: fb.tMs.map((t) => t - shiftMs), lat: fb.lat, lon: fb.lon };
  const d: number[] = [];
  for (let k = 0; k < COMPARED_INSTANTS; k++) {
    const ms = fa.tMs[0] + ((k + 0.5) * spanA) / COMPARED_INSTANTS;
    const i = nearest(fa, ms);
    const j = nearest(shifted, ms);
    if (i >= 0 && j >= 0) d.push(haversineM(fa.lat[i], fa.lon[i], shifted.lat[j], shifted.lon[j]));
  }
  d.push(haversineM(fa.lat[0], fa.lon[0], fb.lat[0], fb.lon[0]));
  d.push(haversineM(fa.lat[fa.lat.length - 1], fa.lon[fa.lon.length - 1], fb.lat[fb.lat.length - 1], fb.lon[fb.lon.length - 1]));
  if (d.length < MIN_COMPARED + 2) return null;
  d.sort((x, y) => x - y);
  return { shiftS: shiftMs / 1000, medianM: d[d.length >> 1], maxM: d[d.length - 1] };
}

/** True when `b` is `a` re-saved with a shifted clock (see shiftedCopyAgreement). */
export function isShiftedCopy(a: TimedTrack, b: TimedTrack): { shiftS: number } | null {
  const r = shiftedCopyAgreement(a, b);
  return r && r.medianM <= RESAVE_MEDIAN_M && r.maxM <= RESAVE_MAX_M && Math.abs(r.shiftS) * 1000 <= RESAVE_WINDOW_MS ? { shiftS: r.shiftS } : null;
}
