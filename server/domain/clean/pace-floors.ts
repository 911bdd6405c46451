/**
 * The shortest pace/speed curve duration each sport's measurement supports (issue 13 §3): below
 * it a curve point is GPS noise, not an effort, and is neither a record nor a PR notification
 * (FR945-run-6782987395.fit: "New personal record: 1 s pace" of 0:29/km). Pure: no I/O.
 *
 * Why these figures: a GPS fix is good to σ ≈ 3 m (open sky, consumer chipsets; 5 m or worse in
 * woods, cities and open water). The mean speed over d seconds is two fixes apart, so its error
 * is ≈ √2·σ / d. Asking for ≤ 5 % of a typical speed gives d ≥ √2·σ / (0.05·v):
 *   running 3.3 m/s → 26 s → 30 s; cycling 8 m/s → 11 s → 15 s; rowing/paddling 4 m/s → 21 s
 *   → 30 s; skiing/skating ≥ 10 m/s → 8.5 s → 10 s; open water 1.2 m/s at σ 5 m → 118 s → 120 s.
 * Pool swims (lengths, not GPS) are timed per length by the watch's accelerometer: the shortest
 * meaningful duration is one length, ≈ 30 s for 50 m. Wheel sensors and treadmills are better than
 * GPS, but the rule stays per sport so records of one sport remain comparable. Each floor is a
 * point of the curve grid (mean-max.ts CURVE_DURATIONS_S). Power and heart-rate curves are sensor
 * readings, not GPS differences, and keep every duration.
 */
import type { ActivityCurvesDto } from '../../../shared/analysis-api.js';
import type { ActivityMetrics } from '../analysis/activity-metrics.js';
import { sportFamily } from './sport-limits.js';

const FLOOR_S: Record<ReturnType<typeof sportFamily>, number> = {
  foot: 30,
  cycling: 15,
  swimming: 120,
  snow: 10,
  glide: 10,
  water: 30,
  other: 30,
};

/** Shortest pace curve duration (s) kept for records in this sport (`swimming_pool_*`: 30 s). */
export function shortestPaceDurationS(sport: string): number {
  if (/^swimming_pool_/.test(sport) || sport === 'lap_swimming') return 30;
  return FLOOR_S[sportFamily(sport)];
}

function trimCurves(curves: ActivityCurvesDto, floor: number): ActivityCurvesDto {
  const c = curves.pace;
  if (!c) return curves;
  const keep = c.durationsS.map((d) => d >= floor);
  if (keep.every(Boolean)) return curves;
  const durationsS = c.durationsS.filter((_, i) => keep[i]);
  const values = c.values.filter((_, i) => keep[i]);
  return { ...curves, pace: durationsS.length ? { ...c, durationsS, values } : null };
}

/**
 * Drops pace curve points shorter than the sport's floor from the activity's curves (and each
 * leg's) and from its record candidates. `sport` is the activity's; an effort's own sport (a leg,
 * a pool length) decides its floor. Returns new metrics; the input is not changed.
 */
export function applyPaceFloors(m: ActivityMetrics, sport: string): ActivityMetrics {
  // A pool swim's candidates carry their per-pool-length sport; its curve follows them.
  const pool = m.efforts.find((e) => e.sport && /^swimming_pool_/.test(e.sport));
  const own = shortestPaceDurationS(pool?.sport ?? sport);
  return {
    ...m,
    curves: trimCurves(m.curves, own),
    efforts: m.efforts.filter((e) => e.kind !== 'pace' || e.key >= (e.sport ? shortestPaceDurationS(e.sport) : own)),
    legs: m.legs?.map((l) => ({ ...l, curves: trimCurves(l.curves, shortestPaceDurationS(l.sport)) })),
  };
}
