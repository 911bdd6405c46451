/**
 * Mean-max curves: for each duration d of a log-spaced grid, the best average of a channel over
 * any d consecutive seconds. Power (W) and heart rate (bpm) use the timer-time grid
 * (resample.ts); pace uses the distance reached per second of elapsed time and reports the best
 * mean speed (m/s). O(n·k) with a prefix sum: one pass over the samples per duration.
 * Pure: no I/O.
 */

/**
 * Durations in seconds. Log-spaced (about 1.3–1.5× per step) and round numbers that athletes
 * know (5 s sprint, 1 min, 5 min, 20 min FTP test, 1 h): these are also the keys of the records.
 */
export const CURVE_DURATIONS_S: readonly number[] = [
  1, 2, 3, 5, 8, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200,
  10_800, 14_400, 18_000, 21_600, 28_800, 36_000, 43_200, 86_400,
];

export interface MeanMaxCurve {
  durationsS: number[];
  values: number[];
}

/**
 * Mean-max of a 1 s series. NaN samples are either treated as `nanAs` (power: a dropout is no
 * power) or, when `nanAs` is null, make every window that contains them invalid (heart rate).
 * The grid stops at the longest valid window, which is appended as the last point ("whole
 * activity") when it is not already a grid duration.
 */
export function meanMax(series: Float64Array, nanAs: number | null, durations: readonly number[] = CURVE_DURATIONS_S): MeanMaxCurve | null {
  const n = series.length;
  if (n === 0) return null;
  const sum = new Float64Array(n + 1);
  // Invalid samples so far (prefix count), only needed when NaN invalidates a window.
  const bad = nanAs === null ? new Int32Array(n + 1) : null;
  let longestRun = 0;
  let run = 0;
  for (let i = 0; i < n; i++) {
    let v = series[i];
    let invalid = 0;
    if (v !== v) {
      if (nanAs === null) (invalid = 1), (v = 0);
      else v = nanAs;
    }
    sum[i + 1] = sum[i] + v;
    if (bad) bad[i + 1] = bad[i] + invalid;
    run = invalid ? 0 : run + 1;
    if (run > longestRun) longestRun = run;
  }
  if (longestRun === 0) return null;
  const grid = durations.filter((d) => d < longestRun);
  grid.push(longestRun);
  const values: number[] = [];
  const anyBad = bad !== null && bad[n] > 0;
  for (const d of grid) {
    values.push((anyBad ? bestValidWindowSum(sum, bad!, n, d) : bestWindowSum(sum, 0, n, d)) / d);
  }
  return { durationsS: grid, values: monotone(values) };
}

/** Largest sum[i + d] − sum[i] over start..end−d (a prefix-sum array is its own series' windows). */
function bestWindowSum(sum: Float64Array, start: number, end: number, d: number): number {
  let best = -Infinity;
  for (let i = start, j = start + d; j <= end; i++, j++) {
    const s = sum[j] - sum[i];
    if (s > best) best = s;
  }
  return best;
}

/** As bestWindowSum, skipping windows that contain an invalid sample. */
function bestValidWindowSum(sum: Float64Array, bad: Int32Array, n: number, d: number): number {
  let best = -Infinity;
  for (let i = 0, j = d; j <= n; i++, j++) {
    if (bad[j] !== bad[i]) continue;
    const s = sum[j] - sum[i];
    if (s > best) best = s;
  }
  return best;
}

/**
 * Best mean speed (m/s) per duration from distance-at-each-second (resampleDistanceElapsed).
 * The distance array is its own prefix sum, so this is the same O(n·k) scan.
 */
export function paceCurve(distAtS: Float64Array, durations: readonly number[] = CURVE_DURATIONS_S): MeanMaxCurve | null {
  const n = distAtS.length - 1; // seconds covered
  if (n < 1 || distAtS[n] - distAtS[0] <= 0) return null;
  const grid = durations.filter((d) => d < n);
  grid.push(n);
  const values: number[] = [];
  for (const d of grid) values.push(Math.max(0, bestWindowSum(distAtS, 0, n, d)) / d);
  return { durationsS: grid, values: monotone(values) };
}

/**
 * A mean-max curve cannot increase with duration (every window of d+1 s contains a d-second window
 * at least as good); prefix-sum subtraction can still leave a 1e-12 rise, which would flip a chart
 * or a record comparison, so it is clamped.
 */
function monotone(values: number[]): number[] {
  for (let i = 1; i < values.length; i++) if (values[i] > values[i - 1]) values[i] = values[i - 1];
  return values;
}
