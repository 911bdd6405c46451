/**
 * A live session's planned route (issue 19: "optional planned route (GPX) shown under the live
 * trail with distance to go"): how far along the plan the athlete is, how far is left and when
 * they should arrive. Pure; the share page and the tests compute it alike from the trail.
 *
 * Progress is the position of the latest fix projected onto the planned line, searched only near
 * the progress already made (a window behind and ahead of it): a route that loops back over
 * itself or an out-and-back, whose return leg lies on the outward one, then never jumps to the
 * other branch. Progress only ever grows (a fix a few metres behind, GPS noise, does not undo it).
 * When several fixes in a row find nothing in the window (a detour, a shortcut, a tracker started
 * mid-route), the first stretch ahead within reach is taken instead.
 */

/** A fix farther than this from the planned line is off route. */
export const PLAN_ON_ROUTE_M = 75;
/** How far behind the progress the window starts (noise, a U-turn to pick up a bottle). */
const BEHIND_M = 50;
/** The window reaches this far ahead at least, more when the fixes are far apart. */
const AHEAD_MIN_M = 300;
/** Consecutive fixes outside the window after which the whole rest of the plan is searched. */
const REACQUIRE_AFTER = 3;
/** …and again every this many further misses (bounded work while the athlete is off route). */
const REACQUIRE_EVERY = 10;
/** The recent pace behind the ETA: progress over this much trail time. */
const ETA_WINDOW_MS = 10 * 60_000;
/** Below this speed along the plan there is no ETA (a stop, a feed station). */
const ETA_MIN_MPS = 0.3;

export interface PlanFix {
  t: number;
  lat: number;
  lon: number;
}

/** The planned line with its cumulative distance, ready for projections. */
export interface PlanIndex {
  lat: Float64Array;
  lon: Float64Array;
  /** Metres along the line at each vertex. */
  cumM: Float64Array;
  totalM: number;
}

export interface PlanProgress {
  /** Along the plan, metres. */
  doneM: number;
  toGoM: number;
  /** Distance of the latest fix from the planned line, metres (null before the first fix). */
  offRouteM: number | null;
  onRoute: boolean;
  /** Speed along the plan over the last ten minutes of trail (null when too little to tell). */
  recentMps: number | null;
  /** Seconds from the latest fix to the end of the plan at the recent pace; null when unknown. */
  etaS: number | null;
}

const R = 6_371_008.8;
const RAD = Math.PI / 180;

export function haversineM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function indexPlan(lat: readonly number[], lon: readonly number[]): PlanIndex {
  const n = Math.min(lat.length, lon.length);
  const cumM = new Float64Array(n);
  for (let i = 1; i < n; i++) cumM[i] = cumM[i - 1]! + haversineM(lat[i - 1]!, lon[i - 1]!, lat[i]!, lon[i]!);
  return { lat: Float64Array.from(lat.slice(0, n)), lon: Float64Array.from(lon.slice(0, n)), cumM, totalM: n ? cumM[n - 1]! : 0 };
}

/**
 * A line resampled to one vertex every `spacingM` along it (the last vertex is the end), so the
 * search window covers a bounded number of segments whatever the source's point density.
 */
export function resampleLine(lat: readonly number[], lon: readonly number[], spacingM: number): { lat: number[]; lon: number[]; distanceM: number } {
  const outLat: number[] = [];
  const outLon: number[] = [];
  if (!lat.length) return { lat: outLat, lon: outLon, distanceM: 0 };
  outLat.push(lat[0]!);
  outLon.push(lon[0]!);
  let total = 0;
  let next = spacingM;
  for (let i = 1; i < lat.length; i++) {
    const d = haversineM(lat[i - 1]!, lon[i - 1]!, lat[i]!, lon[i]!);
    if (!(d > 0)) continue;
    while (total + d >= next) {
      const f = (next - total) / d;
      outLat.push(lat[i - 1]! + (lat[i]! - lat[i - 1]!) * f);
      outLon.push(lon[i - 1]! + (lon[i]! - lon[i - 1]!) * f);
      next += spacingM;
    }
    total += d;
  }
  const lastLat = lat[lat.length - 1]!;
  const lastLon = lon[lon.length - 1]!;
  if (outLat.length === 1 || haversineM(outLat[outLat.length - 1]!, outLon[outLon.length - 1]!, lastLat, lastLon) > 0.5) {
    outLat.push(lastLat);
    outLon.push(lastLon);
  }
  return { lat: outLat, lon: outLon, distanceM: total };
}

