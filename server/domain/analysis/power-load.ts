/**
 * Power-based load (Coggan/TrainingPeaks definitions, as in GoldenCheetah and intervals.icu):
 * - NP: 30 s rolling mean of 1 s power, raised to the 4th power, averaged, 4th root. The rolling
 *   window starts once 30 s are available (GoldenCheetah's convention).
 * - IF = NP / FTP; TSS = duration × NP × IF / (FTP × 3600) × 100, duration = timer time (s);
 * - VI = NP / average power (zeros included, coasting is part of the ride);
 * - work = Σ power × 1 s, in kJ.
 * Input is the timer-time 1 s grid of resample.ts; dropouts (NaN) count as 0 W.
 * Pure: no I/O.
 */

export const NP_WINDOW_S = 30;

export interface PowerLoad {
  normalizedPowerW: number;
  avgPowerW: number;
  variabilityIndex: number | null;
  workKj: number;
  intensityFactor: number | null;
  tss: number | null;
}

export function normalizedPower(power1s: Float64Array): number {
  const n = power1s.length;
  if (n === 0) return 0;
  if (n < NP_WINDOW_S) {
    // Too short for a 30 s window: NP degenerates to the mean.
    let s = 0;
    for (let i = 0; i < n; i++) s += Number.isNaN(power1s[i]) ? 0 : power1s[i];
    return s / n;
  }
  let windowSum = 0;
  let fourth = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    windowSum += Number.isNaN(power1s[i]) ? 0 : power1s[i];
    if (i >= NP_WINDOW_S) windowSum -= Number.isNaN(power1s[i - NP_WINDOW_S]) ? 0 : power1s[i - NP_WINDOW_S];
    if (i >= NP_WINDOW_S - 1) {
      const m = windowSum / NP_WINDOW_S;
      fourth += m * m * m * m;
      count++;
    }
  }
  return Math.pow(fourth / count, 0.25);
}

/** Load figures from 1 s power; IF and TSS need the FTP valid on the activity date. */
export function powerLoad(power1s: Float64Array, ftpW: number | null): PowerLoad | null {
  const n = power1s.length;
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Number.isNaN(power1s[i]) ? 0 : power1s[i];
  const avgPowerW = sum / n;
  const normalizedPowerW = normalizedPower(power1s);
  const intensityFactor = ftpW && ftpW > 0 ? normalizedPowerW / ftpW : null;
  const tss = intensityFactor !== null && ftpW ? ((n * normalizedPowerW * intensityFactor) / (ftpW * 3600)) * 100 : null;
  return {
    normalizedPowerW,
    avgPowerW,
    variabilityIndex: avgPowerW > 0 ? normalizedPowerW / avgPowerW : null,
    workKj: sum / 1000,
    intensityFactor,
    tss,
  };
}
