/**
 * Best efforts: the fastest time over each standard distance, from the distance stream.
 * Pure: no I/O.
 *
 * An effort rarely starts or ends exactly on a sample, so both ends are interpolated linearly in
 * time between the two samples that bracket the distance: pass A ends on a sample and finds the
 * interpolated start, pass B starts on a sample and finds the interpolated end. Together they are
 * exact for piecewise-constant speed (the best window always has one end on a sample there).
 * Each pass is a two-pointer sweep, O(n) per distance. Time is elapsed time: a stop in the middle
 * of a 10 km counts, as on a race clock.
 */
import type { BestEffortDto } from '../../../shared/analysis-api.js';

const MILE_M = 1609.344;

/** Standard distances per sport (metres). Running covers walking/hiking-like foot sports too. */
export const RUNNING_DISTANCES_M: readonly number[] = [
  400, MILE_M / 2, 1000, MILE_M, 2 * MILE_M, 5000, 10_000, 15_000, 10 * MILE_M, 20_000, 21_097.5, 30_000, 42_195, 50_000,
];
export const CYCLING_DISTANCES_M: readonly number[] = [5000, 10_000, 20_000, 40_000, 50_000, 100_000];

/** Pool and open-water swims; pool swims measure them over whole lengths (domain/swim/pool-swim.ts). */
export const SWIM_DISTANCES_M: readonly number[] = [100, 200, 400, 800, 1500];

const SWIM = new Set(['swimming', 'open_water_swimming', 'lap_swimming']);
const FOOT = new Set(['running', 'walking', 'hiking', 'trail_running', 'treadmill_running']);
const WHEELS = new Set(['cycling', 'e_biking', 'mountain_biking', 'road_biking', 'gravel_cycling', 'virtual_ride', 'indoor_cycling']);

export function distancesForSport(sport: string): readonly number[] {
  if (FOOT.has(sport)) return RUNNING_DISTANCES_M;
  if (WHEELS.has(sport)) return CYCLING_DISTANCES_M;
  if (SWIM.has(sport)) return SWIM_DISTANCES_M;
  return [];
}

/** Known (time, distance) pairs with distance made non-decreasing. */
function cleanTrack(timeS: readonly number[], dist: readonly (number | null)[]): { t: Float64Array; d: Float64Array } {
  let n = 0;
  for (let i = 0; i < timeS.length; i++) {
    const v = dist[i];
    if (v != null && Number.isFinite(v)) n++;
  }
  const t = new Float64Array(n);
  const d = new Float64Array(n);
  let prev = -Infinity;
  let k = 0;
  for (let i = 0; i < timeS.length; i++) {
    const v = dist[i];
    if (v == null || !Number.isFinite(v)) continue;
    prev = Math.max(prev, v);
    t[k] = timeS[i];
    d[k++] = prev;
  }
  return { t, d };
}

type Series = ArrayLike<number>;

/** Time at which the track reaches distance `x`, between samples k and k+1 (d[k] ≤ x ≤ d[k+1]). */
function timeAt(t: Series, d: Series, k: number, x: number): number {
  const span = d[k + 1] - d[k];
  if (span <= 0) return t[k + 1];
  return t[k] + ((x - d[k]) / span) * (t[k + 1] - t[k]);
}

/** Fastest effort over `target` metres, or null when the activity is shorter. */
export function bestEffort(t: Series, d: Series, target: number): BestEffortDto | null {
  const n = t.length;
  if (n < 2 || d[n - 1] - d[0] < target) return null;
  // The best so far as two numbers (no object per improvement); bestTime < 0: none yet.
  let bestTime = -1;
  let bestStart = 0;
  // Pass A: end on sample j; k = last index with d[k] ≤ d[j] − target, start interpolated in [k, k+1].
  let k = 0;
  for (let j = 1; j < n; j++) {
    const x = d[j] - target;
    if (x < d[0]) continue;
    while (k + 1 < j && d[k + 1] <= x) k++;
    const startT = timeAt(t, d, k, x);
    const timeS = t[j] - startT;
    if (timeS > 0 && (bestTime < 0 || timeS < bestTime - 1e-9)) (bestTime = timeS), (bestStart = startT);
  }
  // Pass B: start on sample i; m = first index with d[m] ≥ d[i] + target, end interpolated in [m−1, m].
  let m = 1;
  for (let i = 0; i < n - 1; i++) {
    const x = d[i] + target;
    if (x > d[n - 1]) break;
    if (m <= i) m = i + 1;
    while (m < n - 1 && d[m] < x) m++;
    const timeS = timeAt(t, d, m - 1, x) - t[i];
    if (timeS > 0 && (bestTime < 0 || timeS < bestTime - 1e-9)) (bestTime = timeS), (bestStart = t[i]);
  }
  return bestTime < 0 ? null : { distanceM: target, timeS: bestTime, startOffsetS: bestStart - t[0] };
}

/** Best efforts for every standard distance the activity covers, shortest first. */
export function bestEfforts(timeS: readonly number[], dist: readonly (number | null)[] | undefined, distances: readonly number[]): BestEffortDto[] {
  if (!dist || distances.length === 0) return [];
  const { t, d } = cleanTrack(timeS, dist);
  const out: BestEffortDto[] = [];
  for (const target of distances) {
    const e = bestEffort(t, d, target);
    if (e) out.push(e);
  }
  return out;
}
