/**
 * Heart-rate load when there is no power.
 * - TRIMP (Banister 1991): Σ minutes × HRr × 0.64 × e^(1.92 × HRr), HRr = (HR − rest) / (max − rest),
 *   clamped to [0, 1]. The 0.64/1.92 coefficients are Banister's (male) ones, which GoldenCheetah
 *   and Runalyze use by default.
 * - hrTSS: TRIMP normalised so that one hour at threshold heart rate = 100, the same anchor as TSS
 *   (an hour at FTP = 100), so days with and without power add up on one scale.
 * Input is the timer-time 1 s grid (resample.ts); NaN seconds (no HR) contribute nothing.
 * Pure: no I/O.
 */

/** Used when the athlete has not entered them (documented in the UI next to the load figures). */
export const DEFAULT_RESTING_HR_BPM = 60;
export const DEFAULT_MAX_HR_BPM = 190;

function trimpWeight(hr: number, restBpm: number, maxBpm: number): number {
  const r = Math.min(1, Math.max(0, (hr - restBpm) / (maxBpm - restBpm)));
  return r * 0.64 * Math.exp(1.92 * r);
}

/** Banister TRIMP of a 1 s heart-rate series, or null when it has no heart rate at all. */
export function trimp(hr1s: Float64Array, restBpm: number, maxBpm: number): number | null {
  if (!(maxBpm > restBpm)) return null;
  let sum = 0;
  let seen = false;
  for (let i = 0; i < hr1s.length; i++) {
    const h = hr1s[i];
    if (Number.isNaN(h) || h <= 0) continue;
    seen = true;
    sum += trimpWeight(h, restBpm, maxBpm) / 60;
  }
  return seen ? sum : null;
}

/** TRIMP of one hour at threshold HR: the hrTSS = 100 anchor. */
export function trimpHourAtThreshold(thresholdBpm: number, restBpm: number, maxBpm: number): number {
  return 60 * trimpWeight(thresholdBpm, restBpm, maxBpm);
}

export function hrTss(trimpValue: number, thresholdBpm: number, restBpm: number, maxBpm: number): number | null {
  const anchor = trimpHourAtThreshold(thresholdBpm, restBpm, maxBpm);
  return anchor > 0 ? (trimpValue / anchor) * 100 : null;
}
