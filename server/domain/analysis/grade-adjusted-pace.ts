/**
 * Grade-adjusted pace (running, walking, hiking): the flat-ground speed of the same metabolic
 * effort. Model: Minetti et al. 2002 (J Appl Physiol 93:1039), energy cost of running on a
 * gradient i (rise/run) in J·kg⁻¹·m⁻¹:
 *   C(i) = 155.4 i⁵ − 30.4 i⁴ − 43.3 i³ + 46.3 i² + 19.5 i + 3.6
 * Each step's distance is weighted by C(i)/C(0) (uphill counts more, gentle downhill less, steep
 * downhill more again), and GAP = Σ weighted distance / moving time. The grade comes from the
 * altitude lightly smoothed (5-sample moving average, elevation.ts smoothAltitude) over at least
 * GRADE_BASE_M of distance,
 * because 1 m of GPS altitude noise over a 3 m step would be a 33 % "grade". Grades are clamped to
 * ±45 %, the range of Minetti's measurements.
 * Pure: no I/O.
 */
import { smoothAltitude } from '../elevation.js';

export const GRADE_BASE_M = 20;
export const MAX_GRADE = 0.45;

export function minettiCost(i: number): number {
  // Horner's form of the polynomial above: no Math.pow per sample (it ran 3 600 times per hour).
  return ((((155.4 * i - 30.4) * i - 43.3) * i + 46.3) * i + 19.5) * i + 3.6;
}

/** Flat-equivalent distance (m) of the track, or null without distance or altitude. */
export function flatEquivalentDistanceM(dist: readonly (number | null)[] | undefined, alt: readonly (number | null)[] | undefined): number | null {
  if (!dist || !alt) return null;
  const n = Math.min(dist.length, alt.length);
  const dsAll = new Float64Array(n);
  const rawAll = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const d = dist[i];
    const a = alt[i];
    if (d == null || a == null || !Number.isFinite(d) || !Number.isFinite(a)) continue;
    dsAll[m] = m ? Math.max(dsAll[m - 1], d) : d;
    rawAll[m++] = a;
  }
  if (m < 2) return null;
  const ds = dsAll.subarray(0, m);
  const raw = rawAll.subarray(0, m);
  const a = smoothAltitude(raw);
  const c0 = minettiCost(0);
  let flat = 0;
  let k = 0;
  for (let j = 1; j < ds.length; j++) {
    const step = ds[j] - ds[j - 1];
    if (step <= 0) continue;
    // Grade over the trailing GRADE_BASE_M (two pointers: k only moves forward).
    while (k + 1 < j && ds[j] - ds[k + 1] >= GRADE_BASE_M) k++;
    const run = ds[j] - ds[k];
    const grade = run >= GRADE_BASE_M / 2 ? Math.max(-MAX_GRADE, Math.min(MAX_GRADE, (a[j] - a[k]) / run)) : 0;
    flat += (step * minettiCost(grade)) / c0;
  }
  return flat;
}

export function gradeAdjustedPaceMps(flatDistanceM: number | null, movingTimeS: number | null): number | null {
  if (flatDistanceM == null || !movingTimeS || movingTimeS <= 0) return null;
  return flatDistanceM / movingTimeS;
}
