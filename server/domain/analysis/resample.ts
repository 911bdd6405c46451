/**
 * Irregular sample streams → a regular 1 s grid, so window maths (mean-max curves, normalised
 * power) can use prefix sums. Pure: no I/O.
 *
 * Two time bases, on purpose:
 * - `resampleTimer` walks the timer time: a gap longer than `gapS` (a pause: auto-pause, timer
 *   stopped, see domain/timing.ts) is collapsed to a single step. Power and heart-rate curves and
 *   NP are about the effort while recording, as in TrainingPeaks and GoldenCheetah, so a café
 *   stop neither dilutes NP nor breaks a 20-minute effort that straddles a traffic light pause.
 * - `resampleDistanceElapsed` walks the elapsed time: the distance simply does not grow during a
 *   stop, which is what a "best 5 km" on the clock means.
 * Values between samples hold the last sample (sample-and-hold, the way head units record power);
 * null values stay NaN so callers decide (power: 0, heart rate: window invalid).
 */

/** Elapsed gaps longer than this are shortened to it (the longest curve duration is one day). */
export const MAX_ELAPSED_GAP_S = 86_400;

/** Longest grid we build: a week at 1 Hz (multi-day events); the rest is cut. */
export const MAX_GRID_S = 7 * 86_400;

/** Sample-and-hold onto whole seconds of timer time; NaN where the channel is null. */
export function resampleTimer(timeS: readonly number[], values: readonly (number | null)[], gapS: number): Float64Array {
  const n = timeS.length;
  if (n === 0) return new Float64Array(0);
  // First pass: the timer length, so the array is allocated once.
  let timer = 0;
  for (let i = 1; i < n; i++) {
    const dt = timeS[i] - timeS[i - 1];
    timer += dt > gapS ? 1 : Math.max(0, dt);
  }
  const len = Math.min(MAX_GRID_S, Math.max(1, Math.round(timer) + 1));
  const out = new Float64Array(len).fill(Number.NaN);
  let clock = 0; // timer time of sample i
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      const dt = timeS[i] - timeS[i - 1];
      clock += dt > gapS ? 1 : Math.max(0, dt);
    }
    const v = values[i];
    const from = Math.round(clock);
    const nextClock = i + 1 < n ? clock + (timeS[i + 1] - timeS[i] > gapS ? 1 : Math.max(0, timeS[i + 1] - timeS[i])) : clock + 1;
    const to = Math.min(len, Math.max(from + 1, Math.round(nextClock)));
    const val = v == null || !Number.isFinite(v) ? Number.NaN : v;
    for (let s = from; s < to; s++) out[s] = val;
  }
  return out;
}

/**
 * Accumulated distance at every whole second of elapsed time, linearly interpolated between known
 * samples (nulls skipped). Returns null when fewer than two distances are known.
 */
export function resampleDistanceElapsed(timeS: readonly number[], dist: readonly (number | null)[]): Float64Array | null {
  const tsAll = new Float64Array(timeS.length);
  const dsAll = new Float64Array(timeS.length);
  let m = 0;
  // Gaps longer than a day (files that span weeks: sports-lib 27-days-activity.fit holds 3,699
  // samples over 28 days) are shortened to a day. No window of the curve's grid (≤ 1 day) can
  // reach across such a gap, so the curve is unchanged, and the grid stops being 600,000 seconds
  // of nothing (that file's analysis went from 40 ms to under 2 ms).
  let shift = 0;
  for (let i = 0; i < timeS.length; i++) {
    const d = dist[i];
    if (d == null || !Number.isFinite(d)) continue;
    // Distance never decreases; a device that resets or jitters backwards is held flat.
    const prev = m ? dsAll[m - 1] : -Infinity;
    if (m && timeS[i] - shift - tsAll[m - 1] > MAX_ELAPSED_GAP_S) shift = timeS[i] - tsAll[m - 1] - MAX_ELAPSED_GAP_S;
    tsAll[m] = timeS[i] - shift;
    dsAll[m++] = Math.max(prev, d);
  }
  if (m < 2) return null;
  const ts = tsAll.subarray(0, m);
  const ds = dsAll.subarray(0, m);
  const t0 = ts[0];
  const len = Math.min(MAX_GRID_S, Math.floor(ts[ts.length - 1] - t0) + 1);
  const out = new Float64Array(len);
  let k = 0;
  for (let s = 0; s < len; s++) {
    const t = t0 + s;
    while (k + 1 < ts.length - 1 && ts[k + 1] <= t) k++;
    const ta = ts[k];
    const tb = ts[k + 1];
    out[s] = tb > ta ? ds[k] + (ds[k + 1] - ds[k]) * Math.min(1, Math.max(0, (t - ta) / (tb - ta))) : ds[k + 1];
  }
  return out;
}