/** Projection of a fix onto segment i → i+1 (local flat-earth metres around the fix). */
function project(p: PlanIndex, i: number, lat: number, lon: number): { distM: number; alongM: number } {
  const kx = Math.cos(lat * RAD) * RAD * R;
  const ky = RAD * R;
  const ax = (p.lon[i]! - lon) * kx;
  const ay = (p.lat[i]! - lat) * ky;
  const bx = (p.lon[i + 1]! - lon) * kx;
  const by = (p.lat[i + 1]! - lat) * ky;
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const f = len2 > 0 ? Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2)) : 0;
  const x = ax + dx * f;
  const y = ay + dy * f;
  const segM = p.cumM[i + 1]! - p.cumM[i]!;
  return { distM: Math.hypot(x, y), alongM: p.cumM[i]! + segM * f };
}

/** First segment whose end lies at or after `m` (binary search on cumM). */
function segmentAt(p: PlanIndex, m: number): number {
  let lo = 0;
  let hi = p.cumM.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (p.cumM[mid + 1]! < m) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, Math.max(0, p.cumM.length - 2));
}

/** Running state of the projection, fed one fix at a time (oldest first). */
export interface PlanTracker {
  progressM: number;
  misses: number;
  prev: PlanFix | null;
  offRouteM: number | null;
  /** (time, progress) of recent fixes, for the recent pace. */
  history: { t: number; m: number }[];
}

export function newPlanTracker(): PlanTracker {
  return { progressM: 0, misses: 0, prev: null, offRouteM: null, history: [] };
}

function nearestIn(p: PlanIndex, fromM: number, toM: number, fix: PlanFix, firstWithin: number | null): { distM: number; alongM: number } | null {
  let best: { distM: number; alongM: number } | null = null;
  const last = segmentAt(p, toM);
  for (let i = segmentAt(p, fromM); i <= last; i++) {
    const q = project(p, i, fix.lat, fix.lon);
    if (q.alongM < fromM - 1e-6) continue;
    // The whole-plan search takes the first stretch within reach, not the nearest: on an
    // out-and-back the return leg is as near as the outward one and would skip half the route.
    if (firstWithin !== null && q.distM <= firstWithin) return q;
    if (!best || q.distM < best.distM) best = q;
  }
  return best;
}

/** Moves the tracker by one fix (fixes must come in time order). */
export function advancePlan(p: PlanIndex, s: PlanTracker, fix: PlanFix): void {
  if (p.lat.length < 2) return;
  const stepM = s.prev ? haversineM(s.prev.lat, s.prev.lon, fix.lat, fix.lon) : 0;
  s.prev = fix;
  const ahead = Math.max(AHEAD_MIN_M, stepM * 2 + 200);
  const q = nearestIn(p, Math.max(0, s.progressM - BEHIND_M), Math.min(p.totalM, s.progressM + ahead), fix, null);
  if (q && q.distM <= PLAN_ON_ROUTE_M) {
    s.misses = 0;
    s.offRouteM = q.distM;
    s.progressM = Math.max(s.progressM, q.alongM);
  } else {
    s.misses++;
    s.offRouteM = q?.distM ?? null;
    if (s.misses >= REACQUIRE_AFTER && (s.misses - REACQUIRE_AFTER) % REACQUIRE_EVERY === 0) {
      const far = nearestIn(p, s.progressM, p.totalM, fix, PLAN_ON_ROUTE_M);
      if (far && far.distM <= PLAN_ON_ROUTE_M) {
        s.misses = 0;
        s.offRouteM = far.distM;
        s.progressM = Math.max(s.progressM, far.alongM);
      }
    }
  }
  s.history.push({ t: fix.t, m: s.progressM });
  // Keep only what the pace window needs (plus one entry older than it).
  let drop = 0;
  while (drop + 1 < s.history.length && s.history[drop + 1]!.t <= fix.t - ETA_WINDOW_MS) drop++;
  if (drop) s.history.splice(0, drop);
}

export function planSummary(p: PlanIndex, s: PlanTracker): PlanProgress {
  const doneM = Math.min(p.totalM, s.progressM);
  const toGoM = Math.max(0, p.totalM - doneM);
  const first = s.history[0];
  const last = s.history[s.history.length - 1];
  let recentMps: number | null = null;
  if (first && last && last.t - first.t >= 60_000) recentMps = (last.m - first.m) / ((last.t - first.t) / 1000);
  const etaS = toGoM === 0 ? 0 : recentMps !== null && recentMps >= ETA_MIN_MPS ? toGoM / recentMps : null;
  return { doneM, toGoM, offRouteM: s.offRouteM, onRoute: s.offRouteM !== null && s.offRouteM <= PLAN_ON_ROUTE_M, recentMps, etaS };
}

/** The progress after a whole trail (sorted by time). */
export function planProgress(p: PlanIndex, trail: readonly PlanFix[]): PlanProgress {
  const s = newPlanTracker();
  for (const f of trail) advancePlan(p, s, f);
  return planSummary(p, s);
}
